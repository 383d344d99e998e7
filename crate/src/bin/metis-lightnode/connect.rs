//! Builds a node from `--chain`, `--rpc` (repeatable), `--checkpoint <hash | number:hash>` or the
//! beacon flags (`--beacon-api` repeatable, `--beacon-checkpoint <root>`, `--allow-old-checkpoint`,
//! `--now <unix seconds>`), and an optional `--store <file>` (MetisDB kept across runs).

use crate::args::Args;
use metis_lightnode::beacon::BeaconConfig;
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
    let beacon = beacon_config(args)?;
    let checkpoint = match (args.opt("checkpoint"), &beacon) {
        (Some(text), _) => Some(checkpoint(&text, &rpc).await.map_err(|e| e.to_string())?),
        (None, Some(_)) => None,
        (None, None) => return Err("--checkpoint (or --beacon-api with --beacon-checkpoint) is required".into()),
    };
    let config = NodeConfig {
        chain,
        rpc,
        checkpoint,
        beacon,
        passthrough: args.opt("passthrough").map(|m| m.split(',').map(str::to_owned).collect()).unwrap_or_default(),
        timeout_ms: None,
        max_log_range: None,
        store: None,
        max_sync: None,
        agree: args.opt("agree").map(|k| k.parse().map_err(|e| format!("--agree: {e}"))).transpose()?,
        validate: Some(args.switch("validate")),
    };
    let store = match args.opt("store") {
        Some(path) => AnyStore::File(FileStore::open(std::path::Path::new(&path)).map_err(|e| e.to_string())?),
        None => AnyStore::Memory(MemoryStore::default()),
    };
    LightNode::from_config(&config, HttpTransport, store).await.map_err(|e| e.to_string())
}

/// The beacon flags, where `--beacon-api` is given.
pub fn beacon_config(args: &Args) -> Result<Option<BeaconConfig>, String> {
    let api = args.all("beacon-api");
    if api.is_empty() {
        return Ok(None);
    }
    Ok(Some(BeaconConfig {
        api,
        checkpoint: parse_b256("--beacon-checkpoint", &args.one("beacon-checkpoint")?).map_err(|e| e.to_string())?,
        network: args.opt("network"),
        allow_old_checkpoint: args.switch("allow-old-checkpoint"),
        now: args.opt("now").map(|n| n.parse().map_err(|e| format!("--now: {e}"))).transpose()?,
    }))
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
