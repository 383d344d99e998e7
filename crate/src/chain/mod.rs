//! Chain specs: one type that carries each chain's rules (header format, forks, trust anchors,
//! known contracts, public RPCs). Presets live in [`presets`]; the JS API and the CLI use their names.

mod forks;
pub mod presets;

pub use forks::{BlobParams, Fork, ForkSchedule};

use crate::error::{Error, Result};
use alloy_primitives::Address;
use serde::Serialize;

/// How a chain's headers are shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum HeaderRules {
    /// Metis l2geth (OVM lineage): always the 15 pre-London fields, whatever the height.
    L2Geth,
    /// Ethereum's forks: the field set follows the fork active at the block.
    Forks(&'static ForkSchedule),
    /// Forks are not public: the fields present decide, and the node says so in its trust status.
    Detect,
}

/// The rules a header follows against its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ParentRules {
    /// Ethereum's: gas limit, base fee, blob gas, strictly increasing timestamps, post-Merge fields.
    Ethereum,
    /// Ethereum's structural rules (numbers, gas, extra data, fields, post-Merge fields), with
    /// timestamps that may repeat (anvil mines on demand, several blocks a second) and without the
    /// fee rules: anvil lets its user set the base fee, resets it at block 1 and does not restore it
    /// on `evm_revert`.
    Devnet,
    /// None checked: the chain's parameters are not public or differ (l2geth has no base fee and a
    /// fixed gas limit; Hyperion and LazAI do not publish theirs). Headers are anchored by hash only.
    None,
}

/// What the node can anchor this chain's blocks to beyond a user checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TrustModel {
    /// Only a user-supplied checkpoint: headers are linked to it by hash.
    Checkpoint,
    /// Metis Andromeda: each block's transaction is signed by the epoch's sequencer, proven from the
    /// `MetisSequencerSet` contract's storage; state roots are committed on L1.
    Sequencer {
        /// First block whose signer is checked (l2geth `core/seq_set.go`); `None` where not public.
        from_block: Option<u64>,
        /// The L2 `MetisSequencerSet` contract.
        sequencer_set: Address,
    },
}

/// How a chain's blocks change its state: what re-executing a block must reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StateTransition {
    /// Ethereum's, fork by fork (proof-of-work rewards before the Merge).
    Ethereum,
    /// Ethereum's EVM and fees, without block rewards: anvil pays none at any fork.
    Anvil,
    /// l2geth's (OVM lineage): balances kept in the `OVM_ETH` contract's storage, an L1 data fee
    /// charged beside gas, fees to the sequencer fee vault, its own opcodes. Not re-executable here:
    /// no public Andromeda block with its pre-state exists to check an implementation against.
    L2Geth,
}

/// A known contract on a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KnownContract {
    /// Its name.
    pub name: &'static str,
    /// Its address.
    pub address: Address,
    /// Whether it lives on the chain itself (`false`: on its L1).
    pub on_l1: bool,
}

/// Everything the node needs to know about one chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainSpec {
    /// Preset name, as used by the JS API and the CLI.
    pub name: &'static str,
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// Header format and forks.
    pub header_rules: HeaderRules,
    /// Trust anchors available beyond a checkpoint.
    pub trust: TrustModel,
    /// The fork MetisVM executes with where [`HeaderRules`] do not give one; `None`: the newest fork
    /// the header's fields allow.
    pub evm_fork: Option<Fork>,
    /// The deposit contract whose logs become EIP-6110 requests (Prague on); `None`: none.
    pub deposit_contract: Option<Address>,
    /// Which rules headers follow against their parent ([`crate::verify::rules`]).
    pub parent_rules: ParentRules,
    /// The state transition blocks re-execute under.
    pub state_transition: StateTransition,
    /// Known contracts.
    pub contracts: &'static [KnownContract],
    /// Addresses whose execution a light client cannot reproduce (Hyperion's inference precompile
    /// runs a language model on hardware-dependent floats): a call that reaches one is refused.
    pub opaque: &'static [Address],
    /// Documented public JSON-RPC endpoints (untrusted, like every server).
    pub rpc_urls: &'static [&'static str],
    /// The hash of block 0, rebuilt from the chain's published genesis (tests-wasm `chain_genesis`);
    /// a checkpoint at block 0 must name it. `None`: a devnet's, or not public.
    pub genesis_hash: Option<alloy_primitives::B256>,
}

impl ChainSpec {
    /// The preset called `name` (or whose chain id is `name`, in decimal).
    pub fn by_name(name: &str) -> Result<&'static Self> {
        presets::ALL
            .iter()
            .copied()
            .find(|c| c.name == name || name.parse::<u64>().is_ok_and(|id| id == c.chain_id))
            .ok_or_else(|| Error::UnknownChain(name.to_owned()))
    }

    /// The fork active at a block, where the chain's forks are known.
    pub fn fork_at(&self, number: u64, timestamp: u64) -> Option<Fork> {
        match self.header_rules {
            HeaderRules::Forks(schedule) => Some(schedule.fork_at(number, timestamp)),
            HeaderRules::L2Geth | HeaderRules::Detect => None,
        }
    }

    /// The fork whose EVM rules apply to a block: the schedule where the chain has one; otherwise the
    /// newest fork the header's fields allow, capped by the preset's own newest fork (a devnet runs
    /// whatever `--hardfork` its user chose: a Cancun anvil's 20-field headers are Cancun's).
    pub fn evm_fork_at(&self, header: &alloy_consensus::Header) -> Fork {
        if let Some(fork) = self.fork_at(header.number, header.timestamp) {
            return fork;
        }
        let by_fields = if header.requests_hash.is_some() {
            None
        } else if header.parent_beacon_block_root.is_some() {
            Some(Fork::Cancun)
        } else if header.withdrawals_root.is_some() {
            Some(Fork::Shanghai)
        } else if header.base_fee_per_gas.is_some() {
            Some(if header.difficulty.is_zero() { Fork::Paris } else { Fork::London })
        } else {
            Some(Fork::Berlin)
        };
        match (self.evm_fork, by_fields) {
            (Some(newest), Some(fields)) if self.header_rules == HeaderRules::Detect => newest.min(fields),
            (Some(newest), _) => newest,
            (None, fields) => fields.unwrap_or(Fork::Prague),
        }
    }

    /// Whether MetisVM re-executes this chain's blocks; [`Error::NotVerifiable`] where its state
    /// transition is not one MetisVM runs.
    pub fn reexecutable(&self) -> Result<()> {
        match self.state_transition {
            StateTransition::Ethereum | StateTransition::Anvil => Ok(()),
            StateTransition::L2Geth => Err(Error::NotVerifiable(format!("re-executing {} blocks: l2geth's state transition (OVM balances, L1 data fee) is not implemented", self.name))),
        }
    }

    /// The rules MetisVM re-executes a block under; [`Error::NotVerifiable`] where the chain's state
    /// transition is not one MetisVM runs.
    #[cfg(feature = "full")]
    pub fn exec_rules(&self, header: &alloy_consensus::Header) -> Result<crate::exec::Rules> {
        self.reexecutable()?;
        let block_reward = self.state_transition == StateTransition::Ethereum;
        Ok(crate::exec::Rules { fork: self.evm_fork_at(header), chain_id: self.chain_id, deposit_contract: self.deposit_contract, block_reward })
    }

    /// Checks a header against its verified parent where the chain follows Ethereum's header rules.
    pub fn check_header_rules(&self, header: &alloy_consensus::Header, parent: &alloy_consensus::Header) -> Result<()> {
        use crate::verify::rules;
        let (fork, parent_fork) = (self.evm_fork_at(header), self.evm_fork_at(parent));
        match self.parent_rules {
            ParentRules::Ethereum => rules::check_header(header, parent, fork, parent_fork, rules::RuleSet::ETHEREUM),
            ParentRules::Devnet => rules::check_header(header, parent, fork, parent_fork, rules::RuleSet { same_second: true, fees: false }),
            ParentRules::None => Ok(()),
        }
    }

    /// How many header fields a block at this height must have, where the chain's rules say.
    pub fn header_fields_at(&self, number: u64, timestamp: u64) -> Option<usize> {
        match self.header_rules {
            HeaderRules::L2Geth => Some(15),
            HeaderRules::Forks(schedule) => Some(schedule.fork_at(number, timestamp).header_fields()),
            HeaderRules::Detect => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn l2geth_blocks_are_not_re_executed_under_ethereum_rules() {
        let header = alloy_consensus::Header::default();
        for spec in [&presets::ANDROMEDA, &presets::METIS_SEPOLIA] {
            assert!(matches!(spec.exec_rules(&header), Err(Error::NotVerifiable(_))), "{}", spec.name);
        }
        assert!(presets::METIS_DEVNET.exec_rules(&header).is_ok_and(|r| !r.block_reward && r.fork == Fork::Berlin));
        assert!(presets::HIVE.exec_rules(&header).is_ok_and(|r| r.block_reward));
    }

    #[test]
    fn presets_are_found_by_name_and_by_chain_id() {
        for spec in presets::ALL {
            assert_eq!(ChainSpec::by_name(spec.name).map(|c| c.chain_id), Ok(spec.chain_id));
            assert_eq!(ChainSpec::by_name(&spec.chain_id.to_string()).map(|c| c.name), Ok(spec.name));
        }
        assert!(matches!(ChainSpec::by_name("goerli"), Err(Error::UnknownChain(_))));
    }

    #[test]
    fn hyperion_and_lazai_forks_are_detected_from_the_header_fields() {
        use alloy_consensus::Header;
        use alloy_primitives::B256;
        let london = Header { base_fee_per_gas: Some(7), difficulty: alloy_primitives::U256::from(1), ..Header::default() };
        let paris = Header { base_fee_per_gas: Some(7), ..Header::default() };
        let shanghai = Header { withdrawals_root: Some(B256::ZERO), ..paris.clone() };
        let cancun = Header { parent_beacon_block_root: Some(B256::ZERO), blob_gas_used: Some(0), excess_blob_gas: Some(0), ..shanghai.clone() };
        let prague = Header { requests_hash: Some(B256::ZERO), ..cancun.clone() };
        for spec in [&presets::HYPERION, &presets::LAZAI] {
            let forks: Vec<Fork> = [&Header::default(), &london, &paris, &shanghai, &cancun, &prague].iter().map(|h| spec.evm_fork_at(h)).collect();
            assert_eq!(forks, [Fork::Berlin, Fork::London, Fork::Paris, Fork::Shanghai, Fork::Cancun, Fork::Prague]);
            assert_eq!(spec.trust, TrustModel::Checkpoint);
        }
        assert_eq!((presets::HYPERION.chain_id, presets::LAZAI.chain_id), (133_717, 133_718));
    }

    #[test]
    fn mainnet_header_shape_follows_its_forks() {
        let eth = &presets::ETHEREUM;
        assert_eq!(eth.header_fields_at(12_964_999, 0), Some(15));
        assert_eq!(eth.header_fields_at(12_965_000, 0), Some(16));
        assert_eq!(eth.header_fields_at(17_034_870, 1_681_338_455), Some(17));
        assert_eq!(eth.header_fields_at(19_426_587, 1_710_338_135), Some(20));
        assert_eq!(eth.header_fields_at(22_431_084, 1_746_612_311), Some(21));
        assert_eq!(presets::ANDROMEDA.header_fields_at(20_000_000, u64::MAX), Some(15));
        assert_eq!(presets::HYPERION.header_fields_at(1, 1), None);
    }
}
