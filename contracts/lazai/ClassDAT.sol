// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// A class-based Data Anchoring Token after the ERC-8028 draft: classes carry metadata and an
/// integrity hash; tokens carry a value, a share ratio (basis points) and an expiry.
contract ClassDAT {
    struct ClassMeta {
        string metadataURI;
        bytes32 integrityHash;
        uint8 unitDecimals;
        string policyURI;
        uint256 totalShare;
    }

    struct Token {
        uint256 classId;
        uint256 value;
        uint256 shareRatio;
        uint64 expireAt;
        address owner;
    }

    address public immutable admin;
    uint256 public classCount;
    uint256 public tokenCount;
    mapping(uint256 => ClassMeta) private _classes;
    mapping(uint256 => Token) private _tokens;

    event ClassCreated(uint256 indexed classId, bytes32 integrityHash, string metadataURI);
    event Minted(uint256 indexed tokenId, uint256 indexed classId, address indexed to, uint256 value, uint256 shareRatio, uint64 expireAt);

    constructor() {
        admin = msg.sender;
    }

    function createClass(string calldata metadataURI, bytes32 integrityHash, uint8 unitDecimals, string calldata policyURI) external returns (uint256 classId) {
        require(msg.sender == admin, "not admin");
        classId = ++classCount;
        _classes[classId] = ClassMeta(metadataURI, integrityHash, unitDecimals, policyURI, 0);
        emit ClassCreated(classId, integrityHash, metadataURI);
    }

    function mint(uint256 classId, address to, uint256 value, uint256 shareRatio, uint64 expireAt) external returns (uint256 tokenId) {
        require(msg.sender == admin, "not admin");
        require(classId != 0 && classId <= classCount, "no class");
        tokenId = ++tokenCount;
        _tokens[tokenId] = Token(classId, value, shareRatio, expireAt, to);
        _classes[classId].totalShare += shareRatio;
        emit Minted(tokenId, classId, to, value, shareRatio, expireAt);
    }

    function transferToken(uint256 tokenId, address to) external {
        require(_tokens[tokenId].owner == msg.sender, "not owner");
        _tokens[tokenId].owner = to;
    }

    function ownerOf(uint256 tokenId) external view returns (address) { return _tokens[tokenId].owner; }
    function classOf(uint256 tokenId) external view returns (uint256) { return _tokens[tokenId].classId; }
    function valueOf(uint256 tokenId) external view returns (uint256) { return _tokens[tokenId].value; }
    function shareRatioOf(uint256 tokenId) external view returns (uint256) { return _tokens[tokenId].shareRatio; }
    function expireAtOf(uint256 tokenId) external view returns (uint64) { return _tokens[tokenId].expireAt; }

    function getClassMeta(uint256 classId) external view returns (ClassMeta memory) {
        return _classes[classId];
    }
}
