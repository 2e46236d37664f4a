import { test } from "node:test";
import assert from "node:assert/strict";
import { streamOf } from "../util.ts";
import type { ClaudeCodeError } from "../../src/errors.ts";
import { MessageDecoderStream, type Message } from "../../src/protocol/mod.ts";

async function decode(chunks: Uint8Array[], maxLineBytes?: number) {
  const errors: ClaudeCodeError[] = [];
  const messages: Message[] = [];
  const source = streamOf(chunks);
  for await (const m of source.pipeThrough(new MessageDecoderStream({ maxLineBytes, onError: (e) => errors.push(e) }))) messages.push(m);
  return { messages, errors };
}
const enc = (s: string) => new TextEncoder().encode(s);

test("decodes lines split across chunks, including a split multi-byte character", async () => {
  const bytes = enc('{"type":"a","t":"é😀"}\r\n\n{"type":"b"}');
  const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
  const { messages, errors } = await decode(chunks);
  assert.deepEqual(messages, [{ type: "a", t: "é😀" }, { type: "b" }]);
  assert.equal(errors.length, 0);
});

test("reports noise and over-long lines, then goes on", async () => {
  const { messages, errors } = await decode([enc('nope\n[1]\n{"type":"x","p":"' + "a".repeat(100) + '"}\n{"type":"ok"}\n')], 50);
  assert.deepEqual(messages, [{ type: "ok" }]);
  assert.deepEqual(errors.map((e) => e.code), ["INVALID_JSON", "INVALID_MESSAGE", "LINE_TOO_LONG"]);
});
