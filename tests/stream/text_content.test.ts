import { test } from "node:test";
import assert from "node:assert/strict";
import { collect, streamOf } from "../util.ts";
import type { Message } from "../../src/protocol/mod.ts";
import { textContent } from "../../src/stream/mod.ts";

const assistant = (content: unknown[], parent: string | null = null) =>
  ({
    type: "assistant",
    message: { id: "m", content },
    parent_tool_use_id: parent,
    session_id: "s",
    uuid: "u",
  }) as unknown as Message;
const delta = (text: string) =>
  ({
    type: "stream_event",
    event: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } },
    parent_tool_use_id: null,
  }) as unknown as Message;

test("yields the text of assistant text blocks, in order, ignoring deltas, thinking and tool uses", async () => {
  const messages = [
    delta("Hel"),
    delta("lo"),
    assistant([{ type: "text", text: "Hello" }]),
    assistant([{ type: "thinking", thinking: "hmm" }]),
    assistant([{ type: "tool_use", id: "t", name: "Bash", input: {} }]),
    {
      type: "user",
      message: { role: "user", content: [{ type: "text", text: "not the reply" }] },
    } as unknown as Message,
    assistant([{ type: "text", text: " world" }, { type: "text", text: "!" }]),
    { type: "result", subtype: "success", result: "Hello world!" } as unknown as Message,
  ];
  assert.deepEqual(await collect(streamOf(messages).pipeThrough(textContent())), ["Hello", " world", "!"]);
});

test("subagent text only when asked", async () => {
  const messages = [assistant([{ type: "text", text: "sub" }], "toolu_1"), assistant([{ type: "text", text: "main" }])];
  assert.deepEqual(await collect(streamOf(messages).pipeThrough(textContent())), ["main"]);
  assert.deepEqual(await collect(streamOf(messages).pipeThrough(textContent({ subagents: true }))), ["sub", "main"]);
});
