// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// The L1 side of the Andromeda-shaped devnet: a StateCommitmentChain and its ChainStorageContainer
/// in one contract, keeping the container's storage layout (slot 0 `libAddressManager`, slot 1
/// `owner`, slot 2 `mapping(chainId => Lib_Buffer.Buffer)`), `Lib_MerkleTree`'s batch root and
/// `Lib_OVMCodec.hashBatchHeader`, so the light client proves batches exactly as on Ethereum.
contract MetisStateCommitment {
    struct Buffer {
        bytes32 context;
        mapping(uint256 => bytes32) buf;
    }

    address public libAddressManager;
    string public owner;
    mapping(uint256 => Buffer) internal buffers;
    uint256 public FRAUD_PROOF_WINDOW;

    event StateBatchAppended(
        uint256 indexed chainId,
        uint256 indexed batchIndex,
        bytes32 batchRoot,
        uint256 batchSize,
        uint256 prevTotalElements,
        bytes extraData
    );

    constructor(uint256 fraudProofWindow) {
        owner = "StateCommitmentChain";
        FRAUD_PROOF_WINDOW = fraudProofWindow;
    }

    function appendStateBatchByChainId(uint256 chainId, bytes32[] memory batch) external {
        Buffer storage buffer = buffers[chainId];
        uint256 context = uint256(buffer.context);
        uint256 length = context & 0xffffffffff;
        uint256 totalElements = (context >> 40) & 0xffffffffff;
        bytes memory extraData = abi.encode(block.timestamp, msg.sender);
        bytes32 root = merkleRoot(batch);
        bytes32 hash = keccak256(abi.encode(root, batch.length, totalElements, extraData));
        buffer.buf[length] = hash;
        buffer.context = bytes32(length + 1 | ((totalElements + batch.length) << 40) | (block.timestamp << 80));
        emit StateBatchAppended(chainId, length, root, batch.length, totalElements, extraData);
    }

    /// The batches container (`resolve("ChainStorageContainer-SCC-batches")` on Andromeda): here the
    /// SCC and its container are one contract.
    function batches() external view returns (address) {
        return address(this);
    }

    function getTotalBatchesByChainId(uint256 chainId) external view returns (uint256) {
        return uint256(buffers[chainId].context) & 0xffffffffff;
    }

    /// `Lib_MerkleTree.getMerkleRoot`: odd rows padded with the default hash of their depth.
    function merkleRoot(bytes32[] memory e) internal pure returns (bytes32) {
        require(e.length > 0, "empty batch");
        bytes32 d = keccak256(abi.encodePacked(bytes32(0)));
        uint256 n = e.length;
        while (n > 1) {
            uint256 half = n / 2;
            for (uint256 i = 0; i < half; i++) {
                e[i] = keccak256(abi.encodePacked(e[2 * i], e[2 * i + 1]));
            }
            if (n % 2 == 1) {
                e[half] = keccak256(abi.encodePacked(e[n - 1], d));
            }
            n = half + (n % 2);
            d = keccak256(abi.encodePacked(d, d));
        }
        return e[0];
    }
}
