/**
 * Leases: one live CLI per conversation across workers. A worker takes a conversation's lease before it starts (or
 * resumes) a CLI for it, and stops that CLI when the lease's `lost` signal aborts; the lease's `fence` grows with
 * every new holder, so a store can refuse the late writes of an old one. `InMemorySessionLeases` (one process) and
 * `PostgresSessionLeases` (`@claude-stream/sdk/stores/postgres`, every worker on one database) implement it.
 * @module
 */
import * as v from "valibot";
import { invalidOptionError } from "../error_constructors.ts";

/**
 * Where conversations' leases are taken. `acquire` resolves once the caller holds the lease of `sessionId`: at once
 * when nobody holds it, else when its holder releases it or stops renewing it (a worker that died). It fails with
 * `LEASE_TIMEOUT` when `waitMs` passes first (`waitMs: 0` tries once; no `waitMs` waits as long as it takes), and
 * with `ABORTED` when `signal` aborts. Leases are not reentrant: a second `acquire` of a held conversation waits, also
 * in the process that holds it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionLeases, isClaudeCodeError, type SessionLeases } from "@claude-stream/sdk";
 * const leases: SessionLeases = new InMemorySessionLeases();
 * const lease = await leases.acquire("8ec596a5-375c-46da-9f57-4c8b183c77bc");
 * try {
 *   await leases.acquire(lease.sessionId, { waitMs: 0 }); // held: not given twice
 * } catch (error) {
 *   assert.ok(isClaudeCodeError(error, "LEASE_TIMEOUT"));
 * }
 * await lease.release();
 * ```
 */
export interface SessionLeases {
  /** Resolves with the lease of `sessionId` once this caller holds it. */
  acquire(sessionId: string, options?: AcquireLeaseOptions): Promise<SessionLease>;
}

/**
 * How long `acquire` may wait for a lease another holder has.
 *
 * @example
 * ```ts
 * import type { AcquireLeaseOptions } from "@claude-stream/sdk";
 * const options: AcquireLeaseOptions = { waitMs: 10_000, signal: AbortSignal.timeout(30_000) };
 * ```
 */
export interface AcquireLeaseOptions {
  /** Gives up the wait, with `ABORTED`, when it aborts. */
  signal?: AbortSignal | undefined;
  /**
   * Gives up with `LEASE_TIMEOUT` when the lease is still held after this many ms: whole ms up to 2147483647, or
   * `Infinity` (the default) for no bound; `0` takes it only when it is free now.
   */
  waitMs?: number | undefined;
}

/**
 * One holder's hold on one conversation. While `lost` has not aborted, no other holder has the conversation's lease;
 * once it aborts (its reason a `LEASE_LOST` error saying why: `released`, `expired`, `taken-over`, `unreachable`),
 * the holder must stop its CLI for the conversation, and write nothing more for it. `fence` is the fencing token:
 * every new holder of the conversation gets a higher one. `release()` gives the lease up (after its CLI stopped);
 * calling it again does nothing more.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionLeases, isClaudeCodeError } from "@claude-stream/sdk";
 * const leases = new InMemorySessionLeases();
 * const first = await leases.acquire("s1");
 * first.lost.addEventListener("abort", () => console.log("stop the CLI of s1 now"));
 * await first.release();
 * assert.ok(isClaudeCodeError(first.lost.reason, "LEASE_LOST"));
 * assert.equal(first.lost.reason.details.reason, "released");
 * const second = await leases.acquire("s1");
 * assert.ok(second.fence > first.fence);
 * await second.release();
 * ```
 */
export interface SessionLease {
  /** The conversation this lease is for. */
  readonly sessionId: string;
  /** The fencing token: strictly increasing per conversation, from one holder to the next. */
  readonly fence: number;
  /** Aborts when this holder no longer holds the lease; its reason is a `LEASE_LOST` error. */
  readonly lost: AbortSignal;
  /** Gives the lease up; idempotent. */
  release(): Promise<void>;
}

/** A wait: whole ms that a host timer honours, or `Infinity`. */
const WaitMsSchema = v.union([
  v.pipe(v.number(), v.integer("must be a whole number of ms"), v.minValue(0), v.maxValue(2_147_483_647)),
  v.literal(Infinity),
]);

const AcquireOptionsSchema = v.strictObject({
  signal: v.optional(v.instance(AbortSignal, "must be an AbortSignal")),
  waitMs: v.optional(WaitMsSchema),
});

/**
 * Checks `acquire`'s arguments for every implementation: `INVALID_OPTION` for a session id that is not a non-empty
 * string (`sessionId`) or a wrong option (named in `details.option`); undefined options count as absent. Returns the
 * wait's bound (`Infinity` when none) and the signal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAcquireArguments } from "./session_lease.ts";
 * assert.deepEqual(parseAcquireArguments("s1", { waitMs: 0 }), { waitMs: 0, signal: undefined });
 * assert.throws(() => parseAcquireArguments("s1", { waitMs: -1 }), { code: "INVALID_OPTION" });
 * ```
 */
export function parseAcquireArguments(
  sessionId: unknown,
  options: unknown,
): { waitMs: number; signal: AbortSignal | undefined } {
  if (typeof sessionId !== "string" || sessionId === "") {
    throw invalidOptionError("sessionId", "a lease's sessionId must be a non-empty string");
  }
  if (options === undefined) return { waitMs: Infinity, signal: undefined };
  const present = typeof options === "object" && options !== null
    ? Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
    : options;
  const result = v.safeParse(AcquireOptionsSchema, present);
  if (!result.success) {
    const option = String(result.issues[0].path?.[0]?.key ?? "options");
    throw invalidOptionError(option, `invalid lease option ${option}: ${result.issues[0].message}`);
  }
  return { waitMs: result.output.waitMs ?? Infinity, signal: result.output.signal };
}
