/**
 * The PostgreSQL `SessionStore` and `SessionLeases`: transcripts shared by every worker that reaches the database, and
 * one live CLI per conversation among them, on the `postgres` package (install it beside this one:
 * `npm install postgres`). Its own entry point, so that the main one never loads a database client. See
 * `docs/session_stores.md`.
 *
 * @example
 * ```ts
 * import { PostgresSessionStore } from "@claude-stream/sdk/stores/postgres";
 * const url = process.env.DATABASE_URL;
 * if (url) {
 *   const store = new PostgresSessionStore({ url });
 *   await store.migrate(); // optional: the first query creates the tables too
 *   await store.close();
 * }
 * ```
 * @module
 */
export { PostgresSessionStore } from "../src/store/postgres/postgres_session_store.ts";
export type { PostgresSessionStoreOptions } from "../src/store/postgres/postgres_session_store.ts";
export { PostgresSessionLeases } from "../src/store/postgres/postgres_session_leases.ts";
export type { PostgresSessionLeasesOptions } from "../src/store/postgres/postgres_session_leases.ts";
export type { AcquireLeaseOptions, SessionLease, SessionLeases } from "../src/store/session_lease.ts";
export type { SessionKey, SessionStore, SessionStoreEntry, SessionSummaryEntry } from "../src/store/session_store.ts";
