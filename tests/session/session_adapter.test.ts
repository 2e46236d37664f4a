// The `adapter` option: a Session runs on any ProcessAdapter, e.g. the fake CLI in memory (no child process).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../src/session/mod.ts";
import { fakeCli } from "../../testing.ts";
import { fixture, historyOf, reply } from "./_fixture.ts";

test("adapter: a Session over the in-memory fake keeps context, resumes and forks, spawning no process", async () => {
  const fx = await fixture();
  const spawned: string[][] = [];
  const adapter = fakeCli.inMemoryAdapter({
    onSpawn: (_command, args) => void (args.includes("--version") || spawned.push([...args])), // the version check is not a session
  });
  const options = { ...fx.options, adapter };
  const first = new Session(options);
  try {
    await reply(first, "My name is Alice");
    assert.deepEqual(historyOf(await reply(first, "What is my name?")), ["My name is Alice", "What is my name?"]);
    assert.equal(spawned.length, 1);
    assert.ok(spawned[0].includes("--input-format") && spawned[0].includes("stream-json"));
    const id = first.sessionId!;
    await first.stop();
    const resumed = new Session({ ...options, resume: id });
    assert.deepEqual(historyOf(await reply(resumed, "again")), ["My name is Alice", "What is my name?", "again"]);
    assert.ok(spawned[1].includes(`--resume=${id}`));
    await resumed.stop();
    const fork = new Session({ ...options, resume: id, forkSession: true });
    assert.deepEqual(historyOf(await reply(fork, "branch")), [
      "My name is Alice",
      "What is my name?",
      "again",
      "branch",
    ]);
    assert.notEqual(fork.sessionId, id);
    await fork.stop();
  } finally {
    await first.stop();
    await fx.cleanup();
  }
});

test("adapter: a spawn that throws fails the turn with its error, not the host", async () => {
  const session = new Session({
    adapter: {
      spawn: () => {
        throw new TypeError("no processes here");
      },
    },
  });
  await assert.rejects(reply(session, "hi"), (error) => error instanceof TypeError);
  await session.stop();
});
