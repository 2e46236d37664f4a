/**
 * The members of the `Bun` global that the Bun adapter uses, and only those, as Hono's adapters declare theirs.
 * Neither `tsc` (Node's types) nor `deno check` knows `Bun`; the adapter reads the global through
 * `globalThis as { Bun?: BunGlobal }`. Interfaces, not a `declare const Bun`: nothing here touches the global
 * scope, so nothing clashes with `bun-types` where it is loaded, and JSR has no global augmentation to refuse.
 * @module
 */

/** `Bun`, as far as the adapter reads it. */
export interface BunGlobal {
  /** The same object as `process.env`. */
  readonly env: Record<string, string | undefined>;
  spawn(options: BunSpawnOptions): BunSubprocess;
  file(path: string): BunFile;
}

/** The options of `Bun.spawn`, as the process adapter fills them: every pipe a pipe, the environment given whole. */
export interface BunSpawnOptions {
  cmd: string[];
  cwd?: string;
  env: Record<string, string>;
  stdin: "pipe";
  stdout: "pipe";
  stderr: "pipe";
  /** setsid(2) in the child: a process group (and session) of its own. */
  detached?: boolean;
}

/** `Bun.Subprocess`, spawned with every pipe a pipe. */
export interface BunSubprocess {
  readonly pid: number;
  readonly stdin: BunFileSink;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  /** Resolves with the exit code once the child has exited. */
  readonly exited: Promise<number>;
  /** Null while running, and when a signal ended the child. */
  readonly exitCode: number | null;
  /** The signal that ended the child, such as `"SIGTERM"`; null while running and after a normal exit. */
  readonly signalCode: string | null;
  kill(signal?: "SIGTERM" | "SIGKILL" | "SIGINT"): void;
}

/** `Bun.FileSink`: buffered writes to a pipe. */
export interface BunFileSink {
  /** Buffers the chunk; returns the bytes buffered. */
  write(chunk: Uint8Array): number;
  /** A promise while the pipe is full. */
  flush(): number | Promise<number>;
  end(error?: Error): number | Promise<number>;
}

/** `Bun.BunFile`: a lazy `Blob` over a path. */
export interface BunFile {
  slice(begin: number, end: number): BunFile;
  bytes(): Promise<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
}
