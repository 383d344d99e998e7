// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// A plain ERC-20 for the devnet: the deployer holds the supply.
contract Token is ERC20 {
    constructor(uint256 supply) ERC20("Metis Test Token", "MTT") {
        _mint(msg.sender, supply);
    }
}
