/**
 * The writes that change saved sessions, each failure of the host told as `UNWRITABLE_HISTORY` naming the path.
 * @module
 */
import { unwritableHistoryError } from "../error_constructors.ts";
import type { FileWriter } from "../runtime/file_writer.ts";
import { defaultFileWriter } from "../runtime/file_writer.ts";
import { codeOf } from "./find_session.ts";

/**
 * Runs `write` with the host's file writer; a host failure (`EACCES`, `ENOSPC`...) becomes `UNWRITABLE_HISTORY` for
 * `path`, the host's error its `cause`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writing } from "./history_writes.ts";
 * await assert.rejects(
 *   writing("/proc/no-such/s.jsonl", (writer) => writer.writeFileAtomic("/proc/no-such/s.jsonl", "{}\n")),
 *   { code: "UNWRITABLE_HISTORY" },
 * );
 * ```
 */
export async function writing<T>(path: string, write: (writer: FileWriter) => Promise<T>): Promise<T> {
  const writer = await defaultFileWriter();
  try {
    return await write(writer);
  } catch (error) {
    throw unwritableHistoryError(path, codeOf(error), error);
  }
}
