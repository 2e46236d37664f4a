/**
 * The members of the `Deno` global that the Deno adapter uses, and only those, as Hono's adapters declare theirs.
 * `tsc` (Node's types) knows no `Deno`; `deno check` knows the real one, and reading the global through
 * `globalThis as { Deno?: DenoGlobal }` makes it compare the two, so these shapes cannot drift from Deno's own.
 * Interfaces, not a `declare namespace Deno`: nothing here touches the global scope, so nothing clashes with the
 * real namespace and JSR has no global augmentation to refuse.
 * @module
 */

/** `Deno`, as far as the adapter reads it. */
export interface DenoGlobal {
  readonly env: {
    get(key: string): string | undefined;
    toObject(): Record<string, string>;
  };
  readonly build: {
    /** `"linux"`, `"darwin"`, `"windows"`... */
    readonly os: string;
    /** `"x86_64"` or `"aarch64"`. */
    readonly arch: string;
    /** The target's C library or ABI (`"gnu"`, `"musl"`), when it has one. */
    readonly env?: string;
  };
  cwd(): string;
  /** kill(2): a negative pid signals that process group. */
  kill(pid: number, signal: "SIGTERM" | "SIGKILL" | "SIGINT"): void;
  /** Keeps a timer from holding the process open. */
  unrefTimer(id: number): void;
  readonly Command: new (command: string, options: DenoCommandOptions) => DenoCommand;
  open(path: string, options: { read: true }): Promise<DenoFsFile>;
  stat(path: string): Promise<DenoFileInfo>;
  statSync(path: string): DenoFileInfo;
  readDir(path: string): AsyncIterable<DenoDirEntry>;
  realPath(path: string): Promise<string>;
  readonly SeekMode: { readonly Start: number };
}

/** `Deno.CommandOptions`, as the process adapter fills them: every pipe piped, the environment given whole. */
export interface DenoCommandOptions {
  args: string[];
  cwd?: string;
  env: Record<string, string>;
  clearEnv: boolean;
  stdin: "piped";
  stdout: "piped";
  stderr: "piped";
  /** setsid(2) in the child: a process group (and session) of its own. */
  detached?: boolean;
}

/** `Deno.Command`. */
export interface DenoCommand {
  spawn(): DenoChildProcess;
}

/** `Deno.ChildProcess`, spawned with every pipe piped. */
export interface DenoChildProcess {
  readonly pid: number;
  readonly stdin: WritableStream<Uint8Array>;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly status: Promise<DenoCommandStatus>;
  /** Throws once the child has exited. */
  kill(signal?: "SIGTERM" | "SIGKILL" | "SIGINT"): void;
}

/** `Deno.CommandStatus`: `code` is meaningless when a signal ended the child. */
export interface DenoCommandStatus {
  readonly code: number;
  readonly signal: string | null;
}

/** `Deno.FsFile`, opened for reading. */
export interface DenoFsFile {
  /** The bytes read, or null at end of file. */
  read(buffer: Uint8Array): Promise<number | null>;
  seek(offset: number, whence: number): Promise<number>;
  stat(): Promise<DenoFileInfo>;
  close(): void;
}

/** `Deno.FileInfo`. */
export interface DenoFileInfo {
  readonly size: number;
  readonly mtime: Date | null;
  readonly birthtime: Date | null;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  /** Null on Windows. */
  readonly mode: number | null;
}

/** `Deno.DirEntry`. */
export interface DenoDirEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}
