/**
 * The Node process adapter: `node:child_process` with its pipes wrapped as Web streams.
 * @module
 */
import { spawn as spawnChild } from "node:child_process";
import type { ChildProcess as NodeChild } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter } from "node:path";
import type { Readable, Writable } from "node:stream";
import type { ChildProcess, ProcessAdapter, ProcessExit, SpawnOptions } from "../types.ts";
import { type PathProbe, spawnFailure, type SpawnHost } from "../spawn_failure.ts";
import { endGroupAfterExit, type SignalGroup } from "../process_group.ts";
import process from "node:process";

/**
 * Spawns children with `node:child_process`; stdin writes resolve once Node has handed the bytes to the pipe.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processAdapter } from "./process.ts";
 * const child = processAdapter.spawn("echo", ["hi"], { env: { PATH: "/usr/bin:/bin" } });
 * assert.equal(await new Response(child.stdout).text(), "hi\n");
 * assert.deepEqual(await child.exited, { code: 0, signal: null });
 * ```
 */
export const processAdapter: ProcessAdapter = {
  spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
    const group = options.processGroup === true && process.platform !== "win32";
    const child = spawnChild(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
      // setsid(2): the child leads a new process group (and session), which kill() then signals whole
      detached: group,
    });
    // A failed spawn leaves pid undefined synchronously; its `error` event, the only carrier of the errno code,
    // follows on the next tick, so the reason is read from the file system instead.
    if (child.pid === undefined) {
      child.on("error", () => {});
      throw spawnFailure(command, options, undefined, spawnHost);
    }
    return wrapChild(child, group);
  },
};

/**
 * Signals the process group `pid` leads (a negative pid to kill(2)); false when nobody is left in it (Bun's adapter
 * uses it too).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { signalGroup } from "./process.ts";
 * assert.equal(signalGroup(2 ** 22 + 1, "SIGTERM"), false); // no such group
 * ```
 */
export const signalGroup: SignalGroup = (pid, signal) => {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody is left in the group
  }
};

/**
 * Runs `run` after `ms` without keeping the host alive for it (Bun's adapter uses it too).
 *
 * @example
 * ```ts
 * import { unrefLater } from "./process.ts";
 * unrefLater(() => console.log("later, if the host still runs"), 1000);
 * ```
 */
export function unrefLater(run: () => void, ms: number): void {
  setTimeout(run, ms).unref();
}

/**
 * The synchronous look at a path that explains a failed spawn, with `node:fs` (Bun's adapter uses it too).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spawnHost } from "./process.ts";
 * assert.deepEqual(spawnHost.probe("/bin/sh"), { isFile: true, isDirectory: false, executable: true });
 * ```
 */
export const spawnHost: SpawnHost = {
  probe(path: string): PathProbe | null {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return null; // missing, or behind a file (ENOTDIR) or a folder that cannot be searched
    }
    return { isFile: stats.isFile(), isDirectory: stats.isDirectory(), executable: stats.isFile() && mayExecute(path) };
  },
  pathDelimiter: delimiter,
};

/** access(2) answers for this process's user, which the mode bits alone do not. */
function mayExecute(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function wrapChild(child: NodeChild, group: boolean): ChildProcess {
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const pid = child.pid!; // a failed spawn (no pid) threw before this
  if (group) endGroupAfterExit(pid, exited, signalGroup, unrefLater);
  return {
    pid: child.pid,
    stdin: writableOf(child.stdin!),
    stdout: readableOf(child.stdout!),
    stderr: readableOf(child.stderr!),
    exited,
    kill(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (!group || !signalGroup(pid, signal)) child.kill(signal);
    },
  };
}

function readableOf(source: Readable): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on("data", (chunk: Buffer) => {
        // A plain Uint8Array view: Buffer#slice shares memory, which byte consumers do not expect.
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.once("end", () => controller.close());
      source.once("error", (error) => controller.error(error));
    },
    pull() {
      source.resume();
    },
    cancel() {
      source.destroy();
    },
  }, { highWaterMark: 16 });
}

function writableOf(sink: Writable): WritableStream<Uint8Array> {
  // Without a listener an EPIPE after the child died would crash the host.
  sink.on("error", () => {});
  return new WritableStream<Uint8Array>({
    write(chunk) {
      return new Promise<void>((resolve, reject) => {
        sink.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
    },
    close() {
      // Settles even when the child is already gone and the pipe will never finish.
      return new Promise<void>((resolve) => {
        if (sink.destroyed) return resolve();
        sink.once("close", resolve);
        sink.once("finish", resolve);
        sink.end();
      });
    },
    abort() {
      sink.destroy();
    },
  });
}
