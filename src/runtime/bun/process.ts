/**
 * The Bun process adapter: `Bun.spawn`, with its stdin `FileSink` wrapped as a `WritableStream`.
 * @module
 */
import type { ChildProcess, ProcessAdapter, ProcessExit, SpawnOptions } from "../types.ts";
import { errnoCode, spawnFailure } from "../spawn_failure.ts";
import { signalGroup, spawnHost, unrefLater } from "../node/process.ts";
import { endGroupAfterExit } from "../process_group.ts";
import process from "node:process";
import type { BunFileSink, BunGlobal, BunSubprocess } from "./bun_globals.d.ts";

// This module is loaded only on Bun (see ../current.ts), where the global is there.
const Bun = (globalThis as { Bun?: BunGlobal }).Bun!;

/**
 * Spawns children with `Bun.spawn`; stdin writes resolve once the sink has flushed them to the pipe.
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
    let child: BunSubprocess;
    try {
      child = Bun.spawn({
        cmd: [command, ...args],
        cwd: options.cwd,
        env: options.env,
        stdin: "pipe",
        stdout: "pipe",
        stderr: "pipe",
        // setsid(2): the child leads a new process group (and session), which kill() then signals whole
        detached: group,
      });
    } catch (cause) {
      throw spawnFailure(command, options, errnoCode(cause), spawnHost, cause);
    }
    const exited: Promise<ProcessExit> = child.exited.then(() => ({
      code: child.signalCode ? null : child.exitCode,
      signal: child.signalCode ?? null,
    }));
    const pid = child.pid;
    if (group) endGroupAfterExit(pid, exited, signalGroup, unrefLater);
    return {
      pid: child.pid,
      stdin: writableOf(child.stdin),
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      kill(signal = "SIGTERM") {
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (!group || !signalGroup(pid, signal)) child.kill(signal);
      },
    };
  },
};

function writableOf(sink: BunFileSink): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>({
    async write(chunk) {
      sink.write(chunk);
      // flush() returns a promise while the pipe is full: that is the backpressure.
      await sink.flush();
    },
    async close() {
      try {
        await sink.end();
      } catch {
        // The child closed its end first.
      }
    },
    abort() {
      try {
        sink.end();
      } catch {
        // Already closed.
      }
    },
  });
}
