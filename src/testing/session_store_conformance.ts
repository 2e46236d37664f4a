/**
 * The contract every `SessionStore` must keep, as `node:test` tests (they run under `node --test`, `deno test` and
 * `bun test` alike): run it on your own store to know it works with `Session({ sessionStore })` and `history.*`.
 * @module
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { SessionKey, SessionStore, SessionStoreEntry } from "../store/session_store.ts";

/** What {@link runSessionStoreConformance} is told besides the factory. */
export interface SessionStoreConformanceOptions {
  /** The name of the `describe` block; `"SessionStore conformance"` by default. */
  name?: string | undefined;
  /** Called with each store once its test is done (close connections here); the store's own `close()` otherwise. */
  cleanup?: ((store: SessionStore) => void | Promise<void>) | undefined;
  /** Skip every test with this reason (e.g. no database here): they count as skipped, not passed. */
  skip?: string | false | undefined;
}

/**
 * Registers the contract's tests for the stores `factory` makes: one store per test (it may share its backend
 * with the others: every test writes under a project key of its own). A method the store leaves out (the optional
 * ones) has its tests skipped, saying so.
 *
 * What is checked: `load` of a key never written is `null`; entries come back deep-equal and in append order,
 * across appends and batches; a re-append of the same `uuid`s adds nothing while entries without one are kept each
 * time; subagent transcripts (`subpath`) are apart from the main one and listed by `listSubkeys`; `delete` of a
 * main key takes its subkeys, of a subkey only that one; `listSessions` gives the project's main transcripts with
 * integer millisecond `mtime`s that do not go back; `listSessionSummaries` gives each session's folded summary with
 * the same `mtime`; appends to two sessions at once, and many to one session without waiting, keep each its order.
 *
 * @example
 * ```ts
 * import { InMemorySessionStore } from "@claude-stream/sdk";
 * import { runSessionStoreConformance } from "@claude-stream/sdk/testing";
 * runSessionStoreConformance(() => new InMemorySessionStore(), { name: "in-memory store" });
 * ```
 */
export function runSessionStoreConformance(
  factory: () => SessionStore | Promise<SessionStore>,
  options: SessionStoreConformanceOptions = {},
): void {
  const skip = options.skip ?? false;
  const withStore = (body: (store: SessionStore, projectKey: string) => Promise<void>) => async () => {
    const store = await factory();
    try {
      await body(store, `conformance-${crypto.randomUUID()}`);
    } finally {
      if (options.cleanup) await options.cleanup(store);
      else await closeOf(store)?.();
    }
  };
  /** A test of an optional method: skipped, saying so, when the store has none. */
  const optional = (
    method: keyof SessionStore,
    name: string,
    body: (store: SessionStore, p: string) => Promise<void>,
  ) =>
    test(name, { skip }, async (t) => {
      const store = await factory();
      try {
        if (typeof store[method] !== "function") {
          t.skip(`the store has no ${method}()`);
          return;
        }
        await body(store, `conformance-${crypto.randomUUID()}`);
      } finally {
        if (options.cleanup) await options.cleanup(store);
        else await closeOf(store)?.();
      }
    });

  describe(options.name ?? "SessionStore conformance", () => {
    test(
      "load of a key never written is null",
      { skip },
      withStore(async (store, projectKey) => {
        assert.equal(await store.load({ projectKey, sessionId: "never" }), null);
        assert.equal(await store.load({ projectKey, sessionId: "never", subpath: "subagents/agent-x" }), null);
      }),
    );

    test(
      "entries come back deep-equal and in append order, across appends",
      { skip },
      withStore(async (store, p) => {
        const key = { projectKey: p, sessionId: "s1" };
        const first = [userEntry("a", "Plan a trip"), tricky("b")];
        const second = [{ type: "custom-title", customTitle: "Trip", sessionId: "s1" }, assistantEntry("c", "a")];
        await store.append(key, first);
        await store.append(key, second);
        await store.append(key, []);
        assert.deepEqual(await store.load(key), [...first, ...second]);
      }),
    );

    test(
      "a long batch keeps its order",
      { skip },
      withStore(async (store, p) => {
        const key = { projectKey: p, sessionId: "long" };
        const entries = Array.from({ length: 2500 }, (_, i) => userEntry(`u${i}`, `prompt ${i}`));
        await store.append(key, entries);
        assert.deepEqual((await store.load(key))?.map((entry) => entry.uuid), entries.map((entry) => entry.uuid));
      }),
    );

    test(
      "re-appending the same uuids adds nothing; entries without a uuid are kept each time",
      { skip },
      withStore(
        async (store, p) => {
          const key = { projectKey: p, sessionId: "s1" };
          const title = { type: "custom-title", customTitle: "T", sessionId: "s1" };
          await store.append(key, [userEntry("a", "hi"), title]);
          await store.append(key, [userEntry("a", "hi"), assistantEntry("b", "a"), title]);
          await store.append(key, [userEntry("b", "again"), userEntry("c", "new"), userEntry("c", "twice")]);
          const loaded = (await store.load(key)) ?? [];
          assert.deepEqual(loaded.map((entry) => entry.uuid ?? entry.type), [
            "a",
            "custom-title",
            "b",
            "custom-title",
            "c",
          ]);
          assert.deepEqual(loaded[0], userEntry("a", "hi"));
          assert.deepEqual(loaded[4], userEntry("c", "new"), "the first of two entries with one uuid is the one kept");
        },
      ),
    );

    test(
      "a uuid is unique per key: the same uuid in another session or subpath is stored there",
      { skip },
      withStore(
        async (store, p) => {
          await store.append({ projectKey: p, sessionId: "s1" }, [userEntry("a", "one")]);
          await store.append({ projectKey: p, sessionId: "s2" }, [userEntry("a", "two")]);
          await store.append({ projectKey: p, sessionId: "s1", subpath: "subagents/agent-x" }, [
            userEntry("a", "three"),
          ]);
          assert.equal((await store.load({ projectKey: p, sessionId: "s2" }))?.length, 1);
          assert.equal((await store.load({ projectKey: p, sessionId: "s1", subpath: "subagents/agent-x" }))?.length, 1);
        },
      ),
    );

    test(
      "a subagent transcript is apart from the main one",
      { skip },
      withStore(async (store, p) => {
        const main = { projectKey: p, sessionId: "s1" };
        const agent = { ...main, subpath: "subagents/agent-x" };
        await store.append(main, [userEntry("m1", "main")]);
        await store.append(agent, [{ ...userEntry("a1", "agent"), isSidechain: true }]);
        assert.deepEqual((await store.load(main))?.map((entry) => entry.uuid), ["m1"]);
        assert.deepEqual((await store.load(agent))?.map((entry) => entry.uuid), ["a1"]);
      }),
    );

    optional("listSubkeys", "listSubkeys gives the subpaths of a session, and only of it", async (store, p) => {
      const main = { projectKey: p, sessionId: "s1" };
      await store.append(main, [userEntry("m1", "main")]);
      await store.append({ ...main, subpath: "subagents/agent-x" }, [userEntry("x1", "x")]);
      await store.append({ ...main, subpath: "subagents/workflows/run-1/agent-y" }, [userEntry("y1", "y")]);
      await store.append({ projectKey: p, sessionId: "s2", subpath: "subagents/agent-z" }, [userEntry("z1", "z")]);
      assert.deepEqual(
        [...(await store.listSubkeys!(main))].sort(),
        ["subagents/agent-x", "subagents/workflows/run-1/agent-y"],
      );
      assert.deepEqual(await store.listSubkeys!({ projectKey: p, sessionId: "none" }), []);
    });

    optional("delete", "delete of a main key takes its subkeys; of a subkey, only that one", async (store, p) => {
      const s1 = { projectKey: p, sessionId: "s1" };
      const s2 = { projectKey: p, sessionId: "s2" };
      await store.append(s1, [userEntry("a", "one")]);
      await store.append({ ...s1, subpath: "subagents/agent-x" }, [userEntry("x", "x")]);
      await store.append({ ...s1, subpath: "subagents/agent-y" }, [userEntry("y", "y")]);
      await store.append(s2, [userEntry("b", "two")]);
      await store.delete!({ ...s1, subpath: "subagents/agent-x" });
      assert.equal(await store.load({ ...s1, subpath: "subagents/agent-x" }), null);
      assert.equal((await store.load({ ...s1, subpath: "subagents/agent-y" }))?.length, 1);
      assert.equal((await store.load(s1))?.length, 1);
      await store.delete!(s1);
      assert.equal(await store.load(s1), null);
      assert.equal(await store.load({ ...s1, subpath: "subagents/agent-y" }), null);
      if (store.listSubkeys) assert.deepEqual(await store.listSubkeys(s1), []);
      assert.equal((await store.load(s2))?.length, 1, "another session is untouched");
      if (store.listSessions) {
        assert.deepEqual((await store.listSessions(p)).map((session) => session.sessionId), ["s2"]);
      }
      await store.append(s1, [userEntry("a", "back")]);
      assert.deepEqual(await store.load(s1), [userEntry("a", "back")], "a deleted key starts afresh");
    });

    optional(
      "listSessions",
      "listSessions gives the project's sessions with integer mtimes that do not go back",
      async (
        store,
        p,
      ) => {
        const before = Date.now();
        await store.append({ projectKey: p, sessionId: "s1" }, [userEntry("a", "one")]);
        await store.append({ projectKey: p, sessionId: "s2" }, [userEntry("b", "two")]);
        await store.append({ projectKey: p, sessionId: "s2", subpath: "subagents/agent-x" }, [userEntry("x", "x")]);
        await store.append({ projectKey: `${p}-other`, sessionId: "s3" }, [userEntry("c", "three")]);
        const listed = await store.listSessions!(p);
        assert.deepEqual(listed.map((session) => session.sessionId).sort(), ["s1", "s2"]);
        const mtime = (id: string, list: typeof listed) => list.find((session) => session.sessionId === id)!.mtime;
        for (const session of listed) {
          assert.ok(Number.isInteger(session.mtime), `mtime ${session.mtime} is integer epoch ms`);
          // a store's clock may be another machine's: within a minute of ours
          assert.ok(Math.abs(session.mtime - before) < 60_000, `mtime ${session.mtime} is about now (${before})`);
        }
        assert.ok(mtime("s2", listed) >= mtime("s1", listed), "the session written later is not older");
        await store.append({ projectKey: p, sessionId: "s1" }, [userEntry("d", "later")]);
        const again = await store.listSessions!(p);
        assert.ok(mtime("s1", again) >= mtime("s2", listed), "a new append moves the mtime on");
        assert.ok(mtime("s1", again) >= mtime("s1", listed));
      },
    );

    optional("listSessionSummaries", "listSessionSummaries gives each session's folded summary", async (store, p) => {
      await store.append({ projectKey: p, sessionId: "s1" }, [
        { ...userEntry("a", "Plan a trip to Lisbon"), cwd: "/work/app", timestamp: "2026-01-01T10:00:00.000Z" },
        assistantEntry("b", "a"),
      ]);
      await store.append({ projectKey: p, sessionId: "s1" }, [{ type: "custom-title", customTitle: "Lisbon" }]);
      await store.append({ projectKey: p, sessionId: "s1", subpath: "subagents/agent-x" }, [
        { ...userEntry("x", "agent work"), isSidechain: true },
      ]);
      await store.append({ projectKey: p, sessionId: "s2" }, [
        { ...userEntry("c", "Second"), gitBranch: "main" },
        { type: "tag", tag: "work" },
      ]);
      const summaries = await store.listSessionSummaries!(p);
      const byId = new Map(summaries.map((summary) => [summary.sessionId, summary]));
      assert.deepEqual([...byId.keys()].sort(), ["s1", "s2"]);
      const s1 = byId.get("s1")!.data;
      assert.equal(s1.firstPrompt, "Plan a trip to Lisbon");
      assert.equal(s1.customTitle, "Lisbon");
      assert.equal(s1.cwd, "/work/app");
      assert.equal(s1.isSidechain, false, "the subagent's entries do not fold into the main summary");
      assert.equal(s1.createdAt, Date.parse("2026-01-01T10:00:00.000Z"));
      assert.equal(byId.get("s2")!.data.tag, "work");
      assert.equal(byId.get("s2")!.data.gitBranch, "main");
      if (store.listSessions) {
        for (const session of await store.listSessions(p)) {
          assert.equal(byId.get(session.sessionId)!.mtime, session.mtime, "summaries share listSessions' clock");
        }
      }
    });

    test(
      "appends to two sessions at once keep each session's order",
      { skip },
      withStore(async (store, p) => {
        const keys = [{ projectKey: p, sessionId: "s1" }, { projectKey: p, sessionId: "s2" }];
        const batches = 20;
        const write = async (key: SessionKey) => {
          for (let i = 0; i < batches; i++) {
            await store.append(key, [
              userEntry(`${key.sessionId}-${i}a`, "x"),
              userEntry(`${key.sessionId}-${i}b`, "y"),
            ]);
          }
        };
        await Promise.all(keys.map(write));
        for (const key of keys) {
          const expected = Array.from(
            { length: batches },
            (_, i) => [`${key.sessionId}-${i}a`, `${key.sessionId}-${i}b`],
          );
          assert.deepEqual((await store.load(key))?.map((entry) => entry.uuid), expected.flat());
        }
      }),
    );

    test(
      "appends to one session without waiting land in call order",
      { skip },
      withStore(async (store, p) => {
        const key = { projectKey: p, sessionId: "s1" };
        const uuids = Array.from({ length: 30 }, (_, i) => `e${i}`);
        await Promise.all(uuids.map((uuid) => store.append(key, [userEntry(uuid, uuid)])));
        assert.deepEqual((await store.load(key))?.map((entry) => entry.uuid), uuids);
      }),
    );
  });
}

function closeOf(store: SessionStore): (() => Promise<void>) | undefined {
  const close: unknown = (store as { close?: unknown }).close;
  return typeof close === "function" ? async () => await close.call(store) : undefined;
}

function userEntry(uuid: string, text: string): SessionStoreEntry {
  return {
    type: "user",
    uuid,
    parentUuid: null,
    sessionId: "s",
    timestamp: "2026-01-01T10:00:00.000Z",
    message: { role: "user", content: text },
  };
}

function assistantEntry(uuid: string, parentUuid: string): SessionStoreEntry {
  return {
    type: "assistant",
    uuid,
    parentUuid,
    message: { role: "assistant", content: [{ type: "text", text: "Sure." }], usage: { input_tokens: 3 } },
  };
}

/** An entry whose text a careless store would change: NUL, other control characters, astral symbols, big numbers. */
function tricky(uuid: string): SessionStoreEntry {
  return {
    type: "user",
    uuid,
    parentUuid: "a",
    message: { role: "user", content: [{ type: "tool_result", content: "nul\u0000 tab\t bell\u0007 é 🦀 \u2028" }] },
    toolUseResult: { stdout: "x".repeat(10_000), exitCode: 0, ratio: 0.1, big: 9007199254740991, nested: [[], {}] },
    empty: "",
    flag: false,
    nothing: null,
  };
}
