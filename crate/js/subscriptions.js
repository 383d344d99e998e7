// `eth_subscribe` / `eth_unsubscribe` on an EIP-1193 provider, as a node without a socket gives
// them: each subscription is a filter of the verifying node (`newHeads`: a block filter whose new
// hashes are turned into verified headers; `logs`: a log filter whose proven logs, and logs a
// reorg took back with `removed: true`, are delivered), polled every `intervalMs` while at least one
// subscription exists, and delivered as EIP-1193 `message` events:
// `{type: 'eth_subscription', data: {subscription, result}}`.

const KINDS = new Set(['newHeads', 'logs']);

/** The methods answered here, on top of the node's own. */
export const SUBSCRIPTION_METHODS = ['eth_subscribe', 'eth_unsubscribe'];

export class Subscriptions {
  #request;
  #emit;
  #intervalMs;
  #subs = new Map();
  #timer = null;
  #polling = false;

  /** `request(method, params)` asks the node; `emit(event, payload)` tells the provider's listeners. */
  constructor(request, emit, intervalMs = 4000) {
    this.#request = request;
    this.#emit = emit;
    this.#intervalMs = intervalMs;
  }

  /** Answers `eth_subscribe` and `eth_unsubscribe`; `undefined` for any other method. */
  handle(method, params = []) {
    if (method === 'eth_subscribe') return this.#subscribe(params);
    if (method === 'eth_unsubscribe') return this.#unsubscribe(params[0]);
    return undefined;
  }

  async #subscribe([kind, filter]) {
    if (!KINDS.has(kind)) {
      throw Object.assign(new Error(`eth_subscribe: '${kind}' is not served (newHeads, logs)`), { code: -32602 });
    }
    const filterId = kind === 'newHeads' ? await this.#request('eth_newBlockFilter', []) : await this.#request('eth_newFilter', [filter ?? {}]);
    const id = `0x${Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
    this.#subs.set(id, { kind, filterId });
    if (!this.#timer) {
      this.#timer = setInterval(() => this.#poll(), this.#intervalMs);
      // In Node, a forgotten subscription must not keep the process alive.
      this.#timer.unref?.();
    }
    return id;
  }

  async #unsubscribe(id) {
    const sub = this.#subs.get(id);
    if (!sub) return false;
    this.#subs.delete(id);
    if (this.#subs.size === 0) this.stop();
    await this.#request('eth_uninstallFilter', [sub.filterId]).catch(() => false);
    return true;
  }

  /** Stops polling (no subscription left, or the provider closed). */
  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  async #poll() {
    // One poll at a time: a slow server must not stack them up.
    if (this.#polling) return;
    this.#polling = true;
    try {
      for (const [subscription, { kind, filterId }] of this.#subs) {
        const changes = await this.#request('eth_getFilterChanges', [filterId]).catch((error) => {
          this.#emit('error', error);
          return [];
        });
        for (const change of changes) {
          const result = kind === 'newHeads' ? await this.#request('eth_getBlockByHash', [change, false]) : change;
          // Unsubscribed while this poll ran: deliver nothing more.
          if (result && this.#subs.has(subscription)) this.#emit('message', { type: 'eth_subscription', data: { subscription, result } });
        }
      }
    } finally {
      this.#polling = false;
    }
  }
}
