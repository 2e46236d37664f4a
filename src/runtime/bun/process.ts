/**
 * The Bun process adapter: `Bun.spawn`, with its stdin `FileSink` wrapped as a `WritableStream`.
 * @module
 */
import type { ChildProcess, ProcessAdapter, ProcessExit, SpawnOptions } from "../types.ts";
import { errnoCode, spawnFailure } from "../spawn_failure.ts";
import { spawnHost } from "../node/process.ts";
import type { BunFileSink, BunGlobal, BunSubprocess } from "./bun_globals.d.ts";

// This module is loaded only on Bun (see ../current.ts), where the global is there.
const Bun = (globalThis as { Bun?: BunGlobal }).Bun!;

/**
 * Spawns children with `Bun.spawn`; stdin writes resolve once the sink has flushed them to the pipe.
 *
 * @example
 * ```ts
 * import { processAdapter } from "./process.ts";
 * const child = processAdapter.spawn("echo", ["hi"], { env: { PATH: "/usr/bin:/bin" } });
 * console.log(await new Response(child.stdout).text(), await child.exited);
 * ```
 */
export const processAdapter: ProcessAdapter = {
  spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
    let child: BunSubprocess;
    try {
      child = Bun.spawn({
        cmd: [command, ...args],
        cwd: options.cwd,
        env: options.env,
        stdin: "pipe",
        stdout: "pipe",
        stderr: "pipe",
      });
    } catch (cause) {
      throw spawnFailure(command, options, errnoCode(cause), spawnHost, cause);
    }
    const exited: Promise<ProcessExit> = child.exited.then(() => ({
      code: child.signalCode ? null : child.exitCode,
      signal: child.signalCode ?? null,
    }));
    return {
      pid: child.pid,
      stdin: writableOf(child.stdin),
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      kill(signal = "SIGTERM") {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
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
