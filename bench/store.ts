/**
 * Benchmark (not a test) of session stores (issue 14), every figure a ratio against a baseline measured in the same
 * run, on a throwaway PostgreSQL 15 (tests/store/_postgres.ts, or `CLAUDE_STREAM_PG_URL`).
 *
 * 1. Mirroring throughput: messages per second through `Session.stream` with a `PostgresSessionStore` mirroring the
 *    transcript (`--session-mirror`, each turn's entries stored before its result is handed on) against the same
 *    session without a store; also with a store that keeps nothing (the cost of the frames and the mirror alone) and
 *    an `InMemorySessionStore` (a store without a database). The stand-in CLI (bench/stand_in_cli.mjs) writes
 *    `--lines` lines a turn as fast as it can, in two mixes: realistic (partial messages on: `--events` stream events
 *    before each assistant message, one entry per assistant message, as the real CLI mirrors) and worst case (every
 *    message an entry); and `--tiny` turns of one message (the time a turn's result waits for the store). `--turns`
 *    turns a session, the median of `--rounds` rounds after a warm-up round, the sessions in turn (the order rotated
 *    each round); the stores are checked to hold every entry. With `--real-cli`, one mix instead: `--turns` turns of a
 *    prompt and its answer on the real CLI against the stand-in Messages API.
 * 2. Resume of a `--mb` MB conversation on a fresh worker: `new Session({ resume })` to the first reply's result, in
 *    a new process each time, from the store (PostgreSQL; the session file absent, so the Session restores it) against
 *    from disk (the file there, no store); also the store with the file already there, and the restore alone; the
 *    host process's peak RSS and JS heap. The median of `--resume-rounds` rounds. The CLI is the fake
 *    (`fakeCli.path`), or with `--real-cli` the real CLI 2.1.332 (installed by scripts/test_real.sh) against the
 *    stand-in Messages API, offline inside `unshare -n`.
 *
 *   node --import tsx bench/store.ts [--only mirror|resume] [--lines 5000] [--events 45] [--turns 20] [--tiny 100]
 *                                    [--rounds 7] [--mb 20] [--resume-rounds 5] [--real-cli]
 *   node_modules/.bin/deno run -A bench/store.ts      node_modules/.bin/bun bench/store.ts
 * @module
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, realpathSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import postgres from "postgres";
import { encodeProjectPath } from "../src/history/encode_project_path.ts";
import { currentRuntime, runtimeName } from "../src/runtime/current.ts";
import { Session } from "../src/session/mod.ts";
import { importSessionToStore } from "../src/store/import_session_to_store.ts";
import { InMemorySessionStore } from "../src/store/in_memory_session_store.ts";
import { PostgresSessionStore } from "../src/store/postgres/postgres_session_store.ts";
import type { SessionKey, SessionStore, SessionStoreEntry } from "../src/store/session_store.ts";
import { fakeCli } from "../testing.ts";
import { skipReason, startPostgres } from "../tests/store/_postgres.ts";
import { realCliBinary, reenterIsolated, startStandInApi } from "./_real_cli.ts";
import type { ResumeJob, ResumeMeasure } from "./_resume_worker.ts";
import { STAND_IN } from "./_stand_in.ts";
import { writeTranscript } from "./_transcript.ts";

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : "all";
const LINES = option("lines", 5000);
const EVENTS = option("events", 45);
const TURNS = option("turns", 20);
const TINY = option("tiny", 100);
const ROUNDS = option("rounds", 7);
const MB = option("mb", 20);
const RESUME_ROUNDS = option("resume-rounds", 5);
const REAL_CLI = argv.includes("--real-cli");

/** The schema the benchmark's tables live in (emptied between rounds). */
const SCHEMA = "bench";
const PROJECT_KEY = "bench";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values: number[], digits = 2) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
const load = () => loadavg().map((value) => value.toFixed(1)).join(" ");

/** The database: a store on it, and the bench's own client to count and clear its rows. */
interface Database {
  url: string;
  store: PostgresSessionStore;
  sql: postgres.Sql;
  count(key: SessionKey): Promise<number>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

async function database(): Promise<Database> {
  if (skipReason !== false) throw new Error(`the store benchmark ${skipReason}`);
  const server = await startPostgres();
  const store = new PostgresSessionStore({ url: server.url, schema: SCHEMA });
  await store.migrate();
  const sql = postgres(server.url, { max: 1, onnotice: () => {} });
  const entries = sql(`${SCHEMA}.claude_stream_session_entries`);
  return {
    url: server.url,
    store,
    sql,
    count: async (key) => {
      const [row] = await sql<{ count: string }[]>`
        select count(*) from ${entries} where project_key = ${key.projectKey} and session_id = ${key.sessionId}`;
      return Number(row.count);
    },
    clear: async () => {
      await sql`truncate ${entries}, ${sql(`${SCHEMA}.claude_stream_sessions`)}`;
    },
    stop: async () => {
      await Promise.all([store.close(), sql.end()]);
      await server.stop();
    },
  };
}

// ---------------------------------------------------------------- 1. mirroring throughput

/** A turn's mix of lines: assistant messages (each one entry) and the stream events before each. */
interface Mix {
  name: string;
  messages: number;
  events: number;
  /** Measured turns a session. */
  turns: number;
}

type StoreKind = "none" | "discard" | "memory" | "postgres";
const KINDS: StoreKind[] = ["none", "discard", "memory", "postgres"];

/** A store that keeps nothing but a count: what is left is the cost of the frames and the mirror themselves. */
function discardingStore(): SessionStore & { appended: number } {
  const store = {
    appended: 0,
    append: (_key: SessionKey, entries: unknown[]) => {
      store.appended += entries.length;
      return Promise.resolve();
    },
    load: () => Promise.resolve(null),
  };
  return store;
}

interface MirrorRun {
  messages: number;
  ms: number;
  /** `store.append` calls, over the whole session (the warm-up turn included), and their median time. */
  appends: number;
  appendMs: number;
}

/** `store` with its `append` calls counted and timed (the mirror batches what comes while an append runs). */
function countingAppends(store: SessionStore): SessionStore & { appends: number; appendMs: number[] } {
  const appendMs: number[] = [];
  const counted = {
    appends: 0,
    appendMs,
    append: async (key: SessionKey, entries: SessionStoreEntry[]) => {
      counted.appends++;
      const start = performance.now();
      await store.append(key, entries);
      counted.appendMs.push(performance.now() - start);
    },
    load: (key: SessionKey) => store.load(key),
  };
  return counted;
}

/** The real CLI's binary and the environment that points it at the stand-in Messages API. */
interface RealCli {
  path: string;
  env: Record<string, string>;
}

/** One session of `mix.turns` turns after a warm-up, every message read; then the store is checked to hold it all. */
async function mirrorRun(
  kind: StoreKind,
  mix: Mix,
  config: string,
  db: Database,
  realCli?: RealCli,
): Promise<MirrorRun> {
  const discarding = kind === "discard" ? discardingStore() : undefined;
  const inner: SessionStore | undefined = kind === "memory"
    ? new InMemorySessionStore()
    : kind === "postgres"
    ? db.store
    : discarding;
  const store = inner === undefined ? undefined : countingAppends(inner);
  const failures: unknown[] = [];
  const session = new Session({
    ...(realCli === undefined
      ? {
        cliPath: STAND_IN,
        env: {
          CLAUDE_CONFIG_DIR: config,
          STAND_IN_MESSAGES: String(mix.messages),
          STAND_IN_STREAM_EVENTS: String(mix.events),
        },
      }
      : { cliPath: realCli.path, cwd: config, configDir: join(config, "real"), env: realCli.env }),
    onError: (error) => failures.push(error),
    ...(store === undefined ? {} : { sessionStore: store, projectKey: PROJECT_KEY, storeTimeout: 120_000 }),
  });
  const run: MirrorRun = { messages: 0, ms: 0, appends: 0, appendMs: 0 };
  try {
    await session.stream("warm-up").pipeTo(new WritableStream());
    const start = performance.now();
    for (let turn = 0; turn < mix.turns; turn++) {
      const reader = session.stream(`turn ${turn}`).getReader();
      while (!(await reader.read()).done) run.messages++;
    }
    run.ms = performance.now() - start;
  } finally {
    await session.stop();
  }
  if (failures.length > 0) throw new Error(`the ${kind} session reported ${String(failures[0])}`);
  if (store !== undefined) {
    // every turn (and the warm-up): 2 queue operations, the user entry, an entry per assistant message, last-prompt;
    // and cost-state at exit
    const key = { projectKey: PROJECT_KEY, sessionId: session.sessionId ?? "" };
    // (the real CLI's mirror: at least its queue operations, the prompt and the answer of every turn)
    const expected = realCli === undefined ? (mix.turns + 1) * (mix.messages + 4) + 1 : (mix.turns + 1) * 4;
    const stored = discarding !== undefined
      ? discarding.appended
      : kind === "postgres"
      ? await db.count(key)
      : (await store.load(key))?.length ?? 0;
    if (realCli === undefined ? stored !== expected : stored < expected) {
      throw new Error(`the ${kind} store holds ${stored} entries, not ${expected}`);
    }
    if (kind === "postgres") await db.clear();
    run.appends = store.appends;
    run.appendMs = median(store.appendMs);
  }
  return run;
}

async function mirrorBench(db: Database, realCli?: RealCli): Promise<void> {
  const config = await mkdtemp(join(tmpdir(), "cs-bench-store-"));
  const mixes: Mix[] = realCli !== undefined
    ? [{ name: "real CLI 2.1.332, stand-in API", messages: 1, events: 0, turns: TURNS }]
    : [
      { name: "realistic", messages: Math.round(LINES / (EVENTS + 1)), events: EVENTS, turns: TURNS },
      { name: "worst case", messages: LINES, events: 0, turns: TURNS },
      { name: "tiny turns", messages: 1, events: 0, turns: TINY },
    ];
  if (realCli !== undefined) {
    console.log(
      `\n## Mirroring throughput on the real CLI: ${TURNS} turns, median of ${ROUNDS} rounds (load ${load()})`,
    );
  } else {
    console.log(
      `\n## Mirroring throughput: ${TURNS} turns of about ${LINES} lines, median of ${ROUNDS} rounds (load ${load()})`,
    );
    console.log(
      `realistic: partial messages on, ${EVENTS} stream events before each assistant message, one entry per ` +
        `assistant message; worst case: every message an entry; tiny turns: ${TINY} turns of one assistant message`,
    );
  }
  console.log(
    "\n| mix | messages a turn | entries a turn | no store, messages/s | a store that keeps nothing vs no store | " +
      "InMemorySessionStore vs no store | PostgresSessionStore vs no store (target ≥ 0.9x) |",
  );
  console.log("| --- | --: | --: | --: | --: | --: | --: |");
  const perTurnAppends: [string, string][] = [];
  try {
    for (const mix of mixes) {
      const runs: Record<StoreKind, MirrorRun[]> = { none: [], discard: [], memory: [], postgres: [] };
      for (const kind of KINDS) await mirrorRun(kind, mix, config, db, realCli); // warm-up round, not counted
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < KINDS.length; i++) {
          const kind = KINDS[(i + round) % KINDS.length];
          runs[kind].push(await mirrorRun(kind, mix, config, db, realCli));
        }
      }
      const rate = (run: MirrorRun) => run.messages / (run.ms / 1000);
      const rates = (kind: StoreKind) => runs[kind].map(rate);
      const vsNone = (kind: StoreKind) => {
        const perRound = runs[kind].map((run, round) => rate(run) / rate(runs.none[round]));
        return `${(median(rates(kind)) / median(rates("none"))).toFixed(2)}x (${range(perRound)})`;
      };
      const appends = (kind: StoreKind) =>
        `${(median(runs[kind].map((run) => run.appends)) / (mix.turns + 1)).toFixed(1)} (${
          median(runs[kind].map((run) => run.appendMs)).toFixed(2)
        } ms each)`;
      // what a turn takes longer than without a store (the turn's result waits for the store)
      const added = (kind: StoreKind) => {
        const over = (median(runs[kind].map((run) => run.ms)) - median(runs.none.map((run) => run.ms))) / mix.turns;
        return `${over >= 0 ? "+" : ""}${over.toFixed(2)} ms`;
      };
      perTurnAppends.push([
        mix.name,
        `keeping nothing ${appends("discard")}, in memory ${appends("memory")}, ` +
        `PostgreSQL ${appends("postgres")}; a turn over no store: keeping nothing ${added("discard")}, ` +
        `in memory ${added("memory")}, PostgreSQL ${added("postgres")}`,
      ]);
      console.log(
        `| ${mix.name} | ${runs.none[0].messages / mix.turns} | ${realCli === undefined ? mix.messages + 4 : "—"} | ${
          Math.round(median(rates("none"))).toLocaleString("en")
        } | ${vsNone("discard")} | ${vsNone("memory")} | ${vsNone("postgres")} |`,
      );
    }
    console.log(`(load average at the end: ${load()})`);
    for (const [name, appends] of perTurnAppends) {
      console.log(`${name}: store.append calls a turn (median time of one): ${appends}`);
    }
  } finally {
    await rm(config, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- 2. resume of a long conversation

const SESSION_ID = "b3c8e1f0-2d4a-4c6b-9e7f-0a1b2c3d4e5f";
const WORKER = fileURLToPath(new URL("./_resume_worker.ts", import.meta.url));

/** This runtime's command line for `script` (Deno needs `run -A`; Node keeps its `--import tsx`). */
function selfCommand(script: string): string[] {
  const name = runtimeName();
  if (name === "deno") return [process.execPath, "run", "-A", script];
  if (name === "bun") return [process.execPath, script];
  return [process.execPath, ...process.execArgv, script];
}

async function worker(job: ResumeJob): Promise<ResumeMeasure> {
  const [command, ...args] = selfCommand(WORKER);
  const { stdout } = await promisify(execFile)(command, [...args, JSON.stringify(job)], {
    maxBuffer: 1 << 20,
    env: process.env,
  });
  const measure: ResumeMeasure = JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
  if (!measure.whole) throw new Error(`the ${job.case} resume did not see the whole conversation`);
  return measure;
}

type ResumeCase = ResumeJob["case"];
const CASES: ResumeCase[] = ["disk", "store", "store-local", "restore"];

async function resumeBench(db: Database, cliPath: string, cliEnv: Record<string, string>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "cs-bench-resume-"));
  try {
    const cwd = realpathSync(root);
    const projectKey = encodeProjectPath(cwd);
    const fileIn = (configDir: string) => join(configDir, "projects", projectKey, `${SESSION_ID}.jsonl`);
    const pristine = join(root, "transcript.jsonl");
    const written = await writeTranscript(pristine, MB * 1e6, SESSION_ID, cwd);
    const importConfig = join(root, "import");
    mkdirSync(join(importConfig, "projects", projectKey), { recursive: true });
    copyFileSync(pristine, fileIn(importConfig));
    const importStart = performance.now();
    await importSessionToStore(SESSION_ID, db.store, { configDir: importConfig, dir: cwd });
    const importMs = performance.now() - importStart;
    const key = { projectKey, sessionId: SESSION_ID };
    const imported = await db.count(key);
    if (imported !== written.entries) throw new Error(`imported ${imported} entries, not ${written.entries}`);
    // a resumed turn is mirrored to the store: take it away again, so every round resumes the same transcript
    const entriesTable = db.sql(`${SCHEMA}.claude_stream_session_entries`);
    const reset = () =>
      db.sql`delete from ${entriesTable} where session_id = ${SESSION_ID} and seq >= ${imported}`.then(() => {});

    const cli = REAL_CLI ? `real CLI 2.1.332 (${cliPath}) against the stand-in Messages API` : "the fake CLI";
    console.log(
      `\n## Resume of a ${
        (written.bytes / 1e6).toFixed(1)
      } MB conversation (${written.entries} entries, ${written.turns}` +
        ` turns) on a fresh worker: ${cli}; median of ${RESUME_ROUNDS} rounds (load ${load()})`,
    );
    console.log(`importSessionToStore of it into PostgreSQL: ${(importMs / 1000).toFixed(2)} s`);
    const measures: Record<ResumeCase, ResumeMeasure[]> = { disk: [], store: [], "store-local": [], restore: [] };
    for (let round = 0; round < RESUME_ROUNDS; round++) {
      for (let i = 0; i < CASES.length; i++) {
        const kind = CASES[(i + round) % CASES.length];
        const configDir = join(root, `config-${round}-${kind}`);
        mkdirSync(join(configDir, "projects", projectKey), { recursive: true });
        if (kind === "disk" || kind === "store-local") copyFileSync(pristine, fileIn(configDir));
        measures[kind].push(
          await worker({
            case: kind,
            cliPath,
            cliEnv,
            configDir,
            cwd,
            sessionId: SESSION_ID,
            url: db.url,
            schema: SCHEMA,
            turns: written.turns,
          }),
        );
        await reset();
        await rm(configDir, { recursive: true, force: true });
      }
    }
    const med = (kind: ResumeCase, pick: (m: ResumeMeasure) => number) => median(measures[kind].map(pick));
    const ms = (m: ResumeMeasure) => m.ms;
    const rss = (m: ResumeMeasure) => m.rssPeakMb;
    const rssGrowth = (m: ResumeMeasure) => m.rssPeakMb - m.rssStartMb;
    const heapGrowth = (m: ResumeMeasure) => m.heapPeakMb - m.heapStartMb;
    console.log(
      "\n| case | to the first result, ms | peak RSS, MB | RSS growth, MB | JS heap growth, MB (sampled) |",
    );
    console.log("| --- | --: | --: | --: | --: |");
    for (const kind of CASES) {
      console.log(
        `| ${kind} | ${med(kind, ms).toFixed(0)} (${range(measures[kind].map(ms), 0)}) | ${
          med(kind, rss).toFixed(0)
        } | ${med(kind, rssGrowth).toFixed(0)} | ${med(kind, heapGrowth).toFixed(0)} |`,
      );
    }
    const ratio = (kind: ResumeCase, pick: (m: ResumeMeasure) => number) => {
      const perRound = measures[kind].map((m, round) => pick(m) / pick(measures.disk[round]));
      return `${(med(kind, pick) / med("disk", pick)).toFixed(2)}x (${range(perRound)})`;
    };
    console.log(
      `\nstore / disk: time ${ratio("store", ms)}, peak RSS ${ratio("store", rss)}; ` +
        `store with the file there / disk: time ${ratio("store-local", ms)}, peak RSS ${ratio("store-local", rss)}`,
    );
    console.log(`(load average at the end: ${load()})`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  if (REAL_CLI) {
    const outside = reenterIsolated(selfCommand(fileURLToPath(import.meta.url)).concat(argv));
    if (outside !== null) return await outside;
  }
  const runtime = await currentRuntime();
  console.log(`runtime ${runtime.name} ${runtimeVersion()}; ${cpus().length} cores; load average ${load()}`);
  if (REAL_CLI) console.log("network: isolated (unshare -n: loopback only)");
  const db = await database();
  const api = REAL_CLI ? await startStandInApi() : null;
  try {
    const realCli = api === null ? undefined : { path: await realCliBinary(), env: api.env };
    if (only === "all" || only === "mirror") await mirrorBench(db, realCli);
    if (only === "all" || only === "resume") await resumeBench(db, realCli?.path ?? fakeCli.path, realCli?.env ?? {});
  } finally {
    await api?.stop();
    await db.stop();
  }
  return 0;
}

function runtimeVersion(): string {
  const versions: Record<string, string | undefined> = process.versions;
  return versions.deno ?? versions.bun ?? process.version;
}

process.exitCode = await main();
