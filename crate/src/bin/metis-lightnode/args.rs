//! The command line, declared with clap: every command and flag typed and documented in `--help`.

use alloy_primitives::{Address, B256, Bytes};
use clap::{Args, Parser, Subcommand};
use metis_lightnode::chain::presets;
use metis_lightnode::verify::Checkpoint;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

/// A light client for the Metis chains, LazAI and Ethereum: every answer proven from a root you
/// can check, or refused with the reason.
#[derive(Debug, Parser)]
#[command(name = "metis-lightnode", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve a verifying JSON-RPC proxy: each answer comes from verified data, or is a JSON-RPC
    /// error that says why not.
    Serve {
        #[command(flatten)]
        node: NodeArgs,
        /// Address to listen on.
        #[arg(long, value_name = "HOST:PORT")]
        listen: SocketAddr,
    },
    /// Verify blocks: one line per block, exit status 1 if any fails.
    VerifyBlock {
        #[command(flatten)]
        node: NodeArgs,
        /// Also re-execute each block on a witness proven at its parent.
        #[arg(long)]
        execute: bool,
        /// A block number, or an inclusive range FROM..TO.
        #[arg(value_name = "N|FROM..TO")]
        range: BlockRange,
    },
    /// Run ethereum/tests BlockchainTests: a line per failing test, then `N passed, M failed`.
    BlockchainTest {
        /// A test file, or a folder searched for them.
        path: PathBuf,
    },
    /// Run consensus-spec light_client sync tests (meta.yaml, steps.yaml, *.ssz_snappy): a line
    /// per test, then `N passed, M failed`.
    LightClientTest {
        /// A test folder, or a folder searched for them.
        path: PathBuf,
    },
    /// Sync the beacon light client and print the verified finalized and optimistic slots with
    /// their execution blocks; exit status 1 on any refusal.
    BeaconSync {
        #[command(flatten)]
        beacon: BeaconArgs,
    },
    /// Print the chain presets as JSON.
    Presets,
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Bench: time proof and header verification (JSON).
    Bench { cases: PathBuf, headers: PathBuf },
    /// Bench: cold and warm eth_call and eth_getBalance, ms and round trips (JSON).
    BenchCalls {
        #[command(flatten)]
        node: NodeArgs,
        /// The contract called.
        #[arg(long)]
        to: Address,
        /// Its calldata.
        #[arg(long)]
        data: Bytes,
        /// The account whose balance is read.
        #[arg(long)]
        account: Address,
        /// The block both read at.
        #[arg(long)]
        block: String,
    },
    /// Bench: MetisDB on a redb file: writes/s, reopen ms, read us (JSON).
    BenchStore { file: PathBuf, count: u32 },
    /// Bench: re-execute a chain from genesis: ms, gas/s, trie share (JSON).
    BenchExec { genesis: PathBuf, chain: PathBuf },
    /// Bench: verify a recorded beacon sync: ms per period, per sync (JSON).
    BenchBeacon { folder: PathBuf, root: B256, slot: u64 },
    /// Bench: one call in MetisVM over empty state: gas, ms, gas/s (JSON).
    BenchEvm { code: Bytes, data: Bytes },
}

/// What a node needs: a chain, its servers and a root of trust.
#[derive(Debug, Args)]
pub struct NodeArgs {
    /// Chain preset.
    #[arg(long, value_parser = presets::ALL.map(|p| p.name))]
    pub chain: String,
    /// JSON-RPC server; repeat for several (see --agree).
    #[arg(long = "rpc", value_name = "URL", required = true, value_parser = url)]
    pub rpc: Vec<String>,
    /// A block you trust: its hash (the number is read from the server and checked), or NUMBER:HASH.
    #[arg(long, value_name = "HASH|NUMBER:HASH")]
    pub checkpoint: Option<CheckpointArg>,
    #[command(flatten)]
    pub beacon: BeaconArgs,
    /// Methods forwarded to the server unverified, comma-separated.
    #[arg(long, value_name = "METHOD,...", value_delimiter = ',')]
    pub passthrough: Vec<String>,
    /// Keep MetisDB in this file across runs.
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
    /// How many of the --rpc servers must agree on the head and every header (default: all).
    #[arg(long, value_name = "K")]
    pub agree: Option<usize>,
    /// Re-execute every block linked after the checkpoint before it counts.
    #[arg(long)]
    pub validate: bool,
    /// The L1 this chain commits its state roots to (Metis): its JSON-RPC server; repeat for several.
    /// Blocks are then bound by their StateCommitmentChain commitments where they cannot be re-executed.
    #[arg(long = "l1-rpc", value_name = "URL", value_parser = url)]
    pub l1_rpc: Vec<String>,
    /// The L1's preset (default: ethereum).
    #[arg(long, value_parser = presets::ALL.map(|p| p.name))]
    pub l1_chain: Option<String>,
    /// A block you trust on the L1 (HASH or NUMBER:HASH); or anchor the L1 by the beacon flags.
    #[arg(long, value_name = "HASH|NUMBER:HASH")]
    pub l1_checkpoint: Option<CheckpointArg>,
    /// Bind every block by its L1 commitment instead of re-executing it (needs --l1-rpc).
    #[arg(long)]
    pub bind_by_l1: bool,
}

/// The beacon light client's root of trust (Ethereum's head from its sync committee).
#[derive(Debug, Args)]
pub struct BeaconArgs {
    /// Beacon API server; repeat for several.
    #[arg(long = "beacon-api", value_name = "URL", value_parser = url)]
    pub beacon_api: Vec<String>,
    /// A beacon block root you trust (younger than 14 days unless --allow-old-checkpoint).
    #[arg(long, value_name = "ROOT")]
    pub beacon_checkpoint: Option<B256>,
    /// The beacon network (default: mainnet).
    #[arg(long, value_parser = ["mainnet", "sepolia", "hoodi"])]
    pub network: Option<String>,
    /// Accept a beacon checkpoint older than 14 days.
    #[arg(long)]
    pub allow_old_checkpoint: bool,
    /// The clock, in Unix seconds (replaying recorded data).
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub now: Option<u64>,
}

/// `--checkpoint`: a hash, or a number and a hash.
#[derive(Debug, Clone)]
pub enum CheckpointArg {
    Hash(B256),
    Numbered(Checkpoint),
}

impl FromStr for CheckpointArg {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.split_once(':') {
            Some((number, hash)) => Ok(Self::Numbered(Checkpoint {
                number: number.parse().map_err(|e| format!("block number {number}: {e}"))?,
                hash: hash.parse().map_err(|e| format!("hash {hash}: {e}"))?,
            })),
            None => text.parse().map(Self::Hash).map_err(|e| format!("hash {text}: {e}")),
        }
    }
}

/// A block or an inclusive range of blocks.
#[derive(Debug, Clone, Copy)]
pub struct BlockRange {
    pub from: u64,
    pub to: u64,
}

impl FromStr for BlockRange {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let parse = |s: &str| s.trim().parse::<u64>().map_err(|e| format!("block {s}: {e}"));
        let (from, to) = match text.split_once("..") {
            Some((from, to)) => (parse(from)?, parse(to.trim_start_matches('='))?),
            None => (parse(text)?, parse(text)?),
        };
        if from > to {
            return Err(format!("{from}..{to} runs backwards"));
        }
        Ok(Self { from, to })
    }
}

/// An http(s) URL.
fn url(text: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(text).map_err(|e| e.to_string())?;
    match (url.scheme(), url.host()) {
        ("http" | "https", Some(_)) => Ok(text.to_owned()),
        _ => Err("expected an http:// or https:// URL".to_owned()),
    }
}
