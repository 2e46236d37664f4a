/**
 * Runs the scale-out example: `DATABASE_URL=postgres://... node --import tsx examples/cluster/main.ts` starts a
 * worker on Node, one on Deno and one on Bun behind a round-robin proxy, and prints the proxy's URL. Then:
 *
 *   curl -si -X POST $URL/turn -d '{"prompt":"My name is Alice"}'          # note x-conversation-id, x-worker
 *   curl -s  -X POST $URL/turn -d '{"prompt":"What is my name?","conversationId":"<id>"}'
 *
 * Each request goes to the next worker; the conversation carries on wherever it lands. Ctrl-C stops everything.
 * @module
 */
import process from "node:process";
import { startCluster } from "./cluster.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL must name a PostgreSQL database the workers share");
const cluster = await startCluster({ databaseUrl });
console.log(`cluster on ${cluster.url}: ${cluster.workers.map((w) => `${w.name} ${w.url}`).join(", ")}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await cluster.stop();
    process.exit(0);
  });
}
