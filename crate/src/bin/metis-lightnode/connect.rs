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
    let mut beacon = beacon_config(&args.beacon)?;
    // With an L1 under a chain that is not Ethereum, the beacon flags anchor the L1 node.
    let l1 = match args.l1_rpc.is_empty() {
        true => None,
        false => {
            let l1_beacon = if args.chain != "ethereum" { beacon.take() } else { None };
            let l1_checkpoint = anchor(args.l1_checkpoint.as_ref(), &l1_beacon, &args.l1_rpc, "--l1-checkpoint").await?;
            Some(Box::new(NodeConfig {
                chain: args.l1_chain.clone().unwrap_or_else(|| "ethereum".into()),
                rpc: args.l1_rpc.clone(),
                checkpoint: l1_checkpoint,
                beacon: l1_beacon,
                ..NodeConfig::default()
            }))
        }
    };
    let checkpoint = anchor(args.checkpoint.as_ref(), &beacon, &args.rpc, "--checkpoint").await?;
    let config = NodeConfig {
        chain: args.chain.clone(),
        rpc: args.rpc.clone(),
        checkpoint,
        beacon,
        passthrough: args.passthrough.clone(),
        agree: args.agree,
        validate: Some(args.validate),
        l1,
        bind_by_l1: Some(args.bind_by_l1),
        ..NodeConfig::default()
    };
    let store = match &args.store {
        Some(path) => AnyStore::File(FileStore::open(path).map_err(|e| format!("--store: {e}"))?),
        None => AnyStore::Memory(MemoryStore::default()),
    };
    LightNode::from_config(&config, HttpTransport, store).await.map_err(|e| e.to_string())
}

/// A node's checkpoint from its flag (a hash is looked up on `rpc`), or none where a beacon anchors it.
async fn anchor(given: Option<&CheckpointArg>, beacon: &Option<BeaconConfig>, rpc: &[String], flag: &str) -> Result<Option<Checkpoint>, String> {
    match (given, beacon) {
        (Some(CheckpointArg::Numbered(checkpoint)), _) => Ok(Some(*checkpoint)),
        (Some(CheckpointArg::Hash(hash)), _) => Ok(Some(checkpoint(*hash, rpc).await.map_err(|e| format!("{flag}: {e}"))?)),
        (None, Some(_)) => Ok(None),
        (None, None) => Err(format!("{flag} (or --beacon-api with --beacon-checkpoint) is required")),
    }
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
