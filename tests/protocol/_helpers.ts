/** Helpers for the protocol and stream tests: decoding byte chunks, cutting bytes, reading the recorded transcripts. */
import { readFileSync } from "node:fs";
import type { ClaudeCodeErrorOf, ErrorDetails } from "../../src/errors.ts";
import { type Message, type MessageDecoderOptions, MessageDecoderStream } from "../../src/protocol/mod.ts";
import { streamOf } from "../util.ts";
import { TRANSCRIPTS_DIR } from "../fixtures.ts";

export const encoder = new TextEncoder();
export const enc = (text: string): Uint8Array => encoder.encode(text);

/** The codes a decoder reports. */
type DecodeCode = "INVALID_JSON" | "INVALID_MESSAGE" | "INVALID_UTF8" | "LINE_TOO_LONG";

/** A decoder's diagnostic as these tests read it: any key of the four codes' details, without narrowing on `code` first. */
export type Diagnostic = ClaudeCodeErrorOf<DecodeCode> & {
  details: Partial<ErrorDetails<"INVALID_JSON"> & ErrorDetails<"INVALID_UTF8">>;
};

/** Decodes chunks; collects the messages and the diagnostics. */
export async function decode(chunks: Iterable<Uint8Array>, options: Omit<MessageDecoderOptions, "onError"> = {}) {
  const errors: Diagnostic[] = [];
  const messages: Message[] = [];
  const decoder = new MessageDecoderStream({ ...options, onError: (error) => errors.push(error) });
  for await (const message of streamOf(chunks).pipeThrough(decoder)) messages.push(message);
  return { messages, errors };
}

/** Cuts bytes into chunks of the given sizes, cycling through them. Each chunk is a copy, as a pipe would give. */
export function cut(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? bytes.length);
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const transcripts = TRANSCRIPTS_DIR + "/";

/** One recorded case of `transcripts/INDEX.json`. */
export interface RecordedCase {
  name: string;
  lineTypes: string[];
  stdout: Uint8Array;
}

/** Every recorded case, with its stdout bytes. */
export function recordedCases(): RecordedCase[] {
  const index = JSON.parse(readFileSync(transcripts + "INDEX.json", "utf8")) as Record<
    string,
    { line_types: string[] }
  >;
  return Object.entries(index).map(([name, entry]) => ({
    name,
    lineTypes: entry.line_types,
    stdout: new Uint8Array(readFileSync(`${transcripts}${name}.jsonl`)),
  }));
}

/** Every JSON object line printed on stdout across the recorded cases. */
export function recordedMessages(): Message[] {
  const out: Message[] = [];
  for (const { stdout } of recordedCases()) {
    for (const line of new TextDecoder().decode(stdout).split("\n")) {
      try {
        const value = JSON.parse(line);
        if (typeof value === "object" && value !== null && typeof value.type === "string") out.push(value);
      } catch {
        // not JSON (the text-output case): not a message
      }
    }
  }
  return out;
}

/** The label INDEX.json gives a line: `type`, plus `/subtype` for system and result lines. */
export function kindOf(message: Message): string {
  return message.type === "system" || message.type === "result" ? `${message.type}/${message.subtype}` : message.type;
}

/** The messages of one recorded case, e.g. `recordedCase("f1_partial_messages")`. */
export function recordedCase(name: string): Message[] {
  const found = recordedCases().find((c) => c.name === name);
  if (found === undefined) throw new Error(`no recorded case ${name}`);
  return new TextDecoder()
    .decode(found.stdout)
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
}
