/**
 * One measured resume in a process of its own (a fresh worker), for bench/store.ts. The job (JSON, the first
 * argument) names a case:
 *
 * - `disk`: `new Session({ resume })` with the session file in the config dir, no store;
 * - `store`: the same with a `PostgresSessionStore` and no file: the Session restores it from the store first;
 * - `store-local`: with the store and the file already there (the restore loads the stored transcript, reads the
 *   file, finds it holds everything, and leaves it);
 * - `restore`: `restoreSessionFromStore` alone into an empty folder, no CLI: the restore's own share of `store`.
 *
 * Prints one JSON line: the time from `new Session()` (or the restore's call) to the first reply's result, the
 * process's RSS before and at its peak (`VmRSS`, `VmHWM`), the JS heap before and at its peak (sampled every 2 ms,
 * and after each phase), and whether the reply saw the whole conversation (`turns=N` of the fake CLI and the
 * stand-in API: the prompts the model was sent).
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { encodeProjectPath } from "../src/history/encode_project_path.ts";
import { Session } from "../src/session/mod.ts";
import { PostgresSessionStore } from "../src/store/postgres/postgres_session_store.ts";
import { restoreSessionFromStore } from "../src/store/restore_session_from_store.ts";
import { collectTurn } from "../src/stream/mod.ts";

/** What bench/store.ts asks of a worker. */
export interface ResumeJob {
  case: "disk" | "store" | "store-local" | "restore";
  cliPath: string;
  /** Over the worker's environment, for the CLI (the real CLI's stand-in API and HOME). */
  cliEnv: Record<string, string>;
  configDir: string;
  cwd: string;
  sessionId: string;
  /** The PostgreSQL database holding the transcript (schema `schema`), for the store cases. */
  url: string;
  schema: string;
  /** The transcript's prompts: the reply must count one more. */
  turns: number;
}

/** What a worker measured. */
export interface ResumeMeasure {
  ms: number;
  rssStartMb: number;
  rssPeakMb: number;
  heapStartMb: number;
  heapPeakMb: number;
  /** The reply counted every prompt of the transcript and the new one. */
  whole: boolean;
}

function status(field: string): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync("/proc/self/status", "utf8"));
  return match === null ? NaN : Number(match[1]) / 1024;
}

async function run(job: ResumeJob): Promise<ResumeMeasure> {
  const heap = () => process.memoryUsage().heapUsed / 2 ** 20;
  const heapStartMb = heap();
  const rssStartMb = status("VmRSS");
  let heapPeakMb = heapStartMb;
  const sample = () => (heapPeakMb = Math.max(heapPeakMb, heap()));
  const sampler = setInterval(sample, 2);
  const store = job.case === "disk" ? undefined : new PostgresSessionStore({ url: job.url, schema: job.schema });
  try {
    const start = performance.now();
    let whole = true;
    if (job.case === "restore") {
      if (store === undefined) throw new Error("the restore case needs the store");
      const projectDir = join(job.configDir, "projects", encodeProjectPath(job.cwd));
      const outcome = await restoreSessionFromStore(job.sessionId, {
        store,
        projectKey: encodeProjectPath(job.cwd),
        projectDir,
        timeoutMs: 300_000,
      });
      whole = outcome === "restored";
    } else {
      const session = new Session({
        cliPath: job.cliPath,
        configDir: job.configDir,
        cwd: job.cwd,
        env: job.cliEnv,
        resume: job.sessionId,
        timeout: 600_000,
        ...(store === undefined ? {} : { sessionStore: store, storeTimeout: 300_000 }),
      });
      try {
        const turn = await collectTurn(session.stream("what did we find"));
        sample();
        whole = !turn.isError && turn.text.startsWith(`turns=${job.turns + 1} `);
        if (!whole) process.stderr.write(`unexpected reply: ${turn.text.slice(0, 200)}\n`);
      } finally {
        await session.stop();
      }
    }
    const ms = performance.now() - start;
    sample();
    return { ms, rssStartMb, rssPeakMb: status("VmHWM"), heapStartMb, heapPeakMb, whole };
  } finally {
    clearInterval(sampler);
    await store?.close();
  }
}

const job: ResumeJob = JSON.parse(process.argv[2] ?? "{}");
console.log(JSON.stringify(await run(job)));
