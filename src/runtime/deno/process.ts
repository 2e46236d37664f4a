/**
 * The Deno process adapter: `Deno.Command`, whose pipes already are Web streams.
 * @module
 */
import type { ChildProcess, ProcessAdapter, ProcessExit, SpawnOptions } from "../types.ts";
import { errnoCode, type PathProbe, spawnFailure, type SpawnHost } from "../spawn_failure.ts";
import type { DenoChildProcess, DenoCommandOptions, DenoGlobal } from "./deno_globals.d.ts";

// This module is loaded only on Deno (see ../current.ts), where the global is there.
const Deno = (globalThis as { Deno?: DenoGlobal }).Deno!;

/**
 * Spawns children with `Deno.Command`; the environment given is the child's whole environment.
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
    const spec: DenoCommandOptions = {
      args: [...args],
      cwd: options.cwd,
      env: options.env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    };
    let child: DenoChildProcess;
    try {
      child = new Deno.Command(command, spec).spawn();
    } catch (cause) {
      throw spawnFailure(command, options, errnoCode(cause), spawnHost, cause);
    }
    let done = false;
    const exited: Promise<ProcessExit> = child.status.then((status) => {
      done = true;
      return { code: status.signal === null ? status.code : null, signal: status.signal };
    });
    return {
      pid: child.pid,
      stdin: child.stdin,
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      kill(signal = "SIGTERM") {
        if (done) return;
        try {
          child.kill(signal);
        } catch {
          // Already exited between the check and the call.
        }
      },
    };
  },
};

/** Deno has no access(2): the x bits of the mode stand in for it (null on Windows, where any file may be run). */
const spawnHost: SpawnHost = {
  probe(path: string): PathProbe | null {
    let info;
    try {
      info = Deno.statSync(path);
    } catch {
      return null;
    }
    const executable = info.isFile && (info.mode === null || (info.mode & 0o111) !== 0);
    return { isFile: info.isFile, isDirectory: info.isDirectory, executable };
  },
  pathDelimiter: Deno.build.os === "windows" ? ";" : ":",
};
