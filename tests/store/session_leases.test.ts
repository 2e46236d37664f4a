/**
 * Conversation leases: the contract both implementations keep (one holder, hand-over on release, a higher fence for
 * every new holder, `lost` on the way out, `waitMs`, abort, bad arguments), a property test of the in-memory one over
 * interleavings of acquire, release, expire and abort, and what only the PostgreSQL one shows against a real server
 * (tests/store/_postgres.ts): takeover of a lease that ran out, `lost` on takeover, expiry and a database that is gone
 * (before the lease runs out), waiters woken by NOTIFY, `close()`, and fenced appends to the store.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import postgres from "postgres";
import { InMemorySessionLeases, isClaudeCodeError, type SessionLease, type SessionLeases } from "../../mod.ts";
import { PostgresSessionLeases, PostgresSessionStore } from "../../stores/postgres.ts";
import { postgresForFile, skipReason } from "./_postgres.ts";

const postgresUrl = postgresForFile();

const skip = skipReason;
const schemaName = () => `cs_lease_${crypto.randomUUID().replaceAll("-", "")}`;
const sessionId = () => crypto.randomUUID();
/** The bound on a test that waits for a lease to be lost or handed over: a failure, not a hang. */
const WITHIN = { timeout: 60_000 };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Whether `promise` is still pending after the timers and I/O callbacks queued now have run. */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  await tick();
  return !settled;
}

/** The reason `lease.lost` aborted with, as `LEASE_LOST`'s `details.reason`. */
function lostReason(lease: SessionLease): string {
  const reason: unknown = lease.lost.reason;
  assert.ok(isClaudeCodeError(reason, "LEASE_LOST"), `lost's reason is LEASE_LOST: ${String(reason)}`);
  assert.equal(reason.details.sessionId, lease.sessionId);
  assert.equal(reason.details.fence, lease.fence);
  return reason.details.reason;
}

/** Waits for `signal` to abort (the test's own timeout bounds the wait). */
function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted
    ? Promise.resolve()
    : new Promise((resolve) => signal.addEventListener("abort", () => resolve()));
}

/** A new implementation to test, and how to end it. */
interface Subject {
  leases: SessionLeases;
  close(): Promise<void>;
}

/** The contract both implementations keep; `make` gives a fresh one (on a shared backend: ids are fresh per test). */
function leaseContract(name: string, make: () => Subject, options: { skip: string | false }) {
  describe(`${name}: the SessionLeases contract`, { skip: options.skip }, () => {
    let subject: Subject;
    before(() => {
      subject = make();
    });
    after(() => subject.close());

    test(
      "one holder at a time: a second acquire with waitMs 0 is LEASE_TIMEOUT, and the first still holds",
      WITHIN,
      async () => {
        const id = sessionId();
        const first = await subject.leases.acquire(id);
        assert.equal(first.sessionId, id);
        assert.ok(Number.isInteger(first.fence) && first.fence > 0);
        await assert.rejects(subject.leases.acquire(id, { waitMs: 0 }), (error: unknown) => {
          assert.ok(isClaudeCodeError(error, "LEASE_TIMEOUT"));
          assert.deepEqual(error.details, { sessionId: id, waitMs: 0 });
          return true;
        });
        assert.equal(first.lost.aborted, false);
        const other = await subject.leases.acquire(sessionId(), { waitMs: 0 }); // another conversation is free
        await Promise.all([first.release(), other.release()]);
      },
    );

    test("release hands the lease to a waiter, with a higher fence; release is idempotent", WITHIN, async () => {
      const id = sessionId();
      const first = await subject.leases.acquire(id);
      const waiting = subject.leases.acquire(id);
      assert.ok(await pending(waiting), "the waiter waits while the lease is held");
      await first.release();
      assert.equal(lostReason(first), "released");
      const second = await waiting;
      assert.ok(second.fence > first.fence);
      assert.equal(second.lost.aborted, false);
      await first.release(); // again: changes nothing
      assert.equal(lostReason(first), "released");
      assert.equal(second.lost.aborted, false);
      await second.release();
      const third = await subject.leases.acquire(id, { waitMs: 0 });
      assert.ok(third.fence > second.fence);
      await third.release();
    });

    test("waitMs bounds the wait: LEASE_TIMEOUT while the holder keeps the lease", WITHIN, async () => {
      const id = sessionId();
      const holder = await subject.leases.acquire(id);
      await assert.rejects(subject.leases.acquire(id, { waitMs: 150 }), (error: unknown) => {
        assert.ok(isClaudeCodeError(error, "LEASE_TIMEOUT"));
        assert.deepEqual(error.details, { sessionId: id, waitMs: 150 });
        return true;
      });
      assert.equal(holder.lost.aborted, false);
      await holder.release();
    });

    test(
      "an aborted wait is ABORTED and takes nothing; an aborted signal does not even start one",
      WITHIN,
      async () => {
        const id = sessionId();
        const holder = await subject.leases.acquire(id);
        const controller = new AbortController();
        const waiting = subject.leases.acquire(id, { signal: controller.signal });
        assert.ok(await pending(waiting));
        controller.abort(new Error("the client left"));
        await assert.rejects(waiting, (error: unknown) => {
          assert.ok(isClaudeCodeError(error, "ABORTED"));
          assert.equal(error.details.reason, "the client left");
          return true;
        });
        await holder.release();
        const next = await subject.leases.acquire(id, { waitMs: 0 }); // the aborted waiter did not take it
        await assert.rejects(subject.leases.acquire(id, { signal: AbortSignal.abort("late") }), { code: "ABORTED" });
        await next.release();
      },
    );

    test("bad arguments are INVALID_OPTION, naming the option", WITHIN, async () => {
      const option = (name: string) => (error: unknown) => {
        assert.ok(isClaudeCodeError(error, "INVALID_OPTION"));
        assert.equal(error.details.option, name);
        return true;
      };
      await assert.rejects(subject.leases.acquire(""), option("sessionId"));
      await assert.rejects(subject.leases.acquire("s", { waitMs: -1 }), option("waitMs"));
      await assert.rejects(subject.leases.acquire("s", { waitMs: 1.5 }), option("waitMs"));
      // @ts-expect-error: not a signal
      await assert.rejects(subject.leases.acquire("s", { signal: "stop" }), option("signal"));
      // @ts-expect-error: not an option of acquire
      await assert.rejects(subject.leases.acquire("s", { timeout: 5 }), option("timeout"));
      const free = await subject.leases.acquire(sessionId(), { waitMs: Infinity, signal: undefined });
      await free.release();
    });
  });
}

leaseContract("InMemorySessionLeases", () => ({ leases: new InMemorySessionLeases(), close: async () => {} }), {
  skip: false,
});
leaseContract("PostgresSessionLeases", () => {
  const leases = new PostgresSessionLeases({ url: postgresUrl(), schema: schemaName(), ttlMs: 2000, pollMs: 50 });
  return { leases, close: () => leases.close() };
}, { skip });

test(
  "InMemorySessionLeases: expire() ends the holder's lease (expired) and hands it to the next waiter",
  WITHIN,
  async () => {
    const leases = new InMemorySessionLeases();
    const first = await leases.acquire("s");
    const waiting = leases.acquire("s");
    assert.equal(leases.expire("s"), true);
    assert.equal(lostReason(first), "expired");
    const second = await waiting;
    assert.ok(second.fence > first.fence);
    await first.release(); // the holder that "died" releasing late frees nothing of the new holder's
    assert.equal(second.lost.aborted, false);
    await assert.rejects(leases.acquire("s", { waitMs: 0 }), { code: "LEASE_TIMEOUT" });
    await second.release();
    assert.equal(leases.expire("s"), false);
  },
);

/** One step of the property test. */
type Step =
  | { op: "acquire"; actor: number; session: number; wait: boolean }
  | { op: "release"; actor: number }
  | { op: "abort"; actor: number }
  | { op: "expire"; session: number };

test(
  "InMemorySessionLeases, any interleaving: at most one holder, fences increasing, a free lease never idles with waiters",
  WITHIN,
  async () => {
    const actors = 4;
    const sessions = ["a", "b"];
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        op: fc.constant("acquire" as const),
        actor: fc.nat(actors - 1),
        session: fc.nat(sessions.length - 1),
        wait: fc.boolean(),
      }),
      fc.record({ op: fc.constant("release" as const), actor: fc.nat(actors - 1) }),
      fc.record({ op: fc.constant("abort" as const), actor: fc.nat(actors - 1) }),
      fc.record({ op: fc.constant("expire" as const), session: fc.nat(sessions.length - 1) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const leases = new InMemorySessionLeases();
        /** What each actor has: nothing, a wait in flight, or a lease. */
        const state: Array<
          | { kind: "idle" }
          | { kind: "waiting"; session: string; controller: AbortController; outcome: Promise<void> }
          | { kind: "holding"; lease: SessionLease }
        > = Array.from({ length: actors }, () => ({ kind: "idle" }));
        const granted: SessionLease[] = [];
        const fences = new Map<string, number[]>();
        const grant = (actor: number, lease: SessionLease) => {
          granted.push(lease);
          fences.set(lease.sessionId, [...(fences.get(lease.sessionId) ?? []), lease.fence]);
          state[actor] = { kind: "holding", lease };
        };
        for (const s of steps) {
          if (s.op === "acquire") {
            if (state[s.actor]!.kind !== "idle") continue;
            const session = sessions[s.session]!;
            const held = granted.some((lease) => lease.sessionId === session && !lease.lost.aborted);
            if (!s.wait) {
              try {
                grant(s.actor, await leases.acquire(session, { waitMs: 0 }));
                assert.ok(!held, "waitMs 0 got a held lease");
              } catch (error) {
                assert.ok(isClaudeCodeError(error, "LEASE_TIMEOUT"));
                assert.ok(held, "waitMs 0 refused a free lease");
              }
              continue;
            }
            const controller = new AbortController();
            const actor = s.actor;
            const outcome = leases.acquire(session, { signal: controller.signal }).then(
              (lease) => {
                assert.ok(!controller.signal.aborted, "an aborted waiter got the lease");
                grant(actor, lease);
              },
              (error) => {
                assert.ok(isClaudeCodeError(error, "ABORTED"), String(error));
                state[actor] = { kind: "idle" };
              },
            );
            state[actor] = { kind: "waiting", session, controller, outcome };
          } else if (s.op === "release") {
            const current = state[s.actor]!;
            if (current.kind !== "holding") continue;
            await current.lease.release();
            assert.equal(lostReason(current.lease), "released");
            state[s.actor] = { kind: "idle" };
          } else if (s.op === "abort") {
            const current = state[s.actor]!;
            if (current.kind === "waiting") current.controller.abort();
          } else {
            const session = sessions[s.session]!;
            const holder = state.findIndex((a) => a.kind === "holding" && a.lease.sessionId === session);
            assert.equal(leases.expire(session), holder >= 0);
            if (holder >= 0) state[holder] = { kind: "idle" };
          }
          await tick();
          for (const session of sessions) {
            const holders = granted.filter((lease) => lease.sessionId === session && !lease.lost.aborted);
            assert.ok(holders.length <= 1, `${holders.length} holders of ${session}`);
            const waiters = state.filter((a) => a.kind === "waiting" && a.session === session);
            assert.ok(holders.length === 1 || waiters.length === 0, `${session} is free while ${waiters.length} wait`);
            const seen = fences.get(session) ?? [];
            assert.ok(seen.every((fence, i) => i === 0 || fence > seen[i - 1]!), `fences of ${session}: ${seen}`);
          }
        }
        for (const actor of state) if (actor.kind === "waiting") actor.controller.abort();
        await Promise.all(state.map((a) => (a.kind === "waiting" ? a.outcome : undefined)));
      }),
      { numRuns: 200 },
    );
  },
);

describe("PostgresSessionLeases against a real server", { skip }, () => {
  /** Leases with a short ttl, so that the renewals and deadlines of a test come within a second or two. */
  const leasesOn = (schema: string, options: { ttlMs?: number; pollMs?: number; url?: string } = {}) =>
    new PostgresSessionLeases({ url: options.url ?? postgresUrl(), schema, ttlMs: options.ttlMs ?? 1500, ...options });
  let sql: postgres.Sql;
  before(() => {
    sql = postgres(postgresUrl(), { onnotice: () => {} });
  });
  after(() => sql.end());

  /** Makes the row of `id` run out now (or in `ms`), as if its holder had stopped renewing. */
  const runOut = (schema: string, id: string, ms = -1000) =>
    sql`update ${sql(schema)}.claude_stream_session_leases
      set expires_at = clock_timestamp() + ${ms}::int * interval '1 millisecond' where session_id = ${id}`;
  /** When the lease of `id` runs out, in epoch ms. */
  const expiry = async (schema: string, id: string) => {
    const [row] = await sql<{ ms: number }[]>`
      select (extract(epoch from expires_at) * 1000)::float8 as ms
      from ${sql(schema)}.claude_stream_session_leases where session_id = ${id}`;
    return row!.ms;
  };
  /** Resolves right after the holder of `id` renewed its lease: its next renewal is a third of its ttl away. */
  const renewed = async (schema: string, id: string) => {
    const before = await expiry(schema, id);
    while (await expiry(schema, id) <= before) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  test(
    "two workers: a lease that ran out is taken over with a higher fence, and the old holder's lost says taken-over",
    WITHIN,
    async () => {
      const schema = schemaName();
      const a = leasesOn(schema, { ttlMs: 3000 });
      const b = leasesOn(schema, { pollMs: 20 });
      try {
        const id = sessionId();
        const old = await a.acquire(id);
        const waiting = b.acquire(id);
        assert.ok(await pending(waiting));
        await renewed(schema, id); // so that b takes over before a renews again, and a learns it from that renewal
        await runOut(schema, id);
        const taker = await waiting;
        assert.ok(taker.fence > old.fence);
        await aborted(old.lost); // its next renewal finds the new fence
        assert.equal(lostReason(old), "taken-over");
        assert.equal(taker.lost.aborted, false);
        await old.release(); // frees nothing of the new holder's
        await assert.rejects(a.acquire(id, { waitMs: 0 }), { code: "LEASE_TIMEOUT" });
        await taker.release();
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    },
  );

  test(
    "a lease that ran out with nobody waiting: lost says expired, and the next acquire gets a higher fence",
    WITHIN,
    async () => {
      const schema = schemaName();
      const leases = leasesOn(schema);
      try {
        const id = sessionId();
        const lease = await leases.acquire(id);
        await runOut(schema, id);
        await aborted(lease.lost);
        assert.equal(lostReason(lease), "expired");
        const next = await leases.acquire(id, { waitMs: 0 });
        assert.ok(next.fence > lease.fence);
        await next.release();
      } finally {
        await leases.close();
      }
    },
  );

  test("a holder keeps its lease past its ttl by renewing it", WITHIN, async () => {
    const schema = schemaName();
    const leases = leasesOn(schema, { ttlMs: 900 });
    try {
      const id = sessionId();
      const lease = await leases.acquire(id);
      const first = await expiry(schema, id);
      await new Promise((resolve) => setTimeout(resolve, 2000)); // over two ttls
      assert.ok(await expiry(schema, id) > first);
      assert.equal(lease.lost.aborted, false);
      await assert.rejects(leases.acquire(id, { waitMs: 0 }), { code: "LEASE_TIMEOUT" });
      await lease.release();
    } finally {
      await leases.close();
    }
  });

  test(
    "the database gone: lost says unreachable before the lease runs out, so nobody can take over first",
    WITHIN,
    async () => {
      const database = `cs_lease_gone_${crypto.randomUUID().replaceAll("-", "")}`;
      await sql`create database ${sql(database)}`;
      const url = new URL(postgresUrl());
      url.pathname = `/${database}`;
      const leases = leasesOn("public", { url: url.href, ttlMs: 1500 });
      try {
        const id = sessionId();
        const lease = await leases.acquire(id);
        let lostAt = 0;
        lease.lost.addEventListener("abort", () => (lostAt = Date.now()));
        await sql`alter database ${sql(database)} allow_connections false`;
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database}`;
        await aborted(lease.lost);
        assert.equal(lostReason(lease), "unreachable");
        await sql`alter database ${sql(database)} allow_connections true`;
        const other = postgres(url.href, { onnotice: () => {} });
        try {
          const [row] = await other<{ ms: number }[]>`
          select (extract(epoch from expires_at) * 1000)::float8 as ms
          from claude_stream_session_leases where session_id = ${id}`;
          assert.ok(lostAt < row!.ms, `lost at ${lostAt}, the lease ran out at ${row!.ms}`);
        } finally {
          await other.end();
        }
        await lease.release(); // frees the row once the database is back, in the background
      } finally {
        await leases.close();
        await sql`drop database if exists ${sql(database)} with (force)`;
      }
    },
  );

  test("a release wakes a waiting worker at once (NOTIFY), long before its next look", WITHIN, async () => {
    const schema = schemaName();
    const a = leasesOn(schema);
    const b = leasesOn(schema, { pollMs: 600_000 });
    try {
      const id = sessionId();
      const held = await a.acquire(id);
      const waiting = b.acquire(id, { waitMs: 30_000 });
      assert.ok(await pending(waiting));
      await new Promise((resolve) => setTimeout(resolve, 100)); // b's LISTEN is set up after its first look
      await held.release();
      const next = await waiting; // with a poll every 10 minutes, only the NOTIFY can bring this within the test
      assert.ok(next.fence > held.fence);
      await next.release();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test(
    "close() releases the leases still held (another worker takes them at once) and ends the waits",
    WITHIN,
    async () => {
      const schema = schemaName();
      const a = leasesOn(schema);
      const b = leasesOn(schema);
      try {
        const id = sessionId();
        const held = await a.acquire(id);
        const waiting = a.acquire(id);
        assert.ok(await pending(waiting));
        await a.close();
        assert.equal(lostReason(held), "released");
        await assert.rejects(waiting, { code: "ABORTED" });
        const taken = await b.acquire(id, { waitMs: 0 });
        assert.ok(taken.fence > held.fence);
        await taken.release();
      } finally {
        await b.close();
      }
    },
  );

  test(
    "fenced appends: written while the lease is current, refused (LEASE_LOST, nothing written) once it is not",
    WITHIN,
    async () => {
      const schema = schemaName();
      const a = leasesOn(schema);
      const b = leasesOn(schema, { pollMs: 20 });
      const store = new PostgresSessionStore({ url: postgresUrl(), schema });
      try {
        const id = sessionId();
        const key = { projectKey: "p", sessionId: id };
        const old = await a.acquire(id);
        const oldStore = store.fenced(old);
        await oldStore.append(key, [{ type: "user", uuid: "a1" }]);
        await oldStore.append({ ...key, subpath: "subagents/agent-x" }, [{ type: "user", uuid: "x1" }]);
        await oldStore.append({ projectKey: "p", sessionId: "another" }, [{ type: "user", uuid: "o1" }]); // not fenced
        // the old holder is paused past its expiry: another worker takes over before it notices
        await runOut(schema, id);
        const taker = await b.acquire(id);
        const refused = (reason: string) => (error: unknown) => {
          assert.ok(isClaudeCodeError(error, "LEASE_LOST"));
          assert.deepEqual(error.details, { sessionId: id, fence: old.fence, reason });
          return true;
        };
        await assert.rejects(oldStore.append(key, [{ type: "user", uuid: "a2" }]), refused("taken-over"));
        await assert.rejects(
          oldStore.append({ ...key, subpath: "subagents/agent-x" }, [{ type: "user", uuid: "x2" }]),
          refused("taken-over"),
        );
        const newStore = store.fenced(taker);
        await newStore.append(key, [{ type: "user", uuid: "b1" }]);
        assert.deepEqual((await newStore.load(key))?.map((entry) => entry.uuid), ["a1", "b1"]);
        assert.deepEqual((await store.load({ ...key, subpath: "subagents/agent-x" }))?.map((e) => e.uuid), ["x1"]);
        await taker.release();
        await assert.rejects(
          newStore.append(key, [{ type: "user", uuid: "b2" }]),
          (error: unknown) => isClaudeCodeError(error, "LEASE_LOST") && error.details.reason === "released",
        );
        await old.release();
        const expired = await a.acquire(id);
        await runOut(schema, id);
        await assert.rejects(
          store.fenced(expired).append(key, [{ type: "user", uuid: "c1" }]),
          (error: unknown) => isClaudeCodeError(error, "LEASE_LOST") && error.details.reason === "expired",
        );
        assert.deepEqual((await store.load(key))?.map((entry) => entry.uuid), ["a1", "b1"]);
        await expired.release();
        const memory = await new InMemorySessionLeases().acquire(id);
        assert.throws(() => store.fenced(memory), { code: "INVALID_OPTION" });
      } finally {
        await Promise.all([a.close(), b.close(), store.close()]);
      }
    },
  );

  test("a takeover waits for a fenced append in flight to commit: the new holder sees it", WITHIN, async () => {
    const schema = schemaName();
    const a = leasesOn(schema, { ttlMs: 60_000 }); // renewed every 20 s: not within this test
    const b = leasesOn(schema, { pollMs: 20 });
    const store = new PostgresSessionStore({ url: postgresUrl(), schema });
    try {
      const id = sessionId();
      const key = { projectKey: "p", sessionId: id };
      const old = await a.acquire(id);
      await store.fenced(old).append(key, [{ type: "user", uuid: "a0" }]); // tables made
      await runOut(schema, id, 300); // the lease runs out in 300 ms
      // hold the store's session row, so the old holder's next append waits inside its transaction, fence checked
      const blocker = await sql.reserve();
      try {
        await blocker`begin`;
        await blocker`select 1 from ${sql(schema)}.claude_stream_sessions where session_id = ${id} for update`;
        const late = store.fenced(old).append(key, [{ type: "user", uuid: "a1" }]);
        await new Promise((resolve) => setTimeout(resolve, 500)); // the append waits on the row; the lease ran out
        const taking = b.acquire(id);
        assert.ok(await pending(taking));
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.ok(await pending(taking), "the takeover waits for the append's transaction");
        await blocker`commit`;
        await late; // checked before the takeover, so written
        const taker = await taking;
        assert.deepEqual((await store.load(key))?.map((entry) => entry.uuid), ["a0", "a1"]);
        await taker.release();
      } finally {
        blocker.release();
      }
    } finally {
      await Promise.all([a.close(), b.close(), store.close()]);
    }
  });

  test("bad options are INVALID_OPTION", () => {
    assert.throws(() => new PostgresSessionLeases({}), { code: "INVALID_OPTION" });
    assert.throws(() => new PostgresSessionLeases({ url: postgresUrl(), ttlMs: 10 }), (error: unknown) => {
      assert.ok(isClaudeCodeError(error, "INVALID_OPTION"));
      assert.equal(error.details.option, "ttlMs");
      return true;
    });
    assert.throws(() => new PostgresSessionLeases({ url: postgresUrl(), pollMs: 0.5 }), { code: "INVALID_OPTION" });
  });
});
