/**
 * The CLI's stdout split into messages synchronously, chunk by chunk, so a session hands each message to its turn
 * without a stream hop per message (a second hop halves throughput). Same framing as `MessageDecoderStream`:
 * split on newlines, UTF-8 decoded across chunk boundaries, `\r\n` and blank lines tolerated, lines that are not a
 * JSON object with a `type` skipped (the CLI's noise), over-long lines dropped with bounded memory.
 * Until the protocol layer exports its synchronous decoder core, this is the session's copy of that framing.
 * @module
 */
import type { Message } from "../protocol/messages.ts";

/** A synchronous stdout decoder. */
export interface StdoutLines {
  /** Decodes a chunk, calling `emit` for each complete message in order. */
  push(chunk: Uint8Array, emit: (message: Message) => void): void;
  /** Flushes a last line without a newline. */
  end(emit: (message: Message) => void): void;
}

const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * A decoder for one stdout.
 *
 * @example
 * ```ts
 * import { stdoutLines } from "./stdout_lines.ts";
 * const lines = stdoutLines();
 * lines.push(new TextEncoder().encode('{"type":"result"}\n{"type":'), (m) => console.log(m.type));
 * ```
 */
export function stdoutLines(maxLineChars = MAX_LINE_CHARS): StdoutLines {
  const decoder = new TextDecoder();
  let carry: string[] = [];
  let carryLength = 0;
  let dropping = false;

  const hold = (text: string) => {
    if (dropping) return;
    carryLength += text.length;
    if (carryLength > maxLineChars) {
      carry = [];
      carryLength = 0;
      dropping = true;
    } else {
      carry.push(text);
    }
  };
  const takeCarried = (head: string): string | undefined => {
    const line = dropping ? undefined : carry.length === 0 ? head : carry.join("") + head;
    carry = [];
    carryLength = 0;
    dropping = false;
    return line;
  };

  return {
    push(chunk, emit) {
      const text = decoder.decode(chunk, { stream: true });
      let newline = text.indexOf("\n");
      if (newline === -1) return hold(text);
      const first = takeCarried(text.slice(0, newline));
      if (first !== undefined) parse(first, emit);
      let start = newline + 1;
      while ((newline = text.indexOf("\n", start)) !== -1) {
        parse(text.slice(start, newline), emit);
        start = newline + 1;
      }
      if (start < text.length) hold(text.slice(start));
    },
    end(emit) {
      hold(decoder.decode());
      const last = takeCarried("");
      if (last !== undefined) parse(last, emit);
    },
  };
}

function parse(line: string, emit: (message: Message) => void): void {
  if (line.length < 2 || line.trim() === "") return;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return;
  }
  if (typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string") emit(value as Message);
}
