/**
 * The Deno file adapter: `Deno.open`, `Deno.stat`, `Deno.readDir`, `Deno.realPath`. Deno's error classes are
 * given the Node-style `code` the other layers test (`ENOENT`, `EACCES`, `EISDIR`...).
 * @module
 */
import type { DirEntry, FileAdapter, FileEnds, FileInfo } from "../types.ts";
import type { DenoFileInfo, DenoFsFile, DenoGlobal } from "./deno_globals.d.ts";

// This module is loaded only on Deno (see ../current.ts), where the global is there.
const Deno = (globalThis as { Deno?: DenoGlobal }).Deno!;

/** Bytes per read of {@link FileAdapter.readStream}. */
const CHUNK = 1024 * 1024;

/** Deno error class names and the code each one stands for. */
const CODES: Record<string, string> = {
  NotFound: "ENOENT",
  PermissionDenied: "EACCES",
  IsADirectory: "EISDIR",
  NotADirectory: "ENOTDIR",
  AlreadyExists: "EEXIST",
  FilesystemLoop: "ELOOP",
};

/**
 * Read-only file access on Deno.
 *
 * @example
 * ```ts
 * import { fileAdapter } from "./files.ts";
 * for (const entry of await fileAdapter.readDir("/etc")) if (entry.isFile) console.log(entry.name);
 * ```
 */
export const fileAdapter: FileAdapter = {
  readStream,
  readRange: (path, offset, length) => withFile(path, (file) => readAt(file, offset, length)),
  readEnds,
  stat: (path) => coded(async () => toInfo(await Deno.stat(path))),
  readDir,
  realPath: (path) => coded(() => Deno.realPath(path)),
};

function readStream(path: string): ReadableStream<Uint8Array> {
  let file: DenoFsFile | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const handle = file ??= await openFile(path);
      const buffer = new Uint8Array(CHUNK);
      const read = await coded(() => handle.read(buffer));
      if (read !== null) return controller.enqueue(buffer.subarray(0, read));
      handle.close();
      file = undefined;
      controller.close();
    },
    cancel() {
      file?.close();
    },
  }, { highWaterMark: 0 });
}

async function readEnds(path: string, length: number): Promise<FileEnds> {
  return await withFile(path, async (file) => {
    const info = toInfo(await file.stat());
    const head = await readAt(file, 0, Math.min(length, info.size));
    const tailStart = Math.max(head.length, info.size - length);
    const tail = await readAt(file, tailStart, info.size - tailStart);
    return { head, tail, info };
  });
}

async function withFile<T>(path: string, use: (file: DenoFsFile) => Promise<T>): Promise<T> {
  const file = await openFile(path);
  try {
    return await coded(() => use(file));
  } finally {
    file.close();
  }
}

/** Deno opens a directory without complaint; reading it fails later, so the kind is checked at open. */
async function openFile(path: string): Promise<DenoFsFile> {
  const file = await coded(() => Deno.open(path, { read: true }));
  const info = await file.stat();
  if (info.isDirectory) {
    file.close();
    throw withCode(new Error(`Is a directory (os error 21): readfile '${path}'`), "EISDIR");
  }
  return file;
}

async function readAt(file: DenoFsFile, offset: number, length: number): Promise<Uint8Array> {
  await file.seek(offset, Deno.SeekMode.Start);
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const read = await file.read(buffer.subarray(filled));
    if (read === null || read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled);
}

async function readDir(path: string): Promise<DirEntry[]> {
  const entries: DirEntry[] = [];
  await coded(async () => {
    for await (const entry of Deno.readDir(path)) {
      entries.push({ name: entry.name, isFile: entry.isFile, isDirectory: entry.isDirectory });
    }
  });
  return entries;
}

function toInfo(info: DenoFileInfo): FileInfo {
  return {
    size: info.size,
    mtimeMs: info.mtime?.getTime() ?? 0,
    birthtimeMs: info.birthtime?.getTime() ?? null,
    isFile: info.isFile,
    isDirectory: info.isDirectory,
  };
}

async function coded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof Error ? withCode(error, codeOf(error)) : error;
  }
}

function codeOf(error: Error): string | undefined {
  const existing = (error as { code?: unknown }).code;
  if (typeof existing === "string" && existing.startsWith("E")) return existing;
  return CODES[error.name] ?? (typeof existing === "string" ? existing : undefined);
}

function withCode(error: Error, code: string | undefined): Error {
  if (code !== undefined && (error as { code?: unknown }).code !== code) {
    try {
      Object.defineProperty(error, "code", { value: code, configurable: true, enumerable: true });
    } catch { /* a frozen error keeps its own code */ }
  }
  return error;
}
