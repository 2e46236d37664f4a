/**
 * The Bun file adapter: `Bun.file` for whole and ranged reads; metadata, directories and the two-ends read of a
 * listing through `node:fs/promises`, which Bun implements natively, so those are the Node adapter's own.
 * @module
 */
import { stat } from "node:fs/promises";
import type { FileAdapter } from "../types.ts";
import { fileAdapter as nodeFiles, isDirectoryError } from "../node/files.ts";
import type { BunGlobal } from "./bun_globals.d.ts";

// This module is loaded only on Bun (see ../current.ts), where the global is there.
const Bun = (globalThis as { Bun?: BunGlobal }).Bun!;

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
  ...nodeFiles,
  readStream,
  readRange: (path, offset, length) => checked(path).then(() => Bun.file(path).slice(offset, offset + length).bytes()),
};

/** Bun.file(...).stream() opens lazily; a stat first turns a missing path into a clean ENOENT stream error. */
function readStream(path: string): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (reader === undefined) {
        await checked(path);
        reader = Bun.file(path).stream().getReader();
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
    throw isDirectoryError(path);
  }
}
