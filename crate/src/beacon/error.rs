//! Why the beacon light client refused something: each reason has its own stable code.

use alloy_primitives::B256;

/// A refusal of the sync-committee light client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BeaconError {
    /// Bytes that are not the light-client object they claim to be.
    #[error("undecodable light-client data: {0}")]
    Decode(String),
    /// The bootstrap's header is not the block root the caller trusts.
    #[error("the bootstrap's header root is {got}, not the trusted checkpoint {expected}")]
    CheckpointMismatch {
        /// The trusted root.
        expected: B256,
        /// The root of the header served.
        got: B256,
    },
    /// The checkpoint is older than the weak-subjectivity period.
    #[error("the checkpoint (slot {slot}) is {age_days} days old, past the {max_days}-day weak-subjectivity period; give a newer one or accept it explicitly (allowOldCheckpoint)")]
    CheckpointTooOld {
        /// The checkpoint's slot.
        slot: u64,
        /// Its age in days.
        age_days: u64,
        /// The most this client accepts without being told.
        max_days: u64,
    },
    /// A Merkle branch does not lead to the root it must.
    #[error("{what}: the Merkle branch does not lead to {root}")]
    Branch {
        /// Which branch (`current_sync_committee`, `finality`, `execution payload`, ...).
        what: &'static str,
        /// The root it was checked against.
        root: B256,
    },
    /// The aggregate signature does not verify.
    #[error("the sync committee's signature over slot {slot} does not verify")]
    Signature {
        /// The attested header's slot.
        slot: u64,
    },
    /// Too few committee members signed.
    #[error("{got} sync-committee participants, at least {need} are needed")]
    Participation {
        /// Members that signed.
        got: usize,
        /// The least accepted.
        need: usize,
    },
    /// The update was signed in a period whose committee the store does not know.
    #[error("the update is signed in period {period}; the store knows period {store_period}{}", if *next_known { " and the next" } else { "" })]
    UnknownPeriod {
        /// The signature's period.
        period: u64,
        /// The store's finalized period.
        store_period: u64,
        /// Whether the next committee is known.
        next_known: bool,
    },
    /// The update breaks a rule of the protocol (slot order, shapes, a committee that contradicts the store).
    #[error("invalid light-client update: {0}")]
    Invalid(String),
    /// The update is valid in form but tells the store nothing new.
    #[error("the update does not advance the store: {0}")]
    Stale(String),
    /// No beacon server gave a usable answer.
    #[error("beacon API {what}: {detail}")]
    Unavailable {
        /// The endpoint asked.
        what: String,
        /// Why it failed.
        detail: String,
    },
}

impl BeaconError {
    /// The stable code JS errors carry in `err.code`.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Decode(_) => "BEACON_DECODE",
            Self::CheckpointMismatch { .. } => "BEACON_CHECKPOINT_MISMATCH",
            Self::CheckpointTooOld { .. } => "BEACON_CHECKPOINT_TOO_OLD",
            Self::Branch { .. } => "BEACON_BRANCH_INVALID",
            Self::Signature { .. } => "BEACON_SIGNATURE_INVALID",
            Self::Participation { .. } => "BEACON_PARTICIPATION",
            Self::UnknownPeriod { .. } => "BEACON_PERIOD_UNKNOWN",
            Self::Invalid(_) => "BEACON_UPDATE_INVALID",
            Self::Stale(_) => "BEACON_UPDATE_STALE",
            Self::Unavailable { .. } => "BEACON_UNAVAILABLE",
        }
    }
}
