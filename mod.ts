/**
 * claude-stream: drive the Claude Code CLI as persistent conversational sessions and stream every reply
 * as a Web `ReadableStream`, on Deno, Bun and Node.
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
export * from "./src/protocol/mod.ts";
export * from "./src/runtime/mod.ts";
export * from "./src/stream/mod.ts";
export * from "./src/session/mod.ts";
export * as history from "./src/history/mod.ts";
