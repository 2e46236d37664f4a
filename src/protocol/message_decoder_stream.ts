/**
 * Bytes to messages: NDJSON framing of the CLI's stdout. The lines come from a `LineSplitter` (`line_splitter.ts`,
 * the hot path: one decode per chunk, only an unfinished last line kept across chunks, a byte limit per line kept
 * in bounded memory); each is parsed with `JSON.parse` and handed on when it is a JSON object with a string `type`.
 * @module
 */
import { invalidJsonError, invalidMessageError, invalidUtf8Error, lineTooLongError } from "../error_constructors.ts";
import type { ClaudeCodeErrorOf } from "../errors.ts";
import { LineSplitter } from "./line_splitter.ts";
import type { Message } from "./messages.ts";
import { isTypedObject } from "./typed_object.ts";

/**
 * Options of {@link MessageDecoderStream}.
 *
 * @example
 * ```ts
 * import { MessageDecoderStream } from "@claude-stream/sdk/protocol";
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
  onError?: (error: ClaudeCodeErrorOf<"INVALID_JSON" | "INVALID_MESSAGE" | "INVALID_UTF8" | "LINE_TOO_LONG">) => void;
}

/** What `onError` is told. */
type DecodeError = Parameters<NonNullable<MessageDecoderOptions["onError"]>>[0];

const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Splits the CLI's stdout on newline bytes and parses each line as a JSON message. UTF-8 characters split across
 * chunks, `\r\n`, blank lines and a last line without newline are handled; noise, invalid UTF-8 and over-long
 * lines are reported through `onError` and skipped, and the stream goes on. Unknown kinds pass through untouched.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MessageDecoderStream } from "@claude-stream/sdk/protocol";
 * const bytes = new Blob(['{"type":"result","subtype":"success"}\n']).stream();
 * const decoder = new MessageDecoderStream({ onError: (error) => console.warn(error.code, error.message) });
 * const types: string[] = [];
 * for await (const message of bytes.pipeThrough(decoder)) types.push(message.type);
 * assert.deepEqual(types, ["result"]);
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
 * import assert from "node:assert/strict";
 * import { MessageDecoder } from "@claude-stream/sdk/protocol";
 * const bytes = new TextEncoder().encode('{"type":"result","subtype":"success"}\n{"type":');
 * const types: string[] = [];
 * const errors: string[] = [];
 * const decoder = new MessageDecoder({ onError: (error) => errors.push(error.code) });
 * decoder.push(bytes, (message) => types.push(message.type));
 * decoder.end((message) => types.push(message.type));
 * assert.deepEqual(types, ["result"]);
 * assert.deepEqual(errors, ["INVALID_JSON"]); // the unfinished line
 * ```
 */
export class MessageDecoder {
  /** The framing: lines of the chunks pushed so far, each handed to `#parse` with its number. */
  readonly #lines: LineSplitter;
  readonly #onError: MessageDecoderOptions["onError"];

  /** A decoder with the given line limit and error callback. */
  constructor(options: MessageDecoderOptions = {}) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const onError = options.onError;
    this.#onError = onError;
    // without an onError there is no one to tell: the splitter then does not even look for invalid UTF-8
    this.#lines = new LineSplitter({
      maxLineBytes: max,
      onLineTooLong: onError && ((line, bytes) => onError(lineTooLongError(line, bytes, max))),
      onInvalidUtf8: onError && ((line, bytes) => onError(invalidUtf8Error(line, bytes))),
    });
  }

  /** Decodes a chunk, calling `emit` for each complete message in order; an unfinished last line is kept. */
  push(chunk: Uint8Array, emit: (message: Message) => void): void {
    this.#lines.push(chunk, (line, number) => this.#parse(line, number, emit));
  }

  /** Ends the input: a last line without a newline is decoded (or reported). */
  end(emit: (message: Message) => void): void {
    this.#lines.end((line, number) => this.#parse(line, number, emit));
  }

  #parse(line: string, number: number, emit: (message: Message) => void): void {
    if (line.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      if (isBlank(line)) return;
      return this.#report(() => invalidJsonError(number, line, cause));
    }
    if (isTypedObject(value)) emit(value);
    else this.#report(() => invalidMessageError({ line: number, text: line }));
  }

  /** Hands the error to `onError`; it is built only when there is one to tell. */
  #report(error: () => DecodeError): void {
    this.#onError?.(error());
  }
}

/** Whether a line holds only JSON whitespace (and a `\r` of `\r\n`): skipped, not reported. */
function isBlank(line: string): boolean {
  return /^[ \t\r\n]*$/.test(line);
}
