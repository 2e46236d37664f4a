/**
 * `InMemorySessionLeases`: conversation leases within one process, for tests and single-process apps.
 * @module
 */
import { abortedError, leaseLostError, leaseTimeoutError } from "../error_constructors.ts";
import type { ErrorDetailsByCode } from "../errors.ts";
import {
  type AcquireLeaseOptions,
  parseAcquireArguments,
  type SessionLease,
  type SessionLeases,
} from "./session_lease.ts";

/** An `acquire` waiting for a held lease: settled once, by a hand-over, its `waitMs`, or its signal. */
interface Waiter {
  grant(lease: MemoryLease): void;
}

/** A lease of this process: `end` aborts `lost` once, with the reason it ended. */
class MemoryLease implements SessionLease {
  readonly #lost = new AbortController();
  readonly lost: AbortSignal = this.#lost.signal;

  constructor(
    readonly sessionId: string,
    readonly fence: number,
    readonly release: () => Promise<void>,
  ) {}

  end(reason: ErrorDetailsByCode["LEASE_LOST"]["reason"]): void {
    if (!this.lost.aborted) this.#lost.abort(leaseLostError({ sessionId: this.sessionId, fence: this.fence, reason }));
  }
}

/**
 * `SessionLeases` in this process's memory: one holder per conversation, waiters served in the order they came
 * (each is handed the lease the moment it is released), fences from one counter, so they grow per conversation and
 * overall. Nothing renews or runs out here, since a holder in this process cannot die without the process; a test
 * plays a holder that died with {@link InMemorySessionLeases.expire}. Across processes or machines, use
 * `PostgresSessionLeases` (`@claude-stream/sdk/stores/postgres`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionLeases } from "@claude-stream/sdk";
 * const leases = new InMemorySessionLeases();
 * const first = await leases.acquire("s1");
 * const waiting = leases.acquire("s1"); // held: waits
 * await first.release();
 * const second = await waiting; // handed over on release
 * assert.equal(first.lost.aborted, true);
 * assert.ok(second.fence > first.fence);
 * await second.release();
 * ```
 */
export class InMemorySessionLeases implements SessionLeases {
  #lastFence = 0;
  readonly #holders = new Map<string, MemoryLease>();
  readonly #waiters = new Map<string, Waiter[]>();

  /** The lease of `sessionId`, at once when free, else once its holder releases it (see `SessionLeases`). */
  acquire(sessionId: string, options?: AcquireLeaseOptions): Promise<SessionLease> {
    let waitMs: number, signal: AbortSignal | undefined;
    try {
      ({ waitMs, signal } = parseAcquireArguments(sessionId, options));
    } catch (error) {
      return Promise.reject(error);
    }
    if (signal?.aborted) return Promise.reject(abortedError(signal.reason, "the wait for the lease"));
    if (!this.#holders.has(sessionId)) return Promise.resolve(this.#grant(sessionId));
    if (waitMs === 0) return Promise.reject(leaseTimeoutError(sessionId, waitMs));
    return new Promise((resolve, reject) => {
      const queue = this.#waiters.get(sessionId) ?? [];
      this.#waiters.set(sessionId, queue);
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        if (queue.length === 0 && this.#waiters.get(sessionId) === queue) this.#waiters.delete(sessionId);
      };
      const waiter: Waiter = {
        grant: (lease) => {
          leave();
          resolve(lease);
        },
      };
      const onAbort = () => {
        leave();
        reject(abortedError(signal?.reason, "the wait for the lease"));
      };
      const timer = Number.isFinite(waitMs)
        ? setTimeout(() => {
          leave();
          reject(leaseTimeoutError(sessionId, waitMs));
        }, waitMs)
        : undefined;
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
    });
  }

  /**
   * Ends the current lease of `sessionId` as if its holder had died and its time had run out: its `lost` aborts
   * (`expired`) and the next waiter, if any, gets the lease. For tests. Returns whether a lease was held.
   */
  expire(sessionId: string): boolean {
    const holder = this.#holders.get(sessionId);
    if (holder === undefined) return false;
    this.#end(holder, "expired");
    return true;
  }

  #grant(sessionId: string): MemoryLease {
    const lease: MemoryLease = new MemoryLease(sessionId, ++this.#lastFence, () => {
      this.#end(lease, "released");
      return Promise.resolve();
    });
    this.#holders.set(sessionId, lease);
    return lease;
  }

  /** Ends `lease` (when it is still the holder) and hands the conversation to its first waiter. */
  #end(lease: MemoryLease, reason: "released" | "expired"): void {
    lease.end(reason);
    if (this.#holders.get(lease.sessionId) !== lease) return;
    this.#holders.delete(lease.sessionId);
    const next = this.#waiters.get(lease.sessionId)?.[0];
    next?.grant(this.#grant(lease.sessionId));
  }
}
