/**
 * The scale-out example put together: workers on the runtimes you name (each a process with a config dir of its own,
 * as on machines of their own), sharing one PostgreSQL, behind a round-robin proxy. `main.ts` runs it; the test
 * (tests/examples/cluster.test.ts) drives it, killing a worker mid-conversation.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { toNodeListener } from "../chat/node_adapter.ts";
import { roundRobin } from "./proxy.ts";

/** A runtime a worker runs on. */
export type WorkerRuntime = "node" | "deno" | "bun";

/**
 * What {@link startCluster} starts.
 *
 * @example
 * ```ts
 * import type { ClusterOptions } from "./cluster.ts";
 * const options: ClusterOptions = { databaseUrl: "postgres://localhost/app", runtimes: ["node", "bun"] };
 * ```
 */
export interface ClusterOptions {
  databaseUrl: string;
  /** One worker per entry (default: node, deno, bun). */
  runtimes?: WorkerRuntime[];
  /** The project path every worker's CLI runs in (default: a new temp folder). */
  cwd?: string;
  /** More environment for the workers (`CLAUDE_STREAM_CLI_PATH`, `LEASE_TTL_MS`, `IDLE_MS`, the CLI's own...). */
  env?: Record<string, string>;
}

/** A running worker. */
export interface ClusterWorker {
  name: string;
  runtime: WorkerRuntime;
  url: string;
  process: ChildProcess;
}

/**
 * Starts the workers and the proxy; `stop()` ends them all (SIGTERM: each worker stops its CLIs first).
 *
 * @example
 * ```ts
 * import { startCluster } from "./cluster.ts";
 * const url = process.env.DATABASE_URL;
 * if (url) {
 *   const cluster = await startCluster({ databaseUrl: url, runtimes: ["node", "node"] });
 *   console.log(cluster.url, cluster.workers.map((w) => w.name));
 *   await cluster.stop();
 * }
 * ```
 */
export async function startCluster(options: ClusterOptions): Promise<{
  url: string;
  workers: ClusterWorker[];
  stop(): Promise<void>;
}> {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), "cluster-project-"));
  const runtimes = options.runtimes ?? ["node", "deno", "bun"];
  const workers: ClusterWorker[] = [];
  const stopWorkers = () => Promise.all(workers.map((worker) => stopProcess(worker.process)));
  try {
    for (const [i, runtime] of runtimes.entries()) {
      const name = `${runtime}-${i + 1}`;
      const child = spawn(commandOf(runtime)[0], [...commandOf(runtime).slice(1), WORKER], {
        env: {
          ...process.env,
          ...options.env,
          DATABASE_URL: options.databaseUrl,
          WORKER_NAME: name,
          CLUSTER_CWD: cwd,
          CLAUDE_CONFIG_DIR: mkdtempSync(join(tmpdir(), `cluster-${name}-`)),
          PORT: "0",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      workers.push({ name, runtime, url: await listening(child, name), process: child });
    }
  } catch (error) {
    await stopWorkers();
    throw error;
  }
  const proxy = createServer(toNodeListener(roundRobin(workers.map((worker) => worker.url))));
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    workers,
    async stop() {
      proxy.closeAllConnections();
      proxy.close();
      await stopWorkers();
    },
  };
}

const WORKER = fileURLToPath(new URL("./serve_worker.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function commandOf(runtime: WorkerRuntime): string[] {
  const bin = join(ROOT, "node_modules", ".bin");
  if (runtime === "deno") return [join(bin, "deno"), "run", "-A", "--config", join(ROOT, "deno.json")];
  if (runtime === "bun") return [join(bin, "bun")];
  return ["node", "--import", "tsx"];
}

/** The URL a worker prints once it listens (it fails if the worker exits first or takes over a minute). */
function listening(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not start within 60 s`)), 60_000);
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker ${name} exited (${code ?? signal}) before it listened`));
    });
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await gone;
  clearTimeout(timer);
}
