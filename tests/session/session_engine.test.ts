// The session engine under faults a real CLI (or a hostile one) can produce: malformed control traffic, callbacks
// that throw, ids of the wrong shape, waits that never end, a stdin that fails, a slow reader beside control
// requests. Each case ends in a typed error or a turn that goes on, and the host never sees an unhandled rejection.
// The CLI is scripted in process (tests/session/_scripted_cli.ts), so each fault lands exactly where it is meant to.
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { Session, type SessionOptions } from "../../src/session/mod.ts";
import { type ClaudeCodeError, isClaudeCodeError } from "../../src/errors.ts";
import { answerLikeTheCli, outcome, resultLine, scriptedAdapter, type ScriptedChild, sleep } from "./_scripted_cli.ts";

const QUICK = { shutdownGraceMs: 50, interruptGraceMs: 200, timeout: 10_000 } satisfies SessionOptions;

/** Runs `body` with the host's unhandled rejections collected; fails when there was one. */
async function noUnhandled(body: () => Promise<void>): Promise<void> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    await body();
    await sleep(20);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
  assert.deepEqual(unhandled, [], "no unhandled rejection");
}

/** Collects what the session reports to `onError`. */
function errorsSink() {
  const errors: ClaudeCodeError[] = [];
  return { errors, onError: (error: ClaudeCodeError) => void errors.push(error) };
}

for (
  const [name, line] of [
    ["no request", { type: "control_request", request_id: "cli-1" }],
    ["request: null", { type: "control_request", request_id: "cli-1", request: null }],
    ["no request_id", { type: "control_request", request: { subtype: "can_use_tool" } }],
    ["a non-object request", { type: "control_request", request_id: "cli-1", request: "can_use_tool" }],
    ["a response with no request_id", { type: "control_response", response: { subtype: "success" } }],
  ] as const
) {
  test(`malformed control traffic (${name}) is reported, answered when it has an id, and the turn goes on`, async () => {
    await noUnhandled(async () => {
      const sink = errorsSink();
      const adapter = scriptedAdapter({
        script: (message, child, answer) => {
          if (message.type === "user") child.send(line);
          answer();
        },
      });
      await using session = new Session({ ...QUICK, adapter, onError: sink.onError });
      assert.equal(await outcome(session.stream("hello")), "ok");
      assert.equal(await outcome(session.stream("again")), "ok");
      assert.ok(sink.errors.length >= 1 && sink.errors.every((e) => e.code === "INVALID_MESSAGE"), String(sink.errors));
      const answers = adapter.children[0].received.filter((m) => m.type === "control_response");
      if ("request_id" in line) {
        assert.equal(answers.length, 2, "one error answer per malformed request with an id");
        assert.ok(answers.every((m) => (m.response as { subtype: string }).subtype === "error"));
      } else {
        assert.equal(answers.length, 0);
      }
    });
  });
}

test("a control request of a subtype the session does not handle gets an error answer naming it", async () => {
  const adapter = scriptedAdapter({
    script: (message, child, answer) => {
      if (message.type === "user") {
        child.send({ type: "control_request", request_id: "cli-7", request: { subtype: "elicitation" } });
      }
      answer();
    },
  });
  await using session = new Session({ ...QUICK, adapter });
  assert.equal(await outcome(session.stream("hello")), "ok");
  const [answer] = adapter.children[0].received.filter((m) => m.type === "control_response");
  assert.deepEqual(answer.response, {
    subtype: "error",
    request_id: "cli-7",
    error: "Unsupported control request subtype: elicitation",
  });
});

test("callbacks that throw (stderr, onProtocolError, onCrash, canUseTool) are reported, and change nothing else", async () => {
  await noUnhandled(async () => {
    const sink = errorsSink();
    let crashes = 0;
    let faults = 1;
    const adapter = scriptedAdapter({
      script: (message, child, answer) => {
        if (message.type === "user" && faults-- > 0) {
          child.send("not json at all");
          child.send({
            type: "control_request",
            request_id: "perm-1",
            request: { subtype: "can_use_tool", tool_name: "Bash", input: { command: "ls" } },
          });
        }
        answer();
      },
    });
    await using session = new Session({
      ...QUICK,
      adapter,
      onError: sink.onError,
      stderr: () => {
        throw new Error("stderr callback broke");
      },
      onProtocolError: () => {
        throw new Error("onProtocolError broke");
      },
      onCrash: () => {
        crashes++;
        throw new Error("onCrash broke");
      },
      canUseTool: () => {
        throw new Error("canUseTool broke");
      },
    });
    assert.equal(await outcome(session.stream("hello")), "ok");
    const child = adapter.children[0];
    await sleep(10);
    const denied = child.received.find((m) => m.type === "control_response");
    assert.equal(
      (denied?.response as { subtype?: string })?.subtype,
      "error",
      "canUseTool's failure is an error answer",
    );
    child.exit(1); // a crash: onCrash runs, throws, and is reported
    await sleep(50);
    assert.equal(crashes, 1);
    assert.equal(await outcome(session.stream("after the crash")), "ok", "the next turn runs on a new CLI");
    const callbacks = sink.errors.flatMap((e) => isClaudeCodeError(e, "CALLBACK_ERROR") ? [e.details.callback] : [])
      .sort();
    assert.deepEqual(callbacks, ["canUseTool", "onCrash", "onProtocolError"]);
  });
});

test("a stderr callback that throws is reported for each line, and stderr is still drained", async () => {
  await noUnhandled(async () => {
    const sink = errorsSink();
    const adapter = scriptedAdapter({
      script: (message, child, answer) => {
        if (message.type === "user") { for (let i = 0; i < 3; i++) child.complain(`warning ${i}`); }
        answer();
      },
    });
    await using session = new Session({
      ...QUICK,
      adapter,
      onError: sink.onError,
      stderr: (line) => {
        throw new Error(`cannot take ${line}`);
      },
    });
    assert.equal(await outcome(session.stream("hello")), "ok");
    await sleep(10);
    assert.deepEqual(
      sink.errors.map((e) => e.message),
      [0, 1, 2].map((i) => `the stderr callback failed: cannot take warning ${i}`),
    );
  });
});

test("a system/init whose session_id is not an id is reported and never reaches --resume", async () => {
  const sink = errorsSink();
  const argv: string[][] = [];
  const scripted = scriptedAdapter({
    script: (message, child) => {
      if (message.type !== "user") return answerLikeTheCli(message, child);
      child.send({ type: "system", subtype: "init", session_id: { evil: true } });
      child.send({ ...resultLine("hi"), session_id: { evil: true } });
    },
  });
  const adapter = {
    spawn: (command: string, args: readonly string[], options: Parameters<typeof scripted.spawn>[2]) => {
      argv.push([...args]);
      return scripted.spawn(command, args, options);
    },
  };
  await using session = new Session({ ...QUICK, adapter, onError: sink.onError });
  assert.equal(await outcome(session.stream("hello")), "ok");
  assert.equal(session.sessionId, null);
  assert.equal(sink.errors[0]?.code, "INVALID_MESSAGE");
  scripted.children[0].exit(1);
  await sleep(20);
  assert.equal(await outcome(session.stream("again")), "ok");
  assert.ok(argv.flat().every((arg) => !arg.includes("[object Object]")), JSON.stringify(argv));
});

test("start() fails with TIMEOUT when the CLI never answers initialize, and that CLI is killed", async () => {
  const adapter = scriptedAdapter({ script: () => {} });
  await using session = new Session({ ...QUICK, adapter, controlTimeout: 100 });
  const error = await session.start().then(() => undefined, (e: ClaudeCodeError) => e);
  assert.equal(error?.code, "TIMEOUT");
  await sleep(10);
  assert.equal(adapter.children[0].done, true, "the CLI that did not answer is gone");
});

test("a start() pending when stop() is called fails with SESSION_STOPPED", async () => {
  const adapter = scriptedAdapter({ script: () => {} });
  const session = new Session({ ...QUICK, adapter });
  const started = session.start().then(() => "started", (e: ClaudeCodeError) => e.code);
  await sleep(20);
  await session.stop();
  assert.equal(await started, "SESSION_STOPPED");
  assert.equal(adapter.children[0].done, true);
});

test("stop() does not wait out a hung --version, and no CLI is spawned after it returned", async () => {
  const adapter = scriptedAdapter({ version: "hang" });
  const session = new Session({ ...QUICK, adapter });
  const turn = outcome(session.stream("hello"), 15_000);
  await sleep(50);
  const before = Date.now();
  await session.stop();
  assert.ok(Date.now() - before < 5_000, "stop() returned before the version check's own 10 s limit");
  assert.equal(await turn, "SESSION_STOPPED");
  await sleep(100);
  assert.equal(adapter.children.length, 0, "no CLI was spawned");
});

test("a turn whose stdin write fails (the CLI closed stdin but runs on) fails at once, and the next turn resumes", async () => {
  let broken = true;
  const scripted = scriptedAdapter();
  const adapter = {
    spawn: (command: string, args: readonly string[], options: Parameters<typeof scripted.spawn>[2]) => {
      const child = scripted.spawn(command, args, options);
      if (!broken || args.includes("--version")) return child;
      broken = false;
      const writer = child.stdin.getWriter();
      let writes = 0;
      const stdin = new WritableStream<Uint8Array>({
        async write(chunk) {
          if (++writes > 1) throw new Error("EPIPE"); // initialize goes through, the prompt does not
          await writer.write(chunk);
        },
      });
      return { ...child, stdin };
    },
  };
  await using session = new Session({ ...QUICK, adapter, timeout: 60_000 });
  assert.equal(await outcome(session.stream("hello"), 5_000), "PROCESS_EXIT");
  assert.equal(await outcome(session.stream("again")), "ok");
});

test("setModel() is answered while the turn's reader is not reading", async () => {
  const adapter = scriptedAdapter({
    script: (message, child, answer) => {
      if (message.type !== "user") return answer();
      // A long turn: far more lines than the turn buffers, and no result until the model was switched.
      for (let i = 0; i < 2_000; i++) {
        child.send({ type: "stream_event", event: { type: "ping", i }, session_id: "s", parent_tool_use_id: null });
      }
    },
  });
  await using session = new Session({ ...QUICK, adapter });
  const stream = session.stream("hello");
  const reader = stream.getReader();
  await reader.read(); // one message, then the reader stops reading
  const switched = await Promise.race([
    session.setModel("haiku").then(() => "answered"),
    sleep(3_000).then(() => "hang"),
  ]);
  assert.equal(switched, "answered");
  adapter.children[0].send(resultLine("done"));
  for (;;) if ((await reader.read()).done) break;
});

test("setModel() called while the CLI is starting reaches that CLI once it is ready", async () => {
  const adapter = scriptedAdapter();
  await using session = new Session({ ...QUICK, adapter });
  const started = session.start();
  await session.setModel("haiku");
  await started;
  const requests = adapter.children[0].received.filter((m) => m.type === "control_request").map((m) => m.request);
  assert.deepEqual(requests, [{ subtype: "initialize" }, { subtype: "set_model", model: "haiku" }]);
});

test("canUseTool's signal is aborted when its turn ends (here: the caller aborts it)", async () => {
  let signal: AbortSignal | undefined;
  const adapter = scriptedAdapter({
    script: (message, child, answer) => {
      if (message.type === "user") {
        child.send({
          type: "control_request",
          request_id: "perm-1",
          request: { subtype: "can_use_tool", tool_name: "Bash", input: {} },
        });
      } else if (
        message.type === "control_request" && (message.request as { subtype: string }).subtype === "interrupt"
      ) {
        answer();
        child.send(resultLine("interrupted"));
      } else {
        answer();
      }
    },
  });
  await using session = new Session({
    ...QUICK,
    adapter,
    canUseTool: (_tool, _input, context) => {
      signal = context.signal;
      return new Promise(() => {}); // the user never decides
    },
  });
  const controller = new AbortController();
  const turn = outcome(session.stream("hello", { signal: controller.signal }));
  while (signal === undefined) await sleep(5);
  assert.equal(signal.aborted, false);
  controller.abort();
  assert.equal(await turn, "ABORTED");
  await sleep(50);
  assert.equal(signal.aborted, true);
});

test("idleTimeout fails a turn that goes quiet, while a turn that keeps talking outlives it", async () => {
  const adapter = scriptedAdapter({
    script: (message, child: ScriptedChild, answer) => {
      if (message.type !== "user") return answer();
      const text = ((message.message as { content: unknown }).content as string) ?? "";
      if (text === "quiet") return; // says nothing, ever
      let beats = 0;
      const timer = setInterval(() => {
        child.send({ type: "stream_event", event: { type: "ping" }, session_id: "s", parent_tool_use_id: null });
        if (++beats === 6) {
          clearInterval(timer);
          child.send(resultLine("talked"));
        }
      }, 30);
    },
  });
  await using session = new Session({ ...QUICK, adapter, idleTimeout: 120 });
  assert.equal(await outcome(session.stream("talk")), "ok", "6 messages 30 ms apart: 180 ms in all, never idle");
  assert.equal(await outcome(session.stream("quiet")), "TIMEOUT");
});

test("bad stream options are INVALID_OPTION naming the option, and the session stays usable", async () => {
  const adapter = scriptedAdapter();
  await using session = new Session({ ...QUICK, adapter });
  for (
    const [options, option] of [
      [null, "options"],
      [{ signal: "soon" }, "signal"],
      [{ timeout: "1s" }, "timeout"],
      [{ idleTimeout: -1 }, "idleTimeout"],
    ] as const
  ) {
    assert.throws(
      () => session.stream("hello", options as never),
      (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === option,
    );
  }
  assert.equal(await outcome(session.stream("hello")), "ok");
});
