/**
 * The protocol kit of claude-stream, for code that speaks to `claude` without a `Session`: the message types, a
 * decoder of the CLI's stdout (`MessageDecoderStream`: bytes in, one message per line out), encoders of its stdin
 * (a prompt, control requests and answers), guards and valibot schemas of the messages.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeUserMessage, isMessageOfType, MessageDecoderStream } from "@claude-stream/sdk/protocol";
 * const stdout = new Blob([`{"type":"result","subtype":"success","is_error":false,"result":"hi"}\n`]).stream();
 * for await (const message of stdout.pipeThrough(new MessageDecoderStream())) {
 *   if (isMessageOfType(message, "result")) assert.equal(message.result, "hi");
 * }
 * assert.equal(encodeUserMessage("Hello"), '{"type":"user","message":{"role":"user","content":"Hello"}}\n');
 * ```
 * @module
 */
export * from "./src/protocol/mod.ts";
