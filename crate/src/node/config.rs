//! How a node is set up: the options object of `LightNode.create` and the CLI flags, and limits.

use super::LightNode;
use crate::chain::ChainSpec;
use crate::error::Result;
use crate::json::Fields;
use crate::rpc::{RetryPolicy, RpcClient, Transport};
use crate::store::{AnyStore, MemoryStore, MetisDb, Store};
use crate::verify::Checkpoint;

/// How a node is set up, as the JS API (`LightNode.create`) and the CLI give it; read from JSON by
/// [`NodeConfig::from_json`] (fields in camelCase, others ignored).
#[derive(Debug, Clone, Default)]
pub struct NodeConfig {
    /// Chain preset name (or decimal chain id).
    pub chain: String,
    /// RPC endpoints, tried in order with failover.
    pub rpc: Vec<String>,
    /// The trusted block (not needed where `beacon` anchors the node).
    pub checkpoint: Option<Checkpoint>,
    /// Ethereum's sync committee as the root of trust: beacon API URLs and a trusted beacon block root.
    pub beacon: Option<crate::beacon::BeaconConfig>,
    /// Methods to pass through unverified, by explicit choice.
    pub passthrough: Vec<String>,
    /// Per-request timeout in milliseconds.
    pub timeout_ms: Option<u32>,
    /// Where proven data is kept: `memory` (default) or `indexeddb` (browsers).
    pub store: Option<String>,
    /// Widest `eth_getLogs` block range.
    pub max_log_range: Option<u64>,
    /// How many of the `rpc` servers must agree on the head and each header (default: all).
    pub agree: Option<usize>,
    /// Most headers linked in one sync (default 50,000); with a beacon anchor, how far back the
    /// signed head is linked before the chain starts again from it.
    pub max_sync: Option<u64>,
    /// Validating mode: every block linked after the checkpoint is re-executed on its parent's
    /// proven state before it counts (always on for sequencer chains).
    pub validate: Option<bool>,
    /// The L1 this chain commits its state roots to (Andromeda, Metis Sepolia), followed by a node
    /// of its own: a block whose state root sits in a StateCommitmentChain batch proven there is
    /// bound, where l2geth's re-execution is not available.
    pub l1: Option<Box<NodeConfig>>,
    /// Bind every block by its L1 commitment instead of re-executing it (needs `l1`).
    pub bind_by_l1: Option<bool>,
}

impl NodeConfig {
    /// Reads `value`, the options object (`what` names it in errors). Field by field: serde's
    /// derive for it, with the untagged enum of `rpc`, was 7 KB of the first module's code.
    pub fn from_json(what: &str, value: &serde_json::Value) -> Result<Self> {
        if !value.is_object() {
            return Err(crate::error::Error::invalid(what, "expected an object"));
        }
        let f = Fields { what, value };
        let l1 = f.nested("l1", |what, l1| Self::from_json(what, l1).map(Box::new))?;
        let beacon = f.nested("beacon", crate::beacon::BeaconConfig::from_json)?;
        Ok(Self {
            chain: f.parse("chain")?,
            rpc: f.one_or_many("rpc")?,
            checkpoint: f.nested("checkpoint", Checkpoint::from_json)?,
            beacon,
            passthrough: f.or_default("passthrough")?,
            timeout_ms: f.parse("timeoutMs")?,
            store: f.parse("store")?,
            max_log_range: f.parse("maxLogRange")?,
            agree: f.parse("agree")?,
            max_sync: f.parse("maxSync")?,
            validate: f.parse("validate")?,
            l1,
            bind_by_l1: f.parse("bindByL1")?,
        })
    }

    /// What about this node needs the crate's `full` feature (the npm package's full module), if
    /// anything: sync then admits each block by re-executing it (validating mode, or a sequencer
    /// chain MetisVM re-executes and that does not bind by L1), or its `l1` node needs it. Sequencer
    /// signatures and L1 commitments are checked in either build. Decided before any server is asked.
    pub fn full_build_needed(&self) -> Option<&'static str> {
        let spec = ChainSpec::by_name(&self.chain).ok()?;
        let sequencer = matches!(spec.trust, crate::chain::TrustModel::Sequencer { .. });
        if self.validate == Some(true) {
            Some("validating mode")
        } else if sequencer && spec.reexecutable().is_ok() && self.bind_by_l1 != Some(true) {
            Some("re-executing each block")
        } else {
            self.l1.as_deref().and_then(NodeConfig::full_build_needed)
        }
    }
}

impl<T: Transport + Clone, S: Store> LightNode<T, S> {
    /// Creates a node from a [`NodeConfig`] over `transport`, keeping proven data in `store`.
    pub async fn from_config(config: &NodeConfig, transport: T, store: S) -> Result<Self> {
        Self::from_config_observed(config, transport, store, &mut |_| true).await
    }

    /// As [`Self::from_config`], telling `progress` as the first sync links headers.
    pub async fn from_config_observed(config: &NodeConfig, transport: T, store: S, progress: &mut dyn FnMut(super::SyncProgress) -> bool) -> Result<Self> {
        let spec = ChainSpec::by_name(&config.chain)?;
        #[cfg(not(feature = "full"))]
        if let Some(what) = config.full_build_needed() {
            return Err(crate::error::Error::FullModule(what.to_owned()));
        }
        let mut policy = RetryPolicy::default();
        if let Some(ms) = config.timeout_ms {
            policy.timeout_ms = ms;
        }
        let mut options = NodeOptions { passthrough: config.passthrough.clone(), ..NodeOptions::default() };
        options.agree = config.agree;
        options.validate = config.validate.unwrap_or(false);
        if let Some(max) = config.max_sync {
            options.max_sync = max.max(1);
        }
        if let Some(range) = config.max_log_range {
            options.max_log_range = range;
        }
        options.bind_by_l1 = config.bind_by_l1.unwrap_or(false);
        if options.bind_by_l1 && config.l1.is_none() {
            return Err(crate::error::Error::invalid("bindByL1", "binding by L1 commitments needs an `l1` node"));
        }
        // The L1 node keeps its proofs in memory: it answers this node's questions only.
        let l1 = match &config.l1 {
            Some(l1) => Some(Box::new(Box::pin(LightNode::<T, AnyStore>::from_config(l1, transport.clone(), AnyStore::Memory(MemoryStore::default()))).await?)),
            None => None,
        };
        let rpc = RpcClient::new(transport, config.rpc.clone(), policy)?;
        let mut node = match (&config.beacon, config.checkpoint) {
            (Some(beacon), _) => Self::create_with_beacon(spec, rpc, MetisDb::new(store), beacon, options, progress).await?,
            (None, Some(checkpoint)) => Self::create_observed(spec, rpc, MetisDb::new(store), checkpoint, options, progress).await?,
            (None, None) => return Err(crate::error::Error::invalid("checkpoint", "a checkpoint {number, hash} or a beacon {api, checkpoint} is needed")),
        };
        if let Some(l1) = l1 {
            // Blocks the first sync could not bind are bound now that the L1 is at hand.
            node.l1 = Some(l1);
            let synced = node.sync_observed(progress).await;
            node.served(synced)?;
        }
        Ok(node)
    }
}

/// Limits and opt-ins of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeOptions {
    /// Headers fetched per JSON-RPC batch while syncing.
    pub sync_batch: u64,
    /// Most headers the node links in one sync; a head further from the checkpoint is refused.
    pub max_sync: u64,
    /// Widest `eth_getLogs` block range.
    pub max_log_range: u64,
    /// Methods the user opted into passing through unverified.
    pub passthrough: Vec<String>,
    /// How many RPC servers must agree on the head and each linked header (`None`: all of them).
    pub agree: Option<usize>,
    /// Most gas one `eth_call` / `eth_estimateGas` may burn (geth's `RPCGasCap`): a caller's loop
    /// with gas 2^64-1 must not hang the node.
    pub max_call_gas: u64,
    /// Validating mode: every block linked is re-executed on its parent's proven state before it
    /// counts (always so on sequencer chains).
    pub validate: bool,
    /// Blocks are bound by their state roots' L1 commitments instead of by re-execution.
    pub bind_by_l1: bool,
}

impl Default for NodeOptions {
    fn default() -> Self {
        Self { sync_batch: 200, max_sync: 50_000, max_log_range: 1_000, passthrough: Vec::new(), agree: None, max_call_gas: 50_000_000, validate: false, bind_by_l1: false }
    }
}


#[cfg(test)]
mod tests {
    use super::NodeConfig;

    fn config(json: serde_json::Value) -> NodeConfig {
        NodeConfig::from_json("options", &json).expect("a config")
    }

    /// A nested node, beacon or checkpoint object is read where present and not null, and an error
    /// in it names its place.
    #[test]
    fn nested_options_are_read_where_present_and_named_in_errors() {
        let rpc = "http://127.0.0.1:8545";
        let plain = config(serde_json::json!({"chain": "ethereum", "rpc": rpc, "l1": null, "beacon": null}));
        assert!(plain.l1.is_none() && plain.beacon.is_none() && plain.checkpoint.is_none());
        let with_l1 = config(serde_json::json!({"chain": "andromeda", "rpc": rpc, "l1": {"chain": "ethereum", "rpc": [rpc]}}));
        assert_eq!(with_l1.l1.expect("the l1 node").rpc, vec![rpc.to_string()]);
        for (json, place) in [
            (serde_json::json!({"chain": "andromeda", "rpc": rpc, "l1": {"rpc": rpc}}), "options.l1.chain"),
            (serde_json::json!({"chain": "ethereum", "rpc": rpc, "checkpoint": 7}), "options.checkpoint"),
            (serde_json::json!({"chain": "ethereum", "rpc": rpc, "beacon": "no"}), "options.beacon"),
        ] {
            let error = NodeConfig::from_json("options", &json).expect_err("refused").to_string();
            assert!(error.contains(place), "{error} names {place}");
        }
    }

    /// The npm package creates a node in its first module unless this says otherwise, and that
    /// module refuses what it names: sync must re-execute blocks there.
    #[test]
    fn a_node_that_reexecutes_blocks_needs_the_full_build() {
        let rpc = "http://127.0.0.1:8545";
        let l1 = serde_json::json!({"chain": "ethereum", "rpc": rpc});
        assert_eq!(config(serde_json::json!({"chain": "devnet", "rpc": rpc})).full_build_needed(), None);
        assert_eq!(config(serde_json::json!({"chain": "ethereum", "rpc": rpc})).full_build_needed(), None);
        assert_eq!(config(serde_json::json!({"chain": "andromeda", "rpc": rpc})).full_build_needed(), None, "signatures are checked in the first module");
        assert_eq!(config(serde_json::json!({"chain": "andromeda", "rpc": rpc, "l1": l1})).full_build_needed(), None, "so are L1 commitments");
        assert_eq!(config(serde_json::json!({"chain": "metis-sepolia", "rpc": rpc, "l1": l1})).full_build_needed(), None);
        assert_eq!(config(serde_json::json!({"chain": "devnet", "rpc": rpc, "l1": l1, "bindByL1": true})).full_build_needed(), None);
        assert_eq!(config(serde_json::json!({"chain": "devnet", "rpc": rpc, "validate": true})).full_build_needed(), Some("validating mode"));
        assert_eq!(config(serde_json::json!({"chain": "metis-devnet", "rpc": rpc})).full_build_needed(), Some("re-executing each block"), "anvil's blocks bind by re-execution");
        assert_eq!(config(serde_json::json!({"chain": "metis-devnet", "rpc": rpc, "l1": l1})).full_build_needed(), Some("re-executing each block"));
        assert_eq!(config(serde_json::json!({"chain": "metis-devnet", "rpc": rpc, "l1": l1, "bindByL1": true})).full_build_needed(), None);
        let validating_l1 = serde_json::json!({"chain": "devnet", "rpc": rpc, "validate": true});
        assert_eq!(config(serde_json::json!({"chain": "andromeda", "rpc": rpc, "l1": validating_l1})).full_build_needed(), Some("validating mode"), "what its l1 node needs");
    }
}
