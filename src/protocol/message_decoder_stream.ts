/**
 * Bytes to messages: NDJSON framing of the CLI's stdout.
 * @module
 */
import { ClaudeCodeError } from "../errors.ts";
import type { Message } from "./messages.ts";

/** Options of {@link MessageDecoderStream}. */
export interface MessageDecoderOptions {
  /** Longest accepted line in bytes, newline excluded; longer lines are dropped and reported. Default 64 MiB. */
  maxLineBytes?: number;
  /**
   * Called for every line that is not a JSON object (`INVALID_JSON`, `INVALID_MESSAGE`), too long
   * (`LINE_TOO_LONG`) or not valid UTF-8 (`INVALID_UTF8`, the line is still decoded with U+FFFD).
   * The stream goes on. Without it, diagnostics are dropped.
   */
  onError?: (error: ClaudeCodeError) => void;
}

const NEWLINE = 10;
const CR = 13;

/**
 * Splits the CLI's stdout on newline bytes and parses each line as a JSON message.
 *
 * @example
 * ```ts
 * import { MessageDecoderStream } from "@claude-stream/sdk";
 * const bytes = new Blob(['{"type":"result","subtype":"success"}\n']).stream();
 * for await (const message of bytes.pipeThrough(new MessageDecoderStream())) console.log(message.type);
 * ```
 */
export class MessageDecoderStream extends TransformStream<Uint8Array, Message> {
  constructor(options: MessageDecoderOptions = {}) {
    const maxLineBytes = options.maxLineBytes ?? 64 * 1024 * 1024;
    const onError = options.onError ?? (() => {});
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const lenient = new TextDecoder("utf-8");
    let parts: Uint8Array[] = [];
    let partBytes = 0;
    let dropping = false;
    let droppedBytes = 0;
    let lineNumber = 0;

    const emit = (bytes: Uint8Array, controller: TransformStreamDefaultController<Message>) => {
      lineNumber++;
      let end = bytes.length;
      if (end > 0 && bytes[end - 1] === CR) end--;
      if (end === 0) return;
      const view = end === bytes.length ? bytes : bytes.subarray(0, end);
      let text: string;
      try {
        text = decoder.decode(view);
      } catch {
        text = lenient.decode(view);
        onError(new ClaudeCodeError("INVALID_UTF8", `line ${lineNumber} is not valid UTF-8`, { line: lineNumber }));
      }
      if (text.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (cause) {
        onError(new ClaudeCodeError("INVALID_JSON", `line ${lineNumber} is not JSON: ${text.slice(0, 200)}`, { line: lineNumber, text: text.slice(0, 1000) }, { cause }));
        return;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value) || typeof (value as { type?: unknown }).type !== "string") {
        onError(new ClaudeCodeError("INVALID_MESSAGE", `line ${lineNumber} is not a message object: ${text.slice(0, 200)}`, { line: lineNumber, text: text.slice(0, 1000) }));
        return;
      }
      controller.enqueue(value as Message);
    };

    const tooLong = (bytes: number) => {
      lineNumber++;
      onError(new ClaudeCodeError("LINE_TOO_LONG", `line ${lineNumber} is longer than ${maxLineBytes} bytes; dropped`, { line: lineNumber, bytes }));
    };

    const take = (chunk: Uint8Array): Uint8Array => {
      if (parts.length === 0) return chunk;
      parts.push(chunk);
      const joined = new Uint8Array(partBytes + chunk.length);
      let offset = 0;
      for (const part of parts) {
        joined.set(part, offset);
        offset += part.length;
      }
      parts = [];
      partBytes = 0;
      return joined;
    };

    super({
      transform(chunk, controller) {
        let start = 0;
        while (start < chunk.length) {
          const newline = chunk.indexOf(NEWLINE, start);
          const end = newline === -1 ? chunk.length : newline;
          const piece = chunk.subarray(start, end);
          if (dropping) {
            droppedBytes += piece.length;
          } else if (partBytes + piece.length > maxLineBytes) {
            droppedBytes = partBytes + piece.length;
            parts = [];
            partBytes = 0;
            dropping = true;
          } else if (newline === -1) {
            parts.push(piece.slice());
            partBytes += piece.length;
          } else {
            emit(take(piece), controller);
          }
          if (newline === -1) break;
          if (dropping) {
            tooLong(droppedBytes);
            dropping = false;
          }
          start = newline + 1;
        }
      },
      flush(controller) {
        if (dropping) tooLong(droppedBytes);
        else if (partBytes > 0) emit(take(new Uint8Array(0)), controller);
      },
    });
  }
}
