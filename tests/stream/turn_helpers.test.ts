import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { collect, streamOf } from "../util.ts";
import { recordedCase } from "../protocol/_helpers.ts";
import { ClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/mod.ts";
import { collectTurn, untilResult } from "../../src/stream/mod.ts";

/** A stream over messages that records whether it was cancelled. */
function tracked(messages: Message[]) {
  const state = { cancelled: false, pulled: 0 };
  const stream = new ReadableStream<Message>({
    pull(controller) {
      if (state.pulled < messages.length) controller.enqueue(messages[state.pulled++]!);
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe("untilResult", () => {
  test("passes the first turn through, result included, then cancels upstream", async () => {
    const messages = recordedCase("b1_multiturn_stdin"); // two turns
    const { stream, state } = tracked(messages);
    const turn = await collect(stream.pipeThrough(untilResult()));
    assert.deepEqual(turn.map((m) => m.type), ["system", "assistant", "result"]);
    // the pipe cancels its source once it sees the transform's writable side errored: a few turns of the event loop
    for (let tick = 0; tick < 100 && !state.cancelled; tick++) await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(state.cancelled, true);
    assert.ok(state.pulled < messages.length, "the second turn was not read");
  });

  test("a stream without a result passes through whole", async () => {
    const messages = recordedCase("b1_multiturn_stdin").filter((m) => m.type !== "result");
    assert.equal((await collect(streamOf(messages).pipeThrough(untilResult()))).length, messages.length);
  });
});

describe("collectTurn", () => {
  test("collects text, tool uses, result, usage, cost and session id of a recorded turn", async () => {
    const messages = recordedCase("k5_thinking_tool_use");
    const turn = await collectTurn(streamOf(messages));
    const result = messages.find((m) => m.type === "result")!;
    assert.equal(turn.result, result);
    assert.equal(turn.totalCostUsd, result.total_cost_usd);
    assert.deepEqual(turn.usage, result.usage);
    assert.equal(turn.sessionId, result.session_id);
    assert.equal(turn.isError, false);
    assert.ok(turn.toolUses.length > 0 && turn.toolUses.every((u) => u.type === "tool_use"));
    assert.ok(turn.thinking.length > 0);
    const texts = messages.flatMap((m) => (m.type === "assistant" ? (m.message as any).content.filter((b: any) => b.type === "text").map((b: any) => b.text) : []));
    assert.equal(turn.text, texts.join(""));
  });

  test("turn after turn on one stream: the reader is released at each result", async () => {
    const stream = streamOf(recordedCase("b1_multiturn_stdin"));
    const first = await collectTurn(stream);
    const second = await collectTurn(stream);
    assert.match(first.text, /turns=1/);
    assert.match(second.text, /turns=2/);
    await assert.rejects(collectTurn(stream), (error) => error instanceof ClaudeCodeError && error.code === "NO_RESULT");
  });

  test("an API error is reported through isError even with subtype success", async () => {
    const turn = await collectTurn(streamOf(recordedCase("i1_api_500")));
    assert.equal(turn.result.subtype, "success");
    assert.equal(turn.isError, true);
  });

  test("a result without the reported fields is INVALID_MESSAGE", async () => {
    await assert.rejects(
      collectTurn(streamOf([{ type: "result", subtype: "success" } as Message])),
      (error) => error instanceof ClaudeCodeError && error.code === "INVALID_MESSAGE" && /session_id/.test(error.message),
    );
  });
});
