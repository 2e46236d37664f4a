/**
 * The ports between claude-stream and its host runtime. Only `src/runtime/` implements them,
 * one adapter per runtime; every other layer receives them, so nothing else names `Deno`, `Bun` or `node:*`.
 * @module
 */

/** How a child process ended. */
export interface ProcessExit {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  /** Signal name such as `"SIGTERM"`, or null. */
  signal: string | null;
}

/** What is needed to start a process. */
export interface SpawnOptions {
  /** Working directory; the parent's when absent. */
  cwd?: string;
  /** The complete environment of the child (not merged by the adapter). */
  env: Record<string, string>;
  /**
   * Start the child as the leader of a process group of its own (POSIX; ignored on Windows): `kill()` then signals
   * the whole group, and once the child has exited, what is left of its group (the processes it started, such as
   * MCP servers) gets SIGTERM, then SIGKILL after a grace period, so none outlives it.
   */
  processGroup?: boolean;
}

/**
 * A running child process with Web streams for its pipes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultProcessAdapter } from "./current.ts";
 * const adapter = await defaultProcessAdapter();
 * const child = adapter.spawn("echo", ["hi"], { env: { PATH: "/usr/bin:/bin" } });
 * assert.equal(await new Response(child.stdout).text(), "hi\n");
 * assert.deepEqual(await child.exited, { code: 0, signal: null });
 * ```
 */
export interface ChildProcess {
  /** OS process id, when the runtime knows it. */
  readonly pid: number | undefined;
  /** The child's stdin; writes wait for the pipe to drain (backpressure). */
  readonly stdin: WritableStream<Uint8Array>;
  /** The child's stdout bytes. */
  readonly stdout: ReadableStream<Uint8Array>;
  /** The child's stderr bytes. */
  readonly stderr: ReadableStream<Uint8Array>;
  /** Resolves once the process has exited. */
  readonly exited: Promise<ProcessExit>;
  /** Send a signal (default `"SIGTERM"`); a no-op once exited. */
  kill(signal?: "SIGTERM" | "SIGKILL" | "SIGINT"): void;
}

/**
 * Starts child processes. `spawn` throws `ClaudeCodeError` `CLI_NOT_FOUND` when the command
 * cannot be found or executed.
 *
 * @example
 * ```ts
 * import type { ProcessAdapter } from "@claude-stream/sdk";
 * const adapter: ProcessAdapter = { spawn(command, args, options) { throw new Error("offline"); } };
 * ```
 */
export interface ProcessAdapter {
  /** Start `command` with `args`. */
  spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess;
}

/** One entry of a directory listing. */
export interface DirEntry {
  /** The entry's name, without its folder. */
  name: string;
  /** A regular file (a symbolic link is neither a file nor a directory here). */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
}

/** File metadata. */
export interface FileInfo {
  /** Size in bytes. */
  size: number;
  /** Last modification, ms since the epoch. */
  mtimeMs: number;
  /** Creation time when the file system records it, else null. */
  birthtimeMs: number | null;
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
}

/**
 * Read-only file access, as the history layer needs it. Missing paths reject with an error whose
 * `code` is `"ENOENT"`; permission problems with `"EACCES"`.
 *
 * @example
 * ```ts
 * import { defaultFileAdapter } from "./current.ts";
 * const files = await defaultFileAdapter();
 * console.log((await files.stat("/etc/hostname")).size);
 * ```
 */
export interface FileAdapter {
  /** Stream a whole file. */
  readStream(path: string): ReadableStream<Uint8Array>;
  /** Read up to `length` bytes at `offset` (fewer at end of file). */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Metadata of a path (follows symlinks). */
  stat(path: string): Promise<FileInfo>;
  /** Entries of a directory. */
  readDir(path: string): Promise<DirEntry[]>;
  /** The canonical absolute path (symlinks resolved). */
  realPath(path: string): Promise<string>;
  /**
   * The first and last `length` bytes of a file and its metadata, with one open: what a listing needs
   * without reading the whole file. When the file is not longer than `length`, `head` is the whole file
   * and `tail` is empty.
   */
  readEnds(path: string, length: number): Promise<FileEnds>;
}

/** The two ends of a file, as {@link FileAdapter.readEnds} returns them. */
export interface FileEnds {
  /** Up to `length` bytes from the start. */
  head: Uint8Array;
  /** Up to `length` bytes before the end, not overlapping `head`; empty when `head` is the whole file. */
  tail: Uint8Array;
  /** Metadata of the file, read from the same open handle. */
  info: FileInfo;
}

/**
 * The host's operating system and CPU in Node's spelling (`process.platform`, `process.arch`), and its C library:
 * what picks the native binary of a package that ships one per platform, as the CLI's npm package does.
 *
 * @example
 * ```ts
 * import { currentRuntime } from "./current.ts";
 * const { os, arch, musl } = (await currentRuntime()).platform();
 * console.log(`${os}-${arch}${musl ? "-musl" : ""}`); // "linux-x64"
 * ```
 */
export interface HostPlatform {
  /** `"linux"`, `"darwin"`, `"win32"`, `"freebsd"`, `"android"`... */
  readonly os: string;
  /** `"x64"`, `"arm64"`... */
  readonly arch: string;
  /** Linux with musl libc (Alpine) rather than glibc; false elsewhere. */
  readonly musl: boolean;
}

/**
 * The host: environment, home directory, platform, and the two ports.
 *
 * @example
 * ```ts
 * import { currentRuntime } from "./current.ts";
 * const runtime = await currentRuntime();
 * console.log(runtime.name, runtime.env("HOME"));
 * ```
 */
export interface Runtime {
  /** `"deno"`, `"bun"` or `"node"`. */
  readonly name: "deno" | "bun" | "node";
  /** One environment variable. */
  env(name: string): string | undefined;
  /** A copy of the whole environment. */
  envObject(): Record<string, string>;
  /** The user's home directory. */
  homeDir(): string;
  /** The current working directory. */
  cwd(): string;
  /** The operating system, CPU and C library; read once, on first call. */
  platform(): HostPlatform;
  /** Process spawning. */
  readonly processes: ProcessAdapter;
  /** File access. */
  readonly files: FileAdapter;
}
