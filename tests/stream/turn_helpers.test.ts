import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, streamOf } from "../util.ts";
import { recordedCase } from "../protocol/_helpers.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";
import { ClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/mod.ts";
import { isAssistantMessage } from "../../src/protocol/message_guards.ts";
import { buildConversation } from "../../src/history/mod.ts";
import { collectTurn, untilResult } from "../../src/stream/mod.ts";
import { noteSpentBefore } from "../../src/stream/_turn_cost.ts";

/** Both recordings of a case: CLI 2.1.197 (`transcripts/`) and 2.1.332 (`cli-2.1.332/transcripts/`). */
const RECORDINGS = ["", "cli-2.1.332"];

function recording(cli: string, name: string): { messages: Message[]; sessionFile: string } {
  const dir = join(PROTOCOL_DIR, cli, "transcripts");
  const messages = readFileSync(join(dir, `${name}.jsonl`), "utf8").split("\n").filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
  const index = JSON.parse(readFileSync(join(dir, "INDEX.json"), "utf8"));
  const sessionFile = join(PROTOCOL_DIR, cli, "projects-sample", index[name].session_files[0]);
  return { messages, sessionFile };
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

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
    const texts = messages.flatMap((m) =>
      isAssistantMessage(m) ? m.message.content.filter((b) => b.type === "text").map((b) => b.text) : []
    );
    assert.equal(turn.text, texts.join("\n"));
  });

  for (const cli of RECORDINGS) {
    test(`text joins the turn's text blocks with newlines, as history does (${cli || "2.1.197"}, k5: text, tool call, text)`, async () => {
      const { messages, sessionFile } = recording(cli, "k5_thinking_tool_use");
      const turn = await collectTurn(streamOf(messages));
      const fromFile = (await buildConversation(readFileSync(sessionFile, "utf8")))
        .filter((m) =>
          m.type === "assistant" && Array.isArray(m.content) && m.content.some((block) => block.type === "text")
        );
      assert.equal(fromFile.length, 2, "two text blocks around the tool call");
      assert.equal(turn.text, fromFile.map((m) => m.text).join("\n"));
      assert.ok(!turn.text.includes(fromFile[0].text + fromFile[1].text), "the blocks do not run together");
    });

    test(`costUsd is the turn's own cost, totalCostUsd the process's running total (${cli || "2.1.197"}, b1: two turns on one stream)`, async () => {
      const { messages } = recording(cli, "b1_multiturn_stdin");
      const totals = messages.filter((m) => m.type === "result").map((m) => m.total_cost_usd as number);
      const stream = streamOf(messages);
      const first = await collectTurn(stream);
      const second = await collectTurn(stream);
      assert.deepEqual([first.totalCostUsd, second.totalCostUsd], totals);
      assert.ok(close(first.costUsd, totals[0]), `${first.costUsd}`);
      assert.ok(close(second.costUsd, totals[1] - totals[0]), `${second.costUsd}`);
      assert.ok(second.costUsd < second.totalCostUsd);
    });
  }

  test("costUsd comes from the CLI's model_usage_since_last_result when it reports it (2.1.332), whatever the stream", async () => {
    const { messages } = recording("cli-2.1.332", "k3_compact");
    const results = messages.filter((m) => m.type === "result");
    let previous = 0;
    for (const result of results) {
      // each result on its own stream: collectTurn has seen no earlier total
      const turn = await collectTurn(streamOf([result]));
      assert.ok(close(turn.costUsd, (result.total_cost_usd as number) - previous), `${turn.costUsd}`);
      previous = result.total_cost_usd as number;
    }
  });

  test("costUsd of a stream from a Session: what the Session noted the process had spent before, not a guess", async () => {
    const [first, second] = recordedCase("b1_multiturn_stdin").filter((m) => m.type === "result").map((m) => ({
      ...m,
    }));
    // Each turn of a Session is its own stream; the Session notes the running total before each result.
    noteSpentBefore(first, 0);
    noteSpentBefore(second, first.total_cost_usd as number);
    const turn = await collectTurn(streamOf([second]));
    assert.ok(close(turn.costUsd, (second.total_cost_usd as number) - (first.total_cost_usd as number)));
    // The note is invisible: the message is still what the CLI printed.
    assert.deepEqual(
      JSON.parse(JSON.stringify(second)),
      recordedCase("b1_multiturn_stdin").filter((m) => m.type === "result")[1],
    );
    assert.deepEqual(
      Object.keys(second),
      Object.keys(recordedCase("b1_multiturn_stdin").filter((m) => m.type === "result")[1]),
    );
  });

  test("turn after turn on one stream: the reader is released at each result", async () => {
    const stream = streamOf(recordedCase("b1_multiturn_stdin"));
    const first = await collectTurn(stream);
    const second = await collectTurn(stream);
    assert.match(first.text, /turns=1/);
    assert.match(second.text, /turns=2/);
    await assert.rejects(
      collectTurn(stream),
      (error) => error instanceof ClaudeCodeError && error.code === "NO_RESULT",
    );
  });

  test("an API error is reported through isError even with subtype success", async () => {
    const turn = await collectTurn(streamOf(recordedCase("i1_api_500")));
    assert.equal(turn.result.subtype, "success");
    assert.equal(turn.isError, true);
  });

  test("a result without the reported fields is INVALID_MESSAGE", async () => {
    await assert.rejects(
      collectTurn(streamOf([{ type: "result", subtype: "success" } as Message])),
      (error) =>
        error instanceof ClaudeCodeError && error.code === "INVALID_MESSAGE" && /session_id/.test(error.message),
    );
  });
});
