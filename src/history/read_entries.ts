/**
 * The parsing core: the bytes or text of a session file to its entries, one line at a time, so memory follows the
 * longest line, not the file. Names no runtime: files reach it as a `ReadableStream<Uint8Array>`.
 * @module
 */
import { ClaudeCodeError } from "../errors.ts";
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
  onError?: (error: ClaudeCodeError) => void;
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
 * import { history } from "@claude-stream/sdk";
 * const text = '{"type":"mode","mode":"normal"}\n{"type":"custom-title","customTitle":"T"}\n';
 * for await (const entry of history.readEntries(text)) console.log(entry.type);
 * ```
 */
export async function* readEntries(source: EntrySource, options: ReadEntriesOptions = {}): AsyncGenerator<SessionEntry> {
  const parse = entryParser(options);
  for await (const batch of lineBatches(source)) {
    const entries: SessionEntry[] = [];
    visitBatch(batch, parse, (entry) => entries.push(entry));
    yield* entries;
  }
}

/**
 * Calls `visit` for every entry, like {@link readEntries} but without an async step per entry: the fast path the
 * history functions use.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * let count = 0;
 * await history.forEachEntry('{"type":"mode","mode":"plan"}\n', () => count++);
 * console.log(count); // 1
 * ```
 */
export async function forEachEntry(
  source: EntrySource,
  visit: (entry: SessionEntry) => void,
  options: ReadEntriesOptions = {},
): Promise<void> {
  const parse = entryParser(options);
  for await (const batch of lineBatches(source)) visitBatch(batch, parse, visit);
}

/** Parses the lines of a batch in order, the file's last line flagged as such, and visits each entry. */
function visitBatch(batch: LineBatch, parse: ReturnType<typeof entryParser>, visit: (entry: SessionEntry) => void): void {
  for (const line of batch.lines) {
    const entry = parse(line, false);
    if (entry !== undefined) visit(entry);
  }
  if (batch.last !== undefined) {
    const entry = parse(batch.last, true);
    if (entry !== undefined) visit(entry);
  }
}

/** Complete lines of one chunk; `last` is the final line of the source when it had no newline. */
interface LineBatch {
  lines: string[];
  last?: string;
}

/** Splits on `\n` after UTF-8 decoding (a BOM at the start is dropped by the decoder); pieces of a long line are joined once. */
async function* lineBatches(source: EntrySource): AsyncGenerator<LineBatch> {
  if (typeof source === "string") {
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    const lines = text.split("\n");
    const last = lines.pop();
    yield { lines, last: last === "" ? undefined : last };
    return;
  }
  const decoder = new TextDecoder();
  let pieces: string[] = [];
  for await (const chunk of source as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true });
    const lines = splitChunk(text, pieces);
    pieces = lines.pending;
    if (lines.complete.length > 0) yield { lines: lines.complete };
  }
  const rest = pieces.join("") + decoder.decode();
  if (rest !== "") yield { lines: [], last: rest };
}

function splitChunk(text: string, pieces: string[]): { complete: string[]; pending: string[] } {
  let newline = text.indexOf("\n");
  if (newline === -1) {
    if (text !== "") pieces.push(text);
    return { complete: [], pending: pieces };
  }
  pieces.push(text.slice(0, newline));
  const complete = [pieces.length === 1 ? pieces[0] : pieces.join("")];
  let start = newline + 1;
  while ((newline = text.indexOf("\n", start)) !== -1) {
    complete.push(text.slice(start, newline));
    start = newline + 1;
  }
  return { complete, pending: start < text.length ? [text.slice(start)] : [] };
}

/** Line text to entry, counting lines and reporting what is skipped. */
function entryParser(options: ReadEntriesOptions) {
  const report = options.onError ?? (() => {});
  const skipLine = options.skipLine;
  let lineNumber = 0;
  const problem = (reason: string, message: string) =>
    report(new ClaudeCodeError("CORRUPT_HISTORY", message, { path: options.path, line: lineNumber, reason }));

  return (raw: string, isLast: boolean): SessionEntry | undefined => {
    lineNumber++;
    let line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (line.charCodeAt(0) === 0 || line.charCodeAt(line.length - 1) === 0) {
      line = trimNul(line);
      problem("nul-bytes", `line ${lineNumber} is padded with NUL bytes`);
    }
    if (line.trim() === "") return undefined;
    if (skipLine !== undefined && !isLast && skipLine(line)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (isLast) problem("truncated-line", `the last line (${lineNumber}) is incomplete`);
      else problem("invalid-json", `line ${lineNumber} is not valid JSON`);
      return undefined;
    }
    if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") {
      problem("not-an-entry", `line ${lineNumber} is not an entry (a JSON object with a string "type")`);
      return undefined;
    }
    return value as SessionEntry;
  };
}
