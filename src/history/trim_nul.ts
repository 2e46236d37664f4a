/**
 * Trimming the NUL bytes a damaged session file pads its lines with (a crash mid-write leaves zeroed blocks).
 * @module
 */

/**
 * `line` without its leading NULs and its trailing NULs and carriage returns, in one pass from each end. (A
 * `/^\0+|\0+$/` regex backtracks: on a long run of NULs inside a line it is quadratic, seconds for 150 KB.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trimNul } from "./trim_nul.ts";
 * assert.equal(trimNul('\0\0{"type":"user"}\r\0'), '{"type":"user"}');
 * ```
 */
export function trimNul(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && line.charCodeAt(start) === 0) start++;
  while (end > start && (line.charCodeAt(end - 1) === 0 || line.charCodeAt(end - 1) === 13)) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}
