import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../src/session/mod.ts";
import { parseSessionOptions } from "../../src/session/session_options.ts";
import { isClaudeCodeError } from "../../src/errors.ts";
import type { ProcessAdapter } from "../../src/runtime/types.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import { fakeCli } from "../../testing.ts";

function rejects(options: unknown, option: string) {
  assert.throws(
    () => new Session(options as never),
    (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === option,
    `expected INVALID_OPTION naming ${option}`,
  );
}

test("options: a wrong type throws INVALID_OPTION naming the option", () => {
  rejects({ timeout: "1s" }, "timeout");
  rejects({ timeout: -5 }, "timeout");
  rejects({ model: 42 }, "model");
  rejects({ allowedTools: "Bash" }, "allowedTools");
  rejects({ maxTurns: 1.5 }, "maxTurns");
  rejects({ includePartialMessages: "yes" }, "includePartialMessages");
  rejects({ env: { A: 1 } }, "env");
  rejects({ sessionId: "not-a-uuid" }, "sessionId");
  rejects({ canUseTool: true }, "canUseTool");
  rejects({ adapter: {} }, "adapter");
  rejects({ stderr: "log" }, "stderr");
});

test("options: an unknown option throws INVALID_OPTION naming it", () => {
  rejects({ systemprompt: "typo" }, "systemprompt");
  rejects({ fork_session: true }, "fork_session");
});

test("options: forkSession needs resume or continue", () => {
  rejects({ forkSession: true }, "forkSession");
  new Session({ forkSession: true, resume: "8ec596a5-375c-46da-9f57-4c8b183c77bc" });
});

test("options: a per-turn timeout is validated too", () => {
  const session = new Session();
  assert.throws(
    () => session.stream("hi", { timeout: 0 }),
    (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "timeout",
  );
});

test("options: building a Session spawns nothing", async () => {
  let spawns = 0;
  const adapter: ProcessAdapter = {
    spawn() {
      spawns++;
      throw new Error("should not spawn");
    },
  };
  const session = new Session({
    adapter,
    model: "sonnet",
    systemPrompt: "You are an Elixir expert",
    timeout: 120_000,
    allowedTools: ["Read"],
    env: { A: "b" },
    canUseTool: () => ({ behavior: "deny", message: "no" }),
  });
  assert.equal(session.sessionId, null);
  assert.equal(session.alive, true);
  assert.equal(session.pid, undefined);
  await session.stop();
  assert.equal(spawns, 0);
  assert.equal(session.alive, false);
});

test("options: a prompt that is neither text nor content blocks throws INVALID_OPTION naming prompt", () => {
  const session = new Session();
  assert.throws(
    () => session.stream(42 as never),
    (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "prompt",
  );
  assert.throws(
    () => session.stream([{ type: "text", text: "x", big: 1n }] as never),
    (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "prompt",
  );
});

test("options: an option whose value is undefined counts as absent (new Session({ model: process.env.MODEL }))", async () => {
  const parsed = parseSessionOptions({
    model: undefined,
    cwd: undefined,
    timeout: undefined,
    name: undefined,
    permissionMode: "plan",
  });
  assert.deepEqual({ ...parsed }, { permissionMode: "plan" });
  assert.deepEqual(Object.keys(parsed), ["permissionMode"]);
  // Absent, so the rules about options given still hold: forkSession needs a resume that is there.
  rejects({ forkSession: true, resume: undefined }, "forkSession");
  rejects({ model: null }, "model"); // null is a value, not an absent option
  const session = new Session({
    model: undefined,
    timeout: undefined,
    adapter: {
      spawn: () => {
        throw new Error("not needed");
      },
    },
  });
  assert.equal(session.name, undefined);
  await session.stop();
});

test("options: bounds a host timer cannot keep (2^31 ms or more) are refused; Infinity means no bound", async () => {
  for (const option of ["timeout", "shutdownGraceMs", "interruptGraceMs"]) {
    rejects({ [option]: 2 ** 31 }, option);
    rejects({ [option]: Number.NaN }, option);
    parseSessionOptions({ [option]: Infinity });
    parseSessionOptions({ [option]: 2 ** 31 - 1 });
  }
  const session = new Session({
    adapter: fakeCli.inMemoryAdapter(),
    timeout: Infinity,
    shutdownGraceMs: Infinity,
    interruptGraceMs: Infinity,
  });
  try {
    // Before, a bound past 2^31 - 1 ms fired at once: this turn failed with TIMEOUT before its first message.
    assert.equal((await collectTurn(session.stream("hi", { timeout: Infinity }))).text, "turns=1 last=hi history=hi");
    assert.throws(
      () => session.stream("hi", { timeout: 2 ** 31 }),
      (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "timeout",
    );
  } finally {
    await session.stop();
  }
});

test("options: bad stream options are INVALID_OPTION naming the option, and the session stays usable", async () => {
  const session = new Session({ adapter: fakeCli.inMemoryAdapter() });
  try {
    const refuses = (options: unknown, option: string) =>
      assert.throws(
        () => session.stream("hi", options as never),
        (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === option,
        option,
      );
    refuses(null, "options");
    refuses("fast", "options");
    refuses({ signal: "stop" }, "signal");
    refuses({ signal: {} }, "signal");
    refuses({ timeout: "1s" }, "timeout");
    refuses({ timeot: 5 }, "timeot");
    assert.equal(
      (await collectTurn(session.stream("still here", { signal: undefined, timeout: undefined }))).text,
      "turns=1 last=still here history=still here",
    );
  } finally {
    await session.stop();
  }
});

test("options: env names and values that cannot reach a spawn are INVALID_OPTION, also keys valibot's record would skip", () => {
  rejects({ env: { A: "x\0y" } }, "env");
  rejects({ env: { "A\0B": "x" } }, "env");
  rejects({ env: { "A=B": "x" } }, "env");
  rejects({ env: { "": "x" } }, "env");
  rejects({ env: JSON.parse('{"__proto__": "x"}') }, "env");
  rejects({ env: { constructor: "x" } }, "env");
  parseSessionOptions({ env: { A: "b", PATH: "/bin:/usr/bin" } });
});

test("options: nothing inherited is read as an option (a polluted Object.prototype never reaches the argv)", async () => {
  const spawned: string[][] = [];
  const polluted = Object.prototype as Record<string, unknown>;
  // Non-enumerable, as a getter or defineProperty would leave it: an enumerable key on Object.prototype breaks
  // valibot's own schema walk (a TypeError before anything spawns), which is not what this test is about.
  for (const [key, value] of [["extraArgs", ["--dangerously-skip-permissions"]], ["cliPath", "/tmp/evil"]] as const) {
    Object.defineProperty(polluted, key, { value, configurable: true, writable: true });
  }
  try {
    const adapter = fakeCli.inMemoryAdapter({ onSpawn: (command, args) => spawned.push([command, ...args]) });
    const session = new Session({ adapter, cliPath: "claude" });
    try {
      await collectTurn(session.stream("hi"));
    } finally {
      await session.stop();
    }
  } finally {
    delete polluted.extraArgs;
    delete polluted.cliPath;
  }
  const argv = spawned.find((args) => !args.includes("--version"))!;
  assert.equal(argv[0], "claude");
  assert.ok(!argv.includes("--dangerously-skip-permissions"), argv.join(" "));
});
