// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// The bench's EVM workload, run on the same bytes by MetisVM (revm in wasm and natively) and by
/// the ethereumjs EVM (npm): a hash chain, 256-bit and modular arithmetic, memory, storage writes and reads,
/// and internal calls.
contract Workload {
    mapping(uint256 => uint256) private cells;

    function run(uint256 rounds) external returns (bytes32 digest, uint256 acc) {
        uint256[8] memory window;
        unchecked {
            acc = 1;
            for (uint256 i = 0; i < rounds; i++) {
                digest = keccak256(abi.encodePacked(digest, i, acc));
                acc = step(acc, uint256(digest));
                window[i % 8] = acc;
                if (i % 8 == 7) cells[i % 32] ^= window[0] ^ window[3] ^ window[7];
            }
            for (uint256 j = 0; j < 32; j++) acc += cells[j];
        }
    }

    function step(uint256 acc, uint256 h) private pure returns (uint256) {
        unchecked {
            return mulmod(acc, h | 1, type(uint256).max - 188) + addmod(h, acc, 0xffffffffffffffffffffffffffffff61) + (h >> 17) / ((acc & 0xffff) + 1);
        }
    }
}
