/**
 * The one `CLI_NOT_FOUND` error the three process adapters raise when a spawn fails, with the OS reason
 * (`ENOENT`, `EACCES`, `EISDIR`...) in its message and details. The runtimes disagree on what they say:
 * Deno and Bun throw the errno code at once, Node only emits it on the next tick (so its adapter, which must
 * throw at once, passes none), and the kernel calls a directory `EACCES`. A look at the file settles all three.
 * @module
 */
import { cliNotFoundError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import type { SpawnOptions } from "./types.ts";

/** What a synchronous look at a path shows; null when nothing is there. */
export interface PathProbe {
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
  /** The file may be executed by this process. */
  executable: boolean;
}

/** The host's synchronous path look-up and the `PATH` separator, as each adapter provides them. */
export interface SpawnHost {
  /** The kind of `path`, following symlinks; null when it does not exist (or cannot be looked at). */
  probe(path: string): PathProbe | null;
  /** `":"`, or `";"` on Windows. */
  pathDelimiter: string;
}

/** Errno codes as the OS spells them, and what each one means for a command. */
const MEANINGS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ENOEXEC: "not an executable format",
  ETXTBSY: "the file is being written",
  EAGAIN: "too many processes",
  ENOMEM: "out of memory",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
};

/**
 * The `CLI_NOT_FOUND` error for a `command` that could not be started: `cannot start <command>: <CODE> (<why>)`,
 * with `details.path`, `details.cwd`, `details.osCode` (the errno code, or undefined when nothing tells) and
 * `details.reason`. `osCode` is what the runtime reported, if anything; the look at the file refines it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spawnFailure } from "./spawn_failure.ts";
 * const host = { probe: () => null, pathDelimiter: ":" };
 * const error = spawnFailure("/opt/claude", { env: {} }, "ENOENT", host);
 * assert.equal(error.message, "cannot start /opt/claude: ENOENT (no such file)");
 * ```
 */
export function spawnFailure(
  command: string,
  options: SpawnOptions,
  osCode: string | undefined,
  host: SpawnHost,
  cause?: unknown,
): ClaudeCodeError<"CLI_NOT_FOUND"> {
  const { code, reason } = diagnose(command, options, osCode, host);
  const message = `cannot start ${command}: ${code === undefined ? reason : `${code} (${reason})`}`;
  return cliNotFoundError(message, { path: command, cwd: options.cwd, osCode: code, reason }, cause);
}

/**
 * The errno code a runtime error carries (Deno, Bun and Node all set a string `code` such as `"ENOENT"`), if any.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errnoCode } from "./spawn_failure.ts";
 * assert.equal(errnoCode(Object.assign(new Error("no"), { code: "EACCES" })), "EACCES");
 * ```
 */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}

function diagnose(
  command: string,
  options: SpawnOptions,
  osCode: string | undefined,
  host: SpawnHost,
): { code: string | undefined; reason: string } {
  // Other failures (EAGAIN, ENOMEM...) are not about the file: keep them as they are.
  if (osCode !== undefined && osCode !== "ENOENT" && osCode !== "EACCES") {
    return { code: osCode, reason: MEANINGS[osCode] ?? "the OS refused" };
  }
  // The child changes into its cwd before it executes anything, so a missing cwd fails first, as ENOENT.
  if (options.cwd !== undefined && host.probe(options.cwd)?.isDirectory !== true) {
    return { code: "ENOENT", reason: `the working directory ${options.cwd} does not exist` };
  }
  const searched = !/[\\/]/.test(command);
  const candidates = searched
    ? pathDirs(options.env.PATH, host.pathDelimiter).map((dir) => `${dir}/${command}`)
    : [within(options.cwd, command)];
  for (const candidate of candidates) {
    const found = host.probe(candidate);
    if (found === null) continue;
    // Which file of the PATH search is meant; a path given is already in the message.
    const it = searched || candidate !== command ? candidate : "it";
    // execve says EACCES for a directory too; the directory is what the user has to fix.
    if (found.isDirectory) return { code: "EISDIR", reason: `${it} is a directory` };
    if (!found.executable) return { code: "EACCES", reason: `${it} is not executable (no x permission)` };
    if (osCode === "EACCES") return { code: osCode, reason: MEANINGS.EACCES };
    // A file that may be run but fails with ENOENT names something missing: the interpreter of its #! line or its loader.
    return { code: "ENOENT", reason: `${it} exists, but the interpreter on its #! line or its loader was not found` };
  }
  if (searched) return { code: "ENOENT", reason: `not found on the PATH (${options.env.PATH ?? "unset"})` };
  return { code: "ENOENT", reason: MEANINGS.ENOENT };
}

/** The folders of a `PATH`; an empty entry means the current directory, as for the shell. */
function pathDirs(path: string | undefined, delimiter: string): string[] {
  return path === undefined || path === "" ? [] : path.split(delimiter).map((dir) => dir === "" ? "." : dir);
}

/** A relative command is run from the child's working directory. */
function within(cwd: string | undefined, command: string): string {
  return cwd === undefined || /^([\\/]|[A-Za-z]:)/.test(command) ? command : `${cwd}/${command}`;
}
