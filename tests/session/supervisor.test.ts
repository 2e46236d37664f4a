import { test } from "node:test";
import assert from "node:assert/strict";
import { namedSession, startSupervisor } from "../../src/session/mod.ts";
import { isClaudeCodeError } from "../../src/errors.ts";
import { fakeCli } from "../../testing.ts";
import { fakeOnly, fixture, historyOf, reply, waitFor } from "./_fixture.ts";

test("supervisor: a crashed session is restarted at once and resumes its conversation", async () => {
  const fx = await fixture();
  const restarts: string[] = [];
  const supervisor = startSupervisor([{ ...fx.options, name: "sup-resume" }], {
    onRestart: (session, error) => restarts.push(`${session.name}:${error.code}`),
  });
  try {
    await reply(namedSession("sup-resume"), "remember 42");
    const pid = namedSession("sup-resume").pid!;
    process.kill(pid, "SIGKILL");
    await waitFor(() => restarts.length === 1 && namedSession("sup-resume").pid !== undefined);
    assert.deepEqual(restarts, ["sup-resume:PROCESS_EXIT"]);
    assert.notEqual(namedSession("sup-resume").pid, pid);
    assert.deepEqual(historyOf(await reply(supervisor.get("sup-resume"), "which number?")), [
      "remember 42",
      "which number?",
    ]);
  } finally {
    await supervisor.stop();
    await fx.cleanup();
  }
  await supervisor.done;
  assert.throws(() => namedSession("sup-resume"), (error) => isClaudeCodeError(error, "UNKNOWN_SESSION_NAME"));
});

test("supervisor: with resume: false a restarted session starts a fresh conversation", async () => {
  const fx = await fixture();
  const supervisor = startSupervisor([{ ...fx.options, name: "sup-fresh" }], { resume: false });
  try {
    await reply(supervisor.get("sup-fresh"), "remember 42");
    let restarted = false;
    const session = supervisor.get("sup-fresh");
    const pid = session.pid!;
    process.kill(pid, "SIGKILL");
    await waitFor(() => (restarted = session.pid !== undefined && session.pid !== pid));
    assert.ok(restarted);
    assert.deepEqual(historyOf(await reply(session, "which number?")), ["which number?"]);
  } finally {
    await supervisor.stop();
    await fx.cleanup();
  }
});

test("supervisor: more than maxRestarts crashes within the window and it gives up with RESTART_LIMIT", {
  skip: fakeOnly("a CLI that crashes on every turn needs the fake's scenarios"),
}, async () => {
  // Every CLI of this session dies as soon as it starts its first turn.
  const fx = await fixture({
    env: fakeCli.env(fakeCli.scenario().otherwise({ crash: { afterChunks: 0, exitCode: 9 } })),
  });
  const supervisor = startSupervisor([{ ...fx.options, name: "sup-limit" }, { ...fx.options, name: "sup-bystander" }], {
    maxRestarts: 2,
    withinMs: 60_000,
  });
  try {
    const session = supervisor.get("sup-limit");
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        reply(session, `crash ${i}`),
        (error) => isClaudeCodeError(error, "PROCESS_EXIT") || isClaudeCodeError(error, "SESSION_STOPPED"),
      );
    }
    await assert.rejects(
      supervisor.done,
      (error) => isClaudeCodeError(error, "RESTART_LIMIT") && error.details.name === "sup-limit",
    );
    // Giving up stops every supervised session.
    assert.equal(session.alive, false);
    assert.equal(supervisor.get("sup-bystander").alive, false);
  } finally {
    await supervisor.stop();
    await fx.cleanup();
  }
});
