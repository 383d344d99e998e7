// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IERC20Like {
    function balanceOf(address) external view returns (uint256);
    function totalSupply() external view returns (uint256);
}

/// Exercises what eth_call must get right: reverts with reasons, custom errors, nested calls,
/// precompiles, BLOCKHASH, storage reads and writes, and gas-hungry loops.
contract Probe {
    error Denied(address who, uint256 code);

    uint256 public counter;
    mapping(uint256 => uint256) public cells;

    event Bumped(uint256 indexed by, uint256 counter);

    function bump(uint256 by) external returns (uint256) {
        counter += by;
        cells[counter] = block.number;
        emit Bumped(by, counter);
        return counter;
    }

    function failWithReason() external pure {
        require(false, "probe: not allowed");
    }

    function failWithCustomError() external view {
        revert Denied(msg.sender, 7);
    }

    function panicDivide(uint256 d) external pure returns (uint256) {
        return 100 / d;
    }

    function tokenView(IERC20Like token, address holder) external view returns (uint256 balance, uint256 supply) {
        return (token.balanceOf(holder), token.totalSupply());
    }

    function hashes(bytes calldata data) external view returns (bytes32 sha, bytes20 ripemd, bytes memory identity) {
        sha = sha256(data);
        ripemd = ripemd160(data);
        (bool ok, bytes memory out) = address(4).staticcall(data);
        require(ok, "identity failed");
        identity = out;
    }

    function recover(bytes32 digest, uint8 v, bytes32 r, bytes32 s) external pure returns (address) {
        return ecrecover(digest, v, r, s);
    }

    function modexp(uint256 b, uint256 e, uint256 m) external view returns (uint256 result) {
        (bool ok, bytes memory out) = address(5).staticcall(abi.encode(uint256(32), uint256(32), uint256(32), b, e, m));
        require(ok, "modexp failed");
        result = abi.decode(out, (uint256));
    }

    function recentHash(uint256 back) external view returns (bytes32) {
        return blockhash(block.number - back);
    }

    function burn(uint256 rounds) external returns (uint256 acc) {
        for (uint256 i = 0; i < rounds; i++) {
            acc = uint256(keccak256(abi.encode(acc, i)));
            cells[i] = acc;
        }
    }

    function environment() external view returns (uint256 number, uint256 time, uint256 chain, address coinbase, uint256 basefee) {
        return (block.number, block.timestamp, block.chainid, block.coinbase, block.basefee);
    }
}
