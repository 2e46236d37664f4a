/**
 * Two worker PROCESSES (tests/store/lease_race_worker.ts, on this test's runtime) racing for one conversation on a
 * real PostgreSQL (tests/store/_postgres.ts), each appending numbered entries to its transcript while it holds the
 * conversation's lease: afterwards no entry is duplicated, no two holds interleave, fences increase from hold to
 * hold, and nothing is lost. And a holder killed with SIGKILL mid-hold: the other worker takes over once its lease
 * has run out, after the kill and not before, and carries the transcript on.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PostgresSessionStore } from "../../stores/postgres.ts";
import { ROOT, runCommand } from "../docs/_code_blocks.ts";
import { postgresForFile, skipReason } from "./_postgres.ts";
import type { RaceEntry, WorkerConfig } from "./lease_race_worker.ts";

const postgresUrl = postgresForFile();

const WORKER = fileURLToPath(new URL("./lease_race_worker.ts", import.meta.url));
const schemaName = () => `cs_race_${crypto.randomUUID().replaceAll("-", "")}`;

/** One event a worker printed. */
interface WorkerEvent {
  worker: string;
  event: "waiting" | "held" | "appended" | "released" | "done";
  round?: number;
  fence?: number;
  i?: number;
}

/** A worker process: what it printed so far, and its end. */
interface Worker {
  child: ChildProcess;
  events: WorkerEvent[];
  /** Resolves with the first event (from now on or already printed) that `match` accepts. */
  until(match: (event: WorkerEvent) => boolean): Promise<WorkerEvent>;
  exited: Promise<{ code: number | null; signal: string | null; output: string }>;
}

/** Every worker a test started: killed (SIGKILL) and waited for at its end, whatever happened. */
const started = new Set<Worker>();

function startWorker(config: Omit<WorkerConfig, "url">): Worker {
  const [command, ...args] = runCommand(WORKER);
  const child = spawn(command!, [...args, JSON.stringify({ url: postgresUrl(), ...config })], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: WorkerEvent[] = [];
  const waiters: Array<{ match: (event: WorkerEvent) => boolean; resolve: (event: WorkerEvent) => void }> = [];
  let output = "";
  let partial = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    const lines = (partial + chunk).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      const event: WorkerEvent = JSON.parse(line);
      events.push(event);
      for (const waiter of [...waiters]) {
        if (!waiter.match(event)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal, output }));
  });
  const worker: Worker = {
    child,
    events,
    exited,
    until: (match) => {
      const seen = events.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void exited.then(({ code, signal }) =>
          reject(new Error(`worker ${config.name} ended (${code ?? signal}) first:\n${output}`))
        );
      });
    },
  };
  started.add(worker);
  return worker;
}

/** Kills what is still running of the workers started, and waits until each has exited. */
async function stopWorkers(): Promise<void> {
  for (const worker of started) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
  }
  await Promise.all([...started].map((worker) => worker.exited));
  started.clear();
}

/** Runs of consecutive entries written by one hold (one worker's round). */
function holdsOf(entries: RaceEntry[]): RaceEntry[][] {
  const holds: RaceEntry[][] = [];
  for (const entry of entries) {
    const last = holds.at(-1);
    if (last !== undefined && last[0]!.worker === entry.worker && last[0]!.round === entry.round) last.push(entry);
    else holds.push([entry]);
  }
  return holds;
}

/** The transcript's entries, as the workers wrote them. */
async function transcript(schema: string, sessionId: string): Promise<RaceEntry[]> {
  const store = new PostgresSessionStore({ url: postgresUrl(), schema });
  try {
    const entries = await store.load({ projectKey: "race", sessionId });
    assert.ok(entries !== null, "the workers wrote the transcript");
    return entries.map((entry) => {
      const { worker, round, i, fence } = entry;
      assert.ok(typeof worker === "string" && typeof round === "number" && typeof i === "number");
      assert.ok(typeof fence === "number");
      return { type: "user", uuid: String(entry.uuid), worker, round, i, fence };
    });
  } finally {
    await store.close();
  }
}

test(
  "two processes race for one conversation: no entry duplicated, no holds interleaved, fences increasing, nothing lost",
  {
    skip: skipReason,
    timeout: 180_000,
  },
  async () => {
    const schema = schemaName();
    const sessionId = crypto.randomUUID();
    const rounds = 3;
    const entries = 15;
    try {
      const common = { schema, sessionId, rounds, entries, pauseMs: 3, ttlMs: 6000, pollMs: 100 };
      const workers = [startWorker({ ...common, name: "a" }), startWorker({ ...common, name: "b" })];
      for (const worker of workers) {
        const { code, signal, output } = await worker.exited;
        assert.equal(code, 0, `worker exited with ${code ?? signal}:\n${output}`);
      }
      const written = await transcript(schema, sessionId);
      assert.equal(written.length, 2 * rounds * entries, "every entry of every hold is there");
      assert.equal(new Set(written.map((entry) => entry.uuid)).size, written.length, "no entry twice");
      const holds = holdsOf(written);
      assert.equal(holds.length, 2 * rounds, "each hold's entries are together: no interleaving");
      for (const hold of holds) {
        assert.deepEqual(hold.map((entry) => entry.i), Array.from({ length: entries }, (_, n) => n + 1));
        assert.ok(hold.every((entry) => entry.fence === hold[0]!.fence), "one fence per hold");
      }
      const fences = holds.map((hold) => hold[0]!.fence);
      assert.ok(fences.every((fence, n) => n === 0 || fence > fences[n - 1]!), `fences increase: ${fences}`);
      // what the workers said they held is what they wrote with
      const held = workers.flatMap((worker) => worker.events.filter((event) => event.event === "held"));
      assert.deepEqual(held.map((event) => event.fence).sort((x, y) => x! - y!), fences);
    } finally {
      await stopWorkers();
    }
  },
);

test("a holder killed with SIGKILL mid-hold: the other process takes over after its lease ran out, and loses nothing", {
  skip: skipReason,
  timeout: 180_000,
}, async () => {
  const schema = schemaName();
  const sessionId = crypto.randomUUID();
  try {
    const common = { schema, sessionId, rounds: 1, ttlMs: 3000, pollMs: 100 };
    const doomed = startWorker({ ...common, name: "doomed", entries: 100_000, pauseMs: 20 });
    await doomed.until((event) => event.event === "appended" && event.i === 5);
    const heir = startWorker({ ...common, name: "heir", entries: 5, pauseMs: 1 });
    await heir.until((event) => event.event === "waiting");
    await new Promise((resolve) => setTimeout(resolve, 500)); // the heir looks a few times, and must not get it
    assert.ok(!heir.events.some((event) => event.event === "held"), "the heir waits while the holder is alive");
    doomed.child.kill("SIGKILL");
    const { signal } = await doomed.exited;
    assert.equal(signal, "SIGKILL");
    const printed = Math.max(...doomed.events.filter((event) => event.event === "appended").map((event) => event.i!));

    const { code, output } = await heir.exited;
    assert.equal(code, 0, output);
    const written = await transcript(schema, sessionId);
    const holds = holdsOf(written);
    assert.deepEqual(holds.map((hold) => hold[0]!.worker), ["doomed", "heir"]);
    const [before, after] = holds;
    // every append the killed worker saw succeed is there (and perhaps the one it died printing), once, in order
    assert.ok(before!.length === printed || before!.length === printed + 1, `${before!.length} vs ${printed}`);
    assert.deepEqual(before!.map((entry) => entry.i), Array.from({ length: before!.length }, (_, n) => n + 1));
    assert.deepEqual(after!.map((entry) => entry.i), [1, 2, 3, 4, 5]);
    assert.ok(after![0]!.fence > before![0]!.fence, "the heir holds a higher fence");
  } finally {
    await stopWorkers();
  }
});
