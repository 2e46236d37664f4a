// The examples of the Sessions guide (seed/sessions-guide.txt), one test each, in guide order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { namedSession, Session, startSupervisor } from "../../src/session/mod.ts";
import { textContent } from "../../src/stream/mod.ts";
import { isClaudeCodeError } from "../../src/errors.ts";
import type { ProcessAdapter } from "../../src/runtime/types.ts";
import { currentRuntime } from "../../src/runtime/current.ts";
import * as history from "../../src/history/mod.ts";
import { fixture, historyOf, processExists, reply, waitFor, withSessions } from "./_fixture.ts";

test("guide: starting a session, basic and with options; always stop", async () => {
  await withSessions(async (make) => {
    const basic = make();
    const tuned = make({ model: "sonnet", systemPrompt: "You are an Elixir expert", timeout: 120_000 });
    assert.match(await reply(basic, "Hi"), /^turns=1 last=Hi/);
    assert.match(await reply(tuned, "Hi"), /^turns=1 last=Hi/);
    await basic.stop();
    await tuned.stop();
    assert.equal(basic.alive, false);
    assert.equal(basic.pid, undefined);
  });
});

test("guide: `await using` stops the session (and its CLI) at the end of the scope", async () => {
  const fx = await fixture();
  let pid: number | undefined;
  let outer: Session | undefined;
  try {
    {
      await using session = new Session(fx.options);
      outer = session;
      await reply(session, "scoped");
      pid = session.pid;
    }
    assert.equal(outer.alive, false);
    assert.equal(processExists(pid!), false);
  } finally {
    await fx.cleanup();
  }
});

test("guide: multi-turn conversations keep their context", async () => {
  await withSessions(async (make) => {
    const session = make();
    await session.stream("My name is Alice").pipeTo(new WritableStream());
    await session.stream("I'm learning Elixir").pipeTo(new WritableStream());
    const response = await reply(session, "What's my name and what am I learning?");
    assert.deepEqual(historyOf(response), [
      "My name is Alice",
      "I'm learning Elixir",
      "What's my name and what am I learning?",
    ]);
  });
});

test("guide: streaming multi-turn writes each chunk as it comes", async () => {
  await withSessions(async (make) => {
    const session = make();
    const written: string[] = [];
    const write = new WritableStream<string>({ write: (chunk) => void written.push(chunk) });
    await session.stream("My name is Alice").pipeThrough(textContent()).pipeTo(write);
    await session.stream("What is my name?").pipeThrough(textContent()).pipeTo(
      new WritableStream({ write: (chunk) => void written.push(chunk) }),
    );
    assert.equal(written.length, 2);
    assert.deepEqual(historyOf(written[1]), ["My name is Alice", "What is my name?"]);
  });
});

test("guide: resuming a session in a new Session", async () => {
  await withSessions(async (make) => {
    const session = make();
    await session.stream("Remember: the secret code is 12345").pipeTo(new WritableStream());
    const sessionId = session.sessionId;
    assert.ok(sessionId);
    await session.stop();
    const resumed = make({ resume: sessionId });
    const response = await reply(resumed, "What was the secret code?");
    assert.deepEqual(historyOf(response), ["Remember: the secret code is 12345", "What was the secret code?"]);
    assert.equal(resumed.sessionId, sessionId);
  });
});

test("guide: forking a session gets a new id after the first query; the original is unchanged", async () => {
  await withSessions(async (make) => {
    const session = make();
    await session.stream("My name is Mike").pipeTo(new WritableStream());
    const sessionId = session.sessionId!;
    const forked = make({ resume: sessionId, forkSession: true });
    assert.equal(forked.sessionId, null);
    const answer = await reply(forked, "What is my name?");
    assert.deepEqual(historyOf(answer), ["My name is Mike", "What is my name?"]);
    assert.ok(forked.sessionId && forked.sessionId !== sessionId);
    assert.equal(session.sessionId, sessionId);
    // The original conversation did not see the fork's turn.
    assert.deepEqual(historyOf(await reply(session, "Still there?")), ["My name is Mike", "Still there?"]);
    // Later turns of the fork stay on the fork.
    const forkId = forked.sessionId;
    assert.deepEqual(historyOf(await reply(forked, "And now?")), ["My name is Mike", "What is my name?", "And now?"]);
    assert.equal(forked.sessionId, forkId);
  });
});

test("guide: reading session history: the conversation (user + assistant messages) by session id", async () => {
  await withSessions(async (make, fx) => {
    const session = make();
    await reply(session, "My name is Alice");
    await reply(session, "What is my name?");
    const id = session.sessionId!;
    await session.stop();
    const messages = await history.conversation(id, { configDir: fx.configDir });
    assert.deepEqual(messages.map((message) => message.type), ["user", "assistant", "user", "assistant"]);
    assert.equal(messages[0].text, "My name is Alice");
    assert.match(messages[3].text, /history=My name is Alice \| What is my name\?/);
    // Faster lookup when you know the project.
    const again = await history.conversation(id, { configDir: fx.configDir, projectPath: fx.cwd });
    assert.deepEqual(again.map((message) => message.text), messages.map((message) => message.text));
  });
});

test("guide: listing projects and sessions; low-level entries and the summary", async () => {
  await withSessions(async (make, fx) => {
    const first = make();
    await reply(first, "first conversation");
    const second = make();
    await reply(second, "second conversation");
    await first.stop();
    await second.stop();
    const projects = await history.listProjects({ configDir: fx.configDir });
    assert.equal(projects.length, 1);
    assert.equal(projects[0].sessionCount, 2);
    const sessions = await history.listSessions(projects[0].path ?? fx.cwd, { configDir: fx.configDir });
    assert.deepEqual(sessions.map((info) => info.sessionId).sort(), [first.sessionId, second.sessionId].sort());
    const entries = await history.readSession(first.sessionId!, { configDir: fx.configDir });
    assert.ok(entries.some((entry) => entry.type === "queue-operation"), "non-conversation entries are kept");
    const summary = await history.summary(first.sessionId!, { configDir: fx.configDir });
    assert.ok(summary === null || typeof summary === "string");
  });
});

test("guide: clearing context starts a fresh conversation in the same session", async () => {
  await withSessions(async (make) => {
    const session = make();
    await session.stream("My name is Alice").pipeTo(new WritableStream());
    const before = session.sessionId;
    await session.clear();
    assert.equal(session.alive, true);
    assert.equal(session.sessionId, null);
    const answer = await reply(session, "What is my name?");
    assert.deepEqual(historyOf(answer), ["What is my name?"]);
    assert.match(answer, /^turns=1 /);
    assert.ok(session.sessionId && session.sessionId !== before);
  });
});

test("guide: named sessions are reachable from anywhere; names are unique; stopping removes the name", async () => {
  await withSessions(async (make) => {
    make({ name: "assistant" });
    await namedSession("assistant").stream("Hello!").pipeTo(new WritableStream());
    assert.deepEqual(historyOf(await reply(namedSession("assistant"), "again")), ["Hello!", "again"]);
    assert.throws(() => make({ name: "assistant" }), (error) => isClaudeCodeError(error, "NAME_TAKEN"));
    await namedSession("assistant").stop();
    assert.throws(() => namedSession("assistant"), (error) => isClaudeCodeError(error, "UNKNOWN_SESSION_NAME"));
    make({ name: "assistant" }); // the name is free again
  });
});

test("guide: lifecycle: no CLI until the first query, later queries reuse it, stop ends it", async () => {
  const runtime = await currentRuntime();
  const pids: (number | undefined)[] = [];
  const adapter: ProcessAdapter = {
    spawn(command, args, options) {
      const child = runtime.processes.spawn(command, args, options);
      if (!args.includes("--version")) pids.push(child.pid); // the once-per-CLI version check is not a session
      return child;
    },
  };
  await withSessions(async (make) => {
    const session = make({ adapter });
    assert.equal(pids.length, 0);
    await reply(session, "one");
    const pid = session.pid;
    assert.equal(pids.length, 1);
    await reply(session, "two");
    await reply(session, "three");
    assert.equal(pids.length, 1, "a later turn spawned a CLI");
    assert.equal(session.pid, pid);
    await session.stop();
    assert.equal(session.pid, undefined);
    assert.equal(processExists(pid!), false);
  });
});

test("guide: checking session state: alive, and the session id (null before any query)", async () => {
  await withSessions(async (make) => {
    const session = make();
    assert.equal(session.alive, true);
    assert.equal(session.sessionId, null);
    await reply(session, "hi");
    assert.match(session.sessionId ?? "", /^[0-9a-f-]{36}$/);
    await session.stop();
    assert.equal(session.alive, false);
    await assert.rejects(reply(session, "after stop"), (error) => isClaudeCodeError(error, "SESSION_STOPPED"));
  });
});

test("guide: wrapping a session in your own object (ChatAgent)", async () => {
  const { ChatAgent } = await import("../../examples/chat_agent.ts");
  const fx = await fixture();
  const agent = new ChatAgent(fx.options);
  try {
    await agent.chat("My name is Alice");
    const answer = await agent.chat("What is my name?");
    assert.deepEqual(historyOf(answer), ["My name is Alice", "What is my name?"]);
    // Concurrent calls are answered in order, one at a time.
    const [a, b] = await Promise.all([agent.chat("first"), agent.chat("second")]);
    assert.match(a, /last=first/);
    assert.match(b, /last=second history=.*first \| second$/);
  } finally {
    await agent.stop();
    await fx.cleanup();
  }
});

test("guide: session options table: name, resume, forkSession, model, systemPrompt, timeout, allowedTools", async () => {
  await withSessions(async (make) => {
    const first = make({
      name: "options-table",
      model: "sonnet",
      systemPrompt: "You are terse",
      timeout: 300_000,
      allowedTools: ["Read"],
    });
    await reply(first, "remember 7");
    const fork = make({ resume: first.sessionId!, forkSession: true, allowedTools: ["Read", "Grep"] });
    assert.deepEqual(historyOf(await reply(fork, "which number?")), ["remember 7", "which number?"]);
  });
});

test("guide: supervised sessions restart after a crash and keep their conversation", async () => {
  const fx = await fixture();
  const supervisor = startSupervisor([
    { ...fx.options, name: "assistant" },
    { ...fx.options, name: "code_reviewer", systemPrompt: "You review code" },
  ]);
  try {
    await namedSession("assistant").stream("Hello!").pipeTo(new WritableStream());
    const pid = namedSession("assistant").pid!;
    process.kill(pid, "SIGKILL");
    // The supervisor restarts the CLI at once, resuming the conversation.
    await waitFor(() => namedSession("assistant").pid !== undefined && namedSession("assistant").pid !== pid);
    assert.deepEqual(historyOf(await reply(namedSession("assistant"), "still me?")), ["Hello!", "still me?"]);
    assert.equal(supervisor.get("code_reviewer").sessionId, null);
  } finally {
    await supervisor.stop();
    await fx.cleanup();
  }
  await supervisor.done;
});

test("guide: sessionId chosen up front and continue: the most recent conversation of the cwd", async () => {
  await withSessions(async (make) => {
    const chosen = "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f";
    const named = make({ sessionId: chosen });
    await reply(named, "chosen id");
    assert.equal(named.sessionId, chosen);
    await named.stop();
    const continued = make({ continue: true });
    assert.deepEqual(historyOf(await reply(continued, "continued")), ["chosen id", "continued"]);
    assert.equal(continued.sessionId, chosen);
    // A crash after continue resumes the same conversation by id.
    process.kill(continued.pid!, "SIGKILL");
    await waitFor(() => continued.pid === undefined);
    assert.deepEqual(historyOf(await reply(continued, "after crash")), ["chosen id", "continued", "after crash"]);
  });
});
