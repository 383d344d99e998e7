// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// A contract made with CREATE2 that keeps a value in storage.
contract Child {
    uint256 public value;

    constructor(uint256 v) {
        value = v;
    }
}

/// Self-destructs in its constructor: under EIP-6780 the account is created and removed in one
/// transaction, its ether sent on.
contract Ephemeral {
    constructor(address payable heir) payable {
        selfdestruct(heir);
    }
}

/// Makes children with CREATE2 and ephemeral contracts, for blocks that re-execution must get right.
contract Factory {
    event Made(address child);

    function make(bytes32 salt, uint256 v) external returns (address child) {
        child = address(new Child{salt: salt}(v));
        emit Made(child);
    }

    function ephemeral(address payable heir) external payable {
        new Ephemeral{value: msg.value}(heir);
    }
}
