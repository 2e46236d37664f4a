// The session against a hostile CLI: whatever the CLI prints during a turn (junk, JSON of any shape, the known kinds
// with fields of the wrong type, control requests and responses of any shape), whatever options and stream options
// it is given, and however the turn then ends (a result, a crash, silence until the timeout), the host sees no
// unhandled rejection, every turn ends exactly once (with its result last, or with a ClaudeCodeError), a refused
// option is INVALID_OPTION, and the next turn works. The CLI is scripted in process (tests/session/_scripted_cli.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import fc from "fast-check";
import { isClaudeCodeError } from "../../src/errors.ts";
import { Session, type SessionOptions } from "../../src/session/mod.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { answerLikeTheCli, resultLine, scriptedAdapter, sleep } from "./_scripted_cli.ts";

/** The kinds the CLI prints, and the fields the session or its helpers read on them. */
const KINDS = [
  "system",
  "assistant",
  "user",
  "stream_event",
  "result",
  "control_request",
  "control_response",
  "control_cancel_request",
  "keep_alive",
  "rate_limit_event",
  "command_lifecycle",
] as const;
const FIELDS = [
  "subtype",
  "session_id",
  "message",
  "uuid",
  "parent_tool_use_id",
  "event",
  "result",
  "is_error",
  "total_cost_usd",
  "usage",
  "modelUsage",
  "num_turns",
  "origin",
  "errors",
  "request_id",
  "request",
  "response",
  "structured_output",
] as const;

/** A value of a field, of any type: what a CLI with another idea of the field might print. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, "", "init", "success", "error", -1, 1e308, "can_use_tool", "hook_callback", "mcp_message"),
  fc.constantFrom(
    { role: "assistant", content: [{ type: "text", text: 5 }] },
    { role: "assistant", content: "not blocks" },
    { content: [null, { type: "tool_use", input: "x" }] },
    { subtype: "can_use_tool", tool_name: 7, input: null },
    { subtype: "hook_callback", callback_id: "hook_0", input: [] },
    { subtype: "mcp_message", server_name: {}, message: "x" },
    { subtype: "success", request_id: "nobody" },
    { kind: 5 },
  ),
);

/** One line of a hostile CLI's stdout. */
const cliLine: fc.Arbitrary<string> = fc.oneof(
  // a known kind with fields of any type
  fc.record({
    type: fc.constantFrom(...KINDS),
    fields: fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 5 }),
  }).map(({ type, fields }) => JSON.stringify({ ...fields, type })),
  // a control request of any shape, mostly with an id (which the session must answer)
  fc.record({
    request_id: fc.oneof(fc.string({ maxLength: 6 }), anyValue),
    request: anyValue,
  }, { requiredKeys: [] }).map((line) => JSON.stringify({ type: "control_request", ...line })),
  // any JSON, and junk
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 40 }),
  fc.constantFrom("{", '{"type":', "\u0000\u0000", "[1,2", '{"type":"result"'),
);

/** How the CLI ends a turn after its fuzzed lines: its result, an exit (a crash), or nothing at all. */
const ending = fc.constantFrom("result", "result", "exit", "silent");

/** A turn as the hostile CLI plays it. */
const turnPlan = fc.record({ lines: fc.array(cliLine, { maxLength: 8 }), end: ending });

/** Session options a caller might pass: good ones, callbacks that throw, and (one run in five) one bad option. */
const sessionOptions: fc.Arbitrary<Record<string, unknown>> = fc.record({
  timeout: fc.oneof(fc.integer({ min: 50, max: 300 }), fc.constant(undefined)),
  idleTimeout: fc.oneof(fc.integer({ min: 50, max: 300 }), fc.constant(undefined)),
  model: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(undefined)),
  includePartialMessages: fc.option(fc.boolean(), { nil: undefined }),
  maxTurns: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  systemPrompt: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  env: fc.constantFrom(undefined, { A: "1" }),
  inheritEnv: fc.constantFrom(undefined, "all", "allowlist", ["PATH"]),
  throwing: fc.subarray(["stderr", "onCrash", "onProtocolError", "onError", "canUseTool"] as const),
  canUseTool: fc.constantFrom(undefined, "allow", "garbage"),
  bad: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    {
      arbitrary: fc.constantFrom<[string, unknown]>(
        ["timeout", 0],
        ["timeout", "1s"],
        ["timeout", 2 ** 31],
        ["idleTimeout", NaN],
        ["model", 5],
        ["maxTurns", 1.5],
        ["env", { "A=B": "x" }],
        ["env", { A: 5 }],
        ["inheritEnv", "everything"],
        ["extraArgs", ["a\0b"]],
        ["includePartialMessages", "yes"],
        ["modle", "haiku"],
      ),
      weight: 1,
    },
  ),
});

/** Stream options a caller might pass: none, good ones, and ones of the wrong type. */
const streamOptions = fc.oneof(
  fc.constantFrom(undefined, {}, { timeout: undefined }),
  fc.record({ timeout: fc.integer({ min: 50, max: 300 }) }),
  fc.constantFrom(null, 5, { timeout: "fast" }, { signal: {} }, { idleTimeout: -1 }, { unknown: 1 }),
);

/** What one turn came to. */
type Outcome =
  | { kind: "result"; messages: number }
  | { kind: "error"; code: string }
  | { kind: "refused"; code: string }
  | { kind: "hang" };

/** Reads a turn to its end, checking that it ends once: a result as its last message, or a ClaudeCodeError. */
async function readTurn(stream: ReadableStream<Message>, boundMs: number): Promise<Outcome> {
  const reader = stream.getReader();
  const seen: Message[] = [];
  const read = (async (): Promise<Outcome> => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen.push(value);
      }
    } catch (error) {
      assert.ok(isClaudeCodeError(error), `a turn fails with a ClaudeCodeError, got ${String(error)}`);
      return { kind: "error", code: error.code };
    }
    const results = seen.filter((message) => message.type === "result");
    assert.equal(results.length, 1, "a turn that ends well has exactly one result");
    assert.equal(seen.at(-1)?.type, "result", "and it is the last message");
    return { kind: "result", messages: seen.length };
  })();
  const outcome = await Promise.race([read, sleep(boundMs).then((): Outcome => ({ kind: "hang" }))]);
  if (outcome.kind === "hang") await reader.cancel().catch(() => {});
  // the stream is over for good: reading again gives nothing new (an errored stream errors again)
  if (outcome.kind !== "hang") {
    const again = await reader.read().catch(() => null);
    assert.ok(again === null || again.done, "nothing after the turn's end");
  }
  return outcome;
}

/** The options of the run, with the throwing callbacks made; the bounds kept short so a run stays fast. */
function buildOptions(raw: Record<string, unknown>, adapter: SessionOptions["adapter"]): Record<string, unknown> {
  const { throwing, canUseTool, bad, ...rest } = raw as {
    throwing: string[];
    canUseTool: string | undefined;
    bad: [string, unknown] | undefined;
  };
  const thrower = (name: string) => () => {
    throw new Error(`${name} fails on purpose`);
  };
  const options: Record<string, unknown> = {
    ...rest,
    adapter,
    shutdownGraceMs: 20,
    interruptGraceMs: 50,
    controlTimeout: 300,
    onError: throwing.includes("onError") ? thrower("onError") : () => {},
  };
  // every turn must end quickly even when the CLI goes silent: no run may wait longer than this
  if (options.timeout === undefined) options.timeout = 300;
  if (bad !== undefined) options[bad[0]] = bad[1];
  for (const name of ["stderr", "onCrash", "onProtocolError"]) {
    if (throwing.includes(name)) options[name] = thrower(name);
  }
  if (canUseTool !== undefined || throwing.includes("canUseTool")) {
    options.canUseTool = throwing.includes("canUseTool")
      ? thrower("canUseTool")
      : canUseTool === "allow"
      ? (_tool: string, input: Record<string, unknown>) => ({ behavior: "allow", updatedInput: input })
      : () => ({ nonsense: true });
  }
  return options;
}

test("fuzz: any CLI output, options and stream options: no unhandled rejection, each turn ends once, the next works", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  // the session reports what it survives to console.error when onError throws: keep the test's output readable
  const consoleError = console.error;
  console.error = () => {};
  try {
    await fc.assert(
      fc.asyncProperty(
        sessionOptions,
        fc.array(fc.tuple(turnPlan, streamOptions), { minLength: 1, maxLength: 3 }),
        async (raw, turns) => {
          const plans = turns.map(([plan]) => plan);
          let userTurn = 0;
          const adapter = scriptedAdapter({
            script: (message, child, answer) => {
              if (message.type !== "user") return answer();
              const plan = plans[userTurn++];
              // past the fuzzed turns: the clean turn that must work
              if (plan === undefined) return answerLikeTheCli(message, child);
              for (const line of plan.lines) child.send(line);
              if (plan.end === "result") child.send(resultLine("fuzzed"));
              else if (plan.end === "exit") child.exit(1);
            },
          });
          const options = buildOptions(raw, adapter);
          let session: Session;
          try {
            session = new Session(options);
          } catch (error) {
            assert.ok(
              isClaudeCodeError(error, "INVALID_OPTION"),
              `a refused option is INVALID_OPTION: ${String(error)}`,
            );
            return; // nothing else to check: no session, nothing spawned
          }
          try {
            for (const [, stream] of turns) {
              let turn: ReadableStream<Message>;
              try {
                turn = session.stream("fuzz", stream as never);
              } catch (error) {
                assert.ok(isClaudeCodeError(error, "INVALID_OPTION"), `a refused stream option: ${String(error)}`);
                userTurn++; // that turn never reached the CLI: skip its plan
                continue;
              }
              const outcome = await readTurn(turn, 3_000);
              assert.notEqual(outcome.kind, "hang", "every turn ends");
            }
            userTurn = plans.length; // whatever was skipped, the next user line gets the clean answer
            const next = await readTurn(session.stream("and now?", { timeout: 2_000 }), 4_000);
            assert.deepEqual(next.kind, "result", `the next turn works: ${JSON.stringify(next)}`);
          } finally {
            await session.stop();
          }
        },
      ),
      { numRuns: 50 },
    );
    await sleep(20);
  } finally {
    console.error = consoleError;
    process.off("unhandledRejection", onUnhandled);
  }
  assert.deepEqual(unhandled, [], "no unhandled rejection");
});
