/**
 * The write port: what changing saved sessions needs of the host's files (appending whole lines, writing a file whole,
 * removing). Kept apart from the read-only `FileAdapter`, which every history read takes and tests replace; the one
 * implementation is on `node:fs/promises`, which Deno and Bun implement too.
 * @module
 */

/**
 * Writes to session files and the marks beside them. Errors keep the host's `code` (`ENOENT`, `EACCES`...).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultFileWriter } from "./file_writer.ts";
 * const writer = await defaultFileWriter();
 * assert.equal(await writer.appendLines("/no/such/dir/s.jsonl", '{"type":"tag","tag":"x"}\n'), false);
 * ```
 */
export interface FileWriter {
  /**
   * Appends `text` (whole lines, ending in a newline) to an existing, non-empty file in one write, opened for
   * appending, so that lines a running CLI appends at the same time are neither cut nor interleaved. When the file's
   * last byte is not a newline (a line cut by a crash), a newline goes first, so the new lines stay readable. False,
   * writing nothing, when the file is missing or empty.
   */
  appendLines(path: string, text: string): Promise<boolean>;
  /**
   * Writes a file whole: to a temporary file beside it, then renamed over it, so a reader sees the old file or the new
   * one, never part of one. Missing folders are made (mode 0700); the file gets mode 0600, as the CLI's own files.
   * The text may come in pieces (lines, say), which are written as they come, so that it is never whole in memory.
   */
  writeFileAtomic(path: string, text: string | Iterable<string>): Promise<void>;
  /** Removes a file, or a folder and everything in it; nothing there is not an error. */
  remove(path: string): Promise<void>;
}

let writer: Promise<FileWriter> | undefined;

/**
 * The host's file writer, loaded once.
 *
 * @example
 * ```ts
 * import { defaultFileWriter } from "./file_writer.ts";
 * const writer = await defaultFileWriter();
 * await writer.remove("/tmp/no-such-folder-of-claude-stream");
 * ```
 */
export function defaultFileWriter(): Promise<FileWriter> {
  writer ??= import("./node/file_writer.ts").then((module) => module.fileWriter);
  return writer;
}
