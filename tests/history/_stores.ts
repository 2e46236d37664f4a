/**
 * The stores the history tests run on: the in-memory one, one with only the required methods and `listSessions`
 * and `listSubkeys` (no summaries: every listing reads the entries), and PostgreSQL (a throwaway server per test file,
 * tests/store/_postgres.ts), each test with a schema of its own.
 */
import { InMemorySessionStore, type SessionStore } from "../../mod.ts";
import { PostgresSessionStore } from "../../stores/postgres.ts";
import { postgresForFile, skipReason } from "../store/_postgres.ts";

/** A store of one kind, and how to let it go. */
export interface OpenStore {
  store: SessionStore;
  close(): Promise<void>;
}

/** One kind of store the tests run on. */
export interface StoreKind {
  name: string;
  /** Why it cannot run here, or false. */
  skip: string | false;
  open(): Promise<OpenStore>;
}

/** A store with no `listSessionSummaries` and no `delete`: listings read every transcript, deletes do nothing. */
export function plainStore(inner: SessionStore = new InMemorySessionStore()): SessionStore {
  return {
    append: (key, entries) => inner.append(key, entries),
    load: (key) => inner.load(key),
    listSessions: (projectKey) => inner.listSessions!(projectKey),
    listSubkeys: (key) => inner.listSubkeys!(key),
  };
}

/**
 * The store kinds, PostgreSQL started before the file's tests and stopped after them (when a server can be had:
 * else its tests are skipped, saying why; CI always has one).
 */
export function storeKinds(): StoreKind[] {
  const postgresUrl = postgresForFile();
  return [
    {
      name: "InMemorySessionStore",
      skip: false,
      open: () => Promise.resolve({ store: new InMemorySessionStore(), close: () => Promise.resolve() }),
    },
    {
      name: "a store without summaries",
      skip: false,
      open: () => Promise.resolve({ store: plainStore(), close: () => Promise.resolve() }),
    },
    {
      name: "PostgresSessionStore",
      skip: skipReason,
      open: () => {
        const store = new PostgresSessionStore({
          url: postgresUrl(),
          schema: `cs_history_${crypto.randomUUID().replaceAll("-", "")}`,
        });
        return Promise.resolve({ store, close: () => store.close() });
      },
    },
  ];
}
