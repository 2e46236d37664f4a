/**
 * The parsing core: the bytes or text of a session file to its entries, one line at a time, so memory follows the
 * longest line, not the file. Names no runtime: files reach it as a `ReadableStream<Uint8Array>`.
 * @module
 */
import { corruptHistoryError } from "../error_constructors.ts";
import type { ClaudeCodeError, ErrorDetailsByCode } from "../errors.ts";
import type { LineHandler } from "../protocol/line_splitter.ts";
import { LineSplitter, splitLines } from "../protocol/line_splitter.ts";
import { isTypedObject } from "../protocol/typed_object.ts";
import type { SessionEntry } from "./session_entry.ts";
import { trimNul } from "./trim_nul.ts";

/** Where a session file comes from: its bytes as a stream, or its whole text. */
export type EntrySource = ReadableStream<Uint8Array> | string;

/** Options of {@link readEntries}. */
export interface ReadEntriesOptions {
  /**
   * Told of every line that is skipped, as a `CORRUPT_HISTORY` error with `details.line` and `details.reason`
   * (`"invalid-json"`, `"not-an-entry"`, `"nul-bytes"`, `"truncated-line"`). Reading goes on.
   */
  onError?: (error: ClaudeCodeError<"CORRUPT_HISTORY">) => void;
  /** Named in the errors (`details.path`). */
  path?: string;
  /** Lines for which this returns true are not parsed at all (a cheap prefilter on the raw line). */
  skipLine?: (line: string) => boolean;
}

/**
 * Every entry of a session file, in file order. Empty lines are ignored; a BOM, CRLF line ends and NUL padding
 * are tolerated; a line that is not a JSON object is reported and skipped; an incomplete last line (the CLI may
 * be writing it) is reported as `truncated-line` and skipped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history } from "@claude-stream/sdk";
 * const text = '{"type":"mode","mode":"normal"}\n{"type":"custom-title","customTitle":"T"}\n';
 * const types: string[] = [];
 * for await (const entry of history.readEntries(text)) types.push(entry.type);
 * assert.deepEqual(types, ["mode", "custom-title"]);
 * ```
 */
export async function* readEntries(
  source: EntrySource,
  options: ReadEntriesOptions = {},
): AsyncGenerator<SessionEntry> {
  const entries: SessionEntry[] = [];
  for await (const _chunk of splitSource(source, entryLines(options, (entry) => entries.push(entry)))) {
    yield* entries;
    entries.length = 0;
  }
}

/**
 * Calls `visit` for every entry, like {@link readEntries} but without an async step per entry: the fast path the
 * history functions use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { forEachEntry } from "./read_entries.ts";
 * let count = 0;
 * await forEachEntry('{"type":"mode","mode":"plan"}\n', () => count++);
 * assert.equal(count, 1);
 * ```
 */
export async function forEachEntry(
  source: EntrySource,
  visit: (entry: SessionEntry) => void,
  options: ReadEntriesOptions = {},
): Promise<void> {
  for await (const _chunk of splitSource(source, entryLines(options, visit))) {
    // each line of the chunk was visited as it was split
  }
}

/** How session files are split: as the CLI writes them, a BOM at the start tolerated. */
const SPLIT = { dropBom: true };

/**
 * Splits the source into lines, handing each to `onLine` as soon as its chunk is read, and yields once per chunk:
 * the caller hands on what a chunk gave with one async step per chunk, not per line.
 */
async function* splitSource(source: EntrySource, onLine: LineHandler): AsyncGenerator<void> {
  if (typeof source === "string") {
    splitLines(source, onLine, SPLIT);
    yield;
    return;
  }
  const lines = new LineSplitter(SPLIT);
  for await (const chunk of source as unknown as AsyncIterable<Uint8Array>) {
    lines.push(chunk, onLine);
    yield;
  }
  lines.end(onLine);
  yield;
}

/** The handler of a session file's lines: the entry of each to `visit`, what is skipped reported with its line number. */
function entryLines(options: ReadEntriesOptions, visit: (entry: SessionEntry) => void): LineHandler {
  const report = options.onError ?? (() => {});
  const skipLine = options.skipLine;
  const problem = (line: number, reason: ErrorDetailsByCode["CORRUPT_HISTORY"]["reason"]) =>
    report(corruptHistoryError({ path: options.path, line, reason }));

  return (raw, number, terminated) => {
    let line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (line.charCodeAt(0) === 0 || line.charCodeAt(line.length - 1) === 0) {
      line = trimNul(line);
      problem(number, "nul-bytes");
    }
    if (line.trim() === "") return;
    // the last line of a file without a newline is parsed whatever the prefilter says: it may be a truncated one
    if (skipLine !== undefined && terminated && skipLine(line)) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return problem(number, terminated ? "invalid-json" : "truncated-line");
    }
    if (isTypedObject(value)) visit(value);
    else problem(number, "not-an-entry");
  };
}
