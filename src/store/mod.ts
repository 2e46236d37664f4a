/**
 * Session stores: the official SDK's `SessionStore` interface, the in-memory store, its summary folding and the
 * import of transcripts on disk. Database stores have entry points of their own (`@claude-stream/sdk/stores/postgres`).
 * @module
 */
export type { SessionKey, SessionStore, SessionStoreEntry, SessionSummaryEntry } from "./session_store.ts";
export { InMemorySessionStore } from "./in_memory_session_store.ts";
export { foldSessionSummary } from "./fold_session_summary.ts";
export { importSessionToStore } from "./import_session_to_store.ts";
export type { ImportSessionToStoreOptions } from "./import_session_to_store.ts";
// One live CLI per conversation: leases (across workers: `PostgresSessionLeases` in `stores/postgres`).
export type { AcquireLeaseOptions, SessionLease, SessionLeases } from "./session_lease.ts";
export { InMemorySessionLeases } from "./in_memory_session_leases.ts";
