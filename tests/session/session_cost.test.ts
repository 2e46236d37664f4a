// The cost of a turn from session.stream(): collectTurn(...).costUsd is that turn's own, whatever the CLI process
// ran before; totalCostUsd stays the process's running total (the CLI's total_cost_usd), which restarts at 0 with
// every new process (clear(), a crash).
import { test } from "node:test";
import assert from "node:assert/strict";
import { isClaudeCodeError } from "../../src/errors.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import { fakeCli } from "../../testing.ts";
import { fakeOnly, withSessions } from "./_fixture.ts";

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

test("cost: each turn's costUsd is its own; totalCostUsd runs over the CLI process and restarts after clear()", async () => {
  await withSessions(async (make) => {
    const session = make();
    const first = await collectTurn(session.stream("My name is Alice"));
    const second = await collectTurn(session.stream("What is my name?"));
    assert.ok(first.costUsd > 0);
    assert.ok(close(first.costUsd, first.totalCostUsd));
    assert.ok(second.totalCostUsd > first.totalCostUsd, "the CLI reports a running total");
    assert.ok(close(second.costUsd, second.totalCostUsd - first.totalCostUsd), `${second.costUsd}`);
    await session.clear(); // a new CLI process: its running total starts again
    const third = await collectTurn(session.stream("Fresh start"));
    assert.ok(third.totalCostUsd < second.totalCostUsd);
    assert.ok(close(third.costUsd, third.totalCostUsd), `${third.costUsd} vs ${third.totalCostUsd}`);
    const fourth = await collectTurn(session.stream("And again"));
    assert.ok(close(fourth.costUsd, fourth.totalCostUsd - third.totalCostUsd));
  });
});

test("cost: after a crash the resumed CLI counts from 0 again; costUsd stays the turn's own", {
  skip: fakeOnly("crash injection and exact costs need the fake's scenarios"),
}, async () => {
  const crashing = fakeCli.scenario().turn({}).turn({}).crash({ afterChunks: 0, exitCode: 3 });
  await withSessions(async (make) => {
    const session = make({ env: fakeCli.env(crashing) });
    await collectTurn(session.stream("one"));
    await collectTurn(session.stream("two"));
    await assert.rejects(collectTurn(session.stream("crash now")), (error) => isClaudeCodeError(error, "PROCESS_EXIT"));
    const after = await collectTurn(session.stream("after the crash"));
    // Counted against what the new process spent (0), not against the dead one's total, which would make it 0.
    assert.ok(
      after.costUsd > 0 && close(after.costUsd, after.totalCostUsd),
      `${after.costUsd} of ${after.totalCostUsd}`,
    );
  });
});

test("cost: a turn given up on still moves the running total, so the next turn is not charged for it", async () => {
  await withSessions(async (make) => {
    const session = make();
    const first = await collectTurn(session.stream("hello"));
    await assert.rejects(
      collectTurn(session.stream("please be SLOW", { timeout: 300 })),
      (error) => isClaudeCodeError(error, "TIMEOUT"),
    );
    // The interrupted turn's result reached no caller; the fake reports a total of 0 for it, which is no reason to
    // charge the next turn for everything the process spent before.
    const next = await collectTurn(session.stream("next"));
    assert.ok(
      next.costUsd > 0 && next.costUsd <= next.totalCostUsd - first.totalCostUsd + 1e-12,
      `${next.costUsd} of ${next.totalCostUsd}`,
    );
  });
});
