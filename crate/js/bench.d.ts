// Bench and test helpers: `import init, { HiveBench } from 'metis-lightnode/bench'`.
import type { GetProofResult, Hex, RpcHeader, StoreStats } from './index.js';

/** Loads both modules (`init(input, fullInput)`, then the full one, where these helpers live). */
export default function init(input?: BufferSource | WebAssembly.Module | URL | string | Response, fullInput?: BufferSource | WebAssembly.Module | URL | string | Response): Promise<unknown>;

/** Verifies every account and storage proof of `[{stateRoot, proof}]` `rounds` times; returns the proofs verified. */
export function benchVerifyProofs(cases: { stateRoot: Hex; proof: GetProofResult }[], rounds: number): number;
/** Verifies whole `eth_getProof` answers `[{stateRoot, proof}]` `rounds` times (each batch-hashed, then walked). */
export function benchAccountProofs(cases: { stateRoot: Hex; proof: GetProofResult }[], rounds: number): number;
/** Hashes `count` messages of `len` bytes in one batch `rounds` times (`sha256`: 64-byte messages); returns the messages hashed. */
export function benchHash(hash: 'keccak256' | 'sha256', len: number, count: number, rounds: number): number;
/** Calls `data` on `code` in MetisVM `rounds` times from the same empty state; the gas of one call. */
export function benchEvm(code: Uint8Array, data: Uint8Array, rounds: number): number;
/** Decodes, hashes and links headers `rounds` times. */
export function benchVerifyHeaders(headers: RpcHeader[], rounds: number): number;
/** (Browsers) MetisDB on IndexedDB: write throughput, reopen time, read latency, a full re-hash. */
export function benchStore(count: number): Promise<{ writeNodesPerSecond: number; reopenMs: number; readMicros: number; checkMs: number }>;
/** Writes test batches into MetisDB in the IndexedDB database `name` (crash and quota tests). */
export function fillStore(name: string, batches: number, perBatch: number, seed: number): Promise<StoreStats>;

/** The hive chain decoded once, then replayed from genesis or only its trie work redone. */
export class HiveBench {
  constructor(genesis: string, chain: Uint8Array);
  /** Re-executes and checks every block. */
  replay(): { blocks: number; transactions: number; gas: number };
  /** Checks every header against its parent `rounds` times; returns the headers checked. */
  headerRules(rounds: number): number;
  /** Redoes the last replay's trie work; returns the blocks done. */
  roots(): number;
  free(): void;
}

/** A recorded beacon light-client sync (`{root, nowSlot, bootstrap, updates, finality, optimistic}`), verified on demand. */
export class BeaconBench {
  constructor(recording: unknown);
  /** Bootstraps and applies the first `updates` updates, every signature and branch checked; the slot reached. */
  sync(updates: number): number;
  free(): void;
}
