// Leaks: after 200 cycles (50 against the real CLI, whose every start loads the native binary) of open, stream,
// then abort, cancel or stop, no child process remains (checked in /proc).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { Session } from "../../src/session/mod.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { fixture, IS_REAL_CLI, reply } from "./_fixture.ts";

const CYCLES = IS_REAL_CLI ? 50 : 200;
const AT_ONCE = 5;

/** Pids of this process's children, from /proc (Linux). */
function children(): Set<number> {
  const parent = process.pid;
  const found = new Set<number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent) found.add(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

async function firstMessage(stream: ReadableStream<Message>) {
  const reader = stream.getReader();
  await reader.read();
  return reader;
}

async function cycle(i: number, options: ConstructorParameters<typeof Session>[0], pids: number[]): Promise<void> {
  const session = new Session(options);
  const kind = i % 4;
  if (kind === 0) {
    await reply(session, `cycle ${i}`);
  } else if (kind === 1) {
    const controller = new AbortController();
    const reader = await firstMessage(session.stream(`cycle ${i} SLOW`, { signal: controller.signal }));
    controller.abort();
    await reader.closed.catch(() => {});
  } else if (kind === 2) {
    const reader = await firstMessage(session.stream(`cycle ${i} SLOW`));
    await reader.cancel();
  } else {
    // stop() in the middle of a turn
    const outcome = firstMessage(session.stream(`cycle ${i} SLOW`)).then((reader) => reader.closed).catch(() => {});
    while (session.pid === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    pids.push(session.pid);
    await session.stop();
    await outcome;
    return;
  }
  if (session.pid !== undefined) pids.push(session.pid);
  await session.stop();
}

test(`leaks: ${CYCLES} cycles of open, stream, abort/cancel/stop leave no child process`, {
  skip: !existsSync("/proc/self/stat") && "needs /proc (Linux)",
  // 200 CLI starts: about a minute on an idle machine, more on a busy one; a bound, not a measurement.
  timeout: 600_000,
}, async () => {
  const fx = await fixture({ shutdownGraceMs: 500 });
  const before = children();
  const pids: number[] = [];
  try {
    for (let i = 0; i < CYCLES; i += AT_ONCE) {
      await Promise.all(Array.from({ length: AT_ONCE }, (_, k) => cycle(i + k, fx.options, pids)));
    }
  } finally {
    await fx.cleanup();
  }
  assert.ok(pids.length >= CYCLES * 0.9, `only ${pids.length} CLIs were seen running`);
  const left = [...children()].filter((pid) => !before.has(pid));
  assert.deepEqual(left, [], `children left: ${left.join(", ")}`);
  const alive = pids.filter((pid) => existsSync(`/proc/${pid}`));
  assert.deepEqual(alive, [], `CLI processes still in /proc: ${alive.join(", ")}`);
});
