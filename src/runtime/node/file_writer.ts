/**
 * The file writer on `node:fs/promises` (Node, and Deno and Bun, which implement it): appends through `O_APPEND`,
 * whole-file writes through a temporary file and a rename.
 * @module
 */
import { constants } from "node:fs";
import { type FileHandle, mkdir, open, rename, rm } from "node:fs/promises";
import type { FileWriter } from "../file_writer.ts";

const NEWLINE = 10;

/**
 * Writes with `node:fs/promises`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mkdtemp, readFile, writeFile } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { fileWriter } from "./file_writer.ts";
 * const path = join(await mkdtemp(join(tmpdir(), "cs-writer-")), "s.jsonl");
 * await writeFile(path, '{"type":"user"}'); // a last line without its newline
 * assert.equal(await fileWriter.appendLines(path, '{"type":"tag","tag":"x"}\n'), true);
 * assert.equal(await readFile(path, "utf8"), '{"type":"user"}\n{"type":"tag","tag":"x"}\n');
 * ```
 */
export const fileWriter: FileWriter = { appendLines, writeFileAtomic, remove };

async function appendLines(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, constants.O_RDWR | constants.O_APPEND);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = new Uint8Array(1);
    await handle.read(last, 0, 1, size - 1);
    // One write puts the whole text at the end (O_APPEND); `writeAll` only finishes a short write, which regular
    // files do not make short of a full disk.
    await writeAll(handle, last[0] === NEWLINE ? text : `\n${text}`);
    return true;
  } finally {
    await handle.close();
  }
}

/** Chunks of a text given in pieces are written in runs of about this many characters. */
const RUN_CHARS = 1 << 16;

async function writeFileAtomic(path: string, text: string | Iterable<string>): Promise<void> {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (slash > 0) await mkdir(path.slice(0, slash), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  const handle = await open(temporary, "wx", 0o600);
  try {
    if (typeof text === "string") {
      await handle.writeFile(text);
    } else {
      // the pieces are joined a run at a time: the whole text is never in memory at once
      let run = "";
      for (const piece of text) {
        run += piece;
        if (run.length >= RUN_CHARS) {
          await writeAll(handle, run);
          run = "";
        }
      }
      await writeAll(handle, run);
    }
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Writes `text` at the handle's position, finishing a short write. */
async function writeAll(handle: FileHandle, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  for (let written = 0; written < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
    if (bytesWritten <= 0) throw Object.assign(new Error("no progress writing a file"), { code: "EIO" });
    written += bytesWritten;
  }
}

async function remove(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}
