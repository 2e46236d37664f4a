/**
 * `history.*` with `{ sessionStore }` read the store through the same code that reads the CLI's files: every recorded
 * session (the real CLI's session files of two versions, and the synthetic ones of older CLIs' shapes), imported with
 * `importSessionToStore`, gives the same entries, conversation, facts, title, subagents and listing from the store as
 * from disk. On the in-memory store, a store without summaries (listings read every transcript) and PostgreSQL.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { foldSessionSummary, history, importSessionToStore, type SessionStore } from "../../mod.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";
import { FIXTURE_PROJECTS, SAMPLE_PROJECTS } from "./_helpers.ts";
import { plainStore, storeKinds } from "./_stores.ts";

/** The recorded and synthetic projects folders, each copied into a config dir of its own. */
const SOURCES = [
  SAMPLE_PROJECTS,
  join(PROTOCOL_DIR, "cli-2.1.332", "projects-sample"),
  join(PROTOCOL_DIR, "cli-2.1.332", "features", "projects-sample"),
  FIXTURE_PROJECTS,
];

interface Source {
  configDir: string;
  /** Project folder name to its session ids. */
  projects: Map<string, string[]>;
}

function copySource(projects: string): Source {
  const configDir = mkdtempSync(join(tmpdir(), "cs-from-store-"));
  cpSync(projects, join(configDir, "projects"), { recursive: true });
  const found = new Map<string, string[]>();
  for (const project of readdirSync(join(configDir, "projects"))) {
    const ids = readdirSync(join(configDir, "projects", project))
      .filter((name) => name.endsWith(".jsonl") && !name.startsWith("agent-")).map((name) => name.slice(0, -6));
    found.set(project, ids);
  }
  return { configDir, projects: found };
}

/** Every session of a source into the store, under its project folder's name (after `prefix`) as the project key. */
async function importAll(source: Source, store: SessionStore, prefix: string): Promise<void> {
  for (const [project, ids] of source.projects) {
    for (const id of ids) {
      await importSessionToStore(id, store, { configDir: source.configDir, projectKey: prefix + project });
    }
  }
}

/** What must agree: everything but where it is kept (path, folder, size, modification time). */
function facts(info: history.SessionInfo | null | undefined) {
  if (info === null || info === undefined) return info;
  const { path: _path, projectDir: _projectDir, size: _size, modifiedAt: _modifiedAt, ...rest } = info;
  return rest;
}

/** Entries as a store idempotent by uuid keeps them: the first of each uuid, and every entry without one. */
function oncePerUuid<T extends object>(entries: T[]): T[] {
  const seen = new Set<unknown>();
  return entries.filter((entry) => {
    const uuid = "uuid" in entry ? entry.uuid : undefined;
    if (typeof uuid !== "string") return true;
    if (seen.has(uuid)) return false;
    seen.add(uuid);
    return true;
  });
}

for (const kind of storeKinds()) {
  test(`every recorded session reads the same from ${kind.name} as from disk`, {
    skip: kind.skip,
    timeout: 300_000,
  }, async () => {
    const { store, close } = await kind.open();
    let compared = 0;
    try {
      for (const [n, projects] of SOURCES.entries()) {
        const source = copySource(projects);
        try {
          await importAll(source, store, `source${n}`);
          const disk = { configDir: source.configDir };
          for (const [project, ids] of source.projects) {
            const fromStore = { sessionStore: store, projectKey: `source${n}${project}` };
            for (const id of ids) {
              const what = `${project}/${id}`;
              // A store keeps an entry once per uuid: a line the CLI wrote twice (the 2.1.197 CLI rewrites the kept
              // messages after /compact with their uuids) is there once.
              assert.deepEqual(
                await history.readSession(id, fromStore),
                oncePerUuid(await history.readSession(id, disk)),
                what,
              );
              assert.deepEqual(await history.conversation(id, fromStore), await history.conversation(id, disk), what);
              assert.deepEqual(
                facts(await history.sessionInfo(id, fromStore)),
                facts(await history.sessionInfo(id, disk)),
                what,
              );
              assert.equal(await history.summary(id, fromStore), await history.summary(id, disk), what);
              const agents = await history.listSubagents(id, disk);
              assert.deepEqual(
                (await history.listSubagents(id, fromStore)).map(({ path: _path, ...agent }) => agent),
                agents.map(({ path: _path, ...agent }) => agent),
                what,
              );
              for (const { agentId } of agents) {
                assert.deepEqual(
                  await history.readSubagent(id, agentId, fromStore),
                  await history.readSubagent(id, agentId, disk),
                );
                assert.deepEqual(
                  await history.subagentConversation(id, agentId, fromStore),
                  await history.subagentConversation(id, agentId, disk),
                );
              }
              compared++;
            }
            // The listing: from the store's summaries when it keeps them (the first prompt as the official SDK's
            // foldSessionSummary takes it from the same entries: the first text block, on one line, cut at 200
            // characters), else from the entries, as a listing of the files.
            const byId = (infos: history.SessionInfo[]) =>
              new Map(infos.map((info) => [info.sessionId, info] as const));
            const onDisk = byId(
              (await history.listSessions(undefined, disk)).filter((info) => info.projectDir.endsWith(`/${project}`)),
            );
            const inStore = byId(await history.listSessions(undefined, fromStore));
            assert.deepEqual([...inStore.keys()].sort(), [...onDisk.keys()].sort(), project);
            for (const [id, info] of inStore) {
              const expected = facts(onDisk.get(id))!;
              assert.equal(info.size, null);
              if (store.listSessionSummaries === undefined) {
                assert.deepEqual(facts(info), expected, `${project}/${id}`);
              } else {
                const entries = await history.readSession(id, disk);
                const data = foldSessionSummary(undefined, { projectKey: project, sessionId: id }, entries).data;
                const firstPrompt = data.firstPromptLocked === true ? String(data.firstPrompt) : null;
                const title = expected.title === expected.firstPrompt ? firstPrompt : expected.title;
                assert.deepEqual(facts(info), { ...expected, firstPrompt, title }, `${project}/${id}`);
              }
            }
          }
        } finally {
          rmSync(source.configDir, { recursive: true, force: true });
        }
      }
    } finally {
      await close();
    }
    assert.ok(compared > 90, `compared ${compared} sessions`);
  });
}

test("a store's listing is newest first by the store's write time, and reads only the asked project", async () => {
  const store = plainStore();
  const entry = (uuid: string, content: string) => ({
    type: "user",
    uuid,
    parentUuid: null,
    timestamp: "2026-01-01T10:00:00.000Z",
    message: { role: "user", content },
  });
  await store.append({ projectKey: "a", sessionId: "old" }, [entry("u1", "first")]);
  await store.append({ projectKey: "b", sessionId: "other" }, [entry("u2", "elsewhere")]);
  await store.append({ projectKey: "a", sessionId: "new" }, [entry("u3", "second")]);
  const sessions = await history.listSessions(undefined, { sessionStore: store, projectKey: "a" });
  assert.deepEqual(sessions.map((session) => [session.sessionId, session.title]), [["new", "second"], [
    "old",
    "first",
  ]]);
  assert.ok(sessions[0].modifiedAt >= sessions[1].modifiedAt);
  assert.equal(sessions[0].path, "sessionStore:/projects/a/new.jsonl");
});

test("the project key defaults to the encoded project path, as importSessionToStore and the SDK derive it", async () => {
  const store = plainStore();
  await store.append({ projectKey: "-no-such-work-app", sessionId: "s1" }, [{
    type: "user",
    uuid: "u1",
    parentUuid: null,
    message: { role: "user", content: "hello" },
  }]);
  const sessions = await history.listSessions("/no/such/work/app", { sessionStore: store });
  assert.deepEqual(sessions.map((session) => session.title), ["hello"]);
  const messages = await history.conversation("s1", { sessionStore: store, projectPath: "/no/such/work/app" });
  assert.deepEqual(messages.map((message) => message.text), ["hello"]);
  await assert.rejects(history.conversation("s1", { sessionStore: store, projectKey: "another" }), {
    code: "SESSION_NOT_FOUND",
  });
});

test("a store that can list nothing, and bad store options, are INVALID_OPTION naming the option", async () => {
  const bare: SessionStore = { append: () => Promise.resolve(), load: () => Promise.resolve(null) };
  await assert.rejects(history.listSessions(undefined, { sessionStore: bare, projectKey: "p" }), {
    code: "INVALID_OPTION",
    details: { option: "sessionStore" },
  });
  const notAStore = { load: () => Promise.resolve(null) } as unknown as SessionStore;
  await assert.rejects(history.conversation("s1", { sessionStore: notAStore }), {
    code: "INVALID_OPTION",
    details: { option: "sessionStore" },
  });
  await assert.rejects(history.listSubagents("s1", { sessionStore: bare, projectKey: "p" }), {
    code: "INVALID_OPTION",
    details: { option: "sessionStore" },
  });
  await assert.rejects(history.conversation("s1", { projectKey: "p" }), {
    code: "INVALID_OPTION",
    details: { option: "projectKey" },
  });
  await assert.rejects(history.conversation("s1", { sessionStore: bare, projectKey: "" }), {
    code: "INVALID_OPTION",
    details: { option: "projectKey" },
  });
});

test("a failing store fails the read: nothing is skipped in silence", async () => {
  const down: SessionStore = {
    append: () => Promise.reject(new Error("down")),
    load: () => Promise.reject(new Error("down")),
    listSessions: () => Promise.resolve([{ sessionId: "s1", mtime: 1 }]),
  };
  await assert.rejects(history.listSessions(undefined, { sessionStore: down, projectKey: "p" }), /down/);
  await assert.rejects(history.conversation("s1", { sessionStore: down, projectKey: "p" }), (error: Error) => {
    assert.equal((error as { code?: string }).code, "UNREADABLE_HISTORY");
    assert.match(String(error.cause), /down/);
    return true;
  });
});
