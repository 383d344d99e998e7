//! The metis-lightnode command line: a verifying JSON-RPC proxy, block verification, chain presets
//! and the native half of the bench. `metis-lightnode --help` lists the commands, `<command> --help`
//! their flags.

mod args;
mod beacon;
mod bench;
mod blockchain_test;
mod connect;
mod serve;
mod verify_block;

use args::{Cli, Command};
use clap::{CommandFactory, Parser};
use metis_lightnode::chain::presets;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// `N passed, M failed`, and the exit status that goes with it.
fn tally<T: std::fmt::Display + Default + PartialEq>((passed, failed): (T, T)) -> ExitCode {
    println!("{passed} passed, {failed} failed");
    if failed == T::default() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn run(command: Command) -> Result<ExitCode, String> {
    let json = |value: serde_json::Value| {
        println!("{value}");
        Ok(ExitCode::SUCCESS)
    };
    match command {
        Command::Serve { node, listen } => {
            let node = futures::executor::block_on(connect::connect(&node))?;
            serve::serve(node, listen)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::VerifyBlock { node, execute, range } => {
            let node = futures::executor::block_on(connect::connect(&node))?;
            let failed = futures::executor::block_on(verify_block::verify_blocks(&node, range.from, range.to, execute));
            Ok(tally((range.to - range.from + 1 - failed, failed)))
        }
        Command::BlockchainTest { path } => Ok(tally(blockchain_test::run(&path)?)),
        Command::LightClientTest { path } => Ok(tally(beacon::light_client_tests(&path)?)),
        Command::BeaconSync { beacon } => {
            let config = connect::beacon_config(&beacon)?.ok_or("--beacon-api is required")?;
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
        Command::Presets => {
            println!("{}", serde_json::to_string_pretty(&presets::ALL).map_err(|e| e.to_string())?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "metis-lightnode", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { cases, headers } => json(bench::run(&cases, &headers)?),
        Command::BenchCalls { node, to, data, account, block } => json(futures::executor::block_on(bench::calls(&node, to, &data, account, &block))?),
        Command::BenchStore { file, count } => json(bench::store(&file, count)?),
        Command::BenchExec { genesis, chain } => json(bench::exec(&genesis, &chain)?),
        Command::BenchBeacon { folder, root, slot } => json(bench::beacon(&folder, root, slot)?),
        Command::BenchEvm { code, data } => json(bench::evm(&code, &data)?),
    }
}
