/**
 * Bytes to lines: the one line framing of the library's sources, byte ones (the CLI's stdout and stderr, session
 * files and the windows of them that listings read) and text ones (a session file given as a string).
 *
 * Lines are split on `\n` and handed on as text, numbered from 1, never trimmed: a `\r` before the `\n` stays (JSON
 * skips it as whitespace, history drops it), and a last line without a newline is handed on at the end, flagged as
 * such. What callers need differently are options: a byte limit beyond which a line is dropped in bounded memory
 * (stdout), a character limit beyond which it is cut (stderr), a report of invalid UTF-8, a BOM dropped at the start.
 *
 * The hot path decodes all complete lines of a chunk with ONE `TextDecoder.decode` call and splits the string on
 * `"\n"`. That is sound because a newline byte is never part of a multi-byte UTF-8 sequence, so a region cut at
 * newline bytes is whole characters. Decoding is lenient, and only text holding a U+FFFD is checked again strictly
 * (and only when invalid UTF-8 is to be reported): a fatal decoder is up to twice as slow on some runtimes. Only the
 * unfinished last line of a chunk is kept across chunks (see `CarriedLine`). Rare cases (invalid UTF-8, lines longer
 * than the limit inside one chunk) take a per-line slow path.
 * @module
 */

/**
 * Told each line, in order: its text (without the `\n`), its 1-based number, whether a `\n` ended it (false only for
 * a last line without one), and how many characters were cut from its end (see `cutLinesAt`; otherwise 0).
 *
 * @example
 * ```ts
 * import type { LineHandler } from "./line_splitter.ts";
 * const print: LineHandler = (line, number, terminated) => console.log(number, terminated ? line : `${line} (unterminated)`);
 * ```
 */
export type LineHandler = (line: string, number: number, terminated: boolean, cut: number) => void;

/**
 * Options of {@link LineSplitter} (and, for text, of {@link splitLines}). Without any, every line is handed on
 * whole, as it was decoded.
 *
 * @example
 * ```ts
 * import type { LineSplitterOptions } from "./line_splitter.ts";
 * const stdout: LineSplitterOptions = { maxLineBytes: 1 << 20, onLineTooLong: (line, bytes) => console.warn(line, bytes) };
 * const stderr: LineSplitterOptions = { cutLinesAt: 64 * 1024 };
 * ```
 */
export interface LineSplitterOptions {
  /**
   * Longest line in bytes, line break excluded: a longer one is not handed on but told to `onLineTooLong` (its number
   * and length), and no more than this is ever kept of it. Default: no limit.
   */
  maxLineBytes?: number;
  /** Told of each line longer than `maxLineBytes`. */
  onLineTooLong?: (line: number, bytes: number) => void;
  /**
   * Told of each line that is not valid UTF-8 (its number and length in bytes), before it is handed on, decoded with
   * U+FFFD. Without it, UTF-8 is not checked at all.
   */
  onInvalidUtf8?: (line: number, bytes: number) => void;
  /**
   * Longest line handed on, in characters (UTF-16 code units): the rest of a longer line is decoded, counted (the
   * handler's `cut`) and let go as it comes, so memory stays bounded. Default: no limit.
   */
  cutLinesAt?: number;
  /** Drops a byte order mark that starts the source. Default false: content is never trimmed. */
  dropBom?: boolean;
}

const NEWLINE = 10;
/** A byte order mark: U+FEFF, as text and as UTF-8. */
const BOM = 0xfeff;
const BOM_BYTES = [0xef, 0xbb, 0xbf];
const EMPTY = new Uint8Array(0);

/**
 * Splits a byte stream into lines, chunk by chunk: `push` each chunk as it arrives, then `end`. Each complete line
 * goes to the handler as soon as its chunk is pushed; UTF-8 characters cut across chunks are joined first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type LineHandler, LineSplitter } from "./line_splitter.ts";
 * const seen: [string, number, boolean][] = [];
 * const onLine: LineHandler = (line, number, terminated) => seen.push([line, number, terminated]);
 * const lines = new LineSplitter();
 * const bytes = new TextEncoder().encode("héllo\r\nwor");
 * lines.push(bytes.subarray(0, 2), onLine);
 * assert.deepEqual(seen, []); // nothing yet: "é" is cut in two
 * lines.push(bytes.subarray(2), onLine);
 * lines.end(onLine);
 * assert.deepEqual(seen, [["héllo\r", 1, true], ["wor", 2, false]]);
 * ```
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #cutAt: number;
  readonly #onLineTooLong: LineSplitterOptions["onLineTooLong"];
  readonly #onInvalidUtf8: LineSplitterOptions["onInvalidUtf8"];
  /** Up to this size a line that spans chunks is kept as bytes; beyond it, as text (see {@link CarriedLine}). */
  readonly #spillBytes: number;
  /** The unfinished line that began in an earlier chunk, if any; see {@link CarriedLine}. */
  #carry: CarriedLine | undefined;
  /** Bytes of an over-long line seen so far; -1 when not dropping. */
  #dropped = -1;
  /** Lines seen (the 1-based number of the last one), blank and dropped ones included. */
  #line = 0;
  /** With `dropBom`, the first bytes of the source while they may still be a BOM; undefined once that is settled. */
  #start: Uint8Array | undefined;

  /** A splitter with the given limits and reports. */
  constructor(options: LineSplitterOptions = {}) {
    this.#maxLineBytes = options.maxLineBytes ?? Infinity;
    this.#cutAt = options.cutLinesAt ?? Infinity;
    this.#start = options.dropBom === true ? EMPTY : undefined;
    this.#onLineTooLong = options.onLineTooLong;
    this.#onInvalidUtf8 = options.onInvalidUtf8;
    // held as bytes, a line never passes the cut: a UTF-8 byte decodes to one UTF-16 unit at most
    this.#spillBytes = Math.min(SPILL_BYTES, Math.max(1, Math.floor(this.#maxLineBytes / 8)), this.#cutAt);
  }

  /** Splits a chunk, handing on each complete line in order; an unfinished last line is kept for the next chunk. */
  push(chunk: Uint8Array, onLine: LineHandler): void {
    if (this.#start !== undefined) chunk = this.#withoutBom(this.#start, chunk);
    const first = chunk.indexOf(NEWLINE);
    if (first === -1) return this.#hold(chunk, 0);
    let start = 0;
    if (this.#dropped >= 0 || this.#carry !== undefined) {
      this.#finishCarried(chunk.subarray(0, first), true, onLine);
      start = first + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) this.#lines(chunk, start, last, onLine);
    if (last + 1 < chunk.length) this.#hold(chunk, last + 1);
  }

  /** Ends the source: a last line without a newline is handed on (`terminated` false), or told as too long. */
  end(onLine: LineHandler): void {
    if (this.#start !== undefined) this.#hold(this.#start, 0); // too short to be a BOM: it is content
    this.#start = undefined;
    if (this.#dropped >= 0 || this.#carry !== undefined) this.#finishCarried(EMPTY, false, onLine);
  }

  /** `start` and the chunk without the BOM that starts the source; nothing while they could still begin one. */
  #withoutBom(start: Uint8Array, chunk: Uint8Array): Uint8Array {
    const bytes = start.length === 0 ? chunk : join([start, chunk], start.length + chunk.length);
    let matched = 0;
    while (matched < Math.min(3, bytes.length) && bytes[matched] === BOM_BYTES[matched]) matched++;
    if (matched === bytes.length && matched < 3) {
      this.#start = bytes.slice();
      return EMPTY;
    }
    this.#start = undefined;
    return matched === 3 ? bytes.subarray(3) : bytes;
  }

  /** Takes the unfinished tail of a chunk, or counts it when the line is already too long. */
  #hold(chunk: Uint8Array, start: number): void {
    const length = chunk.length - start;
    if (length === 0) return;
    if (this.#dropped >= 0) {
      this.#dropped += length;
    } else if ((this.#carry?.bytes ?? 0) + length > this.#maxLineBytes) {
      this.#dropped = (this.#carry?.bytes ?? 0) + length; // memory stays bounded: what was kept goes now
      this.#carry = undefined;
    } else {
      this.#carry ??= new CarriedLine(this.#spillBytes, this.#cutAt, this.#onInvalidUtf8 !== undefined);
      this.#carry.add(start === 0 ? chunk : chunk.subarray(start));
    }
  }

  /** Completes the line that began in an earlier chunk with `tail`, the bytes before the next newline (or the end). */
  #finishCarried(tail: Uint8Array, terminated: boolean, onLine: LineHandler): void {
    const carry = this.#carry;
    this.#carry = undefined;
    if (this.#dropped >= 0) {
      const bytes = this.#dropped + tail.length;
      this.#dropped = -1;
      return this.#tooLong(bytes);
    }
    if (carry === undefined) return; // unreachable: push and end call this only when carrying or dropping
    if (carry.bytes + tail.length > this.#maxLineBytes) return this.#tooLong(carry.bytes + tail.length);
    const text = carry.finish(tail);
    this.#line++;
    if (carry.invalid) this.#onInvalidUtf8?.(this.#line, carry.bytes);
    handOn(onLine, text, this.#line, terminated, this.#cutAt, carry.cut);
  }

  /** The hot path: complete lines `chunk[start, end)`, `end` being a newline byte. */
  #lines(chunk: Uint8Array, start: number, end: number, onLine: LineHandler): void {
    if (end - start > this.#maxLineBytes) return this.#linesOneByOne(chunk, start, end, onLine);
    const region = chunk.subarray(start, end);
    const text = lenientDecoder.decode(region);
    if (this.#onInvalidUtf8 !== undefined && !isValidDecoding(text, region)) {
      return this.#linesOneByOne(chunk, start, end, onLine);
    }
    this.#line = eachLine(text, 0, text.length, this.#line, this.#cutAt, true, onLine);
  }

  /** The slow path: each line on its own, with its own length check and UTF-8 report. */
  #linesOneByOne(chunk: Uint8Array, start: number, end: number, onLine: LineHandler): void {
    while (start <= end) {
      let newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1 || newline > end) newline = end;
      this.#line++;
      if (newline - start > this.#maxLineBytes) this.#onLineTooLong?.(this.#line, newline - start);
      else handOn(onLine, this.#decodeLine(chunk.subarray(start, newline)), this.#line, true, this.#cutAt, 0);
      start = newline + 1;
    }
  }

  /** The text of line `#line`, told when it is not valid UTF-8. */
  #decodeLine(bytes: Uint8Array): string {
    const text = lenientDecoder.decode(bytes);
    if (this.#onInvalidUtf8 !== undefined && !isValidDecoding(text, bytes)) {
      this.#onInvalidUtf8(this.#line, bytes.length);
    }
    return text;
  }

  #tooLong(bytes: number): void {
    this.#line++;
    this.#onLineTooLong?.(this.#line, bytes);
  }
}

/**
 * Splits a whole text into lines, as {@link LineSplitter} splits the same text's bytes: every line to `onLine` in
 * order, a last line without a newline flagged (`terminated` false). For a source that is already text, which is
 * never encoded: what it holds (lone surrogates too) reaches the handler as is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitLines } from "./line_splitter.ts";
 * const seen: [string, number, boolean][] = [];
 * splitLines("\ufeffa\r\n\nb", (line, number, terminated) => seen.push([line, number, terminated]), { dropBom: true });
 * assert.deepEqual(seen, [["a\r", 1, true], ["", 2, true], ["b", 3, false]]);
 * ```
 */
export function splitLines(
  text: string,
  onLine: LineHandler,
  options: Pick<LineSplitterOptions, "cutLinesAt" | "dropBom"> = {},
): void {
  const cutAt = options.cutLinesAt ?? Infinity;
  const from = options.dropBom === true && text.charCodeAt(0) === BOM ? 1 : 0;
  const last = text.lastIndexOf("\n");
  const number = last === -1 ? 0 : eachLine(text, from, last, 0, cutAt, true, onLine);
  const rest = Math.max(from, last + 1);
  if (rest < text.length) eachLine(text, rest, text.length, number, cutAt, false, onLine);
}

/**
 * Hands on the lines of `text[from, to)`, `to` being a `"\n"` or the end of `text`, numbered on from `number`;
 * returns the number of the last. The loop of the hot path: one `indexOf` and one slice per line.
 */
function eachLine(
  text: string,
  from: number,
  to: number,
  number: number,
  cutAt: number,
  terminated: boolean,
  onLine: LineHandler,
): number {
  for (;;) {
    let newline = text.indexOf("\n", from);
    if (newline === -1) newline = to;
    handOn(onLine, text.slice(from, newline), ++number, terminated, cutAt, 0);
    if (newline >= to) return number;
    from = newline + 1;
  }
}

/** Calls `onLine`, the line cut to its first `cutAt` characters if longer (`cut` counts what went before). */
function handOn(
  onLine: LineHandler,
  line: string,
  number: number,
  terminated: boolean,
  cutAt: number,
  cut: number,
): void {
  if (line.length > cutAt) onLine(line.slice(0, cutAt), number, terminated, cut + line.length - cutAt);
  else onLine(line, number, terminated, cut);
}

/**
 * Up to this size (or an eighth of `maxLineBytes`, or `cutLinesAt`, if smaller) a line that spans chunks is kept as
 * bytes; beyond it, as text (see {@link CarriedLine}).
 */
const SPILL_BYTES = 8 * 1024 * 1024;

/**
 * A line that spans chunks. Up to its spill size its bytes are copied (the producer may reuse its buffers) and
 * decoded once at the end: the fastest way on every runtime. A longer line is decoded piece by piece as it arrives
 * with a streaming decoder, so that memory holds its text only, not its bytes as well (a 64 MiB line would otherwise
 * cost bytes + joined bytes + text + parsed value), and only up to `cutAt` characters of it. When UTF-8 is checked,
 * a fatal decoder finds invalid UTF-8; after its first error the rest of the line is decoded leniently, starting
 * again from the incomplete character the fatal decoder held.
 */
class CarriedLine {
  readonly #spillBytes: number;
  readonly #cutAt: number;
  readonly #checkUtf8: boolean;
  /** The bytes so far, each piece copied, until the line spills to text. */
  #pieces: Uint8Array[] = [];
  /** The streaming decoder once the line has spilled: fatal while checking and no invalid UTF-8 was met. */
  #decoder: TextDecoder | undefined;
  /** The text decoded since the spill, at most `cutAt` characters of it. */
  #parts: string[] = [];
  /** Characters in `#parts`. */
  #chars = 0;
  /** The last (up to 3) bytes fed to the fatal decoder: enough to rebuild the character it holds back. */
  #last: Uint8Array = EMPTY;
  /** Bytes of the line so far. */
  bytes = 0;
  /** Whether the line held invalid UTF-8 (looked for only when checking). */
  invalid = false;
  /** Characters decoded beyond `cutAt` and let go. */
  cut = 0;

  constructor(spillBytes: number, cutAt: number, checkUtf8: boolean) {
    this.#spillBytes = spillBytes;
    this.#cutAt = cutAt;
    this.#checkUtf8 = checkUtf8;
  }

  /** Adds the bytes of a chunk; they are copied or decoded now, never kept as views. */
  add(bytes: Uint8Array): void {
    if (this.#decoder === undefined && this.bytes + bytes.length <= this.#spillBytes) {
      this.#pieces.push(bytes.slice());
      this.bytes += bytes.length;
      return;
    }
    if (this.#decoder === undefined) this.#spill();
    this.bytes += bytes.length;
    this.#decode(bytes, true);
  }

  /** The whole line's text (up to the cut, once spilled), `tail` being its last bytes. */
  finish(tail: Uint8Array): string {
    this.bytes += tail.length;
    if (this.#decoder === undefined) return this.#decodeOnce(tail);
    this.#decode(tail, false);
    const parts = this.#parts;
    this.#parts = [];
    return parts.length === 1 ? parts[0]! : parts.join("");
  }

  #decodeOnce(tail: Uint8Array): string {
    const pieces = this.#pieces;
    this.#pieces = [];
    if (tail.length > 0) pieces.push(tail); // a line ended by `end` has no tail: its one piece is decoded as is
    const bytes = pieces.length === 1 ? pieces[0]! : join(pieces, this.bytes);
    const text = lenientDecoder.decode(bytes);
    this.invalid = this.#checkUtf8 && !isValidDecoding(text, bytes);
    return text;
  }

  /** Switches to streaming text: what was kept as bytes is decoded now. */
  #spill(): void {
    this.#decoder = new TextDecoder("utf-8", { fatal: this.#checkUtf8, ignoreBOM: true });
    const pieces = this.#pieces;
    this.#pieces = [];
    for (const piece of pieces) this.#decode(piece, true);
  }

  #decode(bytes: Uint8Array, more: boolean): void {
    const decoder = this.#decoder!;
    if (!this.#checkUtf8 || this.invalid) return this.#keep(decoder.decode(bytes, { stream: more }));
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: more });
      if (more) this.#last = lastBytes(this.#last, bytes);
    } catch {
      this.invalid = true;
      const lenient = (this.#decoder = new TextDecoder("utf-8", { ignoreBOM: true }));
      text = lenient.decode(incompleteTail(this.#last), { stream: true }) + lenient.decode(bytes, { stream: more });
    }
    this.#keep(text);
  }

  /** Keeps decoded text up to `cutAt` characters in all; the rest is counted in `cut`. */
  #keep(text: string): void {
    const room = this.#cutAt - this.#chars;
    if (text.length <= room) {
      this.#parts.push(text);
      this.#chars += text.length;
      return;
    }
    this.cut += text.length - room;
    if (room > 0) {
      this.#parts.push(text.slice(0, room));
      this.#chars += room;
    }
  }
}

// Shared by all splitters: non-streaming calls keep no state between them. `ignoreBOM` keeps a leading U+FEFF:
// content is never trimmed (`dropBom` drops the source's, as bytes).
const lenientDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Whether `text`, the lenient decoding of `bytes`, met no invalid UTF-8. Decoding leniently and looking for U+FFFD
 * is up to twice as fast as a fatal decoder on some runtimes; only text that holds a U+FFFD (a real one, or a
 * replacement) is checked again, strictly.
 */
function isValidDecoding(text: string, bytes: Uint8Array): boolean {
  if (text.indexOf("\ufffd") === -1) return true;
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function join(parts: Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** The last up to 3 bytes of `previous` followed by `bytes`. */
function lastBytes(previous: Uint8Array, bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 3) return bytes.slice(bytes.length - 3);
  const both = new Uint8Array(previous.length + bytes.length);
  both.set(previous);
  both.set(bytes, previous.length);
  return both.slice(Math.max(0, both.length - 3));
}

/** The bytes of an unfinished UTF-8 sequence at the end of valid UTF-8 (what a streaming decoder holds back). */
function incompleteTail(bytes: Uint8Array): Uint8Array {
  for (let k = 1; k <= bytes.length; k++) {
    const byte = bytes[bytes.length - k]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > k ? bytes.subarray(bytes.length - k) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}
