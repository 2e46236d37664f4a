// @ts-check
/**
 * The fake CLI's own stdin line reader. It cannot import the library's TypeScript `LineSplitter` (plain Node must
 * run it), so it splits bytes on `\n` here, decoding UTF-8 across chunk boundaries like the real CLI.
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
  // The unterminated rest: the parts of it each chunk brought (none holds a newline), joined once its line ends, so
  // that every character is scanned once and copied at most twice, however the lines fall across chunks.
  /** @type {string[]} */
  let rest = [];
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
      const line = rest.length === 0 ? text.slice(start, newline) : rest.join("") + text.slice(start, newline);
      rest = [];
      start = newline + 1;
      yield line;
    }
    if (start < text.length) rest.push(text.slice(start));
  }
  rest.push(decoder.decode());
  const last = rest.join("");
  if (last !== "") yield last;
}
