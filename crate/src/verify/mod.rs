//! Pure verifiers: functions over bytes and a trust anchor. Nothing here knows where bytes came from.

pub mod account;
pub mod block;
pub mod chain;
mod receipt_json;
pub mod header;
mod proof_json;
pub mod rules;
pub mod roots;
pub mod trie_root;
mod tx_json;

pub use account::{VerifiedAccount, VerifiedSlot, verify_account_proof, verify_code, verify_storage_proof};
pub use block::{BlockReport, VerifiedBlockJson, verify_block_json, verify_block_rlp};
pub use chain::{Checkpoint, VerifiedHeader, verify_header_chain};
pub use header::{ReceivedHeader, header_from_json, header_from_rlp};
pub use proof_json::account_proof_from_json;
pub use receipt_json::logs_from_json;
/// Merkle-Patricia proof walks (their own crate, built for speed).
pub use metis_mpt::{self as mpt, trie_node, verify_proof};
pub use trie_root::trie_root;
