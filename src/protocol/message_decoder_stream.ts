/**
 * Bytes to messages: NDJSON framing of the CLI's stdout.
 *
 * The hot path decodes all complete lines of a chunk with ONE `TextDecoder.decode` call, splits the string on
 * `"\n"` and hands each slice to `JSON.parse`. That is sound because a newline byte is never part of a multi-byte
 * UTF-8 sequence, so a region cut at newline bytes is whole characters. Decoding is lenient, and only text holding
 * a U+FFFD is checked again strictly: a fatal decoder is up to twice as slow on some runtimes. Only the unfinished
 * last line of a chunk is kept across chunks (see `CarriedLine`). Rare cases (invalid UTF-8, lines longer than the
 * limit inside one chunk) take a per-line slow path.
 * @module
 */
import { ClaudeCodeError } from "../errors.ts";
import type { Message } from "./messages.ts";

/**
 * Options of {@link MessageDecoderStream}.
 *
 * @example
 * ```ts
 * import { MessageDecoderStream } from "@claude-stream/sdk";
 * const decoder = new MessageDecoderStream({ maxLineBytes: 1 << 20, onError: (error) => console.warn(error.code, error.details.line) });
 * ```
 */
export interface MessageDecoderOptions {
  /** Longest accepted line in bytes, line break excluded; longer lines are dropped and reported. Default 64 MiB. */
  maxLineBytes?: number;
  /**
   * Called for every line that is not a JSON object with a string `type` (`INVALID_JSON`, `INVALID_MESSAGE`),
   * too long (`LINE_TOO_LONG`) or not valid UTF-8 (`INVALID_UTF8`: the line is still decoded, with U+FFFD).
   * The stream goes on. Without it, diagnostics are dropped.
   */
  onError?: (error: ClaudeCodeError) => void;
}

const NEWLINE = 10;
const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const EXCERPT = 200;

/**
 * Splits the CLI's stdout on newline bytes and parses each line as a JSON message. UTF-8 characters split across
 * chunks, `\r\n`, blank lines and a last line without newline are handled; noise, invalid UTF-8 and over-long
 * lines are reported through `onError` and skipped, and the stream goes on. Unknown kinds pass through untouched.
 *
 * @example
 * ```ts
 * import { MessageDecoderStream } from "@claude-stream/sdk";
 * const bytes = new Blob(['{"type":"result","subtype":"success"}\n']).stream();
 * const decoder = new MessageDecoderStream({ onError: (error) => console.warn(error.code, error.message) });
 * for await (const message of bytes.pipeThrough(decoder)) console.log(message.type);
 * ```
 */
export class MessageDecoderStream extends TransformStream<Uint8Array, Message> {
  /** A decoder with the given line limit and error callback. */
  constructor(options: MessageDecoderOptions = {}) {
    const decoder = new MessageDecoder(options);
    super({
      transform: (chunk, controller) => decoder.push(chunk, (message) => controller.enqueue(message)),
      flush: (controller) => decoder.end((message) => controller.enqueue(message)),
    });
  }
}

/**
 * The synchronous core of {@link MessageDecoderStream}: the same framing, with messages handed to a callback as
 * each chunk is pushed. For code that routes messages itself and cannot afford a stream hop per message (a
 * `Session` hands each one to the turn that owns it).
 *
 * @example
 * ```ts
 * import { MessageDecoder } from "@claude-stream/sdk";
 * const decoder = new MessageDecoder({ onError: (error) => console.warn(error.code) });
 * const bytes = new TextEncoder().encode('{"type":"result","subtype":"success"}\n{"type":');
 * decoder.push(bytes, (message) => console.log(message.type)); // result
 * decoder.end((message) => console.log(message.type)); // reports the unfinished line as INVALID_JSON
 * ```
 */
export class MessageDecoder {
  readonly #max: number;
  readonly #spillBytes: number;
  readonly #onError: ((error: ClaudeCodeError) => void) | undefined;
  /** The unfinished line that began in an earlier chunk, if any; see {@link CarriedLine}. */
  #carry: CarriedLine | undefined;
  /** Bytes of an over-long line seen so far; -1 when not dropping. */
  #dropped = -1;
  /** Lines seen (1-based number of the last one), blank ones included, for diagnostics. */
  #line = 0;

  /** A decoder with the given line limit and error callback. */
  constructor(options: MessageDecoderOptions = {}) {
    this.#max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.#spillBytes = Math.min(SPILL_BYTES, Math.max(1, Math.floor(this.#max / 8)));
    this.#onError = options.onError;
  }

  /** Decodes a chunk, calling `emit` for each complete message in order; an unfinished last line is kept. */
  push(chunk: Uint8Array, emit: (message: Message) => void): void {
    const first = chunk.indexOf(NEWLINE);
    if (first === -1) return this.#hold(chunk, 0);
    let start = 0;
    if (this.#dropped >= 0 || this.#carry !== undefined) {
      this.#finishCarried(chunk.subarray(0, first), emit);
      start = first + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last > start) this.#lines(chunk, start, last, emit);
    else if (last === start) this.#line++; // an empty line right after the carried one
    if (last + 1 < chunk.length) this.#hold(chunk, last + 1);
  }

  /** Ends the input: a last line without a newline is decoded (or reported). */
  end(emit: (message: Message) => void): void {
    if (this.#dropped >= 0 || this.#carry !== undefined) this.#finishCarried(new Uint8Array(0), emit);
  }

  /** Takes the unfinished tail of a chunk, or counts it when the line is already too long. */
  #hold(chunk: Uint8Array, start: number): void {
    const length = chunk.length - start;
    if (length === 0) return;
    if (this.#dropped >= 0) {
      this.#dropped += length;
    } else if ((this.#carry?.bytes ?? 0) + length > this.#max) {
      this.#dropped = (this.#carry?.bytes ?? 0) + length; // memory stays bounded: what was kept goes now
      this.#carry = undefined;
    } else {
      (this.#carry ??= new CarriedLine(this.#spillBytes)).add(start === 0 ? chunk : chunk.subarray(start));
    }
  }

  /** Completes the line that began in an earlier chunk with `tail`, the bytes before the next newline. */
  #finishCarried(tail: Uint8Array, emit: (message: Message) => void): void {
    const carry = this.#carry;
    this.#carry = undefined;
    if (this.#dropped >= 0) {
      const bytes = this.#dropped + tail.length;
      this.#dropped = -1;
      return this.#tooLong(bytes);
    }
    if (carry === undefined) return; // unreachable: push and end call this only when carrying or dropping
    if (carry.bytes + tail.length > this.#max) return this.#tooLong(carry.bytes + tail.length);
    const text = carry.finish(tail);
    this.#line++;
    if (carry.invalid) this.#report("INVALID_UTF8", "is not valid UTF-8; decoded with U+FFFD", { bytes: carry.bytes });
    this.#parse(text, emit);
  }

  /** The hot path: complete lines `chunk[start, end)`, `end` being a newline byte. */
  #lines(chunk: Uint8Array, start: number, end: number, emit: (message: Message) => void): void {
    if (end - start > this.#max) return this.#linesOneByOne(chunk, start, end, emit);
    const region = chunk.subarray(start, end);
    const text = lenientDecoder.decode(region);
    if (!isValidDecoding(text, region)) return this.#linesOneByOne(chunk, start, end, emit);
    let from = 0;
    for (;;) {
      const newline = text.indexOf("\n", from);
      this.#line++;
      this.#parse(newline === -1 ? text.slice(from) : text.slice(from, newline), emit);
      if (newline === -1) return;
      from = newline + 1;
    }
  }

  /** The slow path: each line on its own, with its own length check and UTF-8 diagnostic. */
  #linesOneByOne(chunk: Uint8Array, start: number, end: number, emit: (message: Message) => void): void {
    while (start <= end) {
      let newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1 || newline > end) newline = end;
      this.#line++;
      if (newline - start > this.#max) this.#report("LINE_TOO_LONG", `is longer than ${this.#max} bytes; dropped`, { bytes: newline - start });
      else this.#decodeLine(chunk.subarray(start, newline), emit);
      start = newline + 1;
    }
  }

  #decodeLine(bytes: Uint8Array, emit: (message: Message) => void): void {
    const text = lenientDecoder.decode(bytes);
    if (!isValidDecoding(text, bytes)) this.#report("INVALID_UTF8", "is not valid UTF-8; decoded with U+FFFD", { bytes: bytes.length });
    this.#parse(text, emit);
  }

  #parse(line: string, emit: (message: Message) => void): void {
    if (line.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      if (isBlank(line)) return;
      return this.#report("INVALID_JSON", `is not JSON: ${line.slice(0, EXCERPT)}`, { text: line.slice(0, 1000) }, cause);
    }
    if (typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string" && !Array.isArray(value)) {
      emit(value as Message);
    } else {
      this.#report("INVALID_MESSAGE", `is not a message object: ${line.slice(0, EXCERPT)}`, { text: line.slice(0, 1000) });
    }
  }

  #tooLong(bytes: number): void {
    this.#line++;
    this.#report("LINE_TOO_LONG", `is longer than ${this.#max} bytes; dropped`, { bytes });
  }

  #report(code: "INVALID_JSON" | "INVALID_MESSAGE" | "INVALID_UTF8" | "LINE_TOO_LONG", what: string, details: Record<string, unknown>, cause?: unknown): void {
    if (this.#onError === undefined) return;
    const error = new ClaudeCodeError(code, `line ${this.#line} ${what}`, { line: this.#line, ...details }, cause === undefined ? undefined : { cause });
    this.#onError(error);
  }
}

/** Whether a line holds only JSON whitespace (and a `\r` of `\r\n`): skipped, not reported. */
function isBlank(line: string): boolean {
  return /^[ \t\r\n]*$/.test(line);
}

/**
 * Up to this size (or an eighth of `maxLineBytes`, if smaller) a line that spans chunks is kept as bytes; beyond
 * it, as text (see {@link CarriedLine}).
 */
const SPILL_BYTES = 8 * 1024 * 1024;

/**
 * A line that spans chunks. Up to {@link SPILL_BYTES} its bytes are copied (the producer may reuse its buffers)
 * and decoded once at the end: the fastest way on every runtime. A longer line is decoded piece by piece as it
 * arrives with a streaming decoder, so that memory holds its text only, not its bytes as well (a 64 MiB line
 * would otherwise cost bytes + joined bytes + text + parsed value). A fatal decoder finds invalid UTF-8; after
 * its first error the rest of the line is decoded leniently, starting again from the incomplete character the
 * fatal decoder held.
 */
class CarriedLine {
  readonly #spillBytes: number;
  #pieces: Uint8Array[] = [];
  #decoder: TextDecoder | undefined;
  #parts: string[] = [];
  /** The last (up to 3) bytes fed to the streaming decoder: enough to rebuild the character it holds back. */
  #last: Uint8Array = new Uint8Array(0);
  bytes = 0;
  invalid = false;

  constructor(spillBytes: number) {
    this.#spillBytes = spillBytes;
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

  /** The whole line's text, `tail` being its last bytes; `invalid` says whether it had invalid UTF-8. */
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
    pieces.push(tail);
    const bytes = pieces.length === 1 ? tail : join(pieces, this.bytes);
    const text = lenientDecoder.decode(bytes);
    this.invalid = !isValidDecoding(text, bytes);
    return text;
  }

  /** Switches to streaming text: what was kept as bytes is decoded now. */
  #spill(): void {
    this.#decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    const pieces = this.#pieces;
    this.#pieces = [];
    for (const piece of pieces) this.#decode(piece, true);
  }

  #decode(bytes: Uint8Array, more: boolean): void {
    const decoder = this.#decoder!;
    if (this.invalid) return void this.#parts.push(decoder.decode(bytes, { stream: more }));
    try {
      this.#parts.push(decoder.decode(bytes, { stream: more }));
      if (more) this.#last = lastBytes(this.#last, bytes);
    } catch {
      this.invalid = true;
      const lenient = (this.#decoder = new TextDecoder("utf-8", { ignoreBOM: true }));
      this.#parts.push(lenient.decode(incompleteTail(this.#last), { stream: true }) + lenient.decode(bytes, { stream: more }));
    }
  }
}

// Shared by all decoders: non-streaming calls keep no state between them. `ignoreBOM` keeps a leading U+FEFF:
// content is never trimmed.
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
