/**
 * Sessions changed without a CLI, then resumed by one: a session made by a turn of the CLI under test (the fake, or
 * the real CLI 2.1.332 under `npm run test:real`) is renamed, tagged, archived, forked or deleted, then resumed with a
 * Session. The title survives the resume in the listing; a fork resumes with the context up to its cut (the replies
 * say which prompts the model was sent: `history=<p1> | <p2> ...`); a deleted session cannot be resumed. The store
 * variants change the session in a store (in memory, PostgreSQL), then write the store's transcript where the CLI
 * reads it, as a worker resuming from the store does, and resume that.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { history, importSessionToStore, type SessionStore } from "../../mod.ts";
import type { Session, SessionOptions } from "../../src/session/mod.ts";
import { historyOf, reply, withSessions } from "../session/_fixture.ts";
import { storeKinds } from "./_stores.ts";

const TIMEOUT = { timeout: 180_000 };

/** A turn in a new session, the CLI stopped after it: the session's id. */
async function firstTurns(make: (options?: SessionOptions) => Session, prompts: string[]): Promise<string> {
  const session = make();
  for (const prompt of prompts) await reply(session, prompt);
  const id = session.sessionId;
  assert.ok(id !== null);
  await session.stop();
  return id;
}

test(
  "a renamed session keeps its title through a resume by the CLI, in the listing and its file",
  TIMEOUT,
  async () => {
    await withSessions(async (make, fx) => {
      const id = await firstTurns(make, ["My name is Alice"]);
      const options = { configDir: fx.configDir, dir: fx.cwd };
      await history.renameSession(id, "Alice's chat", options);
      await history.tagSession(id, "people", options);
      const listed = async () =>
        (await history.listSessions(fx.cwd, { configDir: fx.configDir })).find((s) => s.sessionId === id);
      assert.equal((await listed())?.title, "Alice's chat");

      const resumed = make({ resume: id });
      assert.deepEqual(historyOf(await reply(resumed, "What is my name?")), ["My name is Alice", "What is my name?"]);
      await resumed.stop();
      const after = await listed();
      assert.equal(after?.title, "Alice's chat");
      assert.equal(after?.customTitle, "Alice's chat");
      assert.equal(after?.tag, "people");
      assert.equal(await history.summary(id, { configDir: fx.configDir }), "Alice's chat");
    });
  },
);

test("a fork resumes with the context up to its cut; the source goes on with all of it", TIMEOUT, async () => {
  await withSessions(async (make, fx) => {
    const id = await firstTurns(make, ["one", "two"]);
    const options = { configDir: fx.configDir, dir: fx.cwd };
    const messages = await history.conversation(id, options);
    const firstReply = messages.find((message) => message.type === "assistant")!;
    const { sessionId: forkId } = await history.forkSession(id, { ...options, upToMessageId: firstReply.uuid });
    assert.deepEqual((await history.conversation(forkId, options)).map((m) => m.text), ["one", firstReply.text]);

    const fork = make({ resume: forkId });
    assert.deepEqual(historyOf(await reply(fork, "three")), ["one", "three"]);
    assert.equal(fork.sessionId, forkId);
    await fork.stop();
    const source = make({ resume: id });
    assert.deepEqual(historyOf(await reply(source, "four")), ["one", "two", "four"]);
    await source.stop();
    assert.equal(await history.summary(forkId, options), "one (fork)");
  });
});

test("an archived session is unarchived by the next prompt; a deleted one cannot be resumed", TIMEOUT, async () => {
  await withSessions(async (make, fx) => {
    const id = await firstTurns(make, ["keep this"]);
    const options = { configDir: fx.configDir, dir: fx.cwd };
    await history.archiveSession(id, options);
    assert.equal((await history.sessionInfo(id, options))?.archived, true);
    const resumed = make({ resume: id });
    await reply(resumed, "back again");
    await resumed.stop();
    assert.equal((await history.sessionInfo(id, options))?.archived, false);

    await history.deleteSession(id, options);
    assert.equal(await history.findSession(id, options), null);
    const gone = make({ resume: id });
    await assert.rejects(reply(gone, "hello?"), { code: "SESSION_NOT_FOUND" });
  });
});

/** Writes a store's transcript where the CLI reads the session, as a worker resuming from the store does. */
async function materialize(store: SessionStore, projectKey: string, sessionId: string, configDir: string, cwd: string) {
  const entries = await store.load({ projectKey, sessionId });
  assert.ok(entries !== null);
  const folder = join(configDir, "projects", history.encodeProjectPath(await realpath(cwd)));
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, `${sessionId}.jsonl`), entries.map((entry) => JSON.stringify(entry) + "\n").join(""));
}

for (const kind of storeKinds()) {
  test(`on ${kind.name}: renamed and forked in the store, resumed from it by the CLI`, {
    ...TIMEOUT,
    skip: kind.skip,
  }, async () => {
    const { store, close } = await kind.open();
    try {
      await withSessions(async (make, fx) => {
        const id = await firstTurns(make, ["one", "two"]);
        await importSessionToStore(id, store, { configDir: fx.configDir, projectKey: "tenant-1" });
        const inStore = { sessionStore: store, projectKey: "tenant-1" };
        await history.renameSession(id, "Counting", inStore);
        const firstReply = (await history.conversation(id, inStore)).find((message) => message.type === "assistant")!;
        const { sessionId: forkId } = await history.forkSession(id, { ...inStore, upToMessageId: firstReply.uuid });
        assert.deepEqual(
          (await history.listSessions(undefined, inStore)).map((s) => [s.sessionId, s.title]).sort(),
          [[id, "Counting"], [forkId, "Counting (fork)"]].sort(),
        );

        // a fresh machine: nothing on disk but what comes from the store
        const elsewhere = join(fx.cwd, "elsewhere");
        await mkdir(elsewhere);
        const configDir = join(elsewhere, "config");
        await materialize(store, "tenant-1", forkId, configDir, fx.cwd);
        const fork = make({ resume: forkId, configDir });
        assert.deepEqual(historyOf(await reply(fork, "three")), ["one", "three"]);
        await fork.stop();
        assert.equal(await history.summary(forkId, { configDir }), "Counting (fork)");
      });
    } finally {
      await close();
    }
  });
}
