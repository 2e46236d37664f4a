/**
 * One worker of tests/store/lease_race.test.ts, run as a process of its own on the test's runtime: for each of
 * `rounds` rounds it takes the conversation's lease (waiting as long as it takes), appends `entries` numbered entries
 * to the conversation's transcript through a store fenced by that lease, one append at a time, and releases it.
 * It prints a JSON line per event (`waiting`, `held`, `appended`, `released`, `done`) for the test to follow.
 * Usage: lease_race_worker.ts '<json config>' (see {@link WorkerConfig}).
 */
import process from "node:process";
import { PostgresSessionLeases, PostgresSessionStore } from "../../stores/postgres.ts";

/** What the test asks of the worker. */
export interface WorkerConfig {
  url: string;
  schema: string;
  sessionId: string;
  /** The worker's name, in its entries' uuids. */
  name: string;
  rounds: number;
  entries: number;
  /** Pause after each append, in ms, so that a hold lasts a while. */
  pauseMs: number;
  ttlMs: number;
  pollMs: number;
}

/** One entry the worker appends: who wrote it, in which hold, and its number within that hold. */
export interface RaceEntry {
  type: "user";
  uuid: string;
  worker: string;
  round: number;
  i: number;
  fence: number;
  [k: string]: unknown;
}

const config: WorkerConfig = JSON.parse(process.argv[2] ?? "{}");
const say = (event: Record<string, unknown>) => console.log(JSON.stringify({ worker: config.name, ...event }));

const leases = new PostgresSessionLeases({
  url: config.url,
  schema: config.schema,
  ttlMs: config.ttlMs,
  pollMs: config.pollMs,
});
const store = new PostgresSessionStore({ url: config.url, schema: config.schema });
const key = { projectKey: "race", sessionId: config.sessionId };
try {
  for (let round = 1; round <= config.rounds; round++) {
    say({ event: "waiting", round });
    const lease = await leases.acquire(config.sessionId);
    say({ event: "held", round, fence: lease.fence });
    const fenced = store.fenced(lease);
    for (let i = 1; i <= config.entries; i++) {
      if (lease.lost.aborted) throw lease.lost.reason;
      const entry: RaceEntry = {
        type: "user",
        uuid: `${config.name}-${round}-${i}`,
        worker: config.name,
        round,
        i,
        fence: lease.fence,
      };
      await fenced.append(key, [entry]);
      say({ event: "appended", round, i });
      await new Promise((resolve) => setTimeout(resolve, config.pauseMs));
    }
    await lease.release();
    say({ event: "released", round });
    await new Promise((resolve) => setTimeout(resolve, config.pauseMs)); // a chance for the other worker
  }
  say({ event: "done" });
} finally {
  await Promise.all([leases.close(), store.close()]);
}
