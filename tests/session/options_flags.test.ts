// The options handed to the CLI as flags (features/m20, m25-m32), each checked in what the CLI did with it: its
// system/init, its answers, its session file, or (real CLI) the requests the stand-in API got.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import process from "node:process";
import { isClaudeCodeError } from "../../src/errors.ts";
import * as history from "../../src/history/mod.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { Session } from "../../src/session/mod.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import { type Fixture, historyOf, IS_REAL_CLI, reply, withSessions } from "./_fixture.ts";

async function all(stream: ReadableStream<Message>): Promise<Message[]> {
  const messages: Message[] = [];
  for await (const message of stream as unknown as AsyncIterable<Message>) messages.push(message);
  return messages;
}

function initOf(messages: Message[]): Record<string, unknown> {
  const init = messages.find((m) => m.type === "system" && m.subtype === "init");
  assert.ok(init !== undefined, "a system/init");
  return init;
}

/**
 * What the CLI sent the model for a session: the real CLI's requests as the stand-in API logged them (by session id),
 * the fake's as its session file records them (`api-request` entries).
 */
async function sentRequests(
  sessionId: string,
  fx: Fixture,
): Promise<{ thinking?: unknown; effort?: unknown; betas: string[]; system: string }[]> {
  const api = process.env.ANTHROPIC_BASE_URL;
  if (IS_REAL_CLI && api) {
    const log: { path: string; headers: Record<string, string>; body: Record<string, unknown> | null }[] =
      await (await fetch(new URL("/_log", api))).json();
    return log
      .filter((e) => e.path === "/v1/messages" && e.headers["x-claude-code-session-id"] === sessionId && e.body)
      .map((e) => ({
        thinking: e.body?.thinking,
        effort: (e.body?.output_config as { effort?: unknown } | undefined)?.effort,
        betas: (e.headers["anthropic-beta"] ?? "").split(","),
        system: JSON.stringify(e.body?.system ?? ""),
      }));
  }
  const entries = await history.readSession(sessionId, { configDir: fx.configDir });
  return entries.filter((e) => e.type === "api-request").map((e) => {
    const params = (e as { params?: Record<string, unknown> }).params ?? {};
    return {
      thinking: params.thinking,
      effort: (params.output_config as { effort?: unknown } | undefined)?.effort,
      betas: Array.isArray(params.betas) ? params.betas.map(String) : [],
      system: "",
    };
  });
}

test("options: agents are offered to the model and listed; agent runs the main conversation as one (m25)", async () => {
  const agents = {
    "fake-reviewer": { description: "Reviews code", prompt: "You are FAKE-REVIEWER-SYSTEM-PROMPT.", tools: ["Read"] },
  };
  await withSessions(async (make, fx) => {
    const session = make({ agents });
    assert.ok((initOf(await all(session.stream("hi"))).agents as string[]).includes("fake-reviewer"));
    assert.ok((await session.supportedAgents()).some((a) => a.name === "fake-reviewer"));
    const main = make({ agents, agent: "fake-reviewer" });
    const text = await reply(main, "SHOW_SYSTEM who are you");
    if (IS_REAL_CLI) {
      const sent = await sentRequests(main.sessionId!, fx);
      assert.ok(sent.some((r) => r.system.includes("FAKE-REVIEWER-SYSTEM-PROMPT")), "the agent's prompt is sent");
    } else assert.match(text, /FAKE-REVIEWER-SYSTEM-PROMPT/);
  });
});

test("options: maxBudgetUsd ends a turn that spent past it with error_max_budget_usd (m32)", async () => {
  await withSessions(async (make) => {
    const session = make({ maxBudgetUsd: 0.0001, allowedTools: ["Bash"] });
    const turn = await collectTurn(session.stream("TOOL_BASH echo budget"));
    assert.equal(turn.result.subtype, "error_max_budget_usd");
    assert.equal(turn.isError, true);
    assert.deepEqual(turn.result.errors, ["Reached maximum budget ($0.0001)"]);
    assert.equal(turn.result.terminal_reason, "budget_exhausted");
  });
  assert.throws(() => new Session({ maxBudgetUsd: -1 }), (e) => isClaudeCodeError(e, "INVALID_OPTION"));
});

test("options: additionalDirectories lets the tools write outside cwd (m29, m30)", async () => {
  await withSessions(async (make, fx) => {
    const extra = join(fx.cwd, "..", `${fx.cwd.split("/").at(-1)}-extra`);
    await mkdir(extra, { recursive: true });
    try {
      const inside = join(extra, "written.txt");
      const write = (file: string) => `TOOL Write {"file_path":"${file}","content":"extra"}`;
      const without = make({ permissionMode: "acceptEdits" });
      await all(without.stream(write(join(extra, "denied.txt"))));
      assert.equal(existsSync(join(extra, "denied.txt")), false, "outside cwd, not written");
      const session = make({ permissionMode: "acceptEdits", additionalDirectories: [extra] });
      const messages = await all(session.stream(write(inside)));
      assert.deepEqual(initOf(messages).additional_directories, [extra]);
      assert.equal(existsSync(inside), true);
    } finally {
      await import("node:fs/promises").then((fs) => fs.rm(extra, { recursive: true, force: true }));
    }
  });
});

test("options: settingSources picks the settings files read; settings adds its own (m27, m28)", async () => {
  await withSessions(async (make, fx) => {
    await mkdir(join(fx.cwd, ".claude"), { recursive: true });
    await writeFile(join(fx.cwd, ".claude", "settings.json"), JSON.stringify({ model: "claude-sonnet-4-5" }));
    const all_ = make();
    assert.equal(initOf(await all(all_.stream("hi"))).model, "claude-sonnet-4-5", "the project's model applies");
    const none = make({ settingSources: [] });
    assert.notEqual(initOf(await all(none.stream("hi"))).model, "claude-sonnet-4-5", "no settings file read");
    const flagged = make({ settingSources: [], settings: { model: "claude-haiku-4-5" } });
    assert.equal(initOf(await all(flagged.stream("hi"))).model, "claude-haiku-4-5");
  });
});

test("options: resumeSessionAt resumes the conversation up to an entry, a branch in the same session (m20)", async () => {
  await withSessions(async (make) => {
    const first = make();
    await reply(first, "setup turn one");
    await reply(first, "setup turn two");
    const id = first.sessionId!;
    await first.stop();
    const assistant = (await first.conversation()).find((m) => m.type === "assistant");
    assert.ok(assistant !== undefined);
    const resumed = make({ resume: id, resumeSessionAt: assistant.uuid });
    assert.deepEqual(historyOf(await reply(resumed, "resumed at turn one")), ["setup turn one", "resumed at turn one"]);
    assert.equal(resumed.sessionId, id);
    // a later turn of the same session goes on from the branch, not from the cut again
    assert.deepEqual(historyOf(await reply(resumed, "and on")), ["setup turn one", "resumed at turn one", "and on"]);
  });
  assert.throws(() => new Session({ resumeSessionAt: "x" }), (e) => isClaudeCodeError(e, "INVALID_OPTION"));
});

test("options: persistSession false writes no session file", async () => {
  await withSessions(async (make) => {
    const session = make({ persistSession: false });
    assert.match(await reply(session, "remember nothing"), /remember nothing/);
    await assert.rejects(session.conversation(), (e) => isClaudeCodeError(e, "SESSION_NOT_FOUND"));
  });
});

test("options: tools sets the built-in tools; fallbackModel takes over from an overloaded model", {
  timeout: 180_000,
}, async () => {
  await withSessions(async (make) => {
    const session = make({ tools: ["Read", "Write"], fallbackModel: "claude-sonnet-4-5" });
    const tools = initOf(await all(session.stream("hi"))).tools as string[];
    assert.ok(tools.includes("Read") && tools.includes("Write"), JSON.stringify(tools));
    assert.equal(tools.includes("Bash"), false);
    const none = make({ tools: [] });
    assert.equal((initOf(await all(none.stream("hi"))).tools as string[]).includes("Read"), false);
    // the main model overloaded (529): after the 3rd consecutive 529 the CLI switches to the fallback model (m31);
    // the real CLI backs off between its retries, hence the session's long timeout
    const overloaded = make({
      fallbackModel: "claude-sonnet-4-5",
      env: { CLAUDE_CODE_MAX_RETRIES: "5" },
      timeout: 120_000,
    });
    const messages = await all(overloaded.stream("hello OVERLOAD_MODEL=opus"));
    const retries = messages.filter((m) => m.type === "system" && m.subtype === "api_retry");
    assert.ok(retries.length >= 1, JSON.stringify(messages.map((m) => [m.type, m.subtype])));
    assert.ok(retries.every((m) => m.error_status === 529), JSON.stringify(retries));
    const fallback = messages.find((m) => m.type === "system" && m.subtype === "model_fallback");
    assert.ok(fallback !== undefined, JSON.stringify(messages.map((m) => [m.type, m.subtype])));
    assert.equal(fallback.trigger, "overloaded");
    assert.equal(fallback.fallback_model, "claude-sonnet-4-5");
    assert.match(String(fallback.original_model), /opus/);
    assert.match(String(fallback.content), /^Switched to Sonnet 4\.5 due to high demand for Opus /);
    const answers = messages.filter((m) => m.type === "assistant");
    assert.ok(answers.length > 0);
    assert.ok(
      answers.every((m) => (m.message as { model?: unknown }).model === "claude-sonnet-4-5"),
      JSON.stringify(answers),
    );
    const result = messages.find((m) => m.type === "result");
    assert.equal(result?.is_error, false);
    assert.match(String(result?.result), /hello OVERLOAD_MODEL=opus/);
  });
  assert.throws(
    () => new Session({ model: "sonnet", fallbackModel: "sonnet" }),
    (e) => isClaudeCodeError(e, "INVALID_OPTION") && e.details.option === "fallbackModel",
  );
});

test("options: effort, thinking and betas reach the model's requests", async () => {
  await withSessions(async (make, fx) => {
    const session = make({ effort: "high", thinking: { type: "disabled" }, betas: ["context-1m-2025-08-07"] });
    await reply(session, "hello");
    const sent = await sentRequests(session.sessionId!, fx);
    assert.ok(sent.length > 0);
    assert.equal(sent[0].effort, "high");
    assert.ok(sent[0].betas.includes("context-1m-2025-08-07"), JSON.stringify(sent[0].betas));
    // no model of 2.1.332 can stop thinking (initialize's `supportsThinkingOff: false`): it stays adaptive
    assert.equal((sent[0].thinking as { type?: string } | undefined)?.type, "adaptive");
  });
});
