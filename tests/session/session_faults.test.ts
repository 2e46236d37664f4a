// Faults: every turn gets exactly one outcome, and the session stays usable after each.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isClaudeCodeError } from "../../src/errors.ts";
import { fakeCli } from "../../testing.ts";
import { drain, fakeOnly, historyOf, processExists, reply, started, waitFor, withSessions } from "./_fixture.ts";

const INTERRUPTED = "[Request interrupted by user]";

test("faults: a missing CLI fails the turn with CLI_NOT_FOUND; start() too", async () => {
  await withSessions(async (make) => {
    const session = make({ cliPath: "/nonexistent/claude" });
    await assert.rejects(
      reply(session, "hi"),
      (error) => isClaudeCodeError(error, "CLI_NOT_FOUND") && error.details.path === "/nonexistent/claude",
    );
    await assert.rejects(session.start(), (error) => isClaudeCodeError(error, "CLI_NOT_FOUND"));
    assert.equal(session.alive, true);
  });
});

test("faults: a CLI that dies mid-turn errors that turn with PROCESS_EXIT; the next turn resumes the conversation", {
  skip: fakeOnly("crash injection (exit code, stderr) needs the fake's scenarios"),
}, async () => {
  const crashing = fakeCli.scenario().turn({}).crash({ afterChunks: 0, exitCode: 3, stderr: "boom: the fake crashed" });
  await withSessions(async (make) => {
    const session = make({ env: fakeCli.env(crashing) });
    await reply(session, "My name is Alice");
    const id = session.sessionId;
    await assert.rejects(reply(session, "crash now"), (error) => {
      assert.ok(isClaudeCodeError(error, "PROCESS_EXIT"), String(error));
      assert.equal(error.details.exitCode, 3);
      assert.equal(error.details.signal, null);
      assert.match(String(error.details.stderrTail), /boom: the fake crashed/);
      assert.equal(error.details.sessionId, id);
      return true;
    });
    assert.equal(session.pid, undefined);
    const after = await reply(session, "What is my name?");
    assert.equal(session.sessionId, id);
    assert.deepEqual(historyOf(after), ["My name is Alice", "crash now", "What is my name?"]);
  });
});

test("faults: a CLI killed by a signal reports the signal; onCrash is told", {
  skip: fakeOnly("the crash comes from the fake's scenarios"),
}, async () => {
  const crashes: string[] = [];
  await withSessions(async (make) => {
    const session = make({
      env: fakeCli.env(fakeCli.scenario().crash({ afterChunks: 0, signal: "SIGKILL" })),
      onCrash: (error) => crashes.push(error.code),
    });
    await assert.rejects(
      reply(session, "die"),
      (error) =>
        isClaudeCodeError(error, "PROCESS_EXIT") && error.details.signal === "SIGKILL" &&
        error.details.exitCode === null,
    );
    assert.deepEqual(crashes, ["PROCESS_EXIT"]);
  });
});

test("faults: stdout that ends without a result ends the turn with NO_RESULT, never a hang", {
  skip: fakeOnly("a clean exit without a result needs the fake's scenarios"),
}, async () => {
  await withSessions(async (make, fx) => {
    // A CLI that closes stdout and goes on running: the session kills it and reports NO_RESULT.
    const script = join(fx.cwd, "closes-stdout.sh");
    await writeFile(script, "#!/bin/sh\nexec 1>&-\nexec sleep 30\n");
    await chmod(script, 0o755);
    const session = make({ cliPath: script });
    await assert.rejects(reply(session, "hi"), (error) => isClaudeCodeError(error, "NO_RESULT"));
    // A CLI that exits 0 mid-turn.
    const clean = make({ env: fakeCli.env(fakeCli.scenario().crash({ afterChunks: 0, exitCode: 0 })) });
    await assert.rejects(
      reply(clean, "hi"),
      (error) => isClaudeCodeError(error, "NO_RESULT") && error.details.exitCode === 0,
    );
  });
});

test("faults: a turn past its timeout is interrupted and errors with TIMEOUT; the next turn works", async () => {
  await withSessions(async (make) => {
    const session = make();
    await assert.rejects(
      reply(session, "please be SLOW", { timeout: 300 }),
      (error) => isClaudeCodeError(error, "TIMEOUT") && error.details.timeoutMs === 300,
    );
    const after = await reply(session, "after timeout");
    assert.deepEqual(historyOf(after), ["please be SLOW", INTERRUPTED, "after timeout"]);
  });
});

test("faults: abort through the signal interrupts the turn (ABORTED); the next turn works", async () => {
  await withSessions(async (make) => {
    const session = make();
    const controller = new AbortController();
    const reader = await started(session.stream("please be SLOW", { signal: controller.signal }));
    controller.abort(new Error("user left"));
    await assert.rejects(
      drain(reader),
      (error) => isClaudeCodeError(error, "ABORTED") && error.details.reason === "user left",
    );
    assert.deepEqual(historyOf(await reply(session, "next")), ["please be SLOW", INTERRUPTED, "next"]);
    // An already-aborted signal fails at once and sends nothing.
    await assert.rejects(
      reply(session, "never sent", { signal: AbortSignal.abort() }),
      (error) => isClaudeCodeError(error, "ABORTED"),
    );
    assert.deepEqual(historyOf(await reply(session, "last")), ["please be SLOW", INTERRUPTED, "next", "last"]);
  });
});

test("faults: cancelling the stream (a client that goes away) interrupts the turn; the next turn works", async () => {
  await withSessions(async (make) => {
    const session = make();
    const reader = await started(session.stream("please be SLOW"));
    await reader.cancel();
    assert.deepEqual(historyOf(await reply(session, "still here?")), ["please be SLOW", INTERRUPTED, "still here?"]);
  });
});

test("faults: a queued turn aborted before it starts is never sent", async () => {
  await withSessions(async (make) => {
    const session = make();
    const controller = new AbortController();
    const first = reply(session, "first");
    const second = reply(session, "second", { signal: controller.signal });
    const third = reply(session, "third");
    controller.abort();
    await assert.rejects(second, (error) => isClaudeCodeError(error, "ABORTED"));
    await first;
    assert.deepEqual(historyOf(await third), ["first", "third"]);
  });
});

test("faults: concurrent stream() calls queue in order and never interleave", async () => {
  await withSessions(async (make) => {
    const session = make();
    const prompts = ["one", "two", "three", "four"];
    const streams = prompts.map((prompt) => session.stream(prompt));
    const turns = await Promise.all(streams.map((stream) => drain(stream.getReader())));
    turns.forEach((messages, i) => {
      const results = messages.filter((message) => message.type === "result");
      assert.equal(results.length, 1);
      assert.equal(messages.at(-1), results[0]);
      for (const message of messages) {
        if (message.type !== "assistant") continue;
        const text = JSON.stringify((message as { message: unknown }).message);
        assert.match(text, new RegExp(`turns=${i + 1} last=${prompts[i]} `));
      }
    });
  });
});

test("faults: stop() fails the running and queued turns with SESSION_STOPPED, exactly once each", async () => {
  await withSessions(async (make) => {
    const session = make();
    const outcomes: string[] = [];
    const track = (promise: Promise<unknown>) =>
      promise.then(() => outcomes.push("ok"), (error) => outcomes.push(error.code));
    const running = session.stream("please be SLOW");
    const reader = await started(running);
    const queued = [reply(session, "queued 1"), reply(session, "queued 2")];
    const all = [track(drain(reader)), ...queued.map(track)];
    await session.stop();
    await Promise.all(all);
    assert.deepEqual(outcomes.sort(), ["SESSION_STOPPED", "SESSION_STOPPED", "SESSION_STOPPED"]);
    await assert.rejects(session.clear(), (error) => isClaudeCodeError(error, "SESSION_STOPPED"));
    await session.stop(); // idempotent
  });
});

test("faults: stop() escalates to SIGKILL for a CLI that ignores stdin EOF and SIGTERM", {
  skip: fakeOnly("a CLI that ignores SIGTERM needs the fake's hang scenario"),
}, async () => {
  await withSessions(async (make) => {
    const session = make({
      env: fakeCli.env(fakeCli.scenario().hang({ afterChunks: 0, ignoreSigterm: true })),
      shutdownGraceMs: 300,
    });
    const outcome = reply(session, "hang").then(() => "ok", (error) => error.code);
    await waitFor(() => session.pid !== undefined);
    const pid = session.pid!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await session.stop();
    assert.equal(await outcome, "SESSION_STOPPED");
    assert.equal(processExists(pid), false);
  });
});

test("faults: a frozen CLI past the turn's timeout is killed after the interrupt grace; the next turn resumes", async () => {
  await withSessions(async (make) => {
    const session = make();
    await reply(session, "remember me");
    const reader = await started(session.stream("frozen SLOW", { timeout: 300 }));
    const pid = session.pid!;
    process.kill(pid, "SIGSTOP");
    await assert.rejects(drain(reader), (error) => isClaudeCodeError(error, "TIMEOUT"));
    assert.deepEqual(historyOf(await reply(session, "back?")).slice(0, 1), ["remember me"]);
    assert.notEqual(session.pid, pid);
    assert.equal(processExists(pid), false);
  });
});

test("faults: noise on stdout is skipped and stderr lines reach the callback", {
  skip: fakeOnly("noise and stderr lines come from the fake's scenarios"),
}, async () => {
  const lines: string[] = [];
  await withSessions(async (make) => {
    const session = make({
      env: fakeCli.env(fakeCli.scenario().noise("not json at all", "[1, 2]").stderr("warming up")),
      stderr: (line) => lines.push(line),
    });
    assert.match(await reply(session, "hello"), /^turns=1 last=hello/);
    await session.stop();
    assert.ok(lines.includes("warming up"), JSON.stringify(lines));
  });
});

test("faults: interrupt() ends the running turn with the CLI's error result; the session stays usable", async () => {
  await withSessions(async (make) => {
    const session = make();
    await session.interrupt(); // nothing runs: a no-op
    const reader = await started(session.stream("please be SLOW"));
    const rest = drain(reader);
    await session.interrupt();
    const messages = await rest;
    const result = messages.at(-1) as { type: string; is_error?: boolean; subtype?: string };
    assert.equal(result.type, "result");
    assert.equal(result.is_error, true);
    assert.equal(result.subtype, "error_during_execution");
    assert.deepEqual(historyOf(await reply(session, "after")), ["please be SLOW", INTERRUPTED, "after"]);
  });
});

test("faults: resuming an unknown session id fails with SESSION_NOT_FOUND (turn and start)", async () => {
  await withSessions(async (make) => {
    const unknown = "00000000-0000-4000-8000-00000000abcd";
    const session = make({ resume: unknown });
    await assert.rejects(
      reply(session, "hello?"),
      (error) => isClaudeCodeError(error, "SESSION_NOT_FOUND") && error.details.sessionId === unknown,
    );
    const warm = make({ resume: unknown });
    await assert.rejects(
      warm.start(),
      (error) => isClaudeCodeError(error, "SESSION_NOT_FOUND") && error.details.sessionId === unknown,
    );
  });
});

test("faults: resuming a value that is neither a UUID nor a session title fails with SESSION_NOT_FOUND, not an empty reply (turn and start)", async () => {
  await withSessions(async (make) => {
    // Recorded in c5: the CLI answers with result/error_during_execution whose errors explain it, and exits 1.
    const titled = (error: unknown) =>
      isClaudeCodeError(error, "SESSION_NOT_FOUND") && error.details.sessionId === "my-chat" &&
      /does not match any session title/.test(error.message);
    const session = make({ resume: "my-chat" });
    await assert.rejects(reply(session, "hello?"), titled);
    assert.equal(session.sessionId, null, "the CLI's throwaway session id is not taken for the session's");
    await assert.rejects(reply(session, "again?"), titled); // every later turn tries the same resume again
    const warm = make({ resume: "my-chat" });
    await assert.rejects(warm.start(), titled);
  });
});

test("faults: interrupt() settles within its bound even when the CLI is frozen; the next turn resumes", async () => {
  await withSessions(async (make) => {
    const session = make();
    await reply(session, "remember me");
    const reader = await started(session.stream("frozen SLOW"));
    // A stopped process answers nothing, not even the interrupt; only SIGKILL ends it.
    process.kill(session.pid!, "SIGSTOP");
    const outcome = drain(reader).then(() => "ok", (error) => error.code);
    await session.interrupt();
    assert.equal(await outcome, "ABORTED");
    assert.equal(session.pid, undefined);
    assert.deepEqual(historyOf(await reply(session, "back?")).slice(0, 1), ["remember me"]);
  });
});
