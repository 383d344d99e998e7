//! One error type for the verification core, each variant with a stable code that JS errors carry too.

use alloy_primitives::B256;

/// Which root of a block a [`Error::RootMismatch`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootKind {
    /// `transactionsRoot`
    Transactions,
    /// `receiptsRoot`
    Receipts,
    /// `withdrawalsRoot`
    Withdrawals,
    /// `sha3Uncles`
    Ommers,
    /// `stateRoot` or an account's `storageHash`
    State,
}

impl RootKind {
    /// The RPC field name of this root.
    pub const fn field(self) -> &'static str {
        match self {
            Self::Transactions => "transactionsRoot",
            Self::Receipts => "receiptsRoot",
            Self::Withdrawals => "withdrawalsRoot",
            Self::Ommers => "sha3Uncles",
            Self::State => "stateRoot",
        }
    }
}

pub use metis_mpt::ProofError;

/// The error of every verifier: a typed reason, never a panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Input that does not parse: bad hex, wrong lengths, missing fields, bad RLP.
    #[error("invalid input at `{field}`: {reason}")]
    InvalidInput {
        /// Path of the field at fault, e.g. `headers[3].stateRoot`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A header's claimed hash is not the keccak of its RLP.
    #[error("header {number}: claimed hash {claimed} but its fields hash to {computed}")]
    HeaderHashMismatch {
        /// Header number.
        number: u64,
        /// Hash the server claimed.
        claimed: B256,
        /// Hash of the fields as received.
        computed: B256,
    },
    /// A header does not have the field set its fork requires.
    #[error("header {number}: {reason}")]
    HeaderShape {
        /// Header number.
        number: u64,
        /// Which field is missing or unexpected.
        reason: String,
    },
    /// Two consecutive headers do not link.
    #[error("header {number}: parentHash {parent_hash} is not the hash {expected} of header {}", number.saturating_sub(1))]
    BrokenLink {
        /// Number of the child header.
        number: u64,
        /// The child's `parentHash`.
        parent_hash: B256,
        /// The hash of the header before it.
        expected: B256,
    },
    /// Header numbers are not consecutive.
    #[error("headers are not consecutive: {after} is followed by {got}")]
    NotConsecutive {
        /// Number of the earlier header.
        after: u64,
        /// Number that followed it.
        got: u64,
    },
    /// The headers do not reach the trusted checkpoint.
    #[error("headers do not connect to the checkpoint {number} {hash}: {reason}")]
    NotAnchored {
        /// Checkpoint number.
        number: u64,
        /// Checkpoint hash.
        hash: B256,
        /// Why not.
        reason: String,
    },
    /// A root recomputed from the body differs from the header's.
    #[error("{}: header says {expected}, the data gives {computed}", kind.field())]
    RootMismatch {
        /// Which root.
        kind: RootKind,
        /// The root the trusted header commits to.
        expected: B256,
        /// The root recomputed from what was received.
        computed: B256,
    },
    /// An item's claimed hash is not the hash of its contents.
    #[error("{what}: claimed hash {claimed} but its contents hash to {computed}")]
    ItemHashMismatch {
        /// The item, e.g. `transactions[4]`.
        what: String,
        /// Hash the server claimed.
        claimed: B256,
        /// Hash of the contents as received.
        computed: B256,
    },
    /// A Merkle-Patricia proof is invalid.
    #[error("{what}: {source}")]
    Proof {
        /// Which proof, e.g. `accountProof` or `storageProof[1]`.
        what: String,
        /// The reason.
        source: ProofError,
    },
    /// A value the server claimed differs from the value its proof shows.
    #[error("`{field}`: the server claimed {claimed} but the proof shows {proven}")]
    ClaimMismatch {
        /// The claimed field, e.g. `balance` or `storageProof[0].value`.
        field: String,
        /// What was claimed.
        claimed: String,
        /// What was proven.
        proven: String,
    },
    /// The server could not be reached, or answered with something that is not JSON-RPC.
    #[error("{method}: {kind:?}: {detail}")]
    Rpc {
        /// The method asked for.
        method: String,
        /// What went wrong.
        kind: RpcFailure,
        /// Details for a person.
        detail: String,
    },
    /// The method cannot be answered with proof; it is refused unless passed through explicitly.
    #[error("{0} cannot be verified by a light client; refused (opt in to pass it through unverified)")]
    NotVerifiable(String),
    /// This build of the package leaves the answer to its full module; the package moves the node
    /// there and asks again, so a caller of `LightNode` never sees it.
    #[error("{0}: in the package's full module, not this build")]
    FullModule(String),
    /// The block asked for is not one the node has verified (too new, unknown, or not on its chain).
    #[error("block {0} is not verified by this node")]
    UnknownBlock(String),
    /// The call reverted (EIP-1474 code 3 with the revert data).
    #[error("execution reverted{}", reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
    Reverted {
        /// Revert data.
        data: alloy_primitives::Bytes,
        /// `Error(string)` reason, when the data holds one.
        reason: Option<String>,
    },
    /// The call halted (out of gas, invalid opcode, ...).
    #[error("execution halted: {0}")]
    Halted(String),
    /// No chain preset has this name or chain id.
    #[error("unknown chain `{0}`; known: devnet, ethereum, andromeda, metis-sepolia, hyperion, lazai, hive, metis-devnet")]
    UnknownChain(String),
    /// Re-executing the block gives a different result than the block (or the server) claims.
    #[error("block {number}: {field}: the block says {claimed}, re-execution gives {computed}")]
    ExecutionMismatch {
        /// Block number.
        number: u64,
        /// What differs, naming the first transaction where one is known, e.g.
        /// `receipts[3].cumulativeGasUsed` or `stateRoot`.
        field: String,
        /// What the block or server claims.
        claimed: String,
        /// What re-execution gives.
        computed: String,
    },
    /// The block breaks a consensus rule.
    #[error("block {number}: {rule}: {reason}")]
    InvalidBlock {
        /// Block number.
        number: u64,
        /// The rule, named as ethereum/tests names it, e.g. `BlockException.INVALID_GASLIMIT` or
        /// `TransactionException.NONCE_MISMATCH_TOO_LOW`.
        rule: String,
        /// What broke it, e.g. `transactions[2]: NonceTooLow { tx: 1, state: 2 }`.
        reason: String,
    },
    /// An L2 state root is not committed on L1 as claimed.
    #[error("L1 commitment: {reason}")]
    L1Commitment {
        /// Why not.
        reason: String,
    },
    /// A block's sequencer signature does not come from a signer the chain's state allows.
    #[error("block {number}: sequencer: {reason}")]
    Sequencer {
        /// Block number.
        number: u64,
        /// Why not.
        reason: String,
    },
    /// A block whose signer may be proven but whose state root nothing binds (no re-execution,
    /// no L1 proof): it is not made `latest`.
    #[error("block {number}: state root not bound: {reason}")]
    Unbound {
        /// Block number.
        number: u64,
        /// Why not.
        reason: String,
    },
    /// MetisDB hit the storage quota and could not make room.
    #[error("the store is full and nothing more could be evicted")]
    StoreFull,
    /// The caller cancelled the work.
    #[error("cancelled")]
    Cancelled,
    /// Servers that must agree do not (or too few answered).
    #[error("servers disagree on {what}: {detail}")]
    Disagreement {
        /// What they were asked.
        what: String,
        /// Who said what.
        detail: String,
    },
    /// The beacon light client refused data (or could not reach a beacon server).
    #[error("beacon light client: {0}")]
    Beacon(#[from] crate::beacon::BeaconError),
    /// The witness cannot be completed: the server does not serve what re-execution needs.
    #[error("block {number}: witness incomplete: {reason}")]
    WitnessIncomplete {
        /// Block number.
        number: u64,
        /// What is missing.
        reason: String,
    },
}

impl Error {
    /// A stable, machine-readable code; JS errors carry the same string in `error.code`.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::InvalidInput { .. } => "INVALID_INPUT",
            Self::HeaderHashMismatch { .. } => "HEADER_HASH_MISMATCH",
            Self::HeaderShape { .. } => "HEADER_SHAPE",
            Self::BrokenLink { .. } => "HEADER_CHAIN_BROKEN",
            Self::NotConsecutive { .. } => "HEADERS_NOT_CONSECUTIVE",
            Self::NotAnchored { .. } => "NOT_ANCHORED",
            Self::RootMismatch { .. } => "ROOT_MISMATCH",
            Self::ItemHashMismatch { .. } => "ITEM_HASH_MISMATCH",
            Self::Proof { .. } => "PROOF_INVALID",
            Self::ClaimMismatch { .. } => "CLAIM_MISMATCH",
            Self::UnknownChain(_) => "UNKNOWN_CHAIN",
            Self::Rpc { kind: RpcFailure::Server { .. }, .. } => "RPC_ERROR",
            Self::Rpc { .. } => "RPC_UNAVAILABLE",
            Self::NotVerifiable(_) => "NOT_VERIFIABLE",
            Self::FullModule(_) => "FULL_MODULE_NEEDED",
            Self::UnknownBlock(_) => "UNKNOWN_BLOCK",
            Self::Reverted { .. } => "EXECUTION_REVERTED",
            Self::Halted(_) => "EXECUTION_HALTED",
            Self::ExecutionMismatch { .. } => "EXECUTION_MISMATCH",
            Self::InvalidBlock { .. } => "INVALID_BLOCK",
            Self::WitnessIncomplete { .. } => "WITNESS_INCOMPLETE",
            Self::Cancelled => "CANCELLED",
            Self::StoreFull => "STORE_FULL",
            Self::L1Commitment { .. } => "L1_COMMITMENT_INVALID",
            Self::Sequencer { .. } => "SEQUENCER_INVALID",
            Self::Unbound { .. } => "STATE_UNBOUND",
            Self::Beacon(e) => e.code(),
            Self::Disagreement { .. } => "SERVERS_DISAGREE",
        }
    }

    /// Whether the server that answered is at fault: its data failed a check, or it answered with
    /// an error. Another server may answer the same request well.
    pub const fn blames_server(&self) -> bool {
        matches!(
            self,
            Self::HeaderHashMismatch { .. }
                | Self::HeaderShape { .. }
                | Self::BrokenLink { .. }
                | Self::NotConsecutive { .. }
                | Self::RootMismatch { .. }
                | Self::ItemHashMismatch { .. }
                | Self::Proof { .. }
                | Self::ClaimMismatch { .. }
                | Self::WitnessIncomplete { .. }
                | Self::Rpc { kind: RpcFailure::Server { .. } | RpcFailure::Garbage, .. }
        )
    }

    /// Every code [`Error::code`] gives (the beacon light client's included), for the TypeScript
    /// declarations' drift test.
    pub const CODES: &[&str] = &[
        "INVALID_INPUT",
        "HEADER_HASH_MISMATCH",
        "HEADER_SHAPE",
        "HEADER_CHAIN_BROKEN",
        "HEADERS_NOT_CONSECUTIVE",
        "NOT_ANCHORED",
        "ROOT_MISMATCH",
        "ITEM_HASH_MISMATCH",
        "PROOF_INVALID",
        "CLAIM_MISMATCH",
        "UNKNOWN_CHAIN",
        "RPC_ERROR",
        "RPC_UNAVAILABLE",
        "NOT_VERIFIABLE",
        "FULL_MODULE_NEEDED",
        "UNKNOWN_BLOCK",
        "EXECUTION_REVERTED",
        "EXECUTION_HALTED",
        "EXECUTION_MISMATCH",
        "INVALID_BLOCK",
        "WITNESS_INCOMPLETE",
        "CANCELLED",
        "STORE_FULL",
        "L1_COMMITMENT_INVALID",
        "SEQUENCER_INVALID",
        "STATE_UNBOUND",
        "SERVERS_DISAGREE",
        "BEACON_DECODE",
        "BEACON_CHECKPOINT_MISMATCH",
        "BEACON_CHECKPOINT_TOO_OLD",
        "BEACON_BRANCH_INVALID",
        "BEACON_SIGNATURE_INVALID",
        "BEACON_PARTICIPATION",
        "BEACON_PERIOD_UNKNOWN",
        "BEACON_UPDATE_INVALID",
        "BEACON_UPDATE_STALE",
        "BEACON_UNAVAILABLE",
    ];

    /// The JSON-RPC error code an EIP-1193 provider or the verifying proxy answers with (EIP-1474;
    /// -32010 for an answer refused by verification).
    pub const fn rpc_code(&self) -> i64 {
        match self {
            Self::InvalidInput { .. } | Self::UnknownChain(_) => -32602,
            Self::NotVerifiable(_) | Self::FullModule(_) => 4200,
            Self::Reverted { .. } => 3,
            Self::Halted(_) => -32015,
            Self::UnknownBlock(_) => -32001,
            // A server's own JSON-RPC error keeps its code only within JSON-RPC's ranges: 3, 4001,
            // 4900 and the like are the provider's to say (a revert, a user's refusal, a disconnect).
            Self::Rpc { kind: RpcFailure::Server { code }, .. } if matches!(*code, -32768..=-32000) => *code,
            Self::Rpc { kind: RpcFailure::Server { .. }, .. } => -32603,
            Self::Rpc { .. } | Self::Beacon(crate::beacon::BeaconError::Unavailable { .. }) => -32002,
            _ => -32010,
        }
    }

    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: impl Into<String>, reason: impl ToString) -> Self {
        Self::InvalidInput { field: field.into(), reason: reason.to_string() }
    }

    /// Shorthand for [`Error::Proof`].
    pub fn proof(what: impl Into<String>, source: ProofError) -> Self {
        Self::Proof { what: what.into(), source }
    }
}

/// How a JSON-RPC exchange failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RpcFailure {
    /// No HTTP answer (connection refused, DNS, timeout).
    Transport,
    /// An HTTP status other than 200.
    Http(u16),
    /// HTTP 429.
    RateLimited,
    /// A body that is not the JSON-RPC answer to what was asked (bad JSON, wrong or missing ids).
    Garbage,
    /// A JSON-RPC error object: the server's own answer, not retried.
    Server {
        /// The JSON-RPC error code.
        code: i64,
    },
}

/// The result of every verifier.
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    /// The codes the two `code()` matches return, read from their source: `CODES` must be exactly those.
    #[test]
    fn codes_lists_every_code_the_matches_return() {
        let mut returned: Vec<&str> = [include_str!("error.rs"), include_str!("beacon/error.rs")]
            .iter()
            .flat_map(|source| source.split(concat!("pub const fn ", "code(&self)")).skip(1).filter_map(|f| f.split("\n    }\n").next()))
            .flat_map(|body| body.split("=> \"").skip(1).filter_map(|arm| arm.split('"').next()))
            .collect();
        returned.sort_unstable();
        let mut listed = super::Error::CODES.to_vec();
        listed.sort_unstable();
        assert_eq!(returned, listed);
    }

    use super::*;

    fn server(code: i64) -> Error {
        Error::Rpc { method: "m".into(), kind: RpcFailure::Server { code }, detail: String::new() }
    }

    #[test]
    fn a_servers_own_error_code_is_passed_on_only_within_json_rpcs_ranges() {
        assert_eq!(server(-32000).rpc_code(), -32000);
        assert_eq!(server(-32602).rpc_code(), -32602);
        for provider_code in [3, 4001, 4100, 4200, 4900, 4901, 0, i64::MAX] {
            assert_eq!(server(provider_code).rpc_code(), -32603, "{provider_code}");
        }
    }
}
