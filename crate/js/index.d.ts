/** Hex string with a 0x prefix. */
export type Hex = `0x${string}`;

/** Every error thrown by this package: `code` is stable, `message` names the field at fault. */
export interface LightnodeError extends Error {
  name: 'LightnodeError';
  code:
    | 'INVALID_INPUT'
    | 'HEADER_HASH_MISMATCH'
    | 'HEADER_SHAPE'
    | 'HEADER_CHAIN_BROKEN'
    | 'HEADERS_NOT_CONSECUTIVE'
    | 'NOT_ANCHORED'
    | 'ROOT_MISMATCH'
    | 'ITEM_HASH_MISMATCH'
    | 'PROOF_INVALID'
    | 'CLAIM_MISMATCH'
    | 'UNKNOWN_CHAIN'
    | 'RPC_ERROR'
    | 'RPC_UNAVAILABLE'
    | 'NOT_VERIFIABLE'
    | 'FULL_MODULE_NEEDED'
    | 'UNKNOWN_BLOCK'
    | 'EXECUTION_REVERTED'
    | 'EXECUTION_HALTED'
    | 'EXECUTION_MISMATCH'
    | 'INVALID_BLOCK'
    | 'WITNESS_INCOMPLETE'
    | 'CANCELLED'
    | 'L1_COMMITMENT_INVALID'
    | 'SEQUENCER_INVALID'
    | 'STATE_UNBOUND'
    | 'STORE_FULL'
    | 'SERVERS_DISAGREE'
    | 'BEACON_DECODE'
    | 'BEACON_CHECKPOINT_MISMATCH'
    | 'BEACON_CHECKPOINT_TOO_OLD'
    | 'BEACON_BRANCH_INVALID'
    | 'BEACON_SIGNATURE_INVALID'
    | 'BEACON_PARTICIPATION'
    | 'BEACON_PERIOD_UNKNOWN'
    | 'BEACON_UPDATE_INVALID'
    | 'BEACON_UPDATE_STALE'
    | 'BEACON_UNAVAILABLE';
}

/** A block header as `eth_getBlockBy*` returns it (extra fields are ignored). */
export interface RpcHeader {
  hash?: Hex;
  parentHash: Hex;
  sha3Uncles: Hex;
  miner: Hex;
  stateRoot: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  logsBloom: Hex;
  difficulty: Hex;
  number: Hex;
  gasLimit: Hex;
  gasUsed: Hex;
  timestamp: Hex;
  extraData: Hex;
  mixHash: Hex;
  nonce: Hex;
  baseFeePerGas?: Hex;
  withdrawalsRoot?: Hex;
  blobGasUsed?: Hex;
  excessBlobGas?: Hex;
  parentBeaconBlockRoot?: Hex;
  requestsHash?: Hex;
  [extra: string]: unknown;
}

/** A trust anchor. */
export interface Checkpoint {
  number: number | Hex;
  hash: Hex;
}

/** A block proven to belong to the checkpoint's chain. */
export interface VerifiedHeader {
  number: number;
  hash: Hex;
}

/** An `eth_getProof` result. */
export interface GetProofResult {
  address: Hex;
  balance: Hex;
  nonce: Hex;
  codeHash: Hex;
  storageHash: Hex;
  accountProof: Hex[];
  storageProof: { key: Hex; value: Hex; proof: Hex[] }[];
}

/** An account as its proof shows it. */
export interface VerifiedAccount {
  address: Hex;
  exists: boolean;
  balance: Hex;
  nonce: Hex;
  codeHash: Hex;
  storageHash: Hex;
  storage: { key: Hex; value: Hex }[];
}

/** What `verifyBlock` checked. */
export interface BlockReport {
  number: number;
  hash: Hex;
  headerFields: number;
  /** Transactions checked against transactionsRoot; null when the block held only hashes. */
  transactionsChecked: number | null;
  withdrawalsChecked: number | null;
}

/** A chain preset. */
export interface ChainSpec {
  name: 'devnet' | 'ethereum' | 'andromeda' | 'metis-sepolia' | 'hyperion' | 'lazai' | 'lazai-mainnet' | 'hive' | 'metis-devnet';
  chainId: number;
  headerRules: { kind: 'l2Geth' | 'forks' | 'detect'; [k: string]: unknown };
  trust: { kind: 'checkpoint' | 'sequencer'; [k: string]: unknown };
  /** What re-executing a block must reproduce: `l2Geth` blocks are not re-executed here. */
  stateTransition: 'ethereum' | 'anvil' | 'l2Geth';
  contracts: { name: string; address: Hex; on_l1: boolean }[];
  rpcUrls: string[];
  /** Addresses a call may not reach: their execution cannot be re-run by a light client. */
  opaque: Hex[];
  /** Block 0's hash, rebuilt from the chain's published genesis; a checkpoint at 0 must name it. */
  genesisHash: Hex | null;
}

/**
 * Loads the wasm module once: with no argument, the SIMD build where the engine runs wasm SIMD and
 * the scalar build elsewhere (read from beside this file in Node, fetched in a browser).
 */
type ModuleSource = BufferSource | WebAssembly.Module | URL | string | Response;
/**
 * Loads the first module (what a wallet needs for its first answers). `input` replaces it; `fullInput`
 * replaces the full module, which is loaded on first use (re-execution, LazAI, the precompiles past
 * ecrecover, SHA-256, RIPEMD-160 and identity).
 */
export default function init(input?: ModuleSource, fullInput?: ModuleSource): Promise<unknown>;
/** Loads the full module now, rather than on first use (after `init()`). */
export function initFull(): Promise<unknown>;
/** Whether the full module has been loaded. */
export function fullModuleLoaded(): boolean;
/** Whether this engine runs wasm SIMD (simd128). */
export function simdSupported(): boolean;
/** Which build `init()` loaded. */
export function wasmVariant(): 'simd' | 'scalar' | 'custom' | null;

/** keccak256 of the header's RLP; a claimed `hash` must match. */
export function blockHash(header: RpcHeader): Hex;
/** A header's RLP decoded to an `eth_getBlockBy*`-shaped object, with its `hash`. */
export function decodeHeader(rlp: Hex): RpcHeader & { hash: Hex };
/** Throws unless the headers form one chain that holds or descends from the checkpoint. */
export function verifyHeaderChain(headers: RpcHeader[], checkpoint: Checkpoint): VerifiedHeader[];
/** The value the proof shows for `key` (the trie key itself), or null when it proves absence. */
export function verifyMptProof(root: Hex, key: Hex, proof: Hex[]): Hex | null;
/** An `eth_getProof` result verified against a state root; every claimed value must match. */
export function verifyAccountProof(stateRoot: Hex, getProofResult: GetProofResult): VerifiedAccount;
/** Throws unless keccak256(code) is the proven code hash. */
export function verifyCode(codeHash: Hex, code: Hex): void;
/** A block object checked against its own header. */
export function verifyBlock(block: RpcHeader & { transactions?: unknown[]; withdrawals?: unknown[]; uncles?: Hex[] }): BlockReport;
/** Throws unless `receipt` is item `index` of the receipts trie. */
export function verifyReceiptProof(receiptsRoot: Hex, index: number, receipt: object, proof: Hex[]): void;
/** Throws unless `tx` is item `index` of the transactions trie. */
export function verifyTransactionProof(transactionsRoot: Hex, index: number, tx: object | Hex, proof: Hex[]): void;
/** transactionsRoot of RPC transaction objects or raw EIP-2718 hex strings. */
export function transactionsRoot(txs: (object | Hex)[]): Hex;
/** receiptsRoot of RPC receipt objects. */
export function receiptsRoot(receipts: object[]): Hex;
/** withdrawalsRoot of RPC withdrawal objects. */
export function withdrawalsRoot(withdrawals: object[]): Hex;
/** A chain preset by name or decimal chain id. */
export function chainPreset(name: string): ChainSpec;
/** Every chain preset. */
export function chainPresets(): ChainSpec[];
/** Every `code` a `LightnodeError` can carry. */
export function errorCodes(): LightnodeError['code'][];
/** Every JSON-RPC method a `LightNode` answers itself; any other is refused, or passed through where configured. */
export function supportedMethods(): RpcMethod[];

/** The JSON-RPC methods a `LightNode` answers itself, from verified data. */
export type RpcMethod =
  | 'eth_chainId'
  | 'net_version'
  | 'eth_blockNumber'
  | 'eth_getBalance'
  | 'eth_getTransactionCount'
  | 'eth_getStorageAt'
  | 'eth_getCode'
  | 'eth_getProof'
  | 'eth_getBlockByNumber'
  | 'eth_getBlockByHash'
  | 'eth_getTransactionByHash'
  | 'eth_getTransactionReceipt'
  | 'eth_getBlockReceipts'
  | 'eth_getLogs'
  | 'eth_call'
  | 'eth_estimateGas'
  | 'eth_createAccessList'
  | 'eth_getTransactionByBlockNumberAndIndex'
  | 'eth_getTransactionByBlockHashAndIndex'
  | 'eth_getBlockTransactionCountByNumber'
  | 'eth_getBlockTransactionCountByHash'
  | 'eth_getUncleCountByBlockNumber'
  | 'eth_getUncleCountByBlockHash'
  | 'eth_getUncleByBlockNumberAndIndex'
  | 'eth_getUncleByBlockHashAndIndex'
  | 'eth_feeHistory'
  | 'eth_fillTransaction'
  | 'eth_simulateV1'
  | 'eth_maxPriorityFeePerGas'
  | 'eth_gasPrice'
  | 'eth_blobBaseFee'
  | 'eth_newFilter'
  | 'eth_newBlockFilter'
  | 'eth_getFilterChanges'
  | 'eth_getFilterLogs'
  | 'eth_uninstallFilter'
  | 'eth_accounts'
  | 'eth_syncing'
  | 'net_listening'
  | 'web3_clientVersion'
  | 'eth_sendRawTransaction'
  | 'eth_subscribe'
  | 'eth_unsubscribe';

/** The beacon light client: where to reach the beacon API and which block root to trust. */
export interface BeaconOptions {
  /** Beacon API base URLs, tried in order with failover. */
  api: string | string[];
  /** A beacon block root the user trusts (younger than 14 days unless `allowOldCheckpoint`). */
  checkpoint: Hex;
  network?: 'mainnet' | 'sepolia' | 'hoodi';
  allowOldCheckpoint?: boolean;
  /** The clock in Unix seconds, to replay recorded data. */
  now?: number;
}

/** An execution block the sync committee proved. */
export interface ProvenExecution {
  slot: number;
  number: number;
  hash: Hex;
  stateRoot: Hex;
}

/** What `beaconSync` verified. */
export interface BeaconStatus {
  network: string;
  period: number;
  nextCommitteeKnown: boolean;
  participation: { signed: number; of: number };
  finalizedSlot: number;
  optimisticSlot: number;
  finalized: ProvenExecution | null;
  optimistic: ProvenExecution | null;
  beaconRoundTrips: number;
}

/** Bootstraps from `checkpoint`, follows the sync committee to now and applies the newest finality and optimistic updates. */
export function beaconSync(options: BeaconOptions): Promise<BeaconStatus>;
/** Runs one consensus-spec light_client sync test from its files (meta.yaml, config.yaml, steps.yaml, *.ssz_snappy); the number of steps. */
export function lightClientTest(files: Record<string, Uint8Array>): Promise<number>;

/** EIP-6963: how a provider presents itself to dapps. */
export interface EIP6963ProviderInfo {
  uuid: string;
  name: string;
  /** A data URI (96x96 or larger). */
  icon: string;
  rdns: string;
}

/** Announces `provider` by EIP-6963 now and on every `eip6963:requestProvider`; returns a function that stops it. */
export function announceProvider(provider: { request(args: { method: string; params?: unknown[] | object }): Promise<unknown> }, info?: Partial<EIP6963ProviderInfo>): () => void;

/** Options of `LightNode.create`. */
export interface LightNodeOptions {
  chain: ChainSpec['name'] | string;
  /** One URL or several, tried in order with failover. */
  rpc: string | string[];
  /** The trusted block; not needed when `beacon` anchors the node. */
  checkpoint?: Checkpoint;
  /** Ethereum's sync committee as the root of trust (chain `ethereum`). */
  beacon?: BeaconOptions;
  /** Methods to pass through unverified, by explicit choice. */
  passthrough?: string[];
  timeoutMs?: number;
  /** Widest eth_getLogs block range (default 1000). */
  maxLogRange?: number;
  /** With several `rpc` servers and no beacon: how many must agree on the head and every header (default: all). */
  agree?: number;
  /** Most headers linked in one sync (default 50000). */
  maxSync?: number;
  /**
   * Validating mode: every block linked after the checkpoint is re-executed on its parent's proven
   * state before it counts (a forged state root stops `latest` before it). Costs a witness per block.
   * Always on for sequencer chains (Metis), where the signature covers the transaction alone.
   */
  validate?: boolean;
  /**
   * The L1 the chain commits its state roots to (Andromeda: Ethereum, with `beacon`), followed by a
   * node of its own: where re-execution is not available (l2geth), a block counts once its state root
   * sits in a StateCommitmentChain batch proven there, so `latest` follows L1 commitments.
   */
  l1?: LightNodeOptions;
  /** Bind every block by its L1 commitment instead of re-executing it (needs `l1`). */
  bindByL1?: boolean;
  /** How often `eth_subscribe` subscriptions poll the node's filters, in ms (default 4000; no polling without a subscription). */
  pollingIntervalMs?: number;
  /** Where proven data is kept: 'memory' (default) or 'indexeddb' (kept across reloads). */
  store?: 'memory' | 'indexeddb';
}

/** MetisDB counters. */
export interface StoreStats {
  written: number;
  bytesWritten: number;
  hits: number;
  misses: number;
  corrupt: number;
  /** Entries evicted (least recently written first) when the storage quota was reached. */
  evicted: number;
  /** Batches left uncached because the store stayed full (answers are still verified). */
  unstored: number;
}

/** An EIP-1193 error: `code` is numeric (EIP-1193/1474); `data.code` is the package's string code. */
export class ProviderRpcError extends Error {
  code: number;
  data: unknown;
}

/** A light client that answers JSON-RPC with verified data only; it is its own EIP-1193 provider. */
/** What re-executing a block proved (`node.verifyBlockExecution`). */
export interface ExecutionReport {
  number: number;
  hash: Hex;
  transactions: number;
  gasUsed: number;
  stateRoot: Hex;
  receiptsRoot: Hex;
  /** Accounts and slots proven against the parent's state root for the witness. */
  accountsProven: number;
  slotsProven: number;
  /** Proof batches it took to complete the witness. */
  witnessRounds: number;
  /** Whether the server's prestate tracer seeded the witness. */
  prestateHint: boolean;
}

/** A StateCommitmentChain batch header, as `StateBatchAppended` gives it. */
export interface BatchHeader {
  batchIndex: number;
  batchRoot: Hex;
  batchSize: number;
  prevTotalElements: number;
  extraData: Hex;
}

export interface CommitmentRequest {
  block: number;
  /** The L1 StateCommitmentChain (default: the preset's). */
  scc?: Hex;
  /** Its batches container, which the SCC's `batches()` must name (default: the preset's). */
  container?: Hex;
  /** When absent, looked up in the L1 server's StateBatchAppended logs (and checked like a given one). */
  batch?: BatchHeader;
  /** The block's Merkle siblings in the batch; rebuilt from L2 headers when absent (batches of at most 4,096 roots). */
  siblings?: Hex[];
  /** Where the StateBatchAppended search starts on L1 (default: 16 x the L1 node's maxLogRange blocks back from its head). */
  l1FromBlock?: number;
}

export interface CommitmentReport {
  block: number;
  hash: Hex;
  stateRoot: Hex;
  l1Block: number;
  l1Hash: Hex;
  elementIndex: number;
  batchIndex: number;
  appendedAt: number;
  pastFraudWindow: boolean;
  fraudProofWindow: number;
  finalized: boolean;
}

/** A number, bigint or hex quantity. */
export type Quantity = number | bigint | Hex;
/** A block number or tag (`latest` by default). */
export type BlockTag = Quantity | 'latest' | 'safe' | 'finalized' | 'earliest';

/** The block an answer is proven at. */
export interface ProvenAt {
  block: number;
  blockHash: Hex;
}

export type DatOwnership = ProvenAt &
  (
    | {
        flavour: 'erc1155';
        balance: Hex;
        fileUrl: string;
        verified: boolean;
        /** A storage proof of the balance (at `balancesSlot`, or OpenZeppelin v5's ERC-7201 slot) agreed. */
        storageProof: boolean;
        /** The implementation an ERC-1967 proxy runs, proven from its storage; `null`: not a proxy. */
        implementation: Hex | null;
      }
    | { flavour: 'erc8028'; owns: boolean; classId: Hex; integrityHash: Hex; metadataUri: string; value: Hex; shareRatio: Hex; expireAt: number }
  );

export interface DataAnchor extends ProvenAt {
  fileId: Hex;
  owner: Hex;
  url: string;
  /** The anchored hash, read from the registry's text. */
  hash: Hex;
  /** The text the registry stores (LazAI's SDK: bare lowercase hex). */
  anchoredText: string;
  hashFunction: 'keccak256' | 'sha256';
}

/** A compute node's attestation as DataRegistry stores it. */
export interface InferenceProof {
  signature: Hex;
  data: { id: Quantity; score: Quantity; fileUrl: string; proofUrl: string };
}

/** What the sequencer check found for a Metis block. */
export interface SequencerReport {
  number: number;
  hash: Hex;
  verdict: 'signed' | 'recommit' | 'enqueue' | 'notChecked';
  signer?: Hex;
  epoch?: number;
}

/** Progress of a re-execution: after each transaction of each witness round. */
export interface ExecutionProgress {
  round: number;
  done: number;
  transactions: number;
}

export interface VerifyExecutionOptions {
  onProgress?: (progress: ExecutionProgress) => void;
  /** Aborting it rejects the promise with `CANCELLED`. */
  signal?: AbortSignal;
}

/** Progress of a header sync: linked from `from` up to `linked`, on the way to the server's `target`. */
export interface SyncProgress {
  from: number;
  linked: number;
  target: number;
}

export interface SyncOptions {
  onProgress?: (progress: SyncProgress) => void;
  /** Aborting it rejects with `CANCELLED`; headers linked so far stay verified. */
  signal?: AbortSignal;
}

export interface OwnershipQuery {
  contract: Hex;
  tokenId: Quantity;
  owner: Hex;
  /** The ERC-1155 balances mapping's slot: a storage proof of the balance there must agree. Default:
   * OpenZeppelin v5's ERC-7201 slot (LazAI's DAT), reported in `storageProof`, never refused. */
  balancesSlot?: Hex;
  block?: BlockTag;
}

export interface InferenceProofReport extends ProvenAt {
  signer: Hex;
  isNode: true;
  /** Whether the signer was a node at the block the proof was added in (on-chain proofs only). */
  nodeWhenAdded?: boolean;
  score: Hex;
  fileId?: Hex;
  proofIndex?: Hex;
  fileUrl?: string;
  proofUrl?: string;
  addedInBlock?: Hex;
  addedInTransaction?: Hex;
}

export interface ProposalTally extends ProvenAt {
  proposalId: Hex;
  state: 'pending' | 'active' | 'canceled' | 'defeated' | 'succeeded' | 'queued' | 'expired' | 'executed';
  for: Hex;
  against: Hex;
  abstain: Hex;
  quorum: Hex;
  snapshot: Hex;
  deadline: Hex;
}

export interface VoteReport extends ProvenAt {
  proposalId: Hex;
  voter: Hex;
  hasVoted: boolean;
  weightAtSnapshot: Hex;
  /** The voter's VoteCast log, proven through its block's receipts root. */
  vote: { support: 'against' | 'for' | 'abstain'; weight: Hex; reason: string; block: Hex; transaction: Hex } | null;
}

/** LazAI checks (`node.dat`, `node.inference`, `node.idao`); each answer is proven at a verified block. */
export interface DatApi {
  verifyOwnership(query: OwnershipQuery): Promise<DatOwnership>;
  /** Hashes `bytes` and compares with the anchor DataRegistry holds for `fileId`. */
  verifyDataAnchor(query: { registry: Hex; fileId: Quantity; bytes: Uint8Array; block?: BlockTag }): Promise<DataAnchor>;
}
export interface InferenceApi {
  verifyProof(
    /** `fromBlock`: where the ProofAdded search starts (default: 16 x maxLogRange blocks back from `block`). */
    query: { registry: Hex; verifier: Hex; fileId: Quantity; proofIndex: Quantity; block?: BlockTag; fromBlock?: Quantity } | { verifier: Hex; proof: InferenceProof; block?: BlockTag },
  ): Promise<InferenceProofReport>;
}
export interface IdaoApi {
  verifyProposal(query: { governor: Hex; proposalId: Quantity; block?: BlockTag }): Promise<ProposalTally>;
  /** `fromBlock`: where the VoteCast search starts (default: the proposal's snapshot block). */
  verifyVote(query: { governor: Hex; proposalId: Quantity; voter: Hex; block?: BlockTag; fromBlock?: Quantity }): Promise<VoteReport>;
}

export class LightNode {
  static create(options: LightNodeOptions & SyncOptions): Promise<LightNode>;
  request(args: { method: RpcMethod | (string & {}); params?: unknown[] }): Promise<unknown>;
  /** Links headers to the server's head; resolves to the new head number. */
  sync(options?: SyncOptions): Promise<number>;
  /** The verified header at `number`, linked to the checkpoint. */
  header(number: number | bigint): Promise<RpcHeader & { hash: Hex }>;
  /** Re-executes a block on a proven witness; rejects with `EXECUTION_MISMATCH`, `INVALID_BLOCK`, ... */
  verifyBlockExecution(number: number | bigint, options?: VerifyExecutionOptions): Promise<ExecutionReport>;
  /** Who signed a Metis block, proven from MetisSequencerSet storage; rejects with `SEQUENCER_INVALID`. */
  verifySequencer(number: number | bigint): Promise<SequencerReport>;
  /** Proves this L2 node's block committed on L1 (`l1` follows L1); rejects with `L1_COMMITMENT_INVALID`. */
  verifyL1Commitment(l1: LightNode, request: CommitmentRequest): Promise<CommitmentReport>;
  readonly dat: DatApi;
  readonly inference: InferenceApi;
  readonly idao: IdaoApi;
  on(event: 'connect', listener: (info: { chainId: Hex }) => void): this;
  /** `eth_subscribe` deliveries (`newHeads`: verified headers; `logs`: proven logs, `removed: true` after a reorg). */
  on(event: 'message', listener: (message: SubscriptionMessage) => void): this;
  on(event: string, listener: (...args: unknown[]) => void): this;
  removeListener(event: string, listener: (...args: unknown[]) => void): this;
  readonly provider: LightNode;
  readonly head: VerifiedHeader;
  readonly chainId: number;
  readonly roundTrips: number;
  readonly trustStatus: Record<string, unknown>;
  readonly store: { stats(): StoreStats; clear(): Promise<void>; check(): Promise<StoreCheck> };
}

/** What a WorkerLightNode reports of its node. */
export interface NodeStatus {
  head: VerifiedHeader;
  chainId: number;
  roundTrips: number;
  trustStatus: Record<string, unknown>;
  store: StoreStats;
}

/** An EIP-1193 `message` event for an `eth_subscribe` subscription. */
export interface SubscriptionMessage {
  type: 'eth_subscription';
  data: { subscription: Hex; result: unknown };
}

/** A LightNode in a Web Worker (browsers): the page stays responsive during long work. */
export class WorkerLightNode {
  static create(options: LightNodeOptions & SyncOptions, workerUrl?: URL | string): Promise<WorkerLightNode>;
  readonly chainId: number;
  request(args: { method: RpcMethod | (string & {}); params?: unknown[] }): Promise<unknown>;
  on(event: 'message', listener: (message: SubscriptionMessage) => void): this;
  on(event: string, listener: (...args: unknown[]) => void): this;
  removeListener(event: string, listener: (...args: unknown[]) => void): this;
  sync(options?: SyncOptions): Promise<number>;
  header(number: number | bigint): Promise<RpcHeader & { hash: Hex }>;
  verifyBlockExecution(number: number | bigint, options?: VerifyExecutionOptions): Promise<ExecutionReport>;
  verifySequencer(number: number | bigint): Promise<SequencerReport>;
  /** `l1`: the options of the L1 node, created once in the worker and kept. */
  verifyL1Commitment(l1: LightNodeOptions, request: CommitmentRequest): Promise<CommitmentReport>;
  readonly dat: DatApi;
  readonly inference: InferenceApi;
  readonly idao: IdaoApi;
  status(): Promise<NodeStatus>;
  readonly store: { check(): Promise<StoreCheck>; clear(): Promise<void> };
  clearStore(): Promise<void>;
  /** Stops the worker; pending calls reject with `CANCELLED`. */
  terminate(): void;
}

/** A consistency check of MetisDB. */
export interface StoreCheck {
  content: number;
  headers: number;
  corrupt: number;
  batches: number;
  partialBatches: number;
  /** Bytes held: the store's usage. */
  bytes: number;
}

/** Checks MetisDB in the IndexedDB database `name` (browsers). */
export function checkStore(name: string): Promise<StoreCheck>;
