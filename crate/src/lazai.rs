//! LazAI's contracts as the light client reads them: the Data Anchoring Token (ERC-1155 with file URL
//! and verified flag, and the class-based ERC-8028 draft), the DataRegistry and VerifiedComputing
//! pair (files, attested proofs, the node allow-list) and an iDAO governor. The ABIs are LazAI's own
//! (0xLazAI/lazbubu-contracts), each contract an OpenZeppelin v5 upgradeable implementation behind an
//! ERC1967 proxy. The node runs their own view functions in MetisVM on proven state (any layout);
//! where the storage layout is known, a direct storage proof must agree.

use alloy_primitives::{Address, B256, U256, keccak256};
use alloy_sol_types::{SolValue, sol};

sol! {
    /// The DAT in use on LazAI today (ERC-1155 flavour).
    interface IDat {
        function balanceOf(address account, uint256 id) external view returns (uint256);
        function fileUrl(uint256 tokenId) external view returns (string memory);
        function verified(uint256 tokenId) external view returns (bool);
        function supportsInterface(bytes4 interfaceId) external view returns (bool);
    }

    /// ERC-8028 class metadata.
    struct ClassMeta {
        string metadataURI;
        bytes32 integrityHash;
        uint8 unitDecimals;
        string policyURI;
        uint256 totalShare;
    }

    /// The class-based DAT (ERC-8028 draft).
    interface IClassDat {
        function ownerOf(uint256 tokenId) external view returns (address);
        function classOf(uint256 tokenId) external view returns (uint256);
        function valueOf(uint256 tokenId) external view returns (uint256);
        function shareRatioOf(uint256 tokenId) external view returns (uint256);
        function expireAtOf(uint256 tokenId) external view returns (uint64);
        function getClassMeta(uint256 classId) external view returns (ClassMeta memory);
    }

    /// What a compute node attests.
    struct ProofData {
        uint256 id;
        uint256 score;
        string fileUrl;
        string proofUrl;
    }

    /// An attestation: the node's EIP-191 signature over `keccak256(abi.encode(data))`.
    struct Proof {
        bytes signature;
        ProofData data;
    }

    /// An anchored file (`IDataRegistry.FileResponse`): `hash` is text, as the contributor wrote it
    /// (LazAI's SDK writes the sha256 of the bytes as bare lowercase hex).
    struct FileResponse {
        uint256 id;
        address ownerAddress;
        string url;
        string hash;
        uint256 proofIndex;
        uint256 rewardAmount;
    }

    /// LazAI's DataRegistry.
    interface IDataRegistry {
        function getFile(uint256 fileId) external view returns (FileResponse memory);
        function getFileProof(uint256 fileId, uint256 index) external view returns (Proof memory);
        event ProofAdded(uint256 indexed fileId, address indexed ownerAddress, uint256 proofIndex, string proofUrl);
    }

    /// A compute node as VerifiedComputing keeps it; `status` is `NodeStatus` (0 none, 1 active,
    /// 2 removed).
    struct NodeInfo {
        address nodeAddress;
        string url;
        uint8 status;
        uint256 amount;
        uint256 jobsCount;
        string publicKey;
    }

    /// LazAI's VerifiedComputing node allow-list.
    interface IVerifiedComputing {
        function isNode(address node) external view returns (bool);
        function getNode(address node) external view returns (NodeInfo memory);
    }

    /// An OpenZeppelin Governor with simple counting and votes.
    interface IGovernor {
        function state(uint256 proposalId) external view returns (uint8);
        function proposalVotes(uint256 proposalId) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);
        function quorum(uint256 timepoint) external view returns (uint256);
        function proposalSnapshot(uint256 proposalId) external view returns (uint256);
        function proposalDeadline(uint256 proposalId) external view returns (uint256);
        function hasVoted(uint256 proposalId, address account) external view returns (bool);
        function getVotes(address account, uint256 timepoint) external view returns (uint256);
        event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason);
    }
}

/// ERC-1155's interface id.
pub const ERC1155_INTERFACE: [u8; 4] = [0xd9, 0xb6, 0x7a, 0x26];

/// Where LazAI's DAT keeps its ERC-1155 balances: OpenZeppelin v5's `ERC1155Upgradeable` puts them
/// first in the ERC-7201 namespace `openzeppelin.storage.ERC1155`.
pub const OZ_ERC1155_BALANCES_SLOT: B256 = alloy_primitives::b256!("88be536d5240c274a3b1d3a1be54482fd9caa294f08c62a7cde569f49a3c4500");

/// ERC-1967's implementation slot, `keccak256("eip1967.proxy.implementation") - 1`: where a proxy
/// names the contract whose code it runs.
pub const ERC1967_IMPLEMENTATION_SLOT: B256 = alloy_primitives::b256!("360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc");

/// Slot of `balances[id][owner]` for a `mapping(uint256 => mapping(address => uint256))` at `base`.
pub fn erc1155_balance_slot(base: B256, id: U256, owner: Address) -> B256 {
    let inner = keccak256([id.to_be_bytes::<32>().as_slice(), base.as_slice()].concat());
    keccak256([owner.into_word().as_slice(), inner.as_slice()].concat())
}

/// The digest a compute node signs: EIP-191 over `keccak256(abi.encode(data))` (one tuple param).
pub fn proof_digest(data: &ProofData) -> B256 {
    alloy_primitives::eip191_hash_message(keccak256(data.abi_encode()))
}

/// The 32-byte hash a registry's text spells: 64 hex digits, bare or `0x`-prefixed, in any case
/// (the spellings LazAI's tools write); `None` for any other text.
pub fn anchored_hash(text: &str) -> Option<B256> {
    let text = text.trim();
    let hex = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")).unwrap_or(text);
    if hex.len() != 64 {
        return None;
    }
    hex.parse().ok()
}

/// Which hash of `bytes` equals `anchored`: `keccak256` or `sha256`.
pub fn anchor_hash(bytes: &[u8], anchored: B256) -> Option<&'static str> {
    use sha2::Digest;
    if keccak256(bytes) == anchored {
        Some("keccak256")
    } else if B256::from_slice(&sha2::Sha256::digest(bytes)) == anchored {
        Some("sha256")
    } else {
        None
    }
}

/// A VerifiedComputing `NodeStatus`'s name.
pub fn node_status(status: u8) -> &'static str {
    match status {
        0 => "never registered",
        1 => "active",
        2 => "removed",
        _ => "unknown",
    }
}

/// A governor proposal state's name (OpenZeppelin's `ProposalState`).
pub fn proposal_state(state: u8) -> &'static str {
    match state {
        0 => "pending",
        1 => "active",
        2 => "canceled",
        3 => "defeated",
        4 => "succeeded",
        5 => "queued",
        6 => "expired",
        7 => "executed",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_slots_derive_from_their_names() {
        // ERC-7201: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff.
        let namespace = U256::from_be_bytes(keccak256("openzeppelin.storage.ERC1155").0) - U256::from(1);
        let mut slot = keccak256(namespace.to_be_bytes::<32>());
        slot.0[31] = 0;
        assert_eq!(slot, OZ_ERC1155_BALANCES_SLOT);
        let implementation = U256::from_be_bytes(keccak256("eip1967.proxy.implementation").0) - U256::from(1);
        assert_eq!(B256::from(implementation), ERC1967_IMPLEMENTATION_SLOT);
    }

    #[test]
    fn anchored_hashes_are_read_in_every_spelling_and_nothing_else() {
        let bytes = b"LazAI dataset";
        let sha = {
            use sha2::Digest;
            B256::from_slice(&sha2::Sha256::digest(bytes))
        };
        let bare = alloy_primitives::hex::encode(sha);
        for text in [bare.clone(), format!("0x{bare}"), format!("0X{}", bare.to_uppercase()), bare.to_uppercase(), format!(" {bare}\n")] {
            let hash = anchored_hash(&text).unwrap_or_else(|| panic!("{text:?} is read"));
            assert_eq!(anchor_hash(bytes, hash), Some("sha256"), "{text:?}");
        }
        assert_eq!(anchor_hash(bytes, keccak256(bytes)), Some("keccak256"));
        for text in ["", "0x", &bare[..62], &format!("{bare}00"), &format!("0x{}g", &bare[..63]), "ipfs://file", "+0x00"] {
            assert_eq!(anchored_hash(text), None, "{text:?} is not a hash");
        }
    }
}
