/**
 * claude-stream: drive the Claude Code CLI as persistent conversational sessions and stream every reply
 * as a Web `ReadableStream`, on Deno, Bun and Node.
 *
 * The main entry is the session face: `Session` and its named lookups and supervisor, the stream helpers, the HTTP
 * helpers, the errors, `history`, and the types they use. The protocol kit (decoder, encoders, schemas) is
 * `@claude-stream/sdk/protocol`; the fake CLI for tests is `@claude-stream/sdk/testing`.
 *
 * @example
 * ```ts
 * import { Session, textContent } from "@claude-stream/sdk";
 * await using session = new Session({ model: "sonnet" });
 * for await (const chunk of session.stream("Hello").pipeThrough(textContent())) console.log(chunk);
 * ```
 * @module
 */
export * from "./src/errors.ts";
export type * from "./src/protocol/messages.ts";
export { isKnownMessage, isMessageOfType, isSystemSubtype } from "./src/protocol/message_guards.ts";
export type { MessageOfType } from "./src/protocol/message_guards.ts";
export type * from "./src/runtime/mod.ts";
export * from "./src/stream/mod.ts";
export * from "./src/session/mod.ts";
export * as history from "./src/history/mod.ts";
