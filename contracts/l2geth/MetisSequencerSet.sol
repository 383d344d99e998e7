// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// The storage layout of Metis's `MetisSequencerSet` (an OpenZeppelin v4 `OwnableUpgradeable`,
/// whose slots 0..100 the gap stands for): `epochs` at slot 103, `currentEpochId` at slot 104, an
/// epoch's signer at `keccak256(epochId, 103) + 1`. The devnet's Andromeda-shaped chain keeps its
/// epochs here, so the light client proves signers exactly as on Andromeda.
contract MetisSequencerSet {
    struct Epoch {
        uint256 number;
        address signer;
        uint256 startBlock;
        uint256 endBlock;
    }

    uint256[101] private __gap;
    uint256 public epochLength;
    address public mpcAddress;
    mapping(uint256 => Epoch) public epochs;
    uint256 public currentEpochId;

    event NewEpoch(uint256 indexed epochId, uint256 startBlock, uint256 endBlock, address signer);
    event ReCommitEpoch(uint256 indexed oldEpochId, uint256 indexed newEpochId, uint256 curEpochId, uint256 startBlock, uint256 endBlock, address newSigner);

    constructor(address firstSigner, uint256 length) {
        mpcAddress = msg.sender;
        epochLength = length;
        epochs[0] = Epoch(0, firstSigner, 0, length - 1);
        emit NewEpoch(0, 0, length - 1, firstSigner);
    }

    function commitEpoch(uint256 newEpochId, uint256 startBlock, uint256 endBlock, address signer) external {
        require(msg.sender == mpcAddress, "not mpc");
        require(newEpochId == currentEpochId + 1, "not the next epoch");
        epochs[newEpochId] = Epoch(newEpochId, signer, startBlock, endBlock);
        currentEpochId = newEpochId;
        emit NewEpoch(newEpochId, startBlock, endBlock, signer);
    }

    /// Selector 0x2c91c679, as l2geth recognises it.
    function recommitEpoch(uint256 oldEpochId, uint256 newEpochId, uint256 startBlock, uint256 endBlock, address newSigner) external {
        require(msg.sender == mpcAddress, "not mpc");
        require(newEpochId == currentEpochId + 1, "not the next epoch");
        epochs[newEpochId] = Epoch(newEpochId, newSigner, startBlock, endBlock);
        currentEpochId = newEpochId;
        emit ReCommitEpoch(oldEpochId, newEpochId, currentEpochId, startBlock, endBlock, newSigner);
    }
}
