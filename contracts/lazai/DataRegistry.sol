// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// LazAI's node allow-list for verified computing (admin-managed).
contract VerifiedComputing {
    address public immutable admin;
    mapping(address => bool) private _nodes;

    event NodeAdded(address indexed node, string url);
    event NodeRemoved(address indexed node);

    constructor() {
        admin = msg.sender;
    }

    function addNode(address node, string calldata url, string calldata publicKey) external {
        require(msg.sender == admin, "not admin");
        publicKey;
        _nodes[node] = true;
        emit NodeAdded(node, url);
    }

    function removeNode(address node) external {
        require(msg.sender == admin, "not admin");
        _nodes[node] = false;
        emit NodeRemoved(node);
    }

    function isNode(address node) external view returns (bool) {
        return _nodes[node];
    }
}

/// LazAI's data registry: files anchored by owner, URL and content hash, and proofs attested by
/// compute nodes: `Proof{signature, ProofData{id, score, fileUrl, proofUrl}}`, the signature an
/// EIP-191 one over `keccak256(abi.encode(ProofData))`, checked when a reward is requested.
contract DataRegistry {
    struct ProofData {
        uint256 id;
        uint256 score;
        string fileUrl;
        string proofUrl;
    }

    struct Proof {
        bytes signature;
        ProofData data;
    }

    struct File {
        uint256 id;
        address ownerAddress;
        string url;
        bytes32 hash;
        uint256 proofIndex;
        uint256 rewardAmount;
    }

    uint256 public filesCount;
    mapping(uint256 => File) private _files;
    mapping(uint256 => mapping(uint256 => Proof)) private _proofs;

    event FileAdded(uint256 indexed fileId, address indexed ownerAddress, string url);
    event ProofAdded(uint256 indexed fileId, address indexed ownerAddress, uint256 proofIndex, string proofUrl);

    function addFile(string calldata url, bytes32 hash) external returns (uint256 fileId) {
        fileId = ++filesCount;
        _files[fileId] = File(fileId, msg.sender, url, hash, 0, 0);
        emit FileAdded(fileId, msg.sender, url);
    }

    function addProof(uint256 fileId, Proof calldata proof) external {
        File storage file = _files[fileId];
        require(file.id != 0, "no file");
        uint256 index = ++file.proofIndex;
        _proofs[fileId][index] = proof;
        emit ProofAdded(fileId, file.ownerAddress, index, proof.data.proofUrl);
    }

    function getFile(uint256 fileId) external view returns (File memory) {
        return _files[fileId];
    }

    function getFileProof(uint256 fileId, uint256 index) external view returns (Proof memory) {
        return _proofs[fileId][index];
    }
}
