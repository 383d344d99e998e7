// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// A Data Anchoring Token as LazAI uses it today: an ERC-1155 whose tokens carry a file URL and a
/// verified flag; minted with the attested score as the amount (LazAI testnet DAT interface).
contract DAT is ERC1155, Ownable {
    uint256 private _tokenIdCounter;
    mapping(uint256 => string) private _fileUrls;
    mapping(uint256 => bool) private _tokenVerified;

    event TokenMinted(address indexed to, uint256 indexed tokenId, string fileUrl);

    constructor() ERC1155("") Ownable(msg.sender) {}

    function mint(address to, uint256 amount, string calldata url, bool isVerified) external onlyOwner returns (uint256 tokenId) {
        tokenId = ++_tokenIdCounter;
        _fileUrls[tokenId] = url;
        _tokenVerified[tokenId] = isVerified;
        _mint(to, tokenId, amount, "");
        emit TokenMinted(to, tokenId, url);
    }

    function fileUrl(uint256 tokenId) external view returns (string memory) {
        return _fileUrls[tokenId];
    }

    function verified(uint256 tokenId) external view returns (bool) {
        return _tokenVerified[tokenId];
    }

    function setTokenVerified(uint256 tokenId, bool isVerified) external onlyOwner {
        _tokenVerified[tokenId] = isVerified;
    }

    function currentTokenId() external view returns (uint256) {
        return _tokenIdCounter;
    }
}
