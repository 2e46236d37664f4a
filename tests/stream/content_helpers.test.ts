import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { collect, streamOf } from "../util.ts";
import { recordedCase } from "../protocol/_helpers.ts";
import type { Message } from "../../src/protocol/mod.ts";
import { isStreamEvent } from "../../src/protocol/message_guards.ts";
import { textContent, textDeltas, thinkingContent, toolUses } from "../../src/stream/mod.ts";

const run = <T>(messages: Message[], transform: TransformStream<Message, T>) =>
  collect(streamOf(messages).pipeThrough(transform));
const assistantTexts = (messages: Message[], kind: "text" | "thinking") =>
  messages.flatMap((
    m,
  ) => (m.type === "assistant"
    ? (m.message as { content: Array<Record<string, string>> }).content.filter((b) => b.type === kind).map((b) =>
      b[kind]!
    )
    : [])
  );

describe("recorded partial-message runs: deltas and whole blocks agree, nothing twice", () => {
  for (const name of ["f1_partial_messages", "f2_thinking_partial", "g2_interrupt"]) {
    test(name, async () => {
      const messages = recordedCase(name);
      const blocks = await run(messages, textContent());
      const deltas = await run(messages, textDeltas());
      assert.deepEqual(blocks, assistantTexts(messages, "text"));
      assert.ok(blocks.length > 0);
      if (name !== "g2_interrupt") assert.equal(deltas.join(""), blocks.join("")); // g2 was interrupted mid-block
      else assert.ok(blocks.join("").startsWith(deltas.join("")));
    });
  }

  test("f2: thinkingContent yields the thinking block once, matching its deltas", async () => {
    const messages = recordedCase("f2_thinking_partial");
    const thinking = await run(messages, thinkingContent());
    assert.deepEqual(thinking, assistantTexts(messages, "thinking"));
    assert.equal(thinking.length, 1);
    const deltas = messages.flatMap((m) =>
      isStreamEvent(m) && m.event.delta?.type === "thinking_delta" ? [m.event.delta.thinking] : []
    );
    assert.equal(thinking.join(""), deltas.join(""));
  });
});

test("toolUses yields each tool_use block, in order, main thread unless asked", async () => {
  const messages = recordedCase("k1_subagent_task");
  const uses = await run(messages, toolUses());
  assert.ok(uses.length > 0);
  assert.ok(uses.every((use) => use.type === "tool_use" && typeof use.id === "string" && typeof use.name === "string"));
  const sub = {
    type: "assistant",
    message: { content: [{ type: "tool_use", id: "sub", name: "Read", input: {} }] },
    parent_tool_use_id: "toolu_x",
  } as unknown as Message;
  assert.deepEqual((await run([sub], toolUses())).length, 0);
  assert.deepEqual((await run([sub], toolUses({ subagents: true }))).map((u) => u.id), ["sub"]);
});

test("helpers tolerate malformed lines of known kinds", async () => {
  const odd = [{ type: "assistant" }, { type: "assistant", message: { content: "x" } }, { type: "stream_event" }, {
    type: "stream_event",
    event: { type: "content_block_delta" },
  }] as unknown as Message[];
  for (const helper of [textContent(), textDeltas(), thinkingContent(), toolUses()]) {
    assert.deepEqual(await run(odd, helper as TransformStream<Message, unknown>), []);
  }
});

/** A generated turn with partial messages: per block, deltas (maybe none), the whole assistant line, block stop. */
const generatedTurn = fc.array(
  fc.record({
    text: fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
    cuts: fc.array(fc.nat(), { maxLength: 6 }),
    noise: fc.boolean(),
  }),
  { maxLength: 6 },
).map((blocks) => {
  const messages: Message[] = [];
  for (const [index, { text, cuts, noise }] of blocks.entries()) {
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    const pieces = [0, ...points, text.length].flatMap((p, i, all) => (i === 0 ? [] : [text.slice(all[i - 1], p)]))
      .filter((s) => s !== "");
    for (const piece of pieces) {
      messages.push(
        {
          type: "stream_event",
          event: { type: "content_block_delta", index, delta: { type: "text_delta", text: piece } },
          parent_tool_use_id: null,
        } as unknown as Message,
      );
    }
    if (noise) messages.push({ type: "system", subtype: "status", status: "requesting" } as Message);
    messages.push(
      {
        type: "assistant",
        message: { id: "m", content: [{ type: "text", text }] },
        parent_tool_use_id: null,
      } as unknown as Message,
    );
    messages.push(
      {
        type: "stream_event",
        event: { type: "content_block_stop", index },
        parent_tool_use_id: null,
      } as unknown as Message,
    );
  }
  return { messages, texts: blocks.map((b) => b.text) };
});

test("property: over any interleaving of deltas and assistant lines, textContent yields each block once and textDeltas the same text", async () => {
  await fc.assert(
    fc.asyncProperty(generatedTurn, async ({ messages, texts }) => {
      assert.deepEqual(await run(messages, textContent()), texts);
      assert.equal((await run(messages, textDeltas())).join(""), texts.join(""));
    }),
    { numRuns: 100 },
  );
});
