// Hooks: the `hooks` option registered over initialize and answered over hook_callback, against the CLI under test
// (the fake, or the real 2.1.332 with the stand-in API): allow, deny, a changed input, additional context, a Stop
// block, a UserPromptSubmit block, a throwing and a slow callback, bad options, command hooks from `--settings`
// (with and without includeHookEvents). See features/m1-m5.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import * as history from "../../src/history/mod.ts";
import { type ClaudeCodeError, isClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { isMessageOfType, isSystemSubtype } from "../../src/protocol/message_guards.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import type { HookInput, HooksOption } from "../../src/tools/hooks.ts";
import { withSessions } from "./_fixture.ts";
import { Session } from "../../src/session/mod.ts";
import { cliCommand } from "../../src/session/cli_command.ts";
import { sessionControl } from "../../src/session/session_control.ts";
import { currentRuntime } from "../../src/runtime/current.ts";

async function all(stream: ReadableStream<Message>): Promise<Message[]> {
  const messages: Message[] = [];
  for await (const message of stream as unknown as AsyncIterable<Message>) messages.push(message);
  return messages;
}

/** The tool_result blocks of a turn's user lines. */
function toolResults(messages: Message[]): Array<Record<string, unknown>> {
  return messages.flatMap((m) => {
    if (!isMessageOfType(m, "user") || typeof m.message.content === "string") return [];
    return m.message.content.filter((b) => b.type === "tool_result").map((b) => ({ ...b }));
  });
}

const allow = (reason = "allowed by test") => ({
  hookSpecificOutput: {
    hookEventName: "PreToolUse" as const,
    permissionDecision: "allow" as const,
    permissionDecisionReason: reason,
  },
});

test("hooks: PreToolUse allow runs a tool that would need approval; the callback gets the typed input and context", async () => {
  const inputs: HookInput[] = [];
  const contexts: { sessionId: string; toolUseId: string | undefined; aborted: boolean }[] = [];
  await withSessions(async (make, fx) => {
    const session = make({
      hooks: {
        PreToolUse: [{
          matcher: "Bash",
          hooks: [(input, { sessionId, toolUseId, signal }) => {
            inputs.push(input);
            contexts.push({ sessionId, toolUseId, aborted: signal.aborted });
            return allow();
          }],
        }],
        UserPromptSubmit: [{ hooks: [(input) => (inputs.push(input), {})] }],
      },
    });
    const messages = await all(session.stream("TOOL_BASH touch hook-allowed.txt"));
    assert.ok(existsSync(join(fx.cwd, "hook-allowed.txt")), "the allowed touch ran");
    const [submit, pre] = inputs;
    assert.equal(submit.hook_event_name, "UserPromptSubmit");
    assert.equal(submit.hook_event_name === "UserPromptSubmit" && submit.prompt, "TOOL_BASH touch hook-allowed.txt");
    assert.equal(pre.hook_event_name, "PreToolUse");
    if (pre.hook_event_name !== "PreToolUse") return;
    assert.equal(pre.tool_name, "Bash");
    assert.deepEqual((pre.tool_input as { command: string }).command, "touch hook-allowed.txt");
    assert.equal(contexts[0].toolUseId, pre.tool_use_id);
    assert.equal(contexts[0].sessionId, session.sessionId);
    assert.equal(contexts[0].aborted, false);
    assert.equal(toolResults(messages)[0]?.is_error, false);
    // The UserPromptSubmit request comes before the turn's system/init: the first message is still init.
    assert.equal(messages[0].type, "system");
  });
});

test("hooks: PreToolUse deny (and the legacy decision: block) keeps the tool from running, as a denial", async () => {
  await withSessions(async (make, fx) => {
    const session = make({
      hooks: {
        PreToolUse: [{
          matcher: "Bash",
          timeout: 30,
          hooks: [(input) => {
            const command = String((input.tool_input as { command?: string }).command);
            return command.includes("legacy") ? { decision: "block", reason: "legacy block decision" } : {
              hookSpecificOutput: {
                hookEventName: "PreToolUse",
                permissionDecision: "deny",
                permissionDecisionReason: "denied by test",
              },
            };
          }],
        }],
      },
    });
    const denied = await collectTurn(session.stream("TOOL_BASH touch hook-denied.txt"));
    assert.ok(!existsSync(join(fx.cwd, "hook-denied.txt")), "the denied touch did not run");
    assert.match(denied.text, /PreToolUse:Bash hook error: denied by test/);
    assert.equal(denied.result.permission_denials?.length, 1);
    const legacy = await collectTurn(session.stream("TOOL_BASH touch legacy.txt"));
    assert.match(legacy.text, /PreToolUse:Bash hook error: legacy block decision/);
    assert.ok(!existsSync(join(fx.cwd, "legacy.txt")));
  });
});

test("hooks: PreToolUse updatedInput changes what runs; the tool_use keeps the original input", async () => {
  await withSessions(async (make) => {
    const session = make({
      hooks: {
        PreToolUse: [{
          matcher: "Bash",
          hooks: [() => ({
            hookSpecificOutput: {
              hookEventName: "PreToolUse",
              permissionDecision: "allow",
              updatedInput: { command: "echo modified-by-hook", description: "changed by hook" },
            },
          })],
        }],
      },
    });
    const turn = await collectTurn(session.stream("TOOL_BASH echo original-input"));
    assert.match(turn.text, /=modified-by-hook/);
    assert.equal((turn.toolUses[0]?.input as { command?: string }).command, "echo original-input");
  });
});

test("hooks: additionalContext of UserPromptSubmit and PostToolUse reaches the conversation (and the model)", async () => {
  await withSessions(async (make, fx) => {
    const session = make({
      hooks: {
        UserPromptSubmit: [{
          hooks: [() => ({
            hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: "UPS-CONTEXT-FROM-TEST" },
          })],
        }],
        PostToolUse: [{
          matcher: "Bash",
          hooks: [(input) => ({
            hookSpecificOutput: {
              hookEventName: "PostToolUse",
              additionalContext: `POST-CONTEXT ${
                JSON.stringify(input.hook_event_name === "PostToolUse" && input.tool_response)
              }`,
            },
          })],
        }],
      },
    });
    const turn = await collectTurn(session.stream("TOOL_BASH echo context-check"));
    assert.equal(turn.isError, false);
    const entries = await history.readSession(session.sessionId!, { configDir: fx.configDir });
    const contexts = entries.flatMap((e) => {
      const attachment = (e as { attachment?: { type?: string; content?: string[]; hookName?: string } }).attachment;
      return attachment?.type === "hook_additional_context" ? [`${attachment.hookName}: ${attachment.content}`] : [];
    });
    assert.equal(contexts.length, 2, JSON.stringify(contexts));
    assert.equal(contexts[0], "UserPromptSubmit: UPS-CONTEXT-FROM-TEST");
    assert.match(contexts[1], /^PostToolUse:Bash: POST-CONTEXT .*context-check/);
    // Against the real CLI, the stand-in API's log shows the lines the model was sent (m1.api.jsonl).
    const api = process.env.ANTHROPIC_BASE_URL;
    if (process.env.CLAUDE_STREAM_TEST_CLI && api) {
      const log = JSON.stringify(await (await fetch(new URL("/_log", api))).json());
      assert.ok(log.includes("UserPromptSubmit hook additional context: UPS-CONTEXT-FROM-TEST"));
      assert.ok(log.includes("PostToolUse:Bash hook additional context: POST-CONTEXT"));
    }
  });
});

test("hooks: a Stop block makes the model go on once with the reason; the second Stop sees stop_hook_active", async () => {
  const active: boolean[] = [];
  await withSessions(async (make) => {
    const session = make({
      hooks: {
        Stop: [{
          hooks: [(input) => {
            active.push(input.stop_hook_active);
            return input.stop_hook_active ? {} : { decision: "block", reason: "KEEP-GOING" };
          }],
        }],
      },
    });
    const messages = await all(session.stream("hello"));
    assert.deepEqual(active, [false, true]);
    const feedback = messages.find((m) =>
      m.type === "user" && JSON.stringify(m).includes("Stop hook feedback:\\nKEEP-GOING")
    );
    assert.ok(feedback, "the feedback is a user line of the turn");
    const result = messages.at(-1)!;
    assert.equal(result.type, "result");
    assert.match(String(result.type === "result" && result.result), /^\(injected-only user message\)/);
  });
});

test("hooks: a UserPromptSubmit block ends the turn before any API call; the next prompt goes through", async () => {
  await withSessions(async (make) => {
    const session = make({
      hooks: {
        UserPromptSubmit: [{
          hooks: [
            (input) => input.prompt.startsWith("BLOCKME") ? { decision: "block", reason: "blocked by test" } : {},
          ],
        }],
      },
    });
    const blocked = await collectTurn(session.stream("BLOCKME please"));
    assert.equal(blocked.result.num_turns, 0);
    assert.equal(
      blocked.result.type === "result" && blocked.result.result,
      "UserPromptSubmit operation blocked by hook:\nblocked by test\n\nOriginal prompt: BLOCKME please",
    );
    assert.equal(blocked.toolUses.length, 0);
    const next = await collectTurn(session.stream("hello again"));
    assert.match(next.text, /last=hello again/);
  });
});

test("hooks: a throwing callback is a CALLBACK_ERROR for onError and an error answer; the turn goes on", async () => {
  const errors: ClaudeCodeError[] = [];
  await withSessions(async (make, fx) => {
    const session = make({
      onError: (error) => errors.push(error),
      hooks: {
        PreToolUse: [{
          matcher: "Bash",
          onFailure: "block",
          hooks: [(input) => {
            if (String((input.tool_input as { command?: string }).command).includes("blocked")) {
              throw new Error("hook crashed (test)");
            }
            return {};
          }],
        }],
        PostToolUse: [{ hooks: [() => Promise.reject(new Error("post crashed (test)"))] }],
      },
    });
    const blocked = await collectTurn(session.stream("TOOL_BASH touch blocked.txt"));
    assert.ok(!existsSync(join(fx.cwd, "blocked.txt")), "onFailure: block blocks the call");
    assert.match(blocked.text, /onFailure is "block"/);
    const ran = await collectTurn(session.stream("TOOL_BASH echo after-failure"));
    assert.match(ran.text, /=after-failure/, "a failed PostToolUse (onFailure continue) lets the turn go on");
    const reported = errors.filter((e) => isClaudeCodeError(e, "CALLBACK_ERROR"));
    assert.deepEqual(
      reported.map((e) => isClaudeCodeError(e, "CALLBACK_ERROR") && e.details.callback),
      ["hooks.PreToolUse", "hooks.PostToolUse"],
    );
    assert.match(reported[0].message, /hook crashed \(test\)/);
  });
});

test("hooks: a callback past its matcher's timeout is aborted and answered with an error; the turn ends", async () => {
  const errors: ClaudeCodeError[] = [];
  let aborted = false;
  await withSessions(async (make, fx) => {
    const session = make({
      onError: (error) => errors.push(error),
      hooks: {
        PreToolUse: [{
          matcher: "Bash",
          timeout: 1,
          onFailure: "block",
          hooks: [(_input, { signal }) =>
            new Promise((resolve) => {
              signal.addEventListener("abort", () => {
                aborted = true;
                resolve({});
              });
            })],
        }],
      },
    });
    const turn = await collectTurn(session.stream("TOOL_BASH touch slow-hook.txt"));
    assert.equal(turn.result.type, "result");
    assert.ok(aborted, "the callback's signal was aborted");
    assert.ok(!existsSync(join(fx.cwd, "slow-hook.txt")), "the call did not run");
    const timedOut = errors.find((e) => isClaudeCodeError(e, "CALLBACK_ERROR"));
    assert.ok(timedOut, "reported");
    assert.ok(isClaudeCodeError(timedOut.cause, "TIMEOUT"), String(timedOut.cause));
  });
});

test("hooks: includeHookEvents is --include-hook-events; hooks go in the initialize request, not on the command line", async () => {
  const runtime = await currentRuntime();
  const hooks: HooksOption = { Stop: [{ hooks: [() => ({})] }] };
  assert.ok(cliCommand({ includeHookEvents: true, hooks }, {}, runtime).args.includes("--include-hook-events"));
  assert.ok(!cliCommand({ hooks }, {}, runtime).args.some((arg) => arg.includes("hook")));
  assert.deepEqual(sessionControl({ hooks }).initialize, {
    subtype: "initialize",
    hooks: { Stop: [{ hookCallbackIds: ["hook_0"] }] },
  });
});

test("hooks: includeHookEvents passes the CLI's hook lines through; SDK callbacks make none (features/m5)", async () => {
  await withSessions(async (make) => {
    const session = make({
      includeHookEvents: true,
      hooks: { PreToolUse: [{ matcher: "Bash", hooks: [() => ({})] }] },
    });
    const messages = await all(session.stream("TOOL_BASH echo with-hook-events"));
    assert.equal(messages.at(-1)?.type, "result");
    assert.deepEqual(messages.filter((m) => m.type === "system" && String(m.subtype).startsWith("hook_")), []);
  });
});

/** `--settings` with a PreToolUse command hook for Bash that keeps its stdin in the cwd and prints a line. */
const commandHookSettings = JSON.stringify({
  hooks: {
    PreToolUse: [{
      matcher: "Bash",
      hooks: [{ type: "command", command: "cat > command-hook-input.json; echo cmd-hook-out" }],
    }],
  },
});

test("hooks: includeHookEvents streams a command hook's hook_started and hook_response lines", async () => {
  await withSessions(async (make, fx) => {
    const session = make({ includeHookEvents: true, extraArgs: ["--settings", commandHookSettings] });
    const messages = await all(session.stream("TOOL_BASH echo with-command-hook"));
    const started = messages.find((m) => isSystemSubtype(m, "hook_started"));
    const response = messages.find((m) => isSystemSubtype(m, "hook_response"));
    assert.ok(started && isSystemSubtype(started, "hook_started"), "hook_started");
    assert.equal(started.hook_name, "PreToolUse:Bash");
    assert.equal(started.hook_event, "PreToolUse");
    assert.ok(response && isSystemSubtype(response, "hook_response"), "hook_response");
    assert.equal(response.hook_id, started.hook_id);
    assert.equal(response.stdout, "cmd-hook-out\n");
    assert.equal(response.exit_code, 0);
    assert.equal(response.outcome, "success");
    assert.ok(messages.indexOf(started) < messages.indexOf(response), "started before its response");
    const result = messages.findIndex((m) => isMessageOfType(m, "user"));
    assert.ok(messages.indexOf(response) < result, "the hook is over before the tool result");
    // the command got the hook input as JSON on stdin
    const input = JSON.parse(readFileSync(join(fx.cwd, "command-hook-input.json"), "utf8"));
    assert.equal(input.hook_event_name, "PreToolUse");
    assert.equal(input.tool_name, "Bash");
    assert.equal(input.tool_input.command, "echo with-command-hook");
    assert.equal(input.session_id, session.sessionId);
  });
});

test("hooks: without includeHookEvents a command hook still runs and prints no hook lines", async () => {
  await withSessions(async (make, fx) => {
    const session = make({ extraArgs: ["--settings", commandHookSettings] });
    const messages = await all(session.stream("TOOL_BASH echo with-quiet-hook"));
    assert.ok(!messages.some((m) => isSystemSubtype(m, "hook_started") || isSystemSubtype(m, "hook_response")));
    const input = JSON.parse(readFileSync(join(fx.cwd, "command-hook-input.json"), "utf8"));
    assert.equal(input.tool_input.command, "echo with-quiet-hook");
    assert.equal(toolResults(messages)[0]?.content, "with-quiet-hook");
  });
});

test("hooks: a bad hooks option is INVALID_OPTION naming the place", () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ BeforeTool: [] }, /unknown hook event "BeforeTool"/],
    [{ PreToolUse: [{ hooks: ["allow"] }] }, /PreToolUse\[0\]\.hooks\[0\]: must be a function/],
    [{ PreToolUse: [{ matcher: 3, hooks: [() => ({})] }] }, /PreToolUse\[0\]\.matcher/],
    [{ PreToolUse: [{ hooks: [] }] }, /at least one callback/],
    [{ Stop: [{ hooks: [() => ({})], timeout: 0 }] }, /Stop\[0\]\.timeout/],
    [{ Stop: [{ hooks: [() => ({})], onFailure: "ignore" }] }, /onFailure: must be "continue" or "block"/],
    [{ PreToolUse: { hooks: [() => ({})] } }, /PreToolUse/],
    ["PreToolUse", /hooks/],
  ];
  for (const [hooks, message] of bad) {
    assert.throws(
      () => new Session({ hooks: hooks as HooksOption }),
      (error) =>
        isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "hooks" && message.test(error.message),
      String(message),
    );
  }
  assert.throws(
    () => new Session({ includeHookEvents: "yes" as never }),
    (e) => isClaudeCodeError(e, "INVALID_OPTION"),
  );
});
