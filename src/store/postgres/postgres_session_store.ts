/**
 * `PostgresSessionStore`: a `SessionStore` on PostgreSQL, through the `postgres` package (porsager/postgres: no
 * dependencies of its own, and the same code on Deno, Bun and Node). Reached only through its own entry point
 * (`@claude-stream/sdk/stores/postgres`), so the core never loads a database client.
 * @module
 */
import type { Sql } from "postgres";
import { invalidOptionError } from "../../error_constructors.ts";
import { connectPostgres, onceSucceeded } from "./postgres_connection.ts";
import type { SessionLease } from "../session_lease.ts";
import { checkLeaseFence, isPostgresLease } from "./postgres_session_leases.ts";
import { foldSessionSummary } from "../fold_session_summary.ts";
import type { SessionKey, SessionStore, SessionStoreEntry, SessionSummaryEntry } from "../session_store.ts";
import { checkSessionKey } from "../session_store.ts";

/**
 * How a {@link PostgresSessionStore} reaches its database: a connection `url`, or a client you already have
 * (`sql`, from `postgres(...)`, which the store then never closes).
 *
 * @example
 * ```ts
 * import type { PostgresSessionStoreOptions } from "@claude-stream/sdk/stores/postgres";
 * const options: PostgresSessionStoreOptions = { url: "postgres://app@db.internal/app", schema: "claude" };
 * ```
 */
export interface PostgresSessionStoreOptions {
  /** A connection URL (`postgres://user:password@host:port/database`). */
  url?: string | undefined;
  /** An existing `postgres` client; the store runs its queries on it and leaves closing it to you. */
  sql?: Sql | undefined;
  /** The schema holding the store's two tables, created when missing; `public` by default. */
  schema?: string | undefined;
  /** At most this many connections in the store's own pool (with `url`); 10 by default. */
  maxConnections?: number | undefined;
}

/** At most this many entries go in one INSERT, so a long transcript's import stays within the server's limits. */
const INSERT_BATCH = 1000;

/** What one run's statement found and did: the row's new write time, its summary as it was, the positions it added. */
interface WrittenRun {
  mtime: number;
  summary: SessionSummaryEntry["data"] | null;
  /** 1-based positions in the run of the entries it inserted (the others' `uuid` was there already). */
  added: number[];
}

/**
 * Transcripts in two tables: `claude_stream_session_entries` (one row per entry, as `json`, which keeps the entry's
 * text verbatim, NUL escapes included, in a per-transcript order) and `claude_stream_sessions` (one row per
 * transcript: its write time, the next sequence number and, for main transcripts, the folded summary). The tables are
 * created on first use, or ahead of time by {@link PostgresSessionStore.migrate}. An append is one transaction that
 * holds the transcript's row lock, so appends to one session are ordered and its summary folded without a race, while
 * appends to other sessions run beside it; within this process, appends to a key also keep their call order. A
 * `uuid` already stored for the key is skipped (a unique index), so retries and re-imports add nothing.
 *
 * @example
 * ```ts
 * import { PostgresSessionStore } from "@claude-stream/sdk/stores/postgres";
 * const url = process.env.DATABASE_URL;
 * if (url) {
 *   const store = new PostgresSessionStore({ url });
 *   await store.append({ projectKey: "-work-app", sessionId: "s1" }, [{ type: "custom-title", customTitle: "Trip" }]);
 *   console.log(await store.listSessions("-work-app"));
 *   await store.close();
 * }
 * ```
 */
export class PostgresSessionStore implements SessionStore {
  readonly #sql: Sql;
  readonly #ownsClient: boolean;
  readonly #schema: string;
  /** `migrate()` once per store; a failed attempt is tried again by the next query. */
  readonly #migrated = onceSucceeded(() => this.migrate());
  /** The tail of each key's appends in this process: the next one waits for it, so call order is commit order. */
  readonly #tails = new Map<string, Promise<void>>();

  /** A store on `options.url` (a pool of its own) or `options.sql`; nothing is sent before the first call. */
  constructor(options: PostgresSessionStoreOptions) {
    ({ sql: this.#sql, ownsClient: this.#ownsClient, schema: this.#schema } = connectPostgres(
      options,
      "PostgresSessionStore",
    ));
  }

  /**
   * Creates the schema and tables when missing (under an advisory lock, so workers starting together do not race).
   * Safe to call any number of times; the first query of a store calls it on its own.
   */
  async migrate(): Promise<void> {
    const schema = this.#sql(this.#schema);
    await this.#sql.begin(async (sql) => {
      await sql`select pg_advisory_xact_lock(hashtext('claude_stream_session_store_migrate'))`;
      await sql`create schema if not exists ${schema}`;
      await sql`
        create table if not exists ${schema}.claude_stream_sessions (
          project_key text not null,
          session_id text not null,
          subpath text not null default '',
          mtime bigint not null,
          next_seq bigint not null default 0,
          summary jsonb,
          primary key (project_key, session_id, subpath)
        )`;
      await sql`
        create table if not exists ${schema}.claude_stream_session_entries (
          project_key text not null,
          session_id text not null,
          subpath text not null default '',
          seq bigint not null,
          uuid text,
          entry json not null,
          primary key (project_key, session_id, subpath, seq)
        )`;
      await sql`
        create unique index if not exists claude_stream_session_entries_uuid
        on ${schema}.claude_stream_session_entries (project_key, session_id, subpath, uuid)
        where uuid is not null`;
    });
  }

  /** Appends the entries whose `uuid` the key does not hold yet, after the key's earlier appends. */
  append(key: SessionKey, entries: SessionStoreEntry[]): Promise<void> {
    return this.#appendInOrder(key, entries, undefined);
  }

  /**
   * This store with the appends to `lease`'s conversation fenced: each checks, in its own transaction, that `lease`
   * (from a `PostgresSessionLeases` on this database) is still the conversation's current lease, and fails with
   * `LEASE_LOST`, writing nothing, when it is not (another holder took over, or it ran out or was released). So a
   * worker that lost its lease, or was paused past its expiry, cannot add to a transcript a new holder carries on.
   * Appends to other conversations (a fork's new id) and every other method are the store's own, unfenced.
   *
   * @example
   * ```ts
   * import { PostgresSessionLeases, PostgresSessionStore } from "@claude-stream/sdk/stores/postgres";
   * const url = process.env.DATABASE_URL;
   * if (url) {
   *   const store = new PostgresSessionStore({ url });
   *   const leases = new PostgresSessionLeases({ url });
   *   const lease = await leases.acquire("s1");
   *   const fenced = store.fenced(lease);
   *   await fenced.append({ projectKey: "-work-app", sessionId: "s1" }, [{ type: "custom-title", customTitle: "T" }]);
   *   await lease.release(); // from here on, fenced.append to s1 fails with LEASE_LOST
   *   await Promise.all([leases.close(), store.close()]);
   * }
   * ```
   */
  fenced(lease: SessionLease): SessionStore {
    if (!isPostgresLease(lease)) {
      throw invalidOptionError("lease", "fenced() needs a lease from PostgresSessionLeases on the store's database");
    }
    return {
      append: (key, entries) =>
        this.#appendInOrder(key, entries, key?.sessionId === lease.sessionId ? lease : undefined),
      load: (key) => this.load(key),
      listSessions: (projectKey) => this.listSessions(projectKey),
      listSessionSummaries: (projectKey) => this.listSessionSummaries(projectKey),
      delete: (key) => this.delete(key),
      listSubkeys: (key) => this.listSubkeys(key),
    };
  }

  #appendInOrder(key: SessionKey, entries: SessionStoreEntry[], lease: SessionLease | undefined): Promise<void> {
    checkSessionKey(key);
    const name = JSON.stringify([key.projectKey, key.sessionId, key.subpath ?? null]);
    const previous = this.#tails.get(name) ?? Promise.resolve();
    const done = previous.catch(() => {}).then(() => this.#append(key, entries, lease));
    const tail = done.catch(() => {});
    this.#tails.set(name, tail);
    void tail.then(() => {
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    });
    return done;
  }

  /**
   * One append in two round trips: `begin`, the lease check and each run of {@link INSERT_BATCH} entries go out together
   * (each run upserts the transcript's row, which takes its lock and reserves the run's sequence numbers, and inserts
   * the entries it does not hold yet), then the folded summary and `commit`. A subagent transcript (no summary) with
   * one run and no lease is a single statement.
   */
  async #append(key: SessionKey, entries: SessionStoreEntry[], lease: SessionLease | undefined): Promise<void> {
    await this.#migrated();
    const main = key.subpath === undefined;
    const runs: SessionStoreEntry[][] = [];
    for (let start = 0; start < entries.length || start === 0; start += INSERT_BATCH) {
      runs.push(entries.slice(start, start + INSERT_BATCH));
    }
    const now = Date.now();
    if (!main && runs.length === 1 && lease === undefined) {
      await this.#insertRun(this.#sql, key, runs[0]!, now, true);
      return;
    }
    const sql = await this.#sql.reserve();
    try {
      // one connection sends its queries in the order they are started: `begin` first
      const [, , ...written] = await Promise.all([
        sql`begin`.execute(),
        lease === undefined ? undefined : checkLeaseFence(sql, lease),
        ...runs.map((run, index) => this.#insertRun(sql, key, run, now, index === 0)),
      ]);
      await Promise.all([main ? this.#updateSummary(sql, key, runs, written) : undefined, sql`commit`.execute()]);
    } catch (error) {
      await sql`rollback`.catch(() => {});
      throw error;
    } finally {
      sql.release();
    }
  }

  /** Folds the entries the runs added into the summary they found, and sends it (inside the append's transaction). */
  #updateSummary(
    sql: Sql,
    key: SessionKey,
    runs: SessionStoreEntry[][],
    written: WrittenRun[],
  ): Promise<unknown> {
    const { mtime, summary } = written[0]!;
    const added = written.flatMap(({ added }, index) => added.map((position) => runs[index]![position - 1]!));
    const previous = summary === null ? undefined : { sessionId: key.sessionId, mtime, data: summary };
    const folded = foldSessionSummary(previous, key, added, { mtime }).data;
    return sql`
      update ${sql(this.#schema)}.claude_stream_sessions set summary = (${JSON.stringify(folded)}::text)::jsonb
      where project_key = ${key.projectKey} and session_id = ${key.sessionId} and subpath = ''`.execute();
  }

  /**
   * One statement: upserts the transcript's row (its write time moved on by the first run, `next_seq` by every run's
   * length, the row locked until the transaction ends) and inserts the run's entries at the sequence numbers it
   * reserved, skipping a `uuid` the key holds. Resolves to the row's new write time, its summary as it was, and the
   * 1-based positions in `run` of the entries it added.
   */
  async #insertRun(
    sql: Sql,
    key: SessionKey,
    run: SessionStoreEntry[],
    now: number,
    first: boolean,
  ): Promise<WrittenRun> {
    const schema = sql(this.#schema);
    const subpath = key.subpath ?? "";
    // one JSON array text: the server splits it, keeping each entry's text as it was (no escaping per element)
    const texts = `[${run.map((entry) => JSON.stringify(entry)).join(",")}]`;
    // the uuid is read here, not in SQL: the server will not turn a JSON text holding \u0000 into text
    const uuids = run.map((entry) => typeof entry.uuid === "string" ? entry.uuid : null);
    const [row] = await sql<{ mtime: string; summary: SessionSummaryEntry["data"] | null; added: string[] }[]>`
      with session as (
        insert into ${schema}.claude_stream_sessions as s (project_key, session_id, subpath, mtime, next_seq)
        values (${key.projectKey}, ${key.sessionId}, ${subpath}, ${now}, ${run.length})
        on conflict (project_key, session_id, subpath) do update
        set mtime = case when ${first} then greatest(excluded.mtime, s.mtime + 1) else s.mtime end,
          next_seq = s.next_seq + excluded.next_seq
        returning s.next_seq - ${run.length}::bigint as start, s.mtime, s.summary
      ), added as (
        insert into ${schema}.claude_stream_session_entries (project_key, session_id, subpath, seq, uuid, entry)
        select ${key.projectKey}, ${key.sessionId}, ${subpath}, session.start + run.position, run.uuid, run.entry
        from session, rows from (json_array_elements((${texts}::text)::json), unnest(${sql.array(uuids)}::text[]))
          with ordinality as run(entry, uuid, position)
        order by run.position
        on conflict do nothing
        returning seq
      )
      select session.mtime, session.summary, array(select added.seq - session.start from added order by 1) as added
      from session`;
    return { mtime: Number(row!.mtime), summary: row!.summary, added: row!.added.map(Number) };
  }

  /** Every entry of the key in append order; null when it was never written (or was deleted). */
  async load(key: SessionKey): Promise<SessionStoreEntry[] | null> {
    checkSessionKey(key);
    await this.#migrated();
    const schema = this.#sql(this.#schema);
    const subpath = key.subpath ?? "";
    const [known] = await this.#sql`
      select 1 from ${schema}.claude_stream_sessions
      where project_key = ${key.projectKey} and session_id = ${key.sessionId} and subpath = ${subpath}`;
    if (known === undefined) return null;
    const rows = await this.#sql<{ entry: string }[]>`
      select entry::text as entry from ${schema}.claude_stream_session_entries
      where project_key = ${key.projectKey} and session_id = ${key.sessionId} and subpath = ${subpath}
      order by seq`;
    return rows.map((row) => JSON.parse(row.entry));
  }

  /** The project's main transcripts and their write times (integer epoch ms). */
  async listSessions(projectKey: string): Promise<Array<{ sessionId: string; mtime: number }>> {
    await this.#migrated();
    const rows = await this.#sql<{ session_id: string; mtime: string }[]>`
      select session_id, mtime from ${this.#sql(this.#schema)}.claude_stream_sessions
      where project_key = ${projectKey} and subpath = ''`;
    return rows.map((row) => ({ sessionId: row.session_id, mtime: Number(row.mtime) }));
  }

  /** The project's summaries, as folded on append. */
  async listSessionSummaries(projectKey: string): Promise<SessionSummaryEntry[]> {
    await this.#migrated();
    const rows = await this.#sql<{ session_id: string; mtime: string; summary: Record<string, unknown> }[]>`
      select session_id, mtime, summary from ${this.#sql(this.#schema)}.claude_stream_sessions
      where project_key = ${projectKey} and subpath = '' and summary is not null`;
    return rows.map((row) => ({ sessionId: row.session_id, mtime: Number(row.mtime), data: row.summary }));
  }

  /** Removes the key; a main key removes the session's subagent transcripts too. */
  async delete(key: SessionKey): Promise<void> {
    checkSessionKey(key);
    await this.#migrated();
    const schema = this.#sql(this.#schema);
    const main = key.subpath === undefined;
    const subpath = key.subpath ?? "";
    await this.#sql.begin(async (sql) => {
      for (const table of ["claude_stream_sessions", "claude_stream_session_entries"]) {
        await sql`
          delete from ${schema}.${sql(table)}
          where project_key = ${key.projectKey} and session_id = ${key.sessionId} and (${main} or subpath = ${subpath})`;
      }
    });
  }

  /** The subpaths written under a session. */
  async listSubkeys(key: { projectKey: string; sessionId: string }): Promise<string[]> {
    checkSessionKey(key);
    await this.#migrated();
    const rows = await this.#sql<{ subpath: string }[]>`
      select subpath from ${this.#sql(this.#schema)}.claude_stream_sessions
      where project_key = ${key.projectKey} and session_id = ${key.sessionId} and subpath <> ''`;
    return rows.map((row) => row.subpath);
  }

  /** Waits for appends in flight, then closes the store's own connections (not a client you passed in). */
  async close(): Promise<void> {
    await Promise.all(this.#tails.values());
    if (this.#ownsClient) await this.#sql.end({ timeout: 5 });
  }
}
