/**
 * The Node file adapter: `node:fs/promises`, files read in large chunks through one file handle.
 * @module
 */
import { open, readdir, realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import type { DirEntry, FileAdapter, FileEnds, FileInfo } from "../types.ts";

/** Bytes per read of {@link FileAdapter.readStream}: large reads keep the syscall count low. */
const CHUNK = 1024 * 1024;

/**
 * Read-only file access with `node:fs/promises`. Errors keep Node's `code` (`ENOENT`, `EACCES`, `EISDIR`...).
 *
 * @example
 * ```ts
 * import { fileAdapter } from "./files.ts";
 * const info = await fileAdapter.stat("/etc/hostname");
 * console.log(info.size, info.isFile);
 * ```
 */
export const fileAdapter: FileAdapter = {
  readStream,
  readRange,
  readEnds,
  stat: async (path) => toInfo(await stat(path)),
  readDir,
  realPath: (path) => realpath(path),
};

function readStream(path: string): ReadableStream<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      handle ??= await open(path, "r");
      const buffer = new Uint8Array(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead > 0) return controller.enqueue(buffer.subarray(0, bytesRead));
      await handle.close();
      handle = undefined;
      controller.close();
    },
    async cancel() {
      await handle?.close();
    },
  }, { highWaterMark: 0 });
}

async function readRange(path: string, offset: number, length: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    return await readAt(handle, offset, length);
  } finally {
    await handle.close();
  }
}

async function readEnds(path: string, length: number): Promise<FileEnds> {
  const handle = await open(path, "r");
  try {
    const info = toInfo(await handle.stat());
    // Bun reads a directory handle as empty rather than failing: say what Node would.
    if (info.isDirectory) throw isDirectoryError(path);
    const head = await readAt(handle, 0, Math.min(length, info.size));
    const tailStart = Math.max(head.length, info.size - length);
    const tail = await readAt(handle, tailStart, info.size - tailStart);
    return { head, tail, info };
  } finally {
    await handle.close();
  }
}

async function readAt(handle: Awaited<ReturnType<typeof open>>, offset: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

async function readDir(path: string): Promise<DirEntry[]> {
  const entries = await readdir(path, { withFileTypes: true });
  return entries.map((entry) => ({ name: entry.name, isFile: entry.isFile(), isDirectory: entry.isDirectory() }));
}

function toInfo(stats: Stats): FileInfo {
  return {
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    birthtimeMs: stats.birthtimeMs > 0 ? stats.birthtimeMs : null,
    isFile: stats.isFile(),
    isDirectory: stats.isDirectory(),
  };
}

/**
 * The error Node gives for reading a directory as a file, for the reads that would otherwise see it as empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isDirectoryError } from "./files.ts";
 * assert.equal((isDirectoryError("/tmp") as NodeJS.ErrnoException).code, "EISDIR");
 * ```
 */
export function isDirectoryError(path: string): Error {
  return Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: "EISDIR" });
}
