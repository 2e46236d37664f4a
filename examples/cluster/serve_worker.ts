/**
 * A cluster worker as a process, on any runtime (`node --import tsx`, `deno run -A`, `bun`): `node:http` serves
 * {@link createWorker} on `PORT` (0: a free one) and prints `listening on <url>` once it does.
 *
 * Env: `DATABASE_URL` (the shared PostgreSQL), `WORKER_NAME`, `CLUSTER_CWD` (the project path, the same on every
 * worker), `CLAUDE_CONFIG_DIR` (this worker's own, as on a machine of its own), `CLAUDE_STREAM_CLI_PATH` (a real
 * `claude`; the fake CLI otherwise), `LEASE_TTL_MS` (how long a dead worker's conversations stay locked, default
 * 30000), `IDLE_MS` (how long a conversation stays on this worker after its turn, default 2000).
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import process from "node:process";
import { PostgresSessionLeases, PostgresSessionStore } from "../../stores/postgres.ts";
import { fakeCli } from "../../testing.ts";
import { toNodeListener } from "../chat/node_adapter.ts";
import { createWorker } from "./worker.ts";

const env = process.env;
const url = env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL must name the cluster's PostgreSQL database");
const store = new PostgresSessionStore({ url });
const leases = new PostgresSessionLeases({ url, ttlMs: Number(env.LEASE_TTL_MS ?? 30_000) });
const worker = createWorker({
  name: env.WORKER_NAME ?? `worker-${process.pid}`,
  store,
  leases,
  idleMs: Number(env.IDLE_MS ?? 2_000),
  sessionOptions: {
    cliPath: env.CLAUDE_STREAM_CLI_PATH || fakeCli.path,
    cwd: env.CLUSTER_CWD ?? process.cwd(),
    configDir: env.CLAUDE_CONFIG_DIR || undefined,
  },
});
const server = createServer(toNodeListener(worker.fetch));
server.listen(Number(env.PORT ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening on http://127.0.0.1:${port}`);
});

// Stop every CLI and give back every lease before leaving.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await worker.close();
    await Promise.all([leases.close(), store.close()]);
    server.closeAllConnections();
    server.close();
    process.exit(0);
  });
}
