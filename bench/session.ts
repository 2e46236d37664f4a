/**
 * Benchmark (not a test): messages per second through `Session.stream`, against a bare spawn-and-parse loop over
 * the same stand-in CLI and the same process adapter, and against the official `@anthropic-ai/claude-agent-sdk`
 * `query()` with a streamed prompt pointed at the same stand-in. Also the overhead of a tiny turn over the bare
 * loop, and the host memory per idle Session (CLI started, no turn running).
 *
 *   node --import tsx bench/session.ts [--messages 5000] [--turns 20] [--rounds 7] [--tiny 100] [--idle 10] [--no-sdk]
 *   node_modules/.bin/deno run -A bench/session.ts --no-sdk      node_modules/.bin/bun bench/session.ts
 *
 * The agent SDK is installed with `npm install` into a temporary folder outside the repository on first use.
 * The machine is shared and noisy: every figure is the median of `--rounds` alternating rounds.
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Session } from "../src/session/mod.ts";
import { encodeUserMessage } from "../src/protocol/stdin_encoders.ts";
import { currentRuntime } from "../src/runtime/current.ts";
import { STAND_IN, startBareStandIn } from "./_stand_in.ts";

const SDK_VERSION = "0.3.332";

interface Settings {
  messages: number;
  turns: number;
  rounds: number;
  tiny: number;
  idle: number;
  sdk: boolean;
}

function settings(argv: string[]): Settings {
  const number = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(argv[at + 1]);
  };
  return {
    messages: number("messages", 5000),
    turns: number("turns", 20),
    rounds: number("rounds", 7),
    tiny: number("tiny", 100),
    idle: number("idle", 20),
    sdk: !argv.includes("--no-sdk"),
  };
}

/** A loop's result: messages read and the time taken for the measured turns. */
interface Run {
  messages: number;
  ms: number;
}

type Loop = (prompts: string[], env: Record<string, string>) => Promise<Run>;

/** Session.stream: one Session, one turn after the other, every message read. */
const viaSession: Loop = async (prompts, env) => {
  const session = new Session({ cliPath: STAND_IN, env });
  try {
    await session.stream("warm-up").pipeTo(new WritableStream());
    let messages = 0;
    const start = performance.now();
    for (const prompt of prompts) {
      const reader = session.stream(prompt).getReader();
      while (!(await reader.read()).done) messages++;
    }
    return { messages, ms: performance.now() - start };
  } finally {
    await session.stop();
  }
};

/** The floor: the same adapter and decoder, one write per turn, read until the result; no session at all. */
const viaBare: Loop = async (prompts, env) => {
  const { reader, send, close } = await startBareStandIn(env);
  const turn = async (prompt: string) => {
    let messages = 0;
    await send(encodeUserMessage(prompt));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error("stand-in ended");
      messages++;
      if (value.type === "result") return messages;
    }
  };
  await turn("warm-up");
  let messages = 0;
  const start = performance.now();
  for (const prompt of prompts) messages += await turn(prompt);
  const ms = performance.now() - start;
  await close();
  return { messages, ms };
};

/** The official agent SDK's `query()` with a streamed prompt, pointed at the same stand-in. */
async function agentSdkLoop(): Promise<Loop> {
  const folder = join(tmpdir(), `claude-stream-bench-agent-sdk-${SDK_VERSION}`);
  const entry = join(folder, "node_modules", "@anthropic-ai", "claude-agent-sdk", "sdk.mjs");
  if (!existsSync(entry)) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "package.json"), '{"name":"bench-agent-sdk","private":true}');
    console.error(`installing @anthropic-ai/claude-agent-sdk@${SDK_VERSION} into ${folder} ...`);
    execFileSync("npm", ["install", "--no-audit", "--no-fund", `@anthropic-ai/claude-agent-sdk@${SDK_VERSION}`], {
      cwd: folder,
      stdio: "inherit",
    });
  }
  const { query } = await import(pathToFileURL(entry).href);
  return async (prompts, env) => {
    let turnDone: () => void = () => {};
    const all = ["warm-up", ...prompts];
    async function* input() {
      for (const prompt of all) {
        const finished = new Promise<void>((resolve) => (turnDone = resolve));
        yield { type: "user", message: { role: "user", content: prompt }, parent_tool_use_id: null, session_id: "" };
        await finished;
      }
    }
    let messages = 0;
    let turns = 0;
    let start = 0;
    const q = query({
      prompt: input(),
      options: { pathToClaudeCodeExecutable: STAND_IN, executable: "node", env: { ...process.env, ...env } },
    });
    for await (const message of q) {
      if (turns > 0) messages++;
      if (message.type === "result") {
        turns++;
        if (turns === 1) start = performance.now();
        turnDone();
        if (turns === all.length) break;
      }
    }
    return { messages, ms: performance.now() - start };
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function rounds(loops: Record<string, Loop>, prompts: string[], env: Record<string, string>, count: number) {
  const results: Record<string, Run[]> = Object.fromEntries(Object.keys(loops).map((name) => [name, []]));
  for (let round = 0; round < count; round++) {
    for (const [name, loop] of Object.entries(loops)) results[name].push(await loop(prompts, env));
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, runs]) => [name, {
      messages: runs[0].messages,
      ms: median(runs.map((run) => run.ms)),
    }]),
  );
}

/** Host heap and RSS held by idle Sessions (CLI started, one turn done): with them alive, minus after they are gone. */
async function idleMemory(count: number, env: Record<string, string>) {
  const gc = (globalThis as { gc?: () => void }).gc;
  const measure = async () => {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return (globalThis as { process?: { memoryUsage(): { heapUsed: number; rss: number } } }).process?.memoryUsage() ??
      { heapUsed: 0, rss: 0 };
  };
  let sessions: Session[] = Array.from({ length: count }, () => new Session({ cliPath: STAND_IN, env }));
  for (const session of sessions) await session.stream("hello").pipeTo(new WritableStream());
  const held = await measure();
  await Promise.all(sessions.map((session) => session.stop()));
  sessions = [];
  const released = await measure();
  return {
    heapKiB: (held.heapUsed - released.heapUsed) / count / 1024,
    rssKiB: (held.rss - released.rss) / count / 1024,
    gc: gc !== undefined,
  };
}

async function main() {
  const s = settings(globalThis.process?.argv.slice(2) ?? []);
  const runtime = await currentRuntime();
  const config = await mkdtemp(join(tmpdir(), "cs-bench-"));
  const env = { CLAUDE_CONFIG_DIR: config, STAND_IN_MESSAGES: String(s.messages) };
  const tinyEnv = { ...env, STAND_IN_MESSAGES: "1" };
  try {
    const loops: Record<string, Loop> = { bare: viaBare, session: viaSession };
    if (s.sdk) loops.agentSdk = await agentSdkLoop();
    const prompts = Array.from({ length: s.turns }, (_, i) => `turn ${i}`);
    console.log(
      `runtime ${runtime.name}; ${s.turns} turns x ${s.messages} assistant messages; median of ${s.rounds} rounds`,
    );
    const big = await rounds(loops, prompts, env, s.rounds);
    const rate = (name: string) => big[name].messages / (big[name].ms / 1000);
    console.log("| loop | messages/s | vs bare | vs agent SDK |");
    console.log("|---|---:|---:|---:|");
    for (const name of Object.keys(big)) {
      const vsSdk = big.agentSdk ? (rate(name) / rate("agentSdk")).toFixed(2) + "x" : "-";
      console.log(
        `| ${name} | ${Math.round(rate(name)).toLocaleString("en")} | ${
          (rate(name) / rate("bare")).toFixed(2)
        }x | ${vsSdk} |`,
      );
    }
    const tinyPrompts = Array.from({ length: s.tiny }, (_, i) => `tiny ${i}`);
    const tiny = await rounds(loops, tinyPrompts, tinyEnv, s.rounds);
    console.log(`\ntiny turn (1 assistant message), ms per turn over ${s.tiny} turns:`);
    for (const name of Object.keys(tiny)) {
      const perTurn = tiny[name].ms / s.tiny;
      console.log(
        `  ${name}: ${perTurn.toFixed(3)} ms (${(perTurn - tiny.bare.ms / s.tiny >= 0 ? "+" : "")}${
          (perTurn - tiny.bare.ms / s.tiny).toFixed(3)
        } ms over bare)`,
      );
    }
    const memory = await idleMemory(s.idle, env);
    console.log(
      `\nhost memory held per idle Session (CLI started, one turn done; ${s.idle} sessions): heap ${
        memory.heapKiB.toFixed(1)
      } KiB, rss ${memory.rssKiB.toFixed(1)} KiB${memory.gc ? "" : " (no --expose-gc: heap figures are rough)"}`,
    );
  } finally {
    await rm(config, { recursive: true, force: true });
  }
}

await main();
