/**
 * importSessionToStore copies a recorded session (and its subagent transcript) from disk into a store, in batches,
 * entry for entry; on the in-memory store, and on PostgreSQL when a server can be had.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importSessionToStore, InMemorySessionStore, type SessionStore, type SessionStoreEntry } from "../../mod.ts";
import { PostgresSessionStore } from "../../stores/postgres.ts";
import { PROJECTS_SAMPLE_DIR } from "../fixtures.ts";
import { postgresForFile, skipReason } from "./_postgres.ts";

const SESSION = "58150e9f-83cc-49e7-b2d4-541eb2e40b2d";
const AGENT = "a6529131a2b467f32";
const PROJECT = "-home-dev-work-proj";
const configDir = mkdtempSync(join(tmpdir(), "cs-import-"));
cpSync(PROJECTS_SAMPLE_DIR, join(configDir, "projects"), { recursive: true });
const fileLines = (path: string): SessionStoreEntry[] =>
  readFileSync(join(configDir, "projects", PROJECT, path), "utf8").split("\n").filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));

const postgresUrl = postgresForFile();
after(() => rmSync(configDir, { recursive: true, force: true }));

/** A store that counts its appends, over another. */
function counting(store: SessionStore): { store: SessionStore; sizes: number[] } {
  const sizes: number[] = [];
  return {
    sizes,
    store: {
      ...store,
      load: (key) => store.load(key),
      append: (key, entries) => (sizes.push(entries.length), store.append(key, entries)),
    },
  };
}

async function importsFaithfully(target: SessionStore): Promise<void> {
  const { store, sizes } = counting(target);
  await importSessionToStore(SESSION, store, { configDir, projectKey: "tenant-1", batchSize: 3 });
  const main = fileLines(`${SESSION}.jsonl`);
  assert.deepEqual(await target.load({ projectKey: "tenant-1", sessionId: SESSION }), main);
  const agentKey = { projectKey: "tenant-1", sessionId: SESSION, subpath: `subagents/agent-${AGENT}` };
  const agent = await target.load(agentKey);
  const meta = JSON.parse(
    readFileSync(join(configDir, "projects", PROJECT, SESSION, "subagents", `agent-${AGENT}.meta.json`), "utf8"),
  );
  assert.deepEqual(agent, [...fileLines(`${SESSION}/subagents/agent-${AGENT}.jsonl`), {
    ...meta,
    type: "agent_metadata",
  }]);
  assert.ok(sizes.every((size) => size <= 3), `batches of at most 3 (${sizes})`);
  assert.ok(sizes.length > 2);
  // again: entries with a uuid are not doubled
  await importSessionToStore(SESSION, target, { configDir, projectKey: "tenant-1", includeSubagents: false });
  const again = (await target.load({ projectKey: "tenant-1", sessionId: SESSION }))!;
  const withUuid = (entries: SessionStoreEntry[]) => entries.filter((entry) => typeof entry.uuid === "string");
  assert.deepEqual(withUuid(again), withUuid(main));
}

test("a recorded session and its subagent transcript reach the in-memory store entry for entry", async () => {
  await importsFaithfully(new InMemorySessionStore());
});

test("...and PostgreSQL", { skip: skipReason }, async () => {
  const store = new PostgresSessionStore({
    url: postgresUrl(),
    schema: `cs_import_${crypto.randomUUID().replaceAll("-", "")}`,
  });
  try {
    await importsFaithfully(store);
  } finally {
    await store.close();
  }
});

test("the project key is the encoded project dir when dir is given; an unknown session is SESSION_NOT_FOUND", async () => {
  const store = new InMemorySessionStore();
  await importSessionToStore(SESSION, store, { configDir, dir: "/home/dev/work/proj", includeSubagents: false });
  assert.deepEqual((await store.listSessions(PROJECT)).map((session) => session.sessionId), [SESSION]);
  assert.deepEqual(await store.listSubkeys({ projectKey: PROJECT, sessionId: SESSION }), []);
  await assert.rejects(importSessionToStore("00000000-0000-0000-0000-000000000000", store, { configDir }), {
    code: "SESSION_NOT_FOUND",
  });
});
