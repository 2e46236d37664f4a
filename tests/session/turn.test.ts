import { test } from "node:test";
import assert from "node:assert/strict";
import { createTurn } from "../../src/session/turn.ts";
import type { Message } from "../../src/protocol/messages.ts";

const message = (i: number): Message => ({ type: "assistant", i });

test("turn: pushing past the buffer asks the reader to wait until the caller has caught up", async () => {
  const turn = createTurn("hi", () => {});
  let waitAt = -1;
  let wait: Promise<void> | undefined;
  for (let i = 0; i < 1000 && wait === undefined; i++) {
    wait = turn.push(message(i));
    if (wait !== undefined) waitAt = i;
  }
  assert.ok(waitAt > 0 && waitAt < 1000, `no backpressure after ${waitAt}`);
  // Every push while the caller is behind gets the same wait: none is orphaned.
  assert.equal(turn.push(message(-1)), wait);
  let released = false;
  void wait!.then(() => (released = true));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(released, false, "released although nothing was read");
  const reader = turn.stream.getReader();
  for (let i = 0; i <= waitAt + 1; i++) await reader.read();
  await Promise.resolve();
  assert.equal(released, true);
  turn.succeed();
  assert.equal((await reader.read()).done, true);
});

test("turn: exactly one outcome; later ones are ignored; cancel reports once", async () => {
  let cancels = 0;
  const turn = createTurn("hi", () => cancels++);
  turn.push(message(1));
  turn.fail(new Error("first"));
  turn.succeed();
  turn.fail(new Error("second"));
  assert.equal(turn.push(message(2)), undefined);
  await assert.rejects(turn.stream.getReader().read(), /first/);
  const other = createTurn("hi", () => cancels++);
  await other.stream.cancel();
  await other.stream.cancel().catch(() => {});
  other.fail(new Error("after cancel"));
  assert.equal(cancels, 1);
  assert.equal(other.settled, true);
});

test("turn: a settled turn releases a waiting reader", async () => {
  const turn = createTurn("hi", () => {});
  let wait: Promise<void> | undefined;
  for (let i = 0; wait === undefined; i++) wait = turn.push(message(i));
  turn.fail(new Error("gone"));
  await wait; // resolves although nobody read
  turn.drain();
  await turn.drained;
});
