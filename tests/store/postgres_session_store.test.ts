/**
 * The PostgreSQL store against a real server (`CLAUDE_STREAM_PG_URL`, or one this file starts: tests/store/_postgres.ts):
 * the SessionStore contract, in a schema of its own per test, and what only a database shows (two stores, i.e. two
 * workers, sharing one; tables made once by racing workers; a client passed in is not closed).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import postgres from "postgres";
import { PostgresSessionStore } from "../../stores/postgres.ts";
import { runSessionStoreConformance } from "../../testing.ts";
import { postgresForFile, skipReason } from "./_postgres.ts";

const postgresUrl = postgresForFile();

const schemaName = () => `cs_test_${crypto.randomUUID().replaceAll("-", "")}`;
const skip = skipReason;

runSessionStoreConformance(() => new PostgresSessionStore({ url: postgresUrl(), schema: schemaName() }), {
  name: "PostgresSessionStore",
  skip,
});

test(
  "two stores on one database (two workers) see each other's appends, and racing migrations make one set of tables",
  {
    skip,
  },
  async () => {
    const schema = schemaName();
    const a = new PostgresSessionStore({ url: postgresUrl(), schema });
    const b = new PostgresSessionStore({ url: postgresUrl(), schema });
    try {
      await Promise.all([a.migrate(), b.migrate(), a.migrate()]);
      const key = { projectKey: "p", sessionId: "s" };
      await a.append(key, [{ type: "user", uuid: "u1" }]);
      await b.append(key, [{ type: "user", uuid: "u1" }, { type: "assistant", uuid: "u2" }]);
      assert.deepEqual((await a.load(key))?.map((entry) => entry.uuid), ["u1", "u2"]);
      assert.deepEqual((await b.listSessions("p")).map((session) => session.sessionId), ["s"]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  },
);

test("an existing client is used as it is and left open by close()", { skip }, async () => {
  const sql = postgres(postgresUrl(), { onnotice: () => {} });
  try {
    const schema = schemaName();
    const store = new PostgresSessionStore({ sql, schema });
    await store.append({ projectKey: "p", sessionId: "s" }, [{ type: "custom-title", customTitle: "T" }]);
    await store.close();
    const [row] = await sql`select count(*)::int as n from ${sql(schema)}.claude_stream_session_entries`;
    assert.equal(row!.n, 1);
  } finally {
    await sql.end();
  }
});

test("entries are stored as their JSON text: verbatim (NUL escapes kept) and queryable in SQL", { skip }, async () => {
  const sql = postgres(postgresUrl(), { onnotice: () => {} });
  try {
    const schema = schemaName();
    const store = new PostgresSessionStore({ sql, schema });
    const plain = { type: "user", uuid: "u1", message: { role: "user", content: "hi" } };
    const nul = { type: "user", uuid: "u2", message: { role: "user", content: "a\u0000b" } };
    await store.append({ projectKey: "p", sessionId: "s" }, [plain, nul]);
    const rows = await sql`select entry::text as text from ${sql(schema)}.claude_stream_session_entries order by seq`;
    assert.deepEqual(rows.map((row) => row.text), [JSON.stringify(plain), JSON.stringify(nul)]);
    const [row] = await sql`select entry->'message'->>'content' as content
      from ${sql(schema)}.claude_stream_session_entries where uuid = 'u1'`;
    assert.equal(row!.content, "hi");
    assert.deepEqual(await store.load({ projectKey: "p", sessionId: "s" }), [plain, nul]);
  } finally {
    await sql.end();
  }
});

test("bad options are INVALID_OPTION", () => {
  assert.throws(() => new PostgresSessionStore({}), { code: "INVALID_OPTION" });
  assert.throws(() => new PostgresSessionStore({ url: "postgres://x/y", schema: "a; drop table" }), {
    code: "INVALID_OPTION",
  });
});
