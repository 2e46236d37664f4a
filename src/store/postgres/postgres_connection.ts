/**
 * What the PostgreSQL adapters share: reaching the database from `{ url }` or `{ sql }` with a schema of the
 * caller's choosing, and running a migration once per adapter. Internal to `stores/postgres`.
 * @module
 */
import postgres from "postgres";
import type { Sql } from "postgres";
import { invalidOptionError } from "../../error_constructors.ts";

/** How an adapter reaches its database (the public option types of the adapters repeat these, with their docs). */
export interface PostgresConnectionOptions {
  url?: string | undefined;
  sql?: Sql | undefined;
  schema?: string | undefined;
  maxConnections?: number | undefined;
}

/** An adapter's client, whether it is the adapter's own (to close) or the caller's, and its schema. */
export interface PostgresConnection {
  sql: Sql;
  ownsClient: boolean;
  schema: string;
}

/**
 * The client of `options.sql`, or one of the adapter's own on `options.url` (a pool of at most `maxConnections`, 10
 * by default); `INVALID_OPTION` when neither is given or the schema is not a plain identifier. `adapter` names the
 * class in the messages. Nothing is sent to the server here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { connectPostgres } from "./postgres_connection.ts";
 * const { schema, ownsClient, sql } = connectPostgres({ url: "postgres://app@db.internal/app" }, "PostgresSessionStore");
 * assert.equal(schema, "public");
 * assert.equal(ownsClient, true);
 * await sql.end();
 * assert.throws(() => connectPostgres({}, "PostgresSessionStore"), { code: "INVALID_OPTION" });
 * ```
 */
export function connectPostgres(options: PostgresConnectionOptions, adapter: string): PostgresConnection {
  if (typeof options !== "object" || options === null) {
    throw invalidOptionError("options", `${adapter} needs { url } or { sql }`);
  }
  const schema = options.schema ?? "public";
  if (typeof schema !== "string" || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw invalidOptionError("schema", "schema must be a plain SQL identifier (letters, digits, _)");
  }
  if (options.sql !== undefined) return { sql: options.sql, ownsClient: false, schema };
  if (typeof options.url === "string" && options.url !== "") {
    return {
      sql: postgres(options.url, { max: options.maxConnections ?? 10, onnotice: () => {} }),
      ownsClient: true,
      schema,
    };
  }
  throw invalidOptionError("url", `${adapter} needs a connection url or an sql client`);
}

/**
 * `run` at most once at a time and, once it succeeded, never again: the returned function resolves when it has; a
 * failed attempt is tried again by the next call. How an adapter creates its tables on first use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { onceSucceeded } from "./postgres_connection.ts";
 * let runs = 0;
 * const migrated = onceSucceeded(async () => void runs++);
 * await Promise.all([migrated(), migrated()]);
 * await migrated();
 * assert.equal(runs, 1);
 * ```
 */
export function onceSucceeded(run: () => Promise<void>): () => Promise<void> {
  let ready: Promise<void> | null = null;
  return () => {
    ready ??= run().catch((error) => {
      ready = null;
      throw error;
    });
    return ready;
  };
}
