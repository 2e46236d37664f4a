/**
 * Every scenario kind of the fake CLI, run as a child process under the runtime running the tests (so each kind
 * is exercised on Deno, Bun and Node), plus the same kinds through the in-memory adapter.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import { fakeCli, type ScenarioBuilder } from "../../testing.ts";
import { SCENARIO_ENV } from "../../fake-cli/scenario.js";
import {
  isAssistantMessage,
  isResultMessage,
  isStreamEvent,
  isSystemSubtype,
  isUserMessage,
} from "../../src/protocol/message_guards.ts";
import {
  delay,
  drive,
  fakeCommand,
  fakeEnv,
  messages,
  parseMessage,
  type RunResult,
  sandbox,
  type Step,
} from "./_support.ts";

const STREAM = ["--output-format", "stream-json", "--verbose", "--input-format", "stream-json"];

function userLine(content: string) {
  return { type: "user", message: { role: "user", content } };
}

/** One stream-json turn (or the given steps) against a scenario, in a fresh sandbox. */
async function runScenario(
  built: ScenarioBuilder,
  options: { args?: string[]; steps?: Step[]; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const box = sandbox();
  try {
    return await drive({
      args: options.args ?? STREAM,
      cwd: box.cwd,
      env: fakeEnv(box.config, { ...built.env(`${box.root}/scenario.json`), ...options.env }),
      steps: options.steps ?? [{ send: userLine("hello") }, { wait: { type: "result" } }, { close: true }],
    });
  } finally {
    box.cleanup();
  }
}

describe("fake CLI scenarios (child process)", () => {
  test("reply text, paced deltas with a chunk size", async () => {
    const run = await runScenario(fakeCli.scenario().reply("Hello Alice", { delayMs: 20, chunkSize: 4 }), {
      args: [...STREAM, "--include-partial-messages"],
    });
    const deltas = messages(run.lines).filter(isStreamEvent).filter((m) => m.event.type === "content_block_delta");
    assert.deepEqual(deltas.map((m) => m.event.delta?.text), ["Hell", "o Al", "ice"]);
    assert.equal(messages(run.lines).find(isResultMessage)?.result, "Hello Alice");
    assert.equal(run.code, 0);
  });

  test("reply blocks: thinking, text and a tool call that runs", async () => {
    const built = fakeCli.scenario().turn({
      blocks: [{ type: "thinking", thinking: "let me see" }, { type: "text", text: "Running it." }, {
        type: "tool_use",
        name: "Bash",
        input: { command: "echo scripted" },
      }],
    });
    const run = await runScenario(built, { args: [...STREAM, "--allowedTools", "Bash"] });
    const all = messages(run.lines);
    const blocks = all.filter(isAssistantMessage).map((m) => m.message.content[0]?.type);
    assert.deepEqual(blocks, ["thinking", "text", "tool_use", "text"]);
    const toolResult = all.find(isUserMessage)?.message.content[0];
    assert.ok(typeof toolResult === "object" && toolResult.type === "tool_result");
    assert.equal(toolResult.content, "scripted");
    assert.match(
      all.find(isResultMessage)?.result ?? "",
      /^tool_result\(toolu_fake_\d+\)=scripted turns=1 last=hello/,
    );
  });

  test("API failure: retry notices, synthetic message, is_error result, exit 1", async () => {
    const run = await runScenario(fakeCli.scenario().apiError(529), { env: { CLAUDE_CODE_MAX_RETRIES: "2" } });
    const all = messages(run.lines);
    assert.deepEqual(all.filter((m) => isSystemSubtype(m, "api_retry")).map((m) => m.attempt), [1, 2]);
    assert.equal(all.find(isAssistantMessage)?.message.model, "<synthetic>");
    const result = all.find(isResultMessage);
    assert.ok(result);
    assert.equal(result.is_error, true);
    assert.equal(result.api_error_status, 529);
    assert.equal(run.code, 1);
  });

  test("crash mid-turn with an exit code, after the first delta", async () => {
    const run = await runScenario(fakeCli.scenario().crash({ afterChunks: 1, exitCode: 3, stderr: "boom" }), {
      args: [...STREAM, "--include-partial-messages"],
    });
    assert.equal(run.code, 3);
    const kinds = messages(run.lines).map((m) => m.type);
    assert.ok(kinds.includes("stream_event"), "a delta came out before the crash");
    assert.ok(!kinds.includes("result"), "no result after a crash");
    assert.match(run.stderr, /boom/);
  });

  test("crash mid-turn by a signal", async () => {
    const run = await runScenario(fakeCli.scenario().crash({ signal: "SIGKILL" }));
    assert.equal(run.signal, "SIGKILL");
    assert.equal(run.code, null);
  });

  test("a hang that ignores SIGTERM ends only with SIGKILL", async () => {
    const box = sandbox();
    try {
      const { command, prefix } = fakeCommand();
      const env = fakeEnv(box.config, fakeCli.scenario().hang().env(`${box.root}/scenario.json`));
      const child = spawn(command, [...prefix, ...STREAM], { cwd: box.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on("close", (code, signal) => resolve({ code, signal }))
      );
      let out = "";
      child.stdout.setEncoding("utf8");
      const sawInit = new Promise<void>((resolve) =>
        child.stdout.on("data", (t: string) => (out += t).includes('"init"') && resolve())
      );
      child.stdin.write(JSON.stringify(userLine("hello")) + "\n");
      await sawInit; // the hang starts once the turn is under way
      // process.kill, not child.kill: Deno's child_process refuses a second kill() on the same child
      process.kill(child.pid!, "SIGTERM");
      const early = await Promise.race([exited, delay(500).then(() => "still running" as const)]);
      assert.equal(early, "still running");
      process.kill(child.pid!, "SIGKILL");
      const status = await exited;
      // Deno reports the first signal sent rather than the one that ended the child: only check it was a signal
      assert.equal(status.code, null);
      assert.ok(status.signal);
    } finally {
      box.cleanup();
    }
  });

  test("a reply line of N MiB", async () => {
    const run = await runScenario(fakeCli.scenario().bigLine(2));
    const long = run.lines.find((line) => line.length >= 2 * 1024 * 1024);
    assert.ok(long, "one stdout line is at least 2 MiB");
    assert.equal(parseMessage(long)?.type, "assistant");
    assert.equal(messages(run.lines).at(-1)?.type, "result");
  });

  test("non-JSON noise on stdout, at start and before a turn", async () => {
    const run = await runScenario(fakeCli.scenario().noise("Loading plugins...").turn({ noise: ["<<not json>>"] }));
    assert.equal(run.lines[0], "Loading plugins...");
    const noise = run.lines.indexOf("<<not json>>");
    assert.ok(
      noise > 0 && parseMessage(run.lines[noise + 1])?.subtype === "init",
      "turn noise comes right before the init",
    );
  });

  test("stderr chatter at start and during a turn", async () => {
    const run = await runScenario(fakeCli.scenario().stderr("warming up").turn({ stderr: ["turn chatter"] }));
    assert.deepEqual(run.stderr.split("\n").filter(Boolean), ["warming up", "turn chatter"]);
    assert.equal(run.code, 0);
  });

  test("slow start: nothing happens before the start delay", async () => {
    const started = Date.now();
    const run = await runScenario(fakeCli.scenario().startDelay(300), {
      args: ["-p", "hi", "--output-format", "text"],
      steps: [{ close: true }],
    });
    // a lower bound only: the fake cannot answer before its start delay, however loaded the machine is
    assert.ok(Date.now() - started >= 300);
    assert.equal(run.lines[0], "turns=1 last=hi history=hi");
  });

  test("turns after the scripted ones follow `otherwise`, and the fake model answers unscripted turns", async () => {
    const built = fakeCli.scenario().turn({}).otherwise({ text: "default reply" });
    const run = await runScenario(built, {
      steps: [{ send: userLine("one") }, { wait: { type: "result" } }, { send: userLine("two") }, {
        wait: { type: "result" },
      }, { close: true }],
    });
    const results = messages(run.lines).filter(isResultMessage).map((m) => m.result);
    assert.deepEqual(results, ["turns=1 last=one history=one", "default reply"]);
  });
});

test("`when` scripts the turn that says a word, in every process: crash, then a respawn that resumes", async () => {
  const box = sandbox();
  try {
    const env = fakeEnv(
      box.config,
      fakeCli.scenario().when("boom", { crash: { exitCode: 9 } }).env(`${box.root}/scenario.json`),
    );
    const first = await drive({
      args: STREAM,
      cwd: box.cwd,
      env,
      steps: [{ send: userLine("hello") }, { wait: { type: "result" } }, { send: userLine("boom") }, {
        wait: { type: "result" },
      }, { close: true }],
    });
    assert.equal(first.code, 9);
    const id = messages(first.lines).find(isResultMessage)?.session_id;
    const second = await drive({
      args: [...STREAM, `--resume=${id}`],
      cwd: box.cwd,
      env,
      steps: [{ send: userLine("after") }, { wait: { type: "result" } }, { close: true }],
    });
    assert.equal(second.code, 0);
    // the crashed prompt reached the session file before the crash, so the resumed conversation still has it
    assert.equal(
      messages(second.lines).find(isResultMessage)?.result,
      "turns=3 last=after history=hello | boom | after",
    );
  } finally {
    box.cleanup();
  }
});

test("a scenario travels as JSON in the environment (no file), or as a file path, or by flag", async () => {
  const built = fakeCli.scenario().reply("scripted");
  assert.equal(built.env()[SCENARIO_ENV], JSON.stringify(built.toJSON()));
  const box = sandbox();
  try {
    const byJson = await drive({ args: ["-p", "hi"], cwd: box.cwd, env: fakeEnv(box.config, built.env()) });
    const byFile = await drive({
      args: ["-p", "hi"],
      cwd: box.cwd,
      env: fakeEnv(box.config, built.env(`${box.root}/s.json`)),
    });
    const byFlag = await drive({
      args: ["-p", "hi", `--fake-scenario=${box.root}/s.json`],
      cwd: box.cwd,
      env: fakeEnv(box.config),
    });
    assert.deepEqual([byJson.lines, byFile.lines, byFlag.lines], [["scripted"], ["scripted"], ["scripted"]]);
  } finally {
    box.cleanup();
  }
});

describe("fake CLI scenarios (in-memory adapter)", () => {
  async function inMemory(built: ScenarioBuilder, args: string[], input: string[]) {
    const box = sandbox();
    try {
      const child = fakeCli.inMemoryAdapter({ scenario: built }).spawn(fakeCli.path, args, {
        cwd: box.cwd,
        env: { CLAUDE_CONFIG_DIR: box.config },
      });
      const writer = child.stdin.getWriter();
      for (const line of input) await writer.write(new TextEncoder().encode(line + "\n"));
      await writer.close();
      const [stdout, stderr, exit] = await Promise.all([
        new Response(child.stdout).text(),
        new Response(child.stderr).text(),
        child.exited,
      ]);
      return { lines: stdout.split("\n").filter(Boolean), stderr, exit };
    } finally {
      box.cleanup();
    }
  }

  test("reply, noise, stderr and an API failure", async () => {
    const built = fakeCli.scenario().noise("noise!").stderr("chatter").reply("first").apiError(500);
    const run = await inMemory(built, STREAM, [JSON.stringify(userLine("a")), JSON.stringify(userLine("b"))]);
    assert.equal(run.lines[0], "noise!");
    assert.equal(run.stderr, "chatter\n");
    const results = messages(run.lines).filter(isResultMessage);
    assert.deepEqual(results.map((m) => [m.result?.slice(0, 14), m.is_error]), [["first", false], [
      "API Error: 500",
      true,
    ]]);
    assert.deepEqual(run.exit, { code: 1, signal: null });
  });

  test("crash with an exit code and a big line", async () => {
    const crashed = await inMemory(fakeCli.scenario().crash({ exitCode: 7 }), STREAM, [JSON.stringify(userLine("a"))]);
    assert.deepEqual(crashed.exit, { code: 7, signal: null });
    const big = await inMemory(fakeCli.scenario().bigLine(1), STREAM, [JSON.stringify(userLine("a"))]);
    assert.ok(big.lines.some((line) => line.length >= 1024 * 1024));
  });

  test("stdout has backpressure (an unread big line holds the fake back); unread stderr never blocks", async () => {
    const box = sandbox();
    try {
      const chatter = Array.from({ length: 500 }, (_, i) => `chatter ${i}`);
      const child = fakeCli.inMemoryAdapter({ scenario: fakeCli.scenario().stderr(...chatter).bigLine(2) })
        .spawn("claude", ["-p", "hi", "--output-format", "stream-json", "--verbose"], {
          cwd: box.cwd,
          env: { CLAUDE_CONFIG_DIR: box.config },
        });
      await child.stdin.close();
      assert.equal(await Promise.race([child.exited, delay(300).then(() => "held back")]), "held back");
      const stdout = await new Response(child.stdout).text();
      assert.deepEqual(await child.exited, { code: 0, signal: null });
      assert.ok(stdout.length > 2 * 1024 * 1024);
    } finally {
      box.cleanup();
    }
  });

  test("a hang ignores SIGTERM, SIGKILL ends it", async () => {
    const box = sandbox();
    try {
      const child = fakeCli.inMemoryAdapter({ scenario: fakeCli.scenario().hang() })
        .spawn("claude", STREAM, { cwd: box.cwd, env: { CLAUDE_CONFIG_DIR: box.config } });
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(JSON.stringify(userLine("a")) + "\n"));
      const reader = child.stdout.getReader();
      await reader.read(); // the init line: the turn is under way
      child.kill("SIGTERM");
      assert.equal(await Promise.race([child.exited, delay(200).then(() => "still running")]), "still running");
      child.kill("SIGKILL");
      assert.deepEqual(await child.exited, { code: null, signal: "SIGKILL" });
    } finally {
      box.cleanup();
    }
  });
});
