/**
 * Benchmark (not a test): the first reply of a new conversation from a warm `SessionPool` (a spare CLI started ahead)
 * against a cold start (a new Session, whose CLI starts at the first turn), as a ratio in one run. Timed from asking
 * (`pool.session()`, or `new Session()`) to the turn's first message and to its `result`. For scale, the floor: the
 * next turn of a live Session whose CLI has already done one (the CLI's own time for a turn, which no pool saves).
 *
 * On the stand-in CLI the other benchmarks use (bench/stand_in_cli.mjs), and, when it is installed (`npm run
 * test:real` installs it into `~/.cache/claude-stream/claude-code-<version>`), on the real CLI, offline as in the
 * tests (bench/_real_cli.ts: inside `unshare -n`, the stand-in Messages API of tests/real_cli as its model).
 *
 *   node --import tsx bench/pool.ts [--rounds 7] [--no-real]
 *   node_modules/.bin/deno run -A bench/pool.ts      node_modules/.bin/bun bench/pool.ts
 *
 * The machine is shared and noisy: every figure is the median of `--rounds` alternating rounds.
 * @module
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { SessionPool } from "../src/pool/mod.ts";
import type { Message } from "../src/protocol/messages.ts";
import { currentRuntime, runtimeName } from "../src/runtime/current.ts";
import { Session, type SessionOptions } from "../src/session/mod.ts";
import { binaryIn, cliVersion, installDir } from "../tests/real_cli/install_cli.ts";
import { reenterIsolated, startStandInApi } from "./_real_cli.ts";
import { STAND_IN } from "./_stand_in.ts";

const ARGS = process.argv.slice(2);
const ROUNDS = ARGS.includes("--rounds") ? Number(ARGS[ARGS.indexOf("--rounds") + 1]) : 7;
const REAL = !ARGS.includes("--no-real");

/** When a turn's first message and its result came, in ms after the ask. */
interface Timing {
  first: number;
  result: number;
}

/** Reads a turn to its end, noting when its first message and its result came. */
async function timeTurn(stream: ReadableStream<Message>, start: number): Promise<Timing> {
  const reader = stream.getReader();
  let first = -1;
  let result = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (first < 0) first = performance.now() - start;
    if (value.type === "result") result = performance.now() - start;
  }
  if (result < 0) throw new Error("the turn ended without a result");
  return { first, result };
}

/** A new Session: its CLI starts at the first turn. */
async function cold(options: SessionOptions): Promise<Timing> {
  const start = performance.now();
  const session = new Session(options);
  try {
    return await timeTurn(session.stream("hello"), start);
  } finally {
    await session.stop();
  }
}

/** A new conversation from a pool whose spare is started; the Session is stopped after, so the pool refills. */
async function warm(pool: SessionPool): Promise<Timing> {
  await pool.ready();
  const start = performance.now();
  const session = await pool.session();
  try {
    return await timeTurn(session.stream("hello"), start);
  } finally {
    await session.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The floor: the next turn of a live Session whose CLI has done one already (what no pool can go below). */
async function live(session: Session): Promise<Timing> {
  return await timeTurn(session.stream("hello"), performance.now());
}

/** Alternating cold, warm and live rounds on one CLI; prints a table row per measure. */
async function compare(label: string, options: SessionOptions): Promise<void> {
  const pool = new SessionPool({ maxLive: 2, warm: 1, idleMs: Infinity, sessionOptions: options });
  const used = new Session(options);
  const rounds: Record<"cold" | "warm" | "live", Timing[]> = { cold: [], warm: [], live: [] };
  try {
    await cold(options); // the version check and the file cache, out of the figures
    await warm(pool);
    await live(used);
    for (let round = 0; round < ROUNDS; round++) {
      rounds.cold.push(await cold(options));
      rounds.warm.push(await warm(pool));
      rounds.live.push(await live(used));
    }
  } finally {
    await Promise.all([pool.close(), used.stop()]);
  }
  for (const measure of ["first", "result"] as const) {
    const [c, w, l] = (["cold", "warm", "live"] as const).map((kind) => median(rounds[kind].map((t) => t[measure])));
    const what = measure === "first" ? "first message" : "whole reply";
    const percent = (ms: number) => `${((ms / c) * 100).toFixed(1)}%`;
    console.log(
      `| ${label} | ${what} | ${c.toFixed(1)} ms | ${w.toFixed(1)} ms | ${percent(w)} | ${l.toFixed(1)} ms | ${
        percent(l)
      } |`,
    );
  }
}

/** This benchmark's own command line on the host runtime (to run it again inside a network namespace). */
function selfCommand(): string[] {
  const script = fileURLToPath(import.meta.url);
  const name = runtimeName();
  if (name === "deno") return [process.execPath, "run", "-A", script, ...ARGS];
  if (name === "bun") return [process.execPath, script, ...ARGS];
  return [process.execPath, ...process.execArgv, script, ...ARGS];
}

async function main(): Promise<number> {
  const real = REAL ? await binaryIn(installDir()) : undefined;
  if (real !== undefined) {
    // The real CLI runs offline, as in the tests: this benchmark again, inside `unshare -n`.
    const outside = reenterIsolated(selfCommand());
    if (outside !== null) return await outside;
  }
  const runtime = await currentRuntime();
  const config = await mkdtemp(join(tmpdir(), "cs-bench-pool-"));
  try {
    console.log(
      `runtime ${runtime.name}; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}; ` +
        `median of ${ROUNDS} alternating rounds`,
    );
    console.log(
      "| CLI | until | cold start | warm pool | warm / cold (target <= 10%) | next turn, live CLI | / cold |",
    );
    console.log("|---|---|---:|---:|---:|---:|---:|");
    await compare("stand-in", { cliPath: STAND_IN, env: { CLAUDE_CONFIG_DIR: config } });
    if (real === undefined) {
      if (REAL) console.log("\n(no real CLI installed: `bash scripts/test_real.sh --runtime node` installs it)");
      return 0;
    }
    const api = await startStandInApi();
    try {
      await compare(`real ${cliVersion()}, stand-in API`, {
        cliPath: real,
        cwd: config,
        configDir: join(config, "real"),
        env: api.env,
      });
    } finally {
      await api.stop();
    }
  } finally {
    await rm(config, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = await main();
