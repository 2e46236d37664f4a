/**
 * The Deno process adapter: `Deno.Command`, whose pipes already are Web streams.
 * @module
 */
import type { ChildProcess, ProcessAdapter, ProcessExit, SpawnOptions } from "../types.ts";
import { errnoCode, type PathProbe, spawnFailure, type SpawnHost } from "../spawn_failure.ts";
import { endGroupAfterExit, type SignalGroup } from "../process_group.ts";
import type { DenoChildProcess, DenoCommandOptions, DenoGlobal } from "./deno_globals.d.ts";

// This module is loaded only on Deno (see ../current.ts), where the global is there.
const Deno = (globalThis as { Deno?: DenoGlobal }).Deno!;

/**
 * Spawns children with `Deno.Command`; the environment given is the child's whole environment.
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
    const group = options.processGroup === true && Deno.build.os !== "windows";
    const spec: DenoCommandOptions = {
      args: [...args],
      cwd: options.cwd,
      env: options.env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      // setsid(2): the child leads a new process group (and session), which kill() then signals whole
      detached: group,
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
    const pid = child.pid;
    if (group) endGroupAfterExit(pid, exited, signalGroup, unrefLater);
    return {
      pid: child.pid,
      stdin: child.stdin,
      stdout: child.stdout,
      stderr: child.stderr,
      exited,
      kill(signal = "SIGTERM") {
        if (done || (group && signalGroup(pid, signal))) return;
        try {
          child.kill(signal);
        } catch {
          // Already exited between the check and the call.
        }
      },
    };
  },
};

/** Signals the process group `pid` leads (a negative pid to kill(2)); false when nobody is left in it. */
const signalGroup: SignalGroup = (pid, signal) => {
  try {
    Deno.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
};

/** Runs `run` after `ms` without keeping the process alive for it. */
function unrefLater(run: () => void, ms: number): void {
  Deno.unrefTimer(Number(setTimeout(run, ms)));
}

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
