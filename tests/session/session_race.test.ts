// A CLI that ends while a turn is on its way to it. Once, such a turn became current on a CLI that was gone, and it
// and every later turn waited forever; then it failed with PROCESS_EXIT. Now the exit itself is what counts: a turn
// sent after it starts a new CLI that resumes. The child is scripted (tests/session/_scripted_cli.ts), so the test
// picks the moment: the CLI exits, its connection's close waits for stderr to end, and the turn is sent k microtasks
// after stderr ends, for every k across the few microtasks the close takes to reach the session.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../src/session/mod.ts";
import { outcome, scriptedAdapter, sleep } from "./_scripted_cli.ts";

test(
  "race: a turn sent after the CLI exited, before its stdout and stderr ended, runs on a new CLI (the exit is what counts)",
  { timeout: 120_000 },
  async () => {
    const seen = new Map<string, number[]>();
    for (let k = 0; k <= 40; k++) {
      const adapter = scriptedAdapter();
      const session = new Session({ adapter, timeout: 60_000, shutdownGraceMs: 50, interruptGraceMs: 50 });
      try {
        await session.start();
        adapter.children[0].exit(1, null, true);
        await sleep(10); // the connection has seen the exit and waits for stderr to end
        adapter.children[0].endStderr();
        for (let tick = 0; tick < k; tick++) await null;
        const first = await outcome(session.stream("hello"));
        seen.set(first, [...(seen.get(first) ?? []), k]);
        assert.notEqual(first, "hang", `k=${k}: the turn got no outcome`);
        assert.equal(first, "ok", `k=${k}: the turn starts a new CLI instead of failing on the one that exited`);
        assert.equal(await outcome(session.stream("and then?")), "ok", `k=${k}: the next turn runs on a new CLI`);
      } finally {
        await Promise.race([session.stop(), sleep(2_000)]);
      }
    }
    assert.deepEqual([...seen.keys()], ["ok"], JSON.stringify([...seen]));
  },
);
