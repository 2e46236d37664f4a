/**
 * The Bun file adapter: `Bun.file` for reads, `node:fs/promises` for metadata, directories and ranged reads
 * through one handle.
 * @module
 */
import { open, readdir, realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import type { DirEntry, FileAdapter, FileEnds, FileInfo } from "../types.ts";

// deno-lint-ignore no-explicit-any
const Bun = (globalThis as any).Bun;

/**
 * Read-only file access on Bun. Errors keep their `code` (`ENOENT`, `EACCES`, `EISDIR`...).
 *
 * @example
 * ```ts
 * import { fileAdapter } from "./files.ts";
 * const bytes = await fileAdapter.readRange("/etc/hostname", 0, 16);
 * console.log(bytes.length);
 * ```
 */
export const fileAdapter: FileAdapter = {
  readStream,
  readRange: (path, offset, length) => checked(path).then(() => Bun.file(path).slice(offset, offset + length).bytes()),
  readEnds,
  stat: async (path) => toInfo(await stat(path)),
  readDir,
  realPath: (path) => realpath(path),
};

/** Bun.file(...).stream() opens lazily; a stat first turns a missing path into a clean ENOENT stream error. */
function readStream(path: string): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (reader === undefined) {
        await checked(path);
        reader = (Bun.file(path).stream() as ReadableStream<Uint8Array>).getReader();
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader?.cancel(reason),
  }, { highWaterMark: 0 });
}

async function checked(path: string): Promise<void> {
  const stats = await stat(path);
  if (stats.isDirectory()) {
    throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: "EISDIR" });
  }
}

async function readEnds(path: string, length: number): Promise<FileEnds> {
  const handle = await open(path, "r");
  try {
    const info = toInfo(await handle.stat());
    if (info.isDirectory) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: "EISDIR" });
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
