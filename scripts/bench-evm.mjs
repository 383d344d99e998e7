// The EVM part of the bench: the Workload contract's run(n) (contracts/bench) on the same bytes in
// MetisVM (revm in wasm; natively through the CLI) and in @ethereumjs/evm, Prague, each call from the
// same empty state.
import { createEVM } from '@ethereumjs/evm';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { encodeFunctionData } from 'viem';
import { compileContracts } from './compile-contracts.mjs';

/** Where both EVMs install the code (crate/src/bench.rs: EVM_WORKLOAD_ADDRESS). */
const ADDRESS = '0x00000000000000000000000000000000000b3c11';
const CALLER = '0x00000000000000000000000000000000000000ca';

/** Runtime code and calldata of `run(rounds)`, as hex. */
export function evmInputs(rounds) {
  const { Workload } = compileContracts();
  return { code: Workload.deployedBytecode, data: encodeFunctionData({ abi: Workload.abi, functionName: 'run', args: [BigInt(rounds)] }) };
}

/** Intrinsic gas of a call with `data` (hex): what revm counts and an EVM-level call does not. */
export function intrinsicGas(data) {
  const bytes = hexToBytes(data);
  return 21_000 + bytes.reduce((sum, b) => sum + (b === 0 ? 4 : 16), 0);
}

/** MetisVM in wasm: ms per call and the gas of one (self-contained: it also runs in a browser page). */
export function evmWorkload(ml, code, data) {
  const bytes = (hex) => Uint8Array.from(hex.slice(2).match(/../g), (b) => parseInt(b, 16));
  const [codeBytes, dataBytes] = [bytes(code), bytes(data)];
  ml.benchEvm(codeBytes, dataBytes, 2);
  for (let rounds = 1; ; rounds *= 2) {
    const start = performance.now();
    const gas = ml.benchEvm(codeBytes, dataBytes, rounds);
    const ms = performance.now() - start;
    if (ms >= 500 || rounds >= 1 << 16) return { gas, callMs: ms / rounds };
  }
}

/** @ethereumjs/evm: ms per call and the execution gas of one (without the intrinsic gas). */
export async function ejsEvmWorkload(code, data) {
  const evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Prague }) });
  const to = createAddressFromString(ADDRESS);
  const caller = createAddressFromString(CALLER);
  await evm.stateManager.putCode(to, hexToBytes(code));
  const call = async () => {
    await evm.stateManager.checkpoint();
    const result = await evm.runCall({ to, caller, data: hexToBytes(data), gasLimit: 30_000_000n });
    await evm.stateManager.revert();
    // Warm addresses and slots outlive a call in the journal (a VM clears them per transaction).
    await evm.journal.cleanup();
    if (result.execResult.exceptionError) throw new Error(`@ethereumjs/evm: ${result.execResult.exceptionError.error}`);
    return Number(result.execResult.executionGasUsed);
  };
  await call();
  let gas;
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < 1000 || calls < 3) {
    gas = await call();
    calls += 1;
  }
  return { gas, callMs: (performance.now() - start) / calls };
}
