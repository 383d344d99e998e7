//! Builds a node from the common flags ([`NodeArgs`]): a chain, its servers, and a checkpoint or the
//! beacon flags; MetisDB in a file with `--store`.

use crate::args::{BeaconArgs, CheckpointArg, NodeArgs};
use metis_lightnode::beacon::BeaconConfig;
use metis_lightnode::node::{LightNode, NodeConfig};
use metis_lightnode::rpc::http::HttpTransport;
use metis_lightnode::store::{AnyStore, FileStore, MemoryStore};
use metis_lightnode::verify::{self, Checkpoint};
use metis_lightnode::Error;
use alloy_primitives::B256;
use serde_json::json;

/// Connects and syncs a node from the common flags.
pub async fn connect(args: &NodeArgs) -> Result<LightNode<HttpTransport>, String> {
    let beacon = beacon_config(&args.beacon)?;
    let checkpoint = match (&args.checkpoint, &beacon) {
        (Some(CheckpointArg::Numbered(checkpoint)), _) => Some(*checkpoint),
        (Some(CheckpointArg::Hash(hash)), _) => Some(checkpoint(*hash, &args.rpc).await.map_err(|e| format!("--checkpoint: {e}"))?),
        (None, Some(_)) => None,
        (None, None) => return Err("--checkpoint (or --beacon-api with --beacon-checkpoint) is required".into()),
    };
    let config = NodeConfig {
        chain: args.chain.clone(),
        rpc: args.rpc.clone(),
        checkpoint,
        beacon,
        passthrough: args.passthrough.clone(),
        agree: args.agree,
        validate: Some(args.validate),
        ..NodeConfig::default()
    };
    let store = match &args.store {
        Some(path) => AnyStore::File(FileStore::open(path).map_err(|e| format!("--store: {e}"))?),
        None => AnyStore::Memory(MemoryStore::default()),
    };
    LightNode::from_config(&config, HttpTransport, store).await.map_err(|e| e.to_string())
}

/// The beacon flags, where `--beacon-api` is given.
pub fn beacon_config(args: &BeaconArgs) -> Result<Option<BeaconConfig>, String> {
    if args.beacon_api.is_empty() {
        return Ok(None);
    }
    Ok(Some(BeaconConfig {
        api: args.beacon_api.clone(),
        checkpoint: args.beacon_checkpoint.ok_or("--beacon-checkpoint is required with --beacon-api")?,
        network: args.network.clone(),
        allow_old_checkpoint: args.allow_old_checkpoint,
        now: args.now,
    }))
}

/// The checkpoint of a bare hash: its number read from the header the server gives for it (which
/// must hash to it).
async fn checkpoint(hash: B256, rpc: &[String]) -> Result<Checkpoint, Error> {
    let client = metis_lightnode::rpc::RpcClient::new(HttpTransport, rpc.to_vec(), Default::default())?;
    let header = client.call("eth_getBlockByHash", json!([hash, false])).await?;
    let received = verify::header_from_json("checkpoint block", &header)?;
    if received.hash != hash {
        return Err(Error::HeaderHashMismatch { number: received.header.number, claimed: hash, computed: received.hash });
    }
    Ok(Checkpoint { number: received.header.number, hash })
}
