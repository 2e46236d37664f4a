/**
 * Knowing when a turn is over from its stream alone: after its `result`, its end, its error, or its cancel.
 * @module
 */
import type { Message } from "../protocol/messages.ts";

/**
 * The messages of `turn`, as they are, and `onEnd` called once when the turn is over for its reader: the `result`
 * was read from it, or it ended, errored or was cancelled (which cancels `turn`, interrupting the turn). It reads
 * `turn` only as its own reader reads (one message ahead), so the turn's backpressure is kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { watchTurnEnd } from "./watch_turn_end.ts";
 * let ended = 0;
 * const turn = new ReadableStream({
 *   start(controller) {
 *     controller.enqueue({ type: "assistant" });
 *     controller.enqueue({ type: "result", subtype: "success" });
 *     controller.close();
 *   },
 * });
 * const reader = watchTurnEnd(turn, () => ended++).getReader();
 * assert.equal((await reader.read()).value?.type, "assistant");
 * assert.equal((await reader.read()).value?.type, "result");
 * assert.equal((await reader.read()).done, true);
 * assert.equal(ended, 1);
 * ```
 */
export function watchTurnEnd(turn: ReadableStream<Message>, onEnd: () => void): ReadableStream<Message> {
  const reader = turn.getReader();
  let over = false;
  const end = () => {
    if (over) return;
    over = true;
    onEnd();
  };
  return new ReadableStream<Message>({
    async pull(controller) {
      let next: ReadableStreamReadResult<Message>;
      try {
        next = await reader.read();
      } catch (error) {
        end();
        controller.error(error);
        return;
      }
      if (next.done) {
        end();
        controller.close();
        return;
      }
      // A turn's stream ends with its result (the Session hands no other turn's result to it).
      if (next.value.type === "result") end();
      controller.enqueue(next.value);
    },
    async cancel(reason) {
      try {
        await reader.cancel(reason);
      } finally {
        end();
      }
    },
  });
}
