//! The metis-lightnode command line: a verifying JSON-RPC proxy, block verification, chain presets
//! and the native half of the bench.

mod args;
mod beacon;
mod bench;
mod blockchain_test;
mod connect;
mod serve;
mod verify_block;

use args::Args;
use metis_lightnode::chain::presets;
use std::process::ExitCode;

const USAGE: &str = "metis-lightnode <command>

commands:
  serve --chain <preset> --rpc <url>... (--checkpoint <hash|number:hash> | --beacon-api <url>...
        --beacon-checkpoint <root> [--allow-old-checkpoint] [--now <unix seconds>]) --listen 127.0.0.1:<port>
        [--passthrough method,method] [--store <file>] [--agree <k>] [--validate]
                                          verifying JSON-RPC proxy (--store keeps MetisDB on disk;
                                          with several --rpc, k of them (default all) must agree on
                                          the head and every header; --validate re-executes every
                                          block linked before it counts)
  verify-block --chain <preset> --rpc <url>... --checkpoint <hash|number:hash> [--store <file>] [--execute] <number|from..to>
                                          one line per block; --execute re-executes each block on a
                                          witness proven at its parent; exit status 1 if any fails
  blockchain-test <file or folder>        run ethereum/tests BlockchainTests: a line per failing test,
                                          then `N passed, M failed`; exit status 1 if any fails
  light-client-test <file or folder>      run consensus-spec light_client sync tests (meta.yaml,
                                          steps.yaml, *.ssz_snappy): a line per test, then
                                          `N passed, M failed`; exit status 1 if any fails
  beacon-sync --beacon-api <url>... --beacon-checkpoint <root> [--network mainnet|sepolia|hoodi]
        [--now <unix seconds>] [--allow-old-checkpoint]
                                          sync the beacon light client and print the verified
                                          finalized and optimistic slots with their execution
                                          blocks; exit status 1 on any refusal
  presets                                 print the chain presets as JSON
  bench <cases.json> <headers.json>       time proof and header verification natively (JSON)
  bench-calls --chain .. --rpc .. --checkpoint .. --to <addr> --data <hex> --account <addr> --block <n>
                                          cold and warm eth_call / eth_getBalance: ms and round trips
  bench-store <file> <count>              MetisDB on a redb file: writes/s, reopen ms, read us (JSON)
  bench-exec <genesis.json> <chain.rlp>   re-execute a chain from genesis: ms, gas/s, trie share (JSON)
  bench-beacon <folder> <root> <slot>     verify a recorded beacon sync: ms per period, per sync (JSON)
  bench-evm <code hex> <calldata hex>     one call in MetisVM over empty state: gas, ms, gas/s (JSON)
  help                                    this text

presets: devnet, ethereum, andromeda, metis-sepolia, hyperion, lazai, hive";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = argv.split_first().map_or(("help", &[][..]), |(c, r)| (c.as_str(), r));
    let result = Args::parse(rest).and_then(|args| run(command, &args));
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

fn run(command: &str, args: &Args) -> Result<ExitCode, String> {
    match (command, args.positional.as_slice()) {
        ("serve", []) => {
            let node = futures::executor::block_on(connect::connect(args))?;
            serve::serve(&node, &args.one("listen")?)?;
            Ok(ExitCode::SUCCESS)
        }
        ("verify-block", [range]) => {
            let (from, to) = verify_block::parse_range(range)?;
            let node = futures::executor::block_on(connect::connect(args))?;
            let failed = futures::executor::block_on(verify_block::verify_blocks(&node, from, to, args.switch("execute")));
            println!("{} passed, {failed} failed", to - from + 1 - failed);
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        ("blockchain-test", [path]) => {
            let (passed, failed) = blockchain_test::run(path)?;
            println!("{passed} passed, {failed} failed");
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        ("light-client-test", [path]) => {
            let (passed, failed) = beacon::light_client_tests(path)?;
            println!("{passed} passed, {failed} failed");
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        ("beacon-sync", []) => {
            let config = connect::beacon_config(args)?.ok_or("--beacon-api is required")?;
            match futures::executor::block_on(beacon::sync(&config)) {
                Ok(report) => {
                    println!("{report}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("refused: {e} ({})", e.code());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        ("presets", []) => {
            println!("{}", serde_json::to_string_pretty(&presets::ALL).map_err(|e| e.to_string())?);
            Ok(ExitCode::SUCCESS)
        }
        ("bench-calls", []) => {
            println!("{}", futures::executor::block_on(bench::calls(args))?);
            Ok(ExitCode::SUCCESS)
        }
        ("bench-store", [path, count]) => {
            println!("{}", bench::store(path, count.parse().map_err(|e| format!("count: {e}"))?)?);
            Ok(ExitCode::SUCCESS)
        }
        ("bench-exec", [genesis, chain]) => {
            println!("{}", bench::exec(genesis, chain)?);
            Ok(ExitCode::SUCCESS)
        }
        ("bench-evm", [code, data]) => {
            println!("{}", bench::evm(code, data)?);
            Ok(ExitCode::SUCCESS)
        }
        ("bench-beacon", [dir, root, now_slot]) => {
            println!("{}", bench::beacon(dir, root, now_slot.parse().map_err(|e| format!("slot: {e}"))?)?);
            Ok(ExitCode::SUCCESS)
        }
        ("bench", [cases, headers]) => {
            println!("{}", bench::run(cases, headers)?);
            Ok(ExitCode::SUCCESS)
        }
        ("help" | "--help" | "-h", _) => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(format!("unknown command or arguments\n\n{USAGE}")),
    }
}
