/**
 * Benchmark (not a test): the cost of serving the CLI's control requests. A Session with `hooks` (a PreToolUse and a
 * UserPromptSubmit callback that answer at once) and an in-process `mcpServer` with one `tool()`, against a bare
 * spawn-and-parse loop over the same stand-in CLI and the same process adapter, which sends the same `initialize`
 * and answers each control request with a minimal JSON echo (the same payloads the callbacks and the tool return).
 *
 * - throughput: 5,000 assistant messages a turn, each turn preceded by one UserPromptSubmit and one PreToolUse
 *   `hook_callback` and one `mcp_message` tools/call, as a turn that calls a tool would be; messages/s vs the bare loop.
 * - round trips: the stand-in sends `--calls` hook callbacks, then `--calls` tools/calls a turn, one after another,
 *   each awaiting its answer, and times them itself; the figure is the time per round trip over the bare loop's.
 *
 *   node --import tsx bench/control.ts [--messages 5000] [--turns 20] [--calls 500] [--call-turns 4] [--rounds 7]
 *   node_modules/.bin/deno run -A bench/control.ts      node_modules/.bin/bun bench/control.ts
 *
 * The machine is shared and noisy: every figure is the median of `--rounds` alternating rounds.
 * @module
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { Session } from "../src/session/mod.ts";
import type { HookJSONOutput } from "../src/tools/hooks.ts";
import { mcpServer } from "../src/tools/mcp_server.ts";
import { tool } from "../src/tools/tool.ts";
import { encodeControlRequest, encodeUserMessage } from "../src/protocol/stdin_encoders.ts";
import type { Message } from "../src/protocol/messages.ts";
import { currentRuntime } from "../src/runtime/current.ts";
import { STAND_IN, startBareStandIn } from "./_stand_in.ts";

const argv = globalThis.process?.argv.slice(2) ?? [];
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const MESSAGES = option("messages", 5000);
const TURNS = option("turns", 20);
const CALLS = option("calls", 500);
const CALL_TURNS = option("call-turns", 4);
const ROUNDS = option("rounds", 7);

/** What the PreToolUse callback answers (and the bare loop echoes). */
const ALLOW: HookJSONOutput<"PreToolUse"> = {
  hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow" },
};

/** A loop's result: messages read, the time taken for the measured turns, and the stand-in's round-trip times. */
interface Run {
  messages: number;
  ms: number;
  hookMs: number;
  toolMs: number;
}

type Loop = (prompts: string[], env: Record<string, string>) => Promise<Run>;

/** Sums the stand-in's `stand_in_round_trips` of a result message into `run`. */
function addRoundTrips(run: Run, message: Message) {
  const trips = message.stand_in_round_trips;
  if (typeof trips !== "object" || trips === null) return;
  run.hookMs += Number(Reflect.get(trips, "hook_ms"));
  run.toolMs += Number(Reflect.get(trips, "tool_ms"));
}

const echo = tool("echo", "Echo the text back", v.object({ text: v.string() }), ({ text }) => ({
  content: [{ type: "text", text }],
}));

/**
 * Session.stream, one turn after the other, every message read: with hooks and an in-process tool server, or
 * without (then the stand-in, told of no callbacks, sends no control requests).
 */
const viaSession = (control: boolean): Loop => async (prompts, env) => {
  const session = new Session({
    cliPath: STAND_IN,
    env,
    ...(control
      ? {
        hooks: { PreToolUse: [{ hooks: [() => ALLOW] }], UserPromptSubmit: [{ hooks: [() => ({})] }] },
        mcpServers: { bench: mcpServer({ name: "bench", tools: [echo] }) },
      }
      : {}),
  });
  try {
    await session.stream("warm-up").pipeTo(new WritableStream());
    const run: Run = { messages: 0, ms: 0, hookMs: 0, toolMs: 0 };
    const start = performance.now();
    for (const prompt of prompts) {
      const reader = session.stream(prompt).getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        run.messages++;
        if (read.value.type === "result") addRoundTrips(run, read.value);
      }
    }
    run.ms = performance.now() - start;
    return run;
  } finally {
    await session.stop();
  }
};

/** The floor: the same adapter and decoder, the same `initialize`, each control request answered by a JSON echo. */
const viaBare: Loop = async (prompts, env) => {
  const { reader, send, close } = await startBareStandIn(env);
  const answer = (id: unknown, response: unknown) =>
    send(
      JSON.stringify({ type: "control_response", response: { subtype: "success", request_id: id, response } }) + "\n",
    );
  const echo = (request: Record<string, unknown>) => {
    if (request.subtype === "hook_callback") {
      return Reflect.get(Object(request.input), "hook_event_name") === "PreToolUse" ? ALLOW : {};
    }
    const message = Object(request.message);
    const text = Reflect.get(Object(Reflect.get(Object(message.params), "arguments")), "text");
    return { mcp_response: { jsonrpc: "2.0", id: message.id, result: { content: [{ type: "text", text }] } } };
  };
  const run: Run = { messages: 0, ms: 0, hookMs: 0, toolMs: 0 };
  const turn = async (prompt: string) => {
    await send(encodeUserMessage(prompt));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error("stand-in ended");
      if (value.type === "control_request") {
        void answer(value.request_id, echo(Object(value.request)));
        continue;
      }
      run.messages++;
      if (value.type === "result") return addRoundTrips(run, value);
    }
  };
  const hooks = { PreToolUse: [{ hookCallbackIds: ["hook_0"] }], UserPromptSubmit: [{ hookCallbackIds: ["hook_1"] }] };
  await send(encodeControlRequest({ subtype: "initialize", hooks, sdkMcpServers: ["bench"] }));
  await turn("warm-up");
  Object.assign(run, { messages: 0, hookMs: 0, toolMs: 0 });
  const start = performance.now();
  for (const prompt of prompts) await turn(prompt);
  run.ms = performance.now() - start;
  await close();
  return run;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function rounds(loops: Record<string, Loop>, prompts: string[], env: Record<string, string>) {
  const results: Record<string, Run[]> = Object.fromEntries(Object.keys(loops).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, loop] of Object.entries(loops)) results[name].push(await loop(prompts, env));
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, runs]) => [name, {
      messages: runs[0].messages,
      ms: median(runs.map((run) => run.ms)),
      hookMs: median(runs.map((run) => run.hookMs)),
      toolMs: median(runs.map((run) => run.toolMs)),
    }]),
  );
}

const runtime = await currentRuntime();
const config = await mkdtemp(join(tmpdir(), "cs-bench-"));
try {
  const loops: Record<string, Loop> = { bare: viaBare, session: viaSession(true) };
  const prompts = (count: number) => Array.from({ length: count }, (_, i) => `turn ${i}`);
  console.log(`runtime ${runtime.name}; median of ${ROUNDS} rounds`);
  const big = await rounds({ ...loops, plainSession: viaSession(false) }, prompts(TURNS), {
    CLAUDE_CONFIG_DIR: config,
    STAND_IN_MESSAGES: String(MESSAGES),
    STAND_IN_HOOK_CALLS: "2",
    STAND_IN_TOOL_CALLS: "1",
  });
  const rate = (name: string) => big[name].messages / (big[name].ms / 1000);
  console.log(
    `throughput, ${TURNS} turns x ${MESSAGES} messages + 2 hooks + 1 tool call: bare ${
      Math.round(rate("bare")).toLocaleString("en")
    } msg/s, session with hooks and tool server ${Math.round(rate("session")).toLocaleString("en")} msg/s (${
      (rate("session") / rate("bare")).toFixed(2)
    }x; a session without them: ${(rate("plainSession") / rate("bare")).toFixed(2)}x)`,
  );
  const trips = await rounds(loops, prompts(CALL_TURNS), {
    CLAUDE_CONFIG_DIR: config,
    STAND_IN_HOOK_CALLS: String(CALLS),
    STAND_IN_TOOL_CALLS: String(CALLS),
  });
  const perTrip = (name: string, kind: "hookMs" | "toolMs") => trips[name][kind] / (CALLS * CALL_TURNS);
  for (const [label, kind] of [["hook_callback", "hookMs"], ["mcp_message tools/call", "toolMs"]] as const) {
    const over = perTrip("session", kind) - perTrip("bare", kind);
    console.log(
      `${label} round trip (${CALL_TURNS} turns x ${CALLS}): ${over >= 0 ? "+" : ""}${over.toFixed(3)} ms over bare (${
        (perTrip("bare", kind) / perTrip("session", kind)).toFixed(2)
      }x the bare loop's rate)`,
    );
  }
} finally {
  await rm(config, { recursive: true, force: true });
}
