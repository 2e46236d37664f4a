/**
 * `SessionPool` against the CLI under test (the fake, or the real CLI under `npm run test:real`): a new conversation's
 * id known before its first turn, LRU eviction and resume with the context kept, busy CLIs never evicted (FIFO waits,
 * bounded by a signal), idle stops, warm spares, `stop()` of a handed-out Session, `close()`, leases, `create`, the
 * option checks, and a property test over sequences of requests, turns and stops: never more than `maxLive` CLIs, and
 * none left after `close()`. CLIs are counted from what the pool's process adapter spawned (`running(pid)`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import {
  InMemorySessionLeases,
  InMemorySessionStore,
  isClaudeCodeError,
  type Message,
  type Session,
  SessionPool,
  type SessionPoolOptions,
} from "../../mod.ts";
import { currentRuntime } from "../../src/runtime/current.ts";
import type { ChildProcess, ProcessAdapter } from "../../src/runtime/types.ts";
import { running } from "../util.ts";
import { type Fixture, fixture, historyOf, IS_REAL_CLI, reply, waitFor } from "./_fixture.ts";

/** A process adapter that remembers the CLIs it spawned (not their `--version` checks). */
interface CountingAdapter extends ProcessAdapter {
  /** The pids of the CLIs spawned so far that still run. */
  live(): number[];
  /** Every CLI pid spawned so far. */
  readonly spawned: number[];
}

async function countingAdapter(): Promise<CountingAdapter> {
  const { processes } = await currentRuntime();
  const spawned: number[] = [];
  return {
    spawned,
    spawn(command, args, options): ChildProcess {
      const child = processes.spawn(command, args, options);
      if (!args.includes("--version") && child.pid !== undefined) spawned.push(child.pid);
      return child;
    },
    live: () => spawned.filter((pid) => running(pid)),
  };
}

/** A pool over the CLI under test in a fixture, its CLIs counted; `done` closes it and checks that none is left. */
async function poolFixture(options: Omit<SessionPoolOptions, "sessionOptions"> = {}) {
  const fx = await fixture();
  const adapter = await countingAdapter();
  const pool = new SessionPool({ ...options, sessionOptions: { ...fx.options, adapter } });
  return {
    fx,
    adapter,
    pool,
    async done() {
      try {
        await pool.close();
        assert.deepEqual(adapter.live(), [], "no CLI outlives close()");
        assert.equal(pool.live, 0);
      } finally {
        await fx.cleanup();
      }
    },
  };
}

/** Starts a turn and leaves its reply unread: the Session stays busy for the pool until `finish()` reads it. */
function holdTurn(session: Session, prompt: string) {
  const reader = session.stream(prompt).getReader();
  return {
    async finish(): Promise<Message[]> {
      const messages: Message[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return messages;
        messages.push(value);
      }
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("pool: a new conversation's id is known before its first turn, and is the CLI's session id", async () => {
  const { pool, done } = await poolFixture({ maxLive: 2 });
  try {
    const session = await pool.session();
    const id = session.sessionId;
    assert.match(id ?? "", UUID);
    const messages = await holdTurn(session, "My name is Alice").finish();
    const result = messages.at(-1);
    assert.equal(result?.type, "result");
    assert.equal(result?.session_id, id);
    assert.equal(await pool.session(id!), session, "live: the same Session");
    assert.equal(pool.has(id!), true);
  } finally {
    await done();
  }
});

test("pool: at maxLive the least recently used idle CLI is stopped, and resumes with its context", async () => {
  const { pool, adapter, done } = await poolFixture({ maxLive: 2 });
  try {
    const a = await pool.session();
    await reply(a, "I am A");
    const b = await pool.session();
    await reply(b, "I am B");
    await pool.session(a.sessionId!); // A is now the more recently used
    const c = await pool.session();
    await reply(c, "I am C");
    assert.ok(adapter.live().length <= 2);
    assert.equal(b.alive, false, "B, the least recently used, was stopped");
    assert.equal(pool.has(b.sessionId!), false);
    assert.equal(a.alive, true);
    const again = await pool.session(b.sessionId!);
    assert.notEqual(again, b);
    assert.deepEqual(historyOf(await reply(again, "Who am I?")), ["I am B", "Who am I?"]);
    assert.equal(a.alive, false, "A was the least recently used then");
    assert.ok(adapter.live().length <= 2);
  } finally {
    await done();
  }
});

test("pool: a busy CLI is never stopped; session() waits, first come first served, bounded by its signal", async () => {
  const { pool, adapter, done } = await poolFixture({ maxLive: 1 });
  try {
    const b = await pool.session();
    await reply(b, "I am B");
    const a = await pool.session(); // B, idle, made room
    assert.equal(b.alive, false);
    const held = holdTurn(a, "hello");
    await assert.rejects(pool.session(undefined, { signal: AbortSignal.timeout(200) }), { code: "ABORTED" });
    assert.equal(a.alive, true, "the busy one was not evicted");
    assert.equal(await pool.session(a.sessionId!), a, "a busy conversation is still handed out: its turns queue");

    const order: string[] = [];
    let firstTurn: ReturnType<typeof holdTurn> | undefined;
    const first = pool.session().then((session) => {
      order.push("first");
      firstTurn = holdTurn(session, "first"); // busy at once: the second waiter must wait for it
      return session;
    });
    const second = pool.session(b.sessionId!).then((session) => {
      order.push("second");
      return session;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(order, [], "both wait while A is busy");
    await held.finish();
    const firstSession = await first;
    assert.equal(a.alive, false, "A, idle now, made room");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(order, ["first"], "the second waits for the first's turn");
    await firstTurn!.finish();
    const resumed = await second;
    assert.deepEqual(order, ["first", "second"]);
    assert.equal(firstSession.alive, false);
    assert.deepEqual(historyOf(await reply(resumed, "again")), ["I am B", "again"]);
    assert.ok(adapter.live().length <= 1);
  } finally {
    await done();
  }
});

test("pool: callers waiting for one conversation share its opening; one giving up leaves the other waiting", async () => {
  const { pool, done } = await poolFixture({ maxLive: 1 });
  try {
    const b = await pool.session();
    await reply(b, "I am B");
    const a = await pool.session(); // B makes room
    const held = holdTurn(a, "hello");
    const impatient = pool.session(b.sessionId!, { signal: AbortSignal.timeout(100) });
    const patient = pool.session(b.sessionId!);
    await assert.rejects(impatient, { code: "ABORTED" });
    await held.finish();
    const resumed = await patient;
    assert.equal(resumed.sessionId, b.sessionId);
    assert.deepEqual(historyOf(await reply(resumed, "still B?")), ["I am B", "still B?"]);
  } finally {
    await done();
  }
});

test("pool: a conversation idle for idleMs is stopped; a busy one is not", async () => {
  const { pool, adapter, done } = await poolFixture({ maxLive: 3, idleMs: 300 });
  try {
    const idle = await pool.session();
    await reply(idle, "hello");
    const pid = idle.pid!;
    const busy = await pool.session();
    const held = holdTurn(busy, "hold");
    await waitFor(() => !idle.alive);
    await waitFor(() => !running(pid));
    assert.equal(pool.has(idle.sessionId!), false);
    assert.equal(busy.alive, true, "still reading its reply: not idle");
    await held.finish();
    await waitFor(() => !busy.alive);
    await waitFor(() => pool.live === 0); // its slot is taken until its stop() has resolved
    assert.deepEqual(adapter.live(), []);
  } finally {
    await done();
  }
});

test("pool: warm spares are started ahead, serve new conversations, are refilled, and never serve a resume", async () => {
  const { pool, adapter, done } = await poolFixture({ maxLive: 3, warm: 1 });
  try {
    await waitFor(() => adapter.live().length === 1, 60_000); // the spare's CLI runs before anyone asks
    const [sparePid] = adapter.live();
    await pool.ready(); // and has answered initialize
    const first = await pool.session();
    assert.equal(first.pid, sparePid, "the new conversation got the spare's running CLI");
    await waitFor(() => adapter.live().length === 2, 60_000); // refilled
    await reply(first, "I am first");
    await first.stop();
    assert.equal(pool.has(first.sessionId!), false);
    const resumed = await pool.session(first.sessionId!);
    assert.equal(resumed.pid, undefined, "a resume starts its own CLI (--resume), at its first turn");
    assert.deepEqual(historyOf(await reply(resumed, "again")), ["I am first", "again"]);
    assert.equal(adapter.live().length, 2, "the resume and the spare");
  } finally {
    await done();
  }
});

test("pool: warm spares make room when a resume needs their slot", async () => {
  const { pool, adapter, done } = await poolFixture({ maxLive: 1, warm: 1 });
  try {
    const first = await pool.session();
    await reply(first, "one");
    await first.stop();
    await waitFor(() => adapter.live().length === 1, 60_000); // the spare, refilled
    const resumed = await pool.session(first.sessionId!);
    assert.deepEqual(historyOf(await reply(resumed, "two")), ["one", "two"]);
    assert.ok(adapter.live().length <= 1);
  } finally {
    await done();
  }
});

test("pool: a spare that cannot start is reported to onError once, not retried in a loop", async () => {
  const fx = await fixture();
  const errors: unknown[] = [];
  const pool = new SessionPool({
    warm: 1,
    sessionOptions: { ...fx.options, cliPath: join(fx.cwd, "no-such-claude") },
    onError: (error) => errors.push(error),
  });
  try {
    await pool.ready();
    assert.equal(errors.length, 1);
    assert.ok(isClaudeCodeError(errors[0], "CLI_NOT_FOUND"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(errors.length, 1, "no new spare until someone asks");
    assert.equal(pool.live, 0);
    const session = await pool.session(); // a new conversation still works as far as it can: its turn says why not
    await assert.rejects(reply(session, "hello"), { code: "CLI_NOT_FOUND" });
  } finally {
    await pool.close();
    await fx.cleanup();
  }
});

test("pool: stop() on a handed-out Session takes it out of the pool", async () => {
  const { pool, done } = await poolFixture({ maxLive: 2 });
  try {
    const session = await pool.session();
    await reply(session, "hello");
    await session.stop();
    assert.equal(pool.has(session.sessionId!), false);
    assert.equal(pool.live, 0);
    await assert.rejects(reply(session, "more"), { code: "SESSION_STOPPED" });
    const again = await pool.session(session.sessionId!);
    assert.notEqual(again, session);
    assert.deepEqual(historyOf(await reply(again, "more")), ["hello", "more"]);
  } finally {
    await done();
  }
});

test("pool: close() stops every CLI, busy ones too, and fails waiting and later session() calls", async () => {
  const { pool, adapter, done } = await poolFixture({ maxLive: 1, warm: 1 });
  try {
    const session = await pool.session();
    const held = holdTurn(session, "hello");
    await waitFor(() => session.pid !== undefined);
    const waiting = pool.session();
    const closing = pool.close();
    await assert.rejects(waiting, { code: "SESSION_STOPPED" });
    await closing;
    assert.equal(session.alive, false);
    assert.deepEqual(adapter.live(), []);
    await held.finish().catch(() => {});
    await assert.rejects(pool.session(), { code: "SESSION_STOPPED" });
    await assert.rejects(pool.session(crypto.randomUUID()), { code: "SESSION_STOPPED" });
  } finally {
    await done();
  }
});

test("pool: await using closes it", async () => {
  const fx = await fixture();
  const adapter = await countingAdapter();
  let kept: Session | undefined;
  try {
    {
      await using pool = new SessionPool({ sessionOptions: { ...fx.options, adapter } });
      kept = await pool.session();
      await reply(kept, "hello");
    }
    assert.equal(kept.alive, false);
    assert.deepEqual(adapter.live(), []);
  } finally {
    await fx.cleanup();
  }
});

test("pool: with create, an id saved nowhere starts a new conversation under it; a saved one resumes", async () => {
  const { pool, done } = await poolFixture({ maxLive: 1 });
  try {
    const id = crypto.randomUUID();
    const fresh = await pool.session(id, { create: true });
    assert.equal(fresh.sessionId, id);
    const messages = await holdTurn(fresh, "first").finish();
    assert.equal(messages.at(-1)?.session_id, id);
    await fresh.stop();
    const saved = await pool.session(id, { create: true });
    assert.deepEqual(historyOf(await reply(saved, "second")), ["first", "second"]);
    // without create, an unknown id is resumed, and the CLI says it is not found
    const unknown = await pool.session(crypto.randomUUID());
    await assert.rejects(reply(unknown, "hello"), { code: "SESSION_NOT_FOUND" });
  } finally {
    await done();
  }
});

test("pool: with a sessionStore, a conversation moves to another worker, and create finds it in the store", async () => {
  const store = new InMemorySessionStore();
  const fx = await fixture();
  const workerOptions = (name: string) => ({ ...fx.options, configDir: join(fx.cwd, name) }); // same cwd: same key
  const one = new SessionPool({ sessionStore: store, sessionOptions: workerOptions("one") });
  const two = new SessionPool({ sessionStore: store, sessionOptions: workerOptions("two") });
  try {
    const session = await one.session();
    const id = session.sessionId!;
    await reply(session, "on worker one");
    await one.close();
    const moved = await two.session(id, { create: true }); // not on worker two's disk, but in the store
    assert.deepEqual(historyOf(await reply(moved, "on worker two")), ["on worker one", "on worker two"]);
  } finally {
    await one.close();
    await two.close();
    await fx.cleanup();
  }
});

test("pool: sessionOptions as a function gives each conversation its own options (a tenant each)", async () => {
  const fx = await fixture();
  const adapter = await countingAdapter();
  const asked: string[] = [];
  const pool = new SessionPool({
    maxLive: 2,
    warm: 1,
    sessionOptions: async (id) => {
      asked.push(id);
      const cwd = join(fx.cwd, "tenants", id);
      await mkdir(cwd, { recursive: true });
      return { ...fx.options, adapter, cwd, configDir: join(cwd, ".config") };
    },
  });
  try {
    const session = await pool.session();
    assert.ok(asked.includes(session.sessionId!), "the spare was built for the id it serves");
    await reply(session, "hello");
    const found = await import("../../src/history/find_session.ts").then(({ findSession }) =>
      findSession(session.sessionId!, { configDir: join(fx.cwd, "tenants", session.sessionId!, ".config") })
    );
    assert.notEqual(found, null, "the transcript is in the tenant's own config dir");
    const bad = new SessionPool({ sessionOptions: () => ({ resume: "x" }) });
    await assert.rejects(bad.session(), { code: "INVALID_OPTION" });
    await bad.close();
  } finally {
    await pool.close();
    assert.deepEqual(adapter.live(), []);
    await fx.cleanup();
  }
});

test("pool: leases are held while a conversation's CLI may run, and a lost lease stops it", async () => {
  const leases = new InMemorySessionLeases();
  const { pool, fx, done } = await poolFixture({ maxLive: 2, leases });
  const other = new SessionPool({ maxLive: 2, leases, sessionOptions: fx.options }); // a second worker
  try {
    const session = await pool.session();
    const id = session.sessionId!;
    await reply(session, "I am on worker one");
    await assert.rejects(leases.acquire(id, { waitMs: 0 }), { code: "LEASE_TIMEOUT" });

    // the other worker waits for the conversation until this one lets it go
    let moved = false;
    const onOther = other.session(id).then((resumed) => {
      moved = true;
      return resumed;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(moved, false, "held: the other worker waits");
    await session.stop();
    const resumed = await onOther;
    assert.deepEqual(historyOf(await reply(resumed, "and now on two")), ["I am on worker one", "and now on two"]);

    // the other worker's lease is lost (taken over): its Session stops at once
    assert.equal(leases.expire(id), true);
    await waitFor(() => !resumed.alive);
    assert.equal(other.has(id), false);
    const back = await pool.session(id);
    assert.deepEqual(historyOf(await reply(back, "back on one")), [
      "I am on worker one",
      "and now on two",
      "back on one",
    ]);
  } finally {
    await other.close();
    await done();
  }
  // every lease was released
  const lease = await leases.acquire(crypto.randomUUID(), { waitMs: 0 });
  await lease.release();
});

test("pool: bad options and arguments are INVALID_OPTION, naming the option", async () => {
  const cases: [SessionPoolOptions, string][] = [
    [{ maxLive: 0 }, "maxLive"],
    [{ maxLive: 1.5 }, "maxLive"],
    [{ idleMs: -1 }, "idleMs"],
    [{ warm: 3, maxLive: 2 }, "warm"],
    [{ sessionOptions: { resume: crypto.randomUUID() } }, "sessionOptions"],
    [{ sessionOptions: { sessionId: crypto.randomUUID() } }, "sessionOptions"],
    [{ sessionOptions: { name: "bot" } }, "sessionOptions"],
    [{ sessionOptions: { timeout: -5 } }, "timeout"],
    [{ leases: {} as never }, "leases"],
    [{ maxlive: 2 } as never, "maxlive"],
  ];
  for (const [options, option] of cases) {
    assert.throws(
      () => new SessionPool(options),
      (error: unknown) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === option,
      JSON.stringify(options),
    );
  }
  await using pool = new SessionPool();
  await assert.rejects(pool.session("../../etc/passwd"), { code: "INVALID_OPTION" });
  await assert.rejects(pool.session(undefined, { signal: "soon" as never }), { code: "INVALID_OPTION" });
});

/** One step of the property test. `slot` picks a conversation already opened (modulo how many there are). */
type Step =
  | { kind: "open" }
  | { kind: "turn" | "hold" | "stop"; slot: number }
  | { kind: "finish" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: "open" }),
  fc.record({ kind: fc.constantFrom("turn" as const, "hold" as const, "stop" as const), slot: fc.nat(5) }),
  fc.constant<Step>({ kind: "finish" }),
);

test("pool property: never more than maxLive CLIs, waits only when every one is busy, none left after close", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(step, { minLength: 1, maxLength: IS_REAL_CLI ? 6 : 10 }),
      fc.integer({ min: 1, max: 2 }),
      fc.integer({ min: 0, max: 1 }),
      async (steps, maxLive, warm) => {
        const fx: Fixture = await fixture();
        const adapter = await countingAdapter();
        const pool = new SessionPool({ maxLive, warm, sessionOptions: { ...fx.options, adapter } });
        const ids: string[] = [];
        const held = new Map<string, ReturnType<typeof holdTurn>>();
        // Sampled all along, not only between steps: a CLI started before another's stop ended would show here.
        let most = 0;
        const sampler = setInterval(() => (most = Math.max(most, adapter.live().length)), 5);
        const check = () => assert.ok(most <= maxLive && adapter.live().length <= maxLive, `${most} > ${maxLive}`);
        /** The conversation's Session, or null when the pool must wait (every CLI busy): it then says ABORTED. */
        const sessionOf = async (id: string | undefined): Promise<Session | null> => {
          const blocked = (id === undefined || !pool.has(id)) && held.size >= maxLive;
          if (blocked) {
            await assert.rejects(pool.session(id, { signal: AbortSignal.timeout(50) }), { code: "ABORTED" });
            return null;
          }
          return await pool.session(id);
        };
        try {
          for (const next of steps) {
            const id = ids.length === 0 ? undefined : ids[("slot" in next ? next.slot : 0) % ids.length];
            if (next.kind === "open") {
              const session = await sessionOf(undefined);
              if (session !== null) ids.push(session.sessionId!);
            } else if (next.kind === "finish") {
              const [first] = held;
              if (first !== undefined) {
                held.delete(first[0]);
                await first[1].finish();
              }
            } else if (id !== undefined && !held.has(id)) {
              const session = await sessionOf(id);
              if (session === null) continue;
              if (next.kind === "turn") await reply(session, `turn ${ids.indexOf(id)}`);
              else if (next.kind === "hold") held.set(id, holdTurn(session, `held ${ids.indexOf(id)}`));
              else await session.stop();
            }
            check();
          }
          for (const [, turn] of held) await turn.finish();
          check();
        } finally {
          await pool.close();
          clearInterval(sampler);
          await fx.cleanup();
        }
        assert.ok(most <= maxLive, `${most} CLIs ran at once, maxLive ${maxLive}`);
        assert.deepEqual(adapter.live(), [], "every CLI is gone after close()");
        assert.equal(pool.live, 0);
      },
    ),
    { numRuns: IS_REAL_CLI ? 4 : 25 },
  );
});
