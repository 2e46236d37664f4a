/**
 * The fake CLI in-process: a `ProcessAdapter` whose children are the fake's core running in this process, with
 * Web streams for pipes. No process is spawned; session files still go to `$CLAUDE_CONFIG_DIR` on disk (where the
 * spawn's env names none, to a temp dir of the adapter's own, shared by its children so that they can resume).
 * @module
 */
import process from "node:process";
import { runFake } from "../../fake-cli/core.js";
import type { Scenario } from "../../fake-cli/scenario.js";
import type { ChildProcess, ProcessAdapter, ProcessExit, SpawnOptions } from "../runtime/types.ts";
import { tempConfigDir } from "./temp_config_dir.ts";

/**
 * Options of {@link createInMemoryProcessAdapter}.
 *
 * @example
 * ```ts
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * const spawned: string[][] = [];
 * fakeCli.inMemoryAdapter({ scenario: fakeCli.scenario().reply("hi"), onSpawn: (_command, args) => spawned.push([...args]) });
 * ```
 */
export interface InMemoryAdapterOptions {
  /** A scenario for every child (wins over `CLAUDE_STREAM_FAKE_SCENARIO` in the spawn env). */
  scenario?: Scenario | { toJSON(): Scenario };
  /** Called on every spawn, e.g. to record the argv a library passed. */
  onSpawn?: (command: string, args: readonly string[], options: SpawnOptions) => void;
}

let nextPid = 900_000;

/**
 * A `ProcessAdapter` that runs the fake `claude` in memory whatever the command: fast, and no child to clean up.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * const adapter = fakeCli.inMemoryAdapter();
 * const child = adapter.spawn("claude", ["-p", "hello", "--output-format", "text"], { env: { CLAUDE_CONFIG_DIR: "/tmp/cfg" } });
 * assert.equal(await new Response(child.stdout).text(), "turns=1 last=hello history=hello\n");
 * ```
 */
export function createInMemoryProcessAdapter(options: InMemoryAdapterOptions = {}): ProcessAdapter {
  let configDir: string | undefined;
  return {
    spawn(command, args, spawnOptions) {
      options.onSpawn?.(command, args, spawnOptions);
      const scenario = options.scenario && "toJSON" in options.scenario ? options.scenario.toJSON() : options.scenario;
      const { env } = spawnOptions;
      if (!env.CLAUDE_CONFIG_DIR) {
        spawnOptions = { ...spawnOptions, env: { ...env, CLAUDE_CONFIG_DIR: configDir ??= tempConfigDir() } };
      }
      return spawnInMemory(args, spawnOptions, scenario as Scenario | undefined);
    },
  };
}

function spawnInMemory(args: readonly string[], options: SpawnOptions, scenario: Scenario | undefined): ChildProcess {
  const stdin = chunkQueue();
  const stdout = outputPipe(true);
  const stderr = outputPipe(false);
  const pid = nextPid++;
  const run = runFake({
    argv: args,
    env: options.env,
    cwd: options.cwd ?? process.cwd(),
    stdin: stdin.iterable,
    stdout: stdout.write,
    stderr: stderr.write,
    pid,
    scenario,
  });
  let exited = false;
  const exit: Promise<ProcessExit> = run.exited.then((status) => {
    exited = true;
    stdin.end();
    stdout.close();
    stderr.close();
    return { code: status.code, signal: status.signal };
  });
  return {
    pid,
    stdin: new WritableStream<Uint8Array>({
      write(chunk) {
        // a dead process drops what it is sent, as a closed pipe would
        if (!exited) stdin.push(chunk);
      },
      close() {
        stdin.end();
      },
      abort() {
        stdin.end();
      },
    }),
    stdout: stdout.readable,
    stderr: stderr.readable,
    exited: exit,
    kill(signal = "SIGTERM") {
      run.signal(signal);
    },
  };
}

/** stdin as an async iterable the core reads, fed by the child's WritableStream. */
function chunkQueue() {
  const chunks: Uint8Array[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(chunk: Uint8Array) {
      chunks.push(chunk);
      notify();
    },
    end() {
      ended = true;
      notify();
    },
    iterable: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (chunks.length) yield chunks.shift()!;
          else if (ended) return;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    },
  };
}

/**
 * stdout or stderr: text in, bytes out. Like a pipe, 64 KiB can wait unread; beyond that stdout writes wait for the
 * reader (backpressure). stderr never waits: many callers never read it, and the real CLI writes little there.
 */
function outputPipe(backpressure: boolean) {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let drained: Array<() => void> = [];
  let closed = false;
  const release = () => {
    const waiting = drained;
    drained = [];
    for (const resolve of waiting) resolve();
  };
  const readable = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    pull() {
      release();
    },
    cancel() {
      closed = true;
      release();
    },
  }, { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength });
  return {
    readable,
    async write(text: string) {
      if (closed) return;
      controller.enqueue(encoder.encode(text));
      if (backpressure && (controller.desiredSize ?? 1) <= 0) {
        await new Promise<void>((resolve) => drained.push(resolve));
      }
    },
    close() {
      if (closed) return;
      closed = true;
      controller.close();
      release();
    },
  };
}
