import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSessionOptions, Session } from "../../src/session/mod.ts";
import { isClaudeCodeError } from "../../src/errors.ts";
import type { ProcessAdapter } from "../../src/runtime/types.ts";

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
  assert.throws(() => session.stream("hi", { timeout: 0 }), (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "timeout");
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
  assert.throws(() => session.stream(42 as never), (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "prompt");
  assert.throws(() => session.stream([{ type: "text", text: "x", big: 1n }] as never), (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "prompt");
});

test("options: an option whose value is undefined counts as absent (new Session({ model: process.env.MODEL }))", async () => {
  const parsed = parseSessionOptions({ model: undefined, cwd: undefined, timeout: undefined, name: undefined, permissionMode: "plan" });
  assert.deepEqual(parsed, { permissionMode: "plan" });
  assert.deepEqual(Object.keys(parsed), ["permissionMode"]);
  // Absent, so the rules about options given still hold: forkSession needs a resume that is there.
  rejects({ forkSession: true, resume: undefined }, "forkSession");
  rejects({ model: null }, "model"); // null is a value, not an absent option
  const session = new Session({ model: undefined, timeout: undefined, adapter: { spawn: () => { throw new Error("not needed"); } } });
  assert.equal(session.name, undefined);
  await session.stop();
});
