/**
 * `PostgresSessionLeases`: one live CLI per conversation across every worker that reaches one PostgreSQL database,
 * as lease rows with an expiry and a fencing counter. Reached through `@claude-stream/sdk/stores/postgres`.
 * @module
 */
import type { Sql, TransactionSql } from "postgres";
import * as v from "valibot";
import { abortedError, invalidOptionError, leaseLostError, leaseTimeoutError } from "../../error_constructors.ts";
import type { ErrorDetailsByCode } from "../../errors.ts";
import {
  type AcquireLeaseOptions,
  parseAcquireArguments,
  type SessionLease,
  type SessionLeases,
} from "../session_lease.ts";
import { connectPostgres, onceSucceeded } from "./postgres_connection.ts";

/**
 * How a {@link PostgresSessionLeases} reaches its database (as for `PostgresSessionStore`: `url`, or a client of
 * yours as `sql`, which it then never closes) and how long a lease lasts un-renewed.
 *
 * @example
 * ```ts
 * import type { PostgresSessionLeasesOptions } from "@claude-stream/sdk/stores/postgres";
 * const options: PostgresSessionLeasesOptions = { url: "postgres://app@db.internal/app", ttlMs: 15_000 };
 * ```
 */
export interface PostgresSessionLeasesOptions {
  /** A connection URL (`postgres://user:password@host:port/database`). */
  url?: string | undefined;
  /** An existing `postgres` client; the leases run their queries on it and leave closing it to you. */
  sql?: Sql | undefined;
  /** The schema holding the lease table, created when missing; `public` by default. Use the store's schema. */
  schema?: string | undefined;
  /** At most this many connections in the leases' own pool (with `url`); 10 by default. */
  maxConnections?: number | undefined;
  /**
   * How long a lease lasts without a renewal, in ms (30000 by default, at least 100): the time a dead worker's
   * conversations stay locked. Leases are renewed every `ttlMs / 3`; a holder that could not renew for `2/3` of it
   * loses its lease (`lost` aborts, reason `unreachable`), a third of `ttlMs` before anyone else can take it.
   */
  ttlMs?: number | undefined;
  /**
   * How often a waiting `acquire` looks again, in ms (1000 by default): a release wakes waiters at once (LISTEN/NOTIFY),
   * this catches a lease that ran out.
   */
  pollMs?: number | undefined;
}

/** The lease table, one row per conversation ever leased: its fence, and when the lease runs out (null: released). */
const TABLE = "claude_stream_session_leases";
/** The NOTIFY channel of releases; the payload names the schema and the conversation. */
const CHANNEL = "claude_stream_session_leases";
/** pg_notify refuses payloads of 8000 bytes and more: a longer one names the schema only (every waiter there looks). */
const MAX_PAYLOAD_BYTES = 7000;

const ms = (min: number) =>
  v.pipe(v.number(), v.integer("must be a whole number of ms"), v.minValue(min), v.maxValue(2_147_483_647));
const TimingSchema = v.object({ ttlMs: v.optional(ms(100), 30_000), pollMs: v.optional(ms(1), 1000) });

/** The lease's schema, kept beside each lease this module hands out, for the fenced appends of the store. */
const leaseSchemas = new WeakMap<SessionLease, string>();

/**
 * Leases in a PostgreSQL table, so that across every worker on one database at most one holds a conversation. Each
 * lease is a row: its `fence` (raised by one at every new holder) and its expiry, which its holder renews in the
 * background every `ttlMs / 3`. A worker that dies stops renewing, and its conversations can be taken `ttlMs` later;
 * a holder that cannot reach the database loses its lease (`lost`, `unreachable`) a third of `ttlMs` before that, so it
 * stops its CLI before anyone else starts one. Taking, renewing and releasing are one statement each and hold no
 * connection in between: a worker holding ten thousand conversations needs no more connections than one holding one
 * (an advisory lock would pin a connection per conversation, and lose the lock silently with the connection). Waiters
 * are woken by a NOTIFY on release and look again every `pollMs` for a lease that ran out. The table is created on
 * first use, or by {@link PostgresSessionLeases.migrate}; `close()` releases every lease still held.
 *
 * Give the lease to `PostgresSessionStore.fenced(lease)` and its appends are refused once the lease is not the
 * conversation's current one, also when they arrive late.
 *
 * @example
 * ```ts
 * import { PostgresSessionLeases } from "@claude-stream/sdk/stores/postgres";
 * const url = process.env.DATABASE_URL;
 * if (url) {
 *   const leases = new PostgresSessionLeases({ url, ttlMs: 15_000 });
 *   const lease = await leases.acquire("8ec596a5-375c-46da-9f57-4c8b183c77bc", { waitMs: 20_000 });
 *   lease.lost.addEventListener("abort", () => console.log("stop the CLI: another worker may take over"));
 *   // ... run the conversation's CLI ...
 *   await lease.release();
 *   await leases.close();
 * }
 * ```
 */
export class PostgresSessionLeases implements SessionLeases {
  readonly #sql: Sql;
  readonly #ownsClient: boolean;
  readonly #schema: string;
  readonly #ttlMs: number;
  readonly #pollMs: number;
  readonly #migrated = onceSucceeded(() => this.migrate());
  /** The leases held through this object, released by `close()`. */
  readonly #held = new Set<PostgresLease>();
  /** The wake-ups of the waiting `acquire`s, per conversation. */
  readonly #wakers = new Map<string, Set<() => void>>();
  /** Work `close()` waits for before it ends the client: acquires in flight, background releases. */
  readonly #pending = new Set<Promise<unknown>>();
  #listening: Promise<(() => Promise<void>) | null> | null = null;
  #closed = false;

  /** Leases on `options.url` (a pool of their own) or `options.sql`; nothing is sent before the first call. */
  constructor(options: PostgresSessionLeasesOptions) {
    const timing = v.safeParse(TimingSchema, options);
    if (!timing.success) {
      const option = String(timing.issues[0].path?.[0]?.key ?? "options");
      throw invalidOptionError(option, `invalid lease option ${option}: ${timing.issues[0].message}`);
    }
    this.#ttlMs = timing.output.ttlMs;
    this.#pollMs = timing.output.pollMs;
    ({ sql: this.#sql, ownsClient: this.#ownsClient, schema: this.#schema } = connectPostgres(
      options,
      "PostgresSessionLeases",
    ));
  }

  /** Creates the schema and the lease table when missing (safe to run from several workers at once). */
  async migrate(): Promise<void> {
    const schema = this.#sql(this.#schema);
    await this.#sql.begin(async (sql) => {
      await sql`select pg_advisory_xact_lock(hashtext('claude_stream_session_leases_migrate'))`;
      await sql`create schema if not exists ${schema}`;
      await sql`
        create table if not exists ${schema}.${sql(TABLE)} (
          session_id text primary key,
          fence bigint not null,
          expires_at timestamptz
        )`;
    });
  }

  /** The lease of `sessionId` once this caller holds it (see `SessionLeases` for `waitMs` and `signal`). */
  acquire(sessionId: string, options?: AcquireLeaseOptions): Promise<SessionLease> {
    let parsed: { waitMs: number; signal: AbortSignal | undefined };
    try {
      parsed = parseAcquireArguments(sessionId, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#track(this.#acquire(sessionId, parsed.waitMs, parsed.signal));
  }

  /** Releases every lease still held here, then closes the leases' own connections (not a client you passed in). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const wakers of this.#wakers.values()) for (const wake of wakers) wake();
    await Promise.allSettled([...this.#held].map((lease) => lease.release()));
    await Promise.allSettled([...this.#pending]);
    const unlisten = await this.#listening?.catch(() => null);
    await unlisten?.().catch(() => {});
    if (this.#ownsClient) await this.#sql.end({ timeout: 5 });
  }

  async #acquire(sessionId: string, waitMs: number, signal: AbortSignal | undefined): Promise<SessionLease> {
    const started = performance.now();
    await this.#migrated();
    for (;;) {
      if (signal?.aborted) throw abortedError(signal.reason, "the wait for the lease");
      if (this.#closed) throw abortedError(new Error("PostgresSessionLeases was closed"), "the wait for the lease");
      // on before the attempt, so that a release between the attempt and the wait is not missed
      const wakeUp = this.#wakeUpOn(sessionId);
      try {
        const takenAt = performance.now();
        const fence = await this.#take(sessionId);
        if (fence !== null) {
          const lease = new PostgresLease(sessionId, fence, takenAt, this.#ttlMs, {
            renew: (lease) => this.#renew(lease),
            release: (lease, background) =>
              background ? void this.#track(this.#release(lease)).catch(() => {}) : this.#release(lease),
            forget: (lease) => this.#held.delete(lease),
          });
          this.#held.add(lease);
          leaseSchemas.set(lease, this.#schema);
          if (signal?.aborted || this.#closed) {
            await lease.release();
            if (signal?.aborted) throw abortedError(signal.reason, "the wait for the lease");
            throw abortedError(new Error("PostgresSessionLeases was closed"), "the wait for the lease");
          }
          return lease;
        }
        const left = waitMs - (performance.now() - started);
        if (left <= 0) throw leaseTimeoutError(sessionId, waitMs);
        await this.#listen();
        await wakeUp.wait(Math.min(left, this.#pollMs), signal);
      } finally {
        wakeUp.off();
      }
    }
  }

  /** Takes the lease when it is free (never taken, released, or run out): its new fence, or null when it is held. */
  async #take(sessionId: string): Promise<number | null> {
    const table = this.#table();
    const [row] = await this.#sql<{ fence: string }[]>`
      insert into ${table} as lease (session_id, fence, expires_at)
      values (${sessionId}, 1, clock_timestamp() + ${this.#ttlMs}::int * interval '1 millisecond')
      on conflict (session_id) do update set fence = lease.fence + 1, expires_at = excluded.expires_at
      where lease.expires_at is null or lease.expires_at <= clock_timestamp()
      returning fence`;
    return row === undefined ? null : Number(row.fence);
  }

  /** Renews a lease still held: `held`, or why it is not held any more. */
  async #renew(lease: SessionLease): Promise<"held" | "expired" | "taken-over"> {
    const table = this.#table();
    const renewed = await this.#sql`
      update ${table} set expires_at = clock_timestamp() + ${this.#ttlMs}::int * interval '1 millisecond'
      where session_id = ${lease.sessionId} and fence = ${lease.fence} and expires_at > clock_timestamp()
      returning 1`;
    if (renewed.length > 0) return "held";
    const [row] = await this.#sql<{ fence: string }[]>`
      select fence from ${table} where session_id = ${lease.sessionId}`;
    return row !== undefined && Number(row.fence) > lease.fence ? "taken-over" : "expired";
  }

  /** Frees a lease still held, and wakes the conversation's waiters on every worker. */
  async #release(lease: SessionLease): Promise<void> {
    const payload = JSON.stringify([this.#schema, lease.sessionId]);
    const wakes = new TextEncoder().encode(payload).length <= MAX_PAYLOAD_BYTES
      ? payload
      : JSON.stringify([this.#schema]);
    await this.#sql`
      with released as (
        update ${this.#table()} set expires_at = null
        where session_id = ${lease.sessionId} and fence = ${lease.fence} and expires_at is not null
        returning 1
      )
      select pg_notify(${CHANNEL}, ${wakes}) from released`;
  }

  /** LISTENs for releases, once; when it cannot, the waiters poll only. */
  async #listen(): Promise<void> {
    this.#listening ??= this.#sql.listen(CHANNEL, (payload) => this.#released(payload)).then(
      (listening) => () => listening.unlisten(),
      () => {
        this.#listening = null; // tried again by the next wait
        return null;
      },
    );
    await this.#listening;
  }

  /** A release was announced: wake its conversation's waiters here (every waiter of the schema, for a long id). */
  #released(payload: string): void {
    let named: unknown;
    try {
      named = JSON.parse(payload);
    } catch {
      return;
    }
    if (!Array.isArray(named) || named[0] !== this.#schema) return;
    const sessions = typeof named[1] === "string" ? [this.#wakers.get(named[1])] : [...this.#wakers.values()];
    for (const wakers of sessions) for (const wake of wakers ?? []) wake();
  }

  /** A wake-up for one waiting `acquire` of `sessionId`: `wait` ends early when a release is announced. */
  #wakeUpOn(sessionId: string): { wait(ms: number, signal: AbortSignal | undefined): Promise<void>; off(): void } {
    let woken = false;
    let onWake = () => {};
    const wake = () => {
      woken = true;
      onWake();
    };
    const wakers = this.#wakers.get(sessionId) ?? new Set();
    this.#wakers.set(sessionId, wakers);
    wakers.add(wake);
    return {
      wait: (ms, signal) =>
        new Promise<void>((resolve, reject) => {
          if (woken) return resolve();
          if (signal?.aborted) return reject(abortedError(signal.reason, "the wait for the lease"));
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
            onWake = () => {};
          };
          const onAbort = () => {
            done();
            reject(abortedError(signal?.reason, "the wait for the lease"));
          };
          const timer = setTimeout(() => {
            done();
            resolve();
          }, ms);
          onWake = () => {
            done();
            resolve();
          };
          signal?.addEventListener("abort", onAbort, { once: true });
        }),
      off: () => {
        wakers.delete(wake);
        if (wakers.size === 0 && this.#wakers.get(sessionId) === wakers) this.#wakers.delete(sessionId);
      },
    };
  }

  #table() {
    return this.#sql`${this.#sql(this.#schema)}.${this.#sql(TABLE)}`;
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    const untrack = () => this.#pending.delete(work);
    work.then(untrack, untrack);
    return work;
  }
}

/** What a lease asks of the leases that made it. */
interface LeaseOwner {
  renew(lease: SessionLease): Promise<"held" | "expired" | "taken-over">;
  /** Frees the row; in the background (errors ignored: the row runs out anyway) when `background`. */
  release(lease: SessionLease, background: boolean): Promise<void> | void;
  forget(lease: PostgresLease): void;
}

type LostReason = ErrorDetailsByCode["LEASE_LOST"]["reason"];

/**
 * One held lease: renewed every `ttlMs / 3` after its last renewal got through, retried sooner when one fails, and
 * lost `2/3` of `ttlMs` after the last renewal that got through, by a timer of its own, so that a renewal hanging on
 * a dead connection cannot keep it. Times are this process's monotonic clock, measured from when each renewal was
 * sent: the database's expiry is later than that, so the holder always stops first.
 */
class PostgresLease implements SessionLease {
  readonly #lost = new AbortController();
  readonly lost: AbortSignal = this.#lost.signal;
  #endReason: LostReason | null = null;
  #lastError: unknown;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #released: Promise<void> | null = null;
  readonly #ttlMs: number;
  readonly #owner: LeaseOwner;

  constructor(readonly sessionId: string, readonly fence: number, takenAt: number, ttlMs: number, owner: LeaseOwner) {
    this.#ttlMs = ttlMs;
    this.#owner = owner;
    this.#heldSince(takenAt);
  }

  /** Gives the lease up (after its holder stopped writing); a second call returns the first one's promise. */
  release(): Promise<void> {
    this.#released ??= this.#giveUp();
    return this.#released;
  }

  async #giveUp(): Promise<void> {
    const lostFor = this.#endReason;
    this.#end("released");
    // taken over or run out: nothing of ours to free; unreachable: free it when the database is back, without waiting
    if (lostFor === null) await this.#owner.release(this, false);
    else if (lostFor === "unreachable") void this.#owner.release(this, true);
  }

  /** A take or renewal sent at `sentAt` got through: the next renewal and the deadline count from then. */
  #heldSince(sentAt: number): void {
    clearTimeout(this.#deadline);
    const now = performance.now();
    this.#deadline = setTimeout(
      () => this.#end("unreachable", this.#lastError),
      Math.max(0, sentAt + (this.#ttlMs * 2) / 3 - now),
    );
    this.#renewLater(Math.max(0, sentAt + this.#ttlMs / 3 - now));
  }

  #renewLater(delay: number): void {
    clearTimeout(this.#renewTimer);
    this.#renewTimer = setTimeout(() => void this.#renew(), delay);
  }

  async #renew(): Promise<void> {
    const sentAt = performance.now();
    let state: "held" | "expired" | "taken-over";
    try {
      state = await this.#owner.renew(this);
    } catch (error) {
      this.#lastError = error;
      if (this.#endReason === null) this.#renewLater(this.#ttlMs / 12);
      return;
    }
    if (this.#endReason !== null) return;
    if (state === "held") this.#heldSince(sentAt);
    else this.#end(state);
  }

  #end(reason: LostReason, cause?: unknown): void {
    if (this.#endReason !== null) return;
    this.#endReason = reason;
    clearTimeout(this.#renewTimer);
    clearTimeout(this.#deadline);
    this.#owner.forget(this);
    this.#lost.abort(leaseLostError({ sessionId: this.sessionId, fence: this.fence, reason }, cause));
  }
}

/**
 * The fence check of an append fenced by `lease`, run first in the append's transaction: the lease's row is read
 * `for share`, so that a takeover (an update of that row) waits for the append to commit, and an append after a
 * takeover sees the new fence. `LEASE_LOST` when the lease is not the conversation's current, live one;
 * `INVALID_OPTION` when it is no lease of `PostgresSessionLeases`, or one of another database.
 *
 * @example
 * ```ts
 * import postgres from "postgres";
 * import { checkLeaseFence, PostgresSessionLeases } from "./postgres_session_leases.ts";
 * const url = process.env.DATABASE_URL;
 * if (url) {
 *   const sql = postgres(url);
 *   const leases = new PostgresSessionLeases({ sql });
 *   const lease = await leases.acquire("s1");
 *   await sql.begin((tx) => checkLeaseFence(tx, lease)); // passes: the lease is current
 *   await leases.close();
 *   await sql.end();
 * }
 * ```
 */
export async function checkLeaseFence(sql: Sql | TransactionSql, lease: SessionLease): Promise<void> {
  const schema = leaseSchemas.get(lease);
  if (schema === undefined) {
    throw invalidOptionError("lease", "a fenced append needs a lease from PostgresSessionLeases");
  }
  const [row] = await sql<{ fence: string; live: boolean; released: boolean }[]>`
    select fence, coalesce(expires_at > clock_timestamp(), false) as live, expires_at is null as released
    from ${sql(schema)}.${sql(TABLE)} where session_id = ${lease.sessionId}
    for share`;
  if (row === undefined) {
    throw invalidOptionError("lease", `the lease of session ${lease.sessionId} is not in this store's database`);
  }
  const fence = Number(row.fence);
  if (fence === lease.fence && row.live) return;
  const reason = fence > lease.fence ? "taken-over" : row.released ? "released" : "expired";
  throw leaseLostError({ sessionId: lease.sessionId, fence: lease.fence, reason });
}

/**
 * Whether `lease` came from a `PostgresSessionLeases` (and so can fence a store's appends).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionLeases } from "@claude-stream/sdk";
 * import { isPostgresLease } from "./postgres_session_leases.ts";
 * const lease = await new InMemorySessionLeases().acquire("s1");
 * assert.equal(isPostgresLease(lease), false);
 * ```
 */
export function isPostgresLease(lease: SessionLease): boolean {
  return leaseSchemas.has(lease);
}
