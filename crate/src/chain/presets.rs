//! The chains the node knows by name. Facts and their sources: shared/docs/protocol-facts.md.

use super::{ChainSpec, Fork, ForkSchedule, HeaderRules, KnownContract, ParentRules, StateTransition, TrustModel};
use alloy_primitives::{address, b256};

/// Ethereum mainnet's forks (geth `params/config.go`, EIP-7607, EIP-7892 for the BPO forks).
pub static MAINNET_FORKS: ForkSchedule = ForkSchedule {
    by_block: &[
        (Fork::Frontier, 0),
        (Fork::Homestead, 1_150_000),
        (Fork::TangerineWhistle, 2_463_000),
        (Fork::SpuriousDragon, 2_675_000),
        (Fork::Byzantium, 4_370_000),
        (Fork::Constantinople, 7_280_000),
        (Fork::Petersburg, 7_280_000),
        (Fork::Istanbul, 9_069_000),
        (Fork::Berlin, 12_244_000),
        (Fork::London, 12_965_000),
        (Fork::Paris, 15_537_394),
    ],
    by_time: &[
        (Fork::Shanghai, 1_681_338_455),
        (Fork::Cancun, 1_710_338_135),
        (Fork::Prague, 1_746_612_311),
        (Fork::Osaka, 1_764_798_551),
        (Fork::Bpo1, 1_765_290_071),
        (Fork::Bpo2, 1_767_747_671),
    ],
};

/// anvil on 127.0.0.1: every fork from genesis; fields are detected since `--hardfork` can change them.
pub static DEVNET: ChainSpec = ChainSpec {
    name: "devnet",
    chain_id: 31337,
    header_rules: HeaderRules::Detect,
    trust: TrustModel::Checkpoint,
    // anvil 1.7.1 runs its latest fork (it reports Bpo1) unless started with --hardfork.
    evm_fork: Some(Fork::Bpo1),
    deposit_contract: None,
    parent_rules: ParentRules::Devnet,
    state_transition: StateTransition::Anvil,
    contracts: &[],
    rpc_urls: &["http://127.0.0.1:8545"],
    genesis_hash: None,
    opaque: &[],
};

/// Hyperion's inference precompile (metis-sdk): it runs a llama.cpp model; no light client can re-run it.
pub const HYPERION_INFERENCE: alloy_primitives::Address = address!("0x0000000000000000000000000000000000000999");

/// Ethereum mainnet. Without a beacon-chain sync committee here, a checkpoint is the anchor.
pub static ETHEREUM: ChainSpec = ChainSpec {
    name: "ethereum",
    chain_id: 1,
    header_rules: HeaderRules::Forks(&MAINNET_FORKS),
    trust: TrustModel::Checkpoint,
    evm_fork: None,
    deposit_contract: Some(address!("0x00000000219ab540356cBB839Cbe05303d7705Fa")),
    parent_rules: ParentRules::Ethereum,
    state_transition: StateTransition::Ethereum,
    contracts: &[],
    rpc_urls: &["https://ethereum-rpc.publicnode.com"],
    genesis_hash: Some(b256!("0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3")),
    opaque: &[],
};

/// Metis Andromeda mainnet (l2geth): sequencer-signed blocks from 15,214,531, state roots on Ethereum.
pub static ANDROMEDA: ChainSpec = ChainSpec {
    name: "andromeda",
    chain_id: 1088,
    header_rules: HeaderRules::L2Geth,
    // l2geth descends from geth 1.9 (Istanbul rules, no base fee).
    evm_fork: Some(Fork::Istanbul),
    deposit_contract: None,
    parent_rules: ParentRules::None,
    state_transition: StateTransition::L2Geth,
    trust: TrustModel::Sequencer {
        from_block: Some(15_214_531),
        sequencer_set: address!("0x0fe382b74C3894B65c10E5C12ae60Bbd8FAf5b48"),
    },
    contracts: &[
        KnownContract {
            name: "MetisSequencerSet",
            address: address!("0x0fe382b74C3894B65c10E5C12ae60Bbd8FAf5b48"),
            on_l1: false,
        },
        // The MVM_StateCommitmentChain proxy and its batches container (MetisProtocol/mvm
        // packages/contracts/deployments/andromeda: Proxy__MVM_StateCommitmentChain.json,
        // ChainStorageContainer-SCC-batches.json); verifyL1Commitment checks one names the other.
        KnownContract {
            name: "StateCommitmentChain",
            address: address!("0xA2FaAAC9120c1Ff75814F0c6DdB119496a12eEA6"),
            on_l1: true,
        },
        KnownContract {
            name: "ChainStorageContainer-SCC-batches",
            address: address!("0x10739F09f6e62689c0aA8A1878816de9e166d6f9"),
            on_l1: true,
        },
    ],
    rpc_urls: &["https://andromeda.metis.io/?owner=1088", "https://metis.drpc.org"],
    genesis_hash: Some(b256!("0x9e3354e081a54a57190bdb8948a597c840ea5dd496b0322864d4585f4a716892")),
    opaque: &[],
};

/// Metis Sepolia testnet (l2geth). Its sequencer-check height is not public: signer checks are opt-in.
pub static METIS_SEPOLIA: ChainSpec = ChainSpec {
    name: "metis-sepolia",
    chain_id: 59902,
    header_rules: HeaderRules::L2Geth,
    // l2geth descends from geth 1.9 (Istanbul rules, no base fee).
    evm_fork: Some(Fork::Istanbul),
    deposit_contract: None,
    parent_rules: ParentRules::None,
    state_transition: StateTransition::L2Geth,
    trust: TrustModel::Sequencer {
        from_block: None,
        sequencer_set: address!("0xdE8d56212118906a0CeCD331e842429714b4c47B"),
    },
    contracts: &[KnownContract {
        name: "MetisSequencerSet",
        address: address!("0xdE8d56212118906a0CeCD331e842429714b4c47B"),
        on_l1: false,
    }],
    rpc_urls: &["https://sepolia.metisdevops.link"],
    genesis_hash: Some(b256!("0xd9f6d193ee0bbf9c87bbe711a96a597234160bff079eb6e3f5e3a776fa69ae94")),
    opaque: &[],
};

/// Metis Hyperion (reth-based, testnet): standard headers, forks not public.
pub static HYPERION: ChainSpec = ChainSpec {
    name: "hyperion",
    chain_id: 133717,
    header_rules: HeaderRules::Detect,
    trust: TrustModel::Checkpoint,
    evm_fork: None,
    deposit_contract: None,
    parent_rules: ParentRules::None,
    state_transition: StateTransition::Ethereum,
    contracts: &[],
    rpc_urls: &["https://hyperion-testnet.metisdevops.link"],
    genesis_hash: None,
    opaque: &[HYPERION_INFERENCE],
};

/// LazAI testnet: post-London headers, consensus not public.
pub static LAZAI: ChainSpec = ChainSpec {
    name: "lazai",
    chain_id: 133718,
    header_rules: HeaderRules::Detect,
    trust: TrustModel::Checkpoint,
    evm_fork: None,
    deposit_contract: None,
    parent_rules: ParentRules::None,
    state_transition: StateTransition::Ethereum,
    contracts: &[
        KnownContract { name: "DAT", address: address!("0xD59CDFFEb65aCc539994e41D0B40efF61bE37118"), on_l1: false },
        KnownContract {
            name: "DataRegistry",
            address: address!("0xE7753EeBCA82849D6b19E6689B350f87318A8998"),
            on_l1: false,
        },
        KnownContract {
            name: "VerifiedComputing",
            address: address!("0x87E43F24Efc2284fd2BBF11CC80d6fcF3E0AD474"),
            on_l1: false,
        },
    ],
    rpc_urls: &["https://testnet.lazai.network"],
    genesis_hash: Some(b256!("0x28dfd02bfe652e622f94d3718322cf62b83f449a9960d184cb922bb38ec406eb")),
    opaque: &[],
};

/// LazAI mainnet (0xLazAI/lazai-genesis): Cancun from genesis, consensus not public; its contracts'
/// addresses are not published yet.
pub static LAZAI_MAINNET: ChainSpec = ChainSpec {
    name: "lazai-mainnet",
    chain_id: 52924,
    header_rules: HeaderRules::Detect,
    trust: TrustModel::Checkpoint,
    evm_fork: None,
    deposit_contract: None,
    parent_rules: ParentRules::None,
    state_transition: StateTransition::Ethereum,
    contracts: &[],
    rpc_urls: &[],
    genesis_hash: Some(b256!("0x4a7fac81bc9e3a77beb883f79d451c3575357f82bf38538273e73fa384d53d0b")),
    opaque: &[],
};

/// The execution-apis hive test chain's forks (its `genesis.json`): one fork every few blocks from
/// Frontier to BPO2, the Merge at block 36.
pub static HIVE_FORKS: ForkSchedule = ForkSchedule {
    by_block: &[
        (Fork::Homestead, 0),
        (Fork::TangerineWhistle, 3),
        (Fork::SpuriousDragon, 6),
        (Fork::Byzantium, 9),
        (Fork::Constantinople, 12),
        (Fork::Petersburg, 15),
        (Fork::Istanbul, 18),
        (Fork::Berlin, 24),
        (Fork::London, 27),
        (Fork::Paris, 36),
    ],
    by_time: &[
        (Fork::Shanghai, 390),
        (Fork::Cancun, 420),
        (Fork::Prague, 450),
        (Fork::Osaka, 480),
        (Fork::Bpo1, 510),
        (Fork::Bpo2, 540),
    ],
};

/// The hive test chain of ethereum/execution-apis (shared/fixtures): a chain that walks every fork.
pub static HIVE: ChainSpec = ChainSpec {
    name: "hive",
    chain_id: 3_503_995_874_084_926,
    header_rules: HeaderRules::Forks(&HIVE_FORKS),
    trust: TrustModel::Checkpoint,
    evm_fork: None,
    deposit_contract: None,
    parent_rules: ParentRules::Ethereum,
    state_transition: StateTransition::Ethereum,
    contracts: &[],
    rpc_urls: &[],
    genesis_hash: None,
    opaque: &[],
};

/// An Andromeda-shaped local chain: anvil with `--hardfork berlin --chain-id 31338` (15-field
/// headers; Andromeda runs Berlin's EVM since block 3,380,000), our `MetisSequencerSet` (same
/// storage layout) as the first contract the dev account deploys, transactions served with
/// sequencer signatures by the devnet's l2geth-format RPC. Not Istanbul: anvil 1.7.1 adds Berlin's
/// cold-slot 2,100 gas to an Istanbul SSTORE, which no canonical re-execution reproduces.
pub static METIS_DEVNET: ChainSpec = ChainSpec {
    name: "metis-devnet",
    chain_id: 31_338,
    header_rules: HeaderRules::L2Geth,
    evm_fork: Some(Fork::Berlin),
    deposit_contract: None,
    parent_rules: ParentRules::None,
    state_transition: StateTransition::Anvil,
    trust: TrustModel::Sequencer {
        from_block: Some(2),
        sequencer_set: address!("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
    },
    // The dev account's first contract on each side: the sequencer set on L2, and on the devnet's
    // L1 the StateCommitmentChain, which is its own batches container.
    contracts: &[
        KnownContract { name: "MetisSequencerSet", address: address!("0x5FbDB2315678afecb367f032d93F642f64180aa3"), on_l1: false },
        KnownContract { name: "StateCommitmentChain", address: address!("0x5FbDB2315678afecb367f032d93F642f64180aa3"), on_l1: true },
        KnownContract { name: "ChainStorageContainer-SCC-batches", address: address!("0x5FbDB2315678afecb367f032d93F642f64180aa3"), on_l1: true },
    ],
    rpc_urls: &["http://127.0.0.1:8546"],
    genesis_hash: None,
    opaque: &[],
};

/// Every preset, looked up by [`ChainSpec::by_name`].
pub static ALL: [&ChainSpec; 9] = [&DEVNET, &ETHEREUM, &ANDROMEDA, &METIS_SEPOLIA, &HYPERION, &LAZAI, &LAZAI_MAINNET, &HIVE, &METIS_DEVNET];
