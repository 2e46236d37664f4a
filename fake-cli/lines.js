// @ts-check
/**
 * The fake CLI's own stdin line reader. It cannot import the library's TypeScript (plain Node must run it),
 * so it splits bytes on `\n` here, decoding UTF-8 across chunk boundaries like the real CLI.
 * @module
 */

/**
 * Yields each line of a byte stream (without its `\n`, a trailing `\r` kept), then the unterminated rest if any.
 *
 * @example
 * ```js
 * import { readLines } from "./lines.js";
 * async function* bytes() { yield new TextEncoder().encode('{"a":1}\n{"b"'); yield new TextEncoder().encode(':2}\n'); }
 * for await (const line of readLines(bytes())) console.log(line); // {"a":1} then {"b":2}
 * ```
 * @param {AsyncIterable<Uint8Array | string>} chunks
 * @returns {AsyncGenerator<string>}
 */
export async function* readLines(chunks) {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of chunks) {
    pending += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf("\n");
    while (newline !== -1) {
      yield pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf("\n");
    }
  }
  pending += decoder.decode();
  if (pending !== "") yield pending;
}
