/**
 * Benchmark (not a test): what in-process server manifests (`sdkMcpServerManifests`, features/m7) save at startup.
 * A new Session with 1 and with 5 in-process servers (`mcpServer()`, one `tool()` each), their manifests sent with
 * `initialize` or taken off (`{ ...server, manifest: undefined }`: the CLI then handshakes each server over the control
 * channel, 3 `mcp_message` round trips apiece); timed from `new Session()` to the `initialize` answer (`start()`) and
 * to the first turn's `system/init`; the `mcp_message` requests the session answered before it counted, and the span
 * they took (from the first one's arrival to the last one's answer: what the handshakes cost the startup at most).
 *
 *   node --import tsx bench/mcp_startup.ts [--rounds 9] [--cli <path>]
 *   node_modules/.bin/deno run -A bench/mcp_startup.ts      node_modules/.bin/bun bench/mcp_startup.ts
 *
 * `--cli` names the CLI (default: the fake CLI). The real one needs a Messages API for its turn: run it where
 * `ANTHROPIC_BASE_URL` points at the stand-in (see docs/benchmarks.md). Every figure is the median of `--rounds`
 * alternating rounds.
 * @module
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { Session } from "../src/session/mod.ts";
import { type McpSdkServerConfig, mcpServer } from "../src/tools/mcp_server.ts";
import { tool } from "../src/tools/tool.ts";
import { currentRuntime } from "../src/runtime/current.ts";
import { fakeCli } from "../testing.ts";

const argv = globalThis.process?.argv.slice(2) ?? [];
const option = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const ROUNDS = Number(option("rounds") ?? 9);
const CLI = option("cli") ?? fakeCli.path;

/** One startup: ms to the initialize answer and to system/init, the mcp_message requests answered by then, their span. */
interface Startup {
  initializeMs: number;
  initMs: number;
  messages: number;
  spanMs: number;
}

/** What the servers of one startup saw: how many messages, the first one's arrival and the last one's answer. */
interface Seen {
  messages: number;
  first: number;
  last: number;
}

/** `count` servers of one tool each, whose every message is counted; with their manifests or without. */
function servers(count: number, manifests: boolean, seen: Seen): Record<string, McpSdkServerConfig> {
  const entries = Array.from({ length: count }, (_, index) => {
    const name = `bench${index}`;
    const echo = tool("echo", "Echo the text back", v.object({ text: v.string() }), ({ text }) => ({
      content: [{ type: "text", text }],
    }));
    const server = mcpServer({ name, tools: [echo] });
    const counted: McpSdkServerConfig = {
      ...server,
      ...(manifests ? {} : { manifest: undefined }),
      handleMessage: async (message, context) => {
        if (seen.messages++ === 0) seen.first = performance.now();
        const answer = await server.handleMessage(message, context);
        seen.last = performance.now();
        return answer;
      },
    };
    return [name, counted] as const;
  });
  return Object.fromEntries(entries);
}

async function startup(count: number, manifests: boolean, configDir: string): Promise<Startup> {
  const seen: Seen = { messages: 0, first: 0, last: 0 };
  const started = performance.now();
  const session = new Session({ cliPath: CLI, configDir, mcpServers: servers(count, manifests, seen) });
  try {
    await session.start();
    const initializeMs = performance.now() - started;
    const reader = session.stream("hello").getReader();
    let result: Startup | undefined;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      if (result === undefined && read.value.type === "system" && read.value.subtype === "init") {
        const spanMs = seen.messages === 0 ? 0 : seen.last - seen.first;
        result = { initializeMs, initMs: performance.now() - started, messages: seen.messages, spanMs };
      }
    }
    if (result === undefined) throw new Error("the turn had no system/init");
    return result;
  } finally {
    await session.stop();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const runtime = await currentRuntime();
const configDir = await mkdtemp(join(tmpdir(), "cs-bench-mcp-"));
try {
  const cases = [1, 5].flatMap((count) => [true, false].map((manifests) => ({ count, manifests })));
  const runs = new Map(cases.map((c) => [c, [] as Startup[]]));
  await startup(1, true, configDir); // warm-up: the CLI's files in the page cache
  for (let round = 0; round < ROUNDS; round++) {
    // each case first as often as last: a startup right after another one's stop runs beside its exit
    for (const c of round % 2 === 0 ? cases : [...cases].reverse()) {
      runs.get(c)?.push(await startup(c.count, c.manifests, configDir));
    }
  }
  const figure = (count: number, manifests: boolean) => {
    const list = runs.get(cases.find((c) => c.count === count && c.manifests === manifests) ?? cases[0]) ?? [];
    return {
      initializeMs: median(list.map((run) => run.initializeMs)),
      initMs: median(list.map((run) => run.initMs)),
      messages: median(list.map((run) => run.messages)),
      spanMs: median(list.map((run) => run.spanMs)),
    };
  };
  console.log(`runtime: ${runtime.name}; CLI: ${CLI}; median of ${ROUNDS} rounds`);
  console.log(
    "| servers | to initialize answer, with / without | to system/init, with / without | ratio | " +
      "mcp_message before system/init, with / without | their span, without |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const count of [1, 5]) {
    const [on, off] = [figure(count, true), figure(count, false)];
    console.log(
      `| ${count} | ${on.initializeMs.toFixed(1)} / ${off.initializeMs.toFixed(1)} ms | ` +
        `${on.initMs.toFixed(1)} / ${off.initMs.toFixed(1)} ms | ${(on.initMs / off.initMs).toFixed(2)}x | ` +
        `${on.messages} / ${off.messages} | ${off.spanMs.toFixed(1)} ms |`,
    );
  }
} finally {
  await rm(configDir, { recursive: true, force: true });
}
