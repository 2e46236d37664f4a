// The scale-out example (examples/cluster, issue 14 §6), run as a test: a worker on Node, one on Deno, one on Bun,
// each with a config dir of its own, sharing one PostgreSQL (started here), behind a round-robin proxy. One
// conversation goes from worker to worker turn by turn and keeps its context; a worker killed with SIGKILL in the
// middle of a turn loses nothing that was answered: the next request, on another worker, resumes it once the dead
// worker's lease has run out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeProjectPath } from "../../src/history/encode_project_path.ts";
import { PostgresSessionStore } from "../../stores/postgres.ts";
import { startCluster } from "../../examples/cluster/cluster.ts";
import { CLI_PATH, IS_REAL_CLI } from "../cli_under_test.ts";
import { skipReason, startPostgres } from "../store/_postgres.ts";

interface Served {
  worker: string;
  conversationId: string;
  lines: Record<string, unknown>[];
  /** The result's text, or undefined when the turn did not end with one. */
  result?: string;
}

/** One turn through the proxy; a 502 (the worker it picked is down) is retried on the next one. */
async function turn(url: string, prompt: string, conversationId?: string): Promise<Served> {
  for (let attempt = 0;; attempt++) {
    const response = await fetch(`${url}/turn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt, conversationId }),
    });
    if (response.status === 502 && attempt < 5) {
      await response.body?.cancel();
      continue;
    }
    assert.equal(response.status, 200, await response.clone().text());
    const lines = (await response.text()).split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
    const result = lines.find((line) => line.type === "result");
    return {
      worker: response.headers.get("x-worker") ?? "",
      conversationId: response.headers.get("x-conversation-id") ?? "",
      lines,
      result: typeof result?.result === "string" ? result.result : undefined,
    };
  }
}

/** The prompts the model was given, from the fake's (and the stand-in API's) `history=` reply. */
function historyOf(text: string | undefined): string[] {
  const match = /history=(.*)$/s.exec(text ?? "");
  return match === null ? [] : match[1].split(" | ");
}

/** Whether a process runs with its working directory in `dir` (Linux /proc; false elsewhere). */
function processIn(dir: string): boolean {
  if (!existsSync("/proc/self/cwd")) return false;
  return readdirSync("/proc").some((pid) => {
    try {
      return /^\d+$/.test(pid) && readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
    } catch {
      return false;
    }
  });
}

test("cluster: a conversation moves from worker to worker, and survives a worker killed mid-turn", {
  skip: skipReason,
  timeout: 300_000,
}, async () => {
  const pg = await startPostgres();
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), "cluster-project-")));
  const cluster = await startCluster({
    databaseUrl: pg.url,
    runtimes: ["node", "deno", "bun"],
    cwd,
    env: { LEASE_TTL_MS: "3000", IDLE_MS: "300", ...(IS_REAL_CLI ? { CLAUDE_STREAM_CLI_PATH: CLI_PATH } : {}) },
  });
  const store = new PostgresSessionStore({ url: pg.url });
  try {
    const first = await turn(cluster.url, "my name is Alice");
    const id = first.conversationId;
    assert.match(id, /^[0-9a-f-]{36}$/);
    const prompts = ["my name is Alice"];
    const served = [first.worker];
    for (const prompt of ["I live in Paris", "I like tea"]) {
      const next = await turn(cluster.url, prompt, id);
      prompts.push(prompt);
      served.push(next.worker);
      assert.equal(next.conversationId, id);
      assert.deepEqual(historyOf(next.result), prompts, `${next.worker} knows what was said on the others`);
    }
    assert.equal(new Set(served).size, 3, `each worker took a turn: ${served}`);

    // A turn that takes a while, and its worker killed once it has started answering.
    const response = await fetch(`${cluster.url}/turn`, {
      method: "POST",
      body: JSON.stringify({ prompt: "please be SLOW and long", conversationId: id }),
    });
    const victim = cluster.workers.find((worker) => worker.name === response.headers.get("x-worker"));
    assert.ok(victim, "the slow turn's worker");
    const reader = response.body!.getReader();
    await reader.read(); // the first bytes of its answer
    victim.process.kill("SIGKILL");
    // the answer breaks off
    while (!(await reader.read().catch(() => ({ done: true }))).done);
    await new Promise((resolve) =>
      victim.process.exitCode !== null || victim.process.signalCode !== null
        ? resolve(undefined)
        : victim.process.once("exit", resolve)
    );

    // The next request lands on a live worker, which waits out the dead one's lease and resumes.
    const after = await turn(cluster.url, "what do you know about me", id);
    assert.notEqual(after.worker, victim.name);
    const known = historyOf(after.result);
    assert.deepEqual(known.slice(0, 3), prompts, `nothing answered was lost: ${known}`);
    assert.equal(known.at(-1), "what do you know about me");

    // The store holds one conversation, no entry twice.
    const entries = (await store.load({ projectKey: encodeProjectPath(cwd), sessionId: id })) ?? [];
    const uuids = entries.map((entry) => entry.uuid).filter((uuid) => uuid !== undefined);
    assert.equal(new Set(uuids).size, uuids.length, "no entry stored twice");
    for (const prompt of [...prompts, "what do you know about me"]) {
      assert.ok(entries.some((e) => e.type === "user" && JSON.stringify(e).includes(prompt)), `${prompt} stored`);
    }
  } finally {
    await cluster.stop();
    await store.close();
    // no CLI outlives the cluster, not even the killed worker's (it ends on its stdin's EOF)
    for (let waited = 0; waited < 20_000 && processIn(cwd); waited += 200) await new Promise((r) => setTimeout(r, 200));
    const left = processIn(cwd);
    await pg.stop();
    rmSync(cwd, { recursive: true, force: true });
    assert.ok(!left, "no process left in the project folder");
  }
});
