//! Builds a node from `--chain`, `--rpc` (repeatable), `--checkpoint <hash | number:hash>` and an
//! optional `--store <file>` (MetisDB kept across runs; in memory without it).

use crate::args::Args;
use metis_lightnode::json::parse_b256;
use metis_lightnode::node::{LightNode, NodeConfig};
use metis_lightnode::rpc::http::HttpTransport;
use metis_lightnode::store::{AnyStore, FileStore, MemoryStore};
use metis_lightnode::verify::{self, Checkpoint};
use metis_lightnode::{ChainSpec, Error};
use serde_json::json;

/// Connects and syncs a node from the common flags.
pub async fn connect(args: &Args) -> Result<LightNode<HttpTransport>, String> {
    let chain = args.one("chain")?;
    ChainSpec::by_name(&chain).map_err(|e| e.to_string())?;
    let rpc = args.all("rpc");
    if rpc.is_empty() {
        return Err("--rpc is required".into());
    }
    let checkpoint = checkpoint(&args.one("checkpoint")?, &rpc).await.map_err(|e| e.to_string())?;
    let config = NodeConfig {
        chain,
        rpc,
        checkpoint,
        passthrough: args.opt("passthrough").map(|m| m.split(',').map(str::to_owned).collect()).unwrap_or_default(),
        timeout_ms: None,
        max_log_range: None,
        store: None,
    };
    let store = match args.opt("store") {
        Some(path) => AnyStore::File(FileStore::open(std::path::Path::new(&path)).map_err(|e| e.to_string())?),
        None => AnyStore::Memory(MemoryStore::default()),
    };
    LightNode::from_config(&config, HttpTransport, store).await.map_err(|e| e.to_string())
}

/// `number:hash`, or a bare hash whose number is read from the header the server gives for it
/// (which must hash to it).
async fn checkpoint(text: &str, rpc: &[String]) -> Result<Checkpoint, Error> {
    if let Some((number, hash)) = text.split_once(':') {
        let number = number.parse().map_err(|e| Error::invalid("checkpoint", e))?;
        return Ok(Checkpoint { number, hash: parse_b256("checkpoint", hash)? });
    }
    let hash = parse_b256("checkpoint", text)?;
    let client = metis_lightnode::rpc::RpcClient::new(HttpTransport, rpc.to_vec(), Default::default())?;
    let header = client.call("eth_getBlockByHash", json!([hash, false])).await?;
    let received = verify::header_from_json("checkpoint block", &header)?;
    if received.hash != hash {
        return Err(Error::HeaderHashMismatch { number: received.header.number, claimed: hash, computed: received.hash });
    }
    Ok(Checkpoint { number: received.header.number, hash })
}
