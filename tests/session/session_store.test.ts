// A Session with `sessionStore` (issue 14 §2): the CLI's transcript mirrored to the store as it writes it
// (`--session-mirror`, features/m15, m16), a turn's entries stored before its result is handed on, a failing store
// reported without losing the local file, and `resume` on a machine without the transcript restored from the store.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { encodeProjectPath } from "../../src/history/encode_project_path.ts";
import { type ClaudeCodeError, isClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { Session } from "../../src/session/session.ts";
import { InMemorySessionStore } from "../../src/store/in_memory_session_store.ts";
import type { SessionKey, SessionStore, SessionStoreEntry } from "../../src/store/session_store.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import process from "node:process";
import { fixture, historyOf, processExists, reply, waitFor } from "./_fixture.ts";

/** The entries of a session file the CLI mirrors: all but its API request records (features/FEATURES.md). */
function mirroredLines(path: string): SessionStoreEntry[] {
  return readFileSync(path, "utf8").split("\n").filter((line) => line !== "").map((line) => JSON.parse(line))
    .filter((entry: SessionStoreEntry) => !entry.type.startsWith("api-request"));
}

/** A transcript as a short list (type and uuid of each entry), for readable comparisons. */
function outline(entries: SessionStoreEntry[] | null): string[] {
  return (entries ?? []).map((entry) => `${entry.type}${entry.uuid === undefined ? "" : ` ${entry.uuid}`}`);
}

function sessionFile(configDir: string, cwd: string, sessionId: string): string {
  return join(configDir, "projects", encodeProjectPath(realpathSync(cwd)), `${sessionId}.jsonl`);
}

test("session store: the transcript reaches the store as the CLI writes it, each turn's before its result", async () => {
  const fx = await fixture();
  const store = new InMemorySessionStore();
  const session = new Session({ ...fx.options, sessionStore: store });
  try {
    const projectKey = encodeProjectPath(realpathSync(fx.cwd));
    for (const prompt of ["mirror one", "mirror two"]) {
      const turn = await collectTurn(session.stream(prompt));
      assert.equal(turn.isError, false);
      const stored = (await store.load({ projectKey, sessionId: turn.sessionId })) ?? [];
      // the turn's prompt and reply were in the store when its result was handed on
      const texts = stored.filter((e) => e.type === "user" || e.type === "assistant").map((e) => JSON.stringify(e));
      assert.ok(texts.some((t) => t.includes(prompt)), `${prompt} stored before the result`);
      assert.ok(stored.some((e) => e.type === "assistant"), "the reply stored before the result");
    }
    const id = session.sessionId!;
    await session.stop();
    // after stop(): the store holds exactly the file's entries, in order
    const stored = await store.load({ projectKey, sessionId: id });
    const file = mirroredLines(sessionFile(fx.configDir, fx.cwd, id));
    assert.deepEqual(outline(stored), outline(file));
    assert.deepEqual(stored, file);
  } finally {
    await session.stop();
    await fx.cleanup();
  }
});

test("session store: a CLI killed right after a turn's result lost nothing of that turn", async () => {
  const fx = await fixture();
  const store = new InMemorySessionStore();
  const session = new Session({ ...fx.options, sessionStore: store, onCrash: () => {} });
  try {
    const turn = await collectTurn(session.stream("keep me"));
    const pid = session.pid!;
    process.kill(pid, "SIGKILL");
    await waitFor(() => !processExists(pid));
    const projectKey = encodeProjectPath(realpathSync(fx.cwd));
    const stored = (await store.load({ projectKey, sessionId: turn.sessionId })) ?? [];
    const file = mirroredLines(sessionFile(fx.configDir, fx.cwd, turn.sessionId));
    const uuids = new Set(stored.map((e) => e.uuid));
    for (const entry of file.filter((e) => e.type === "user" || e.type === "assistant")) {
      assert.ok(uuids.has(entry.uuid), `${entry.type} ${entry.uuid} is in the store`);
    }
    // the next turn resumes the conversation
    assert.deepEqual(historyOf(await reply(session, "again")), ["keep me", "again"]);
  } finally {
    await session.stop();
    await fx.cleanup();
  }
});

/** A store whose appends fail (or hang) while `failing` is true; it counts the calls. */
function flakyStore(mode: "reject" | "hang"): SessionStore & { calls: number; failing: boolean } {
  const inner = new InMemorySessionStore();
  const store = {
    calls: 0,
    failing: true,
    append(key: SessionKey, entries: SessionStoreEntry[]): Promise<void> {
      store.calls++;
      if (!store.failing) return inner.append(key, entries);
      return mode === "reject" ? Promise.reject(new Error("database unreachable")) : new Promise<void>(() => {});
    },
    load: (key: SessionKey) => inner.load(key),
  };
  return store;
}

for (const mode of ["reject", "hang"] as const) {
  test(`session store: a store that ${mode === "reject" ? "fails" : "does not answer"} is reported; the turn and the local file go on`, async () => {
    const fx = await fixture();
    const store = flakyStore(mode);
    const errors: ClaudeCodeError[] = [];
    const session = new Session({
      ...fx.options,
      sessionStore: store,
      storeTimeout: 300,
      onError: (error) => errors.push(error),
    });
    try {
      const messages: Message[] = [];
      for await (const message of session.stream("hello") as unknown as AsyncIterable<Message>) messages.push(message);
      assert.equal(messages.at(-1)?.type, "result");
      assert.equal(messages.at(-1)?.is_error, false);
      const told = messages.filter((m) => m.type === "system" && m.subtype === "mirror_error");
      assert.ok(told.length >= 1, "a system/mirror_error message in the turn");
      assert.match(String(told[0].error), mode === "reject" ? /database unreachable/ : /no answer within 300 ms/);
      assert.ok(errors.length >= 1 && errors.every((e) => isClaudeCodeError(e, "STORE_ERROR")), String(errors));
      const first = errors[0];
      assert.ok(isClaudeCodeError(first, "STORE_ERROR"));
      assert.equal(first.details.operation, "append");
      assert.equal(first.details.key.sessionId, session.sessionId);
      // a rejection is tried 3 times a batch, a timeout once
      if (mode === "reject") assert.equal(store.calls % 3, 0, `${store.calls} calls`);
      // the local file has the turn all the same, and a healthy store gets the next turn's entries
      const file = sessionFile(fx.configDir, fx.cwd, session.sessionId!);
      assert.ok(readFileSync(file, "utf8").includes("hello"));
      store.failing = false;
      await reply(session, "next");
      const projectKey = encodeProjectPath(realpathSync(fx.cwd));
      const stored = (await store.load({ projectKey, sessionId: session.sessionId! })) ?? [];
      assert.ok(stored.some((e) => JSON.stringify(e).includes("next")));
    } finally {
      await session.stop();
      await fx.cleanup();
    }
  });
}

test("session store: resume on a machine without the transcript restores it from the store", async () => {
  const a = await fixture();
  const b = await fixture();
  const store = new InMemorySessionStore();
  // two machines: their own config dirs, the same project path (what the store keys are scoped by)
  const onB = { ...b.options, cwd: a.cwd };
  try {
    let id: string;
    {
      await using first = new Session({ ...a.options, sessionStore: store });
      await reply(first, "my name is Alice");
      await reply(first, "I live in Paris");
      id = first.sessionId!;
    }
    assert.ok(!existsSync(sessionFile(b.configDir, a.cwd, id)), "machine B has no transcript");
    {
      await using second = new Session({ ...onB, sessionStore: store, resume: id });
      assert.deepEqual(historyOf(await reply(second, "where do I live")), [
        "my name is Alice",
        "I live in Paris",
        "where do I live",
      ]);
      assert.equal(second.sessionId, id);
    }
    // back on machine A, whose copy lacks B's turn: the store's copy wins, A's old file is kept beside it
    {
      await using third = new Session({ ...a.options, sessionStore: store, resume: id });
      assert.deepEqual(historyOf(await reply(third, "and my name")), [
        "my name is Alice",
        "I live in Paris",
        "where do I live",
        "and my name",
      ]);
    }
    const projectDir = join(a.configDir, "projects", encodeProjectPath(realpathSync(a.cwd)));
    assert.ok(readdirSync(projectDir).some((name) => name.startsWith(`${id}.jsonl.replaced-`)), "A's old copy kept");
    const projectKey = encodeProjectPath(realpathSync(a.cwd));
    assert.deepEqual(
      await store.load({ projectKey, sessionId: id }),
      mirroredLines(sessionFile(a.configDir, a.cwd, id)),
    );
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
});

test("session store: a store that fails to load fails the turn with STORE_ERROR; projectKey scopes the keys", async () => {
  const fx = await fixture();
  const failing: SessionStore = {
    append: () => Promise.resolve(),
    load: () => Promise.reject(new Error("database unreachable")),
  };
  const id = "8ec596a5-375c-46da-9f57-4c8b183c77bc";
  try {
    await using session = new Session({ ...fx.options, sessionStore: failing, resume: id });
    await assert.rejects(
      collectTurn(session.stream("hello")),
      (error) => isClaudeCodeError(error, "STORE_ERROR") && error.details.operation === "load",
    );
    const store = new InMemorySessionStore();
    await using scoped = new Session({ ...fx.options, sessionStore: store, projectKey: "tenant-7" });
    await reply(scoped, "hello");
    assert.ok((await store.load({ projectKey: "tenant-7", sessionId: scoped.sessionId! }))?.length);
    assert.deepEqual(await store.listSessions("tenant-7").then((list) => list.map((s) => s.sessionId)), [
      scoped.sessionId,
    ]);
  } finally {
    await fx.cleanup();
  }
});

test("session store: not with persistSession false; sessionStore must be a store", () => {
  const store = new InMemorySessionStore();
  assert.throws(
    () => new Session({ sessionStore: store, persistSession: false }),
    (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "sessionStore",
  );
  assert.throws(
    () => new Session({ sessionStore: {} as SessionStore }),
    (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "sessionStore",
  );
  assert.throws(() => new Session({ projectKey: "" }), (error) => isClaudeCodeError(error, "INVALID_OPTION"));
});
