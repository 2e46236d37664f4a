/**
 * Locating session files and project folders.
 * @module
 */
import { sessionNotFoundError, unreadableHistoryError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import type { FileAdapter, FileInfo } from "../runtime/types.ts";
import { encodeProjectPath, MAX_PROJECT_DIR_LENGTH } from "./encode_project_path.ts";
import type { HistoryOptions, ResolvedHistory } from "./history_options.ts";
import { joinPath, resolveHistory } from "./history_options.ts";
import { requireString } from "./_arguments.ts";

/** Where a session's file is. */
export interface SessionLocation {
  sessionId: string;
  /** The `<id>.jsonl` file. */
  path: string;
  /** The project folder holding it. */
  projectDir: string;
}

/**
 * The file of a session, by its id alone, across all projects; null when no project has it.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const where = await history.findSession("8ec596a5-375c-46da-9f57-4c8b183c77bc", { configDir: "/tmp/claude" });
 * console.log(where?.path ?? "not found");
 * ```
 */
export async function findSession(sessionId: string, options: HistoryOptions = {}): Promise<SessionLocation | null> {
  requireString(sessionId, "sessionId");
  const history = await resolveHistory(options);
  if (!isSafeName(sessionId)) return null;
  for (const projectDir of await projectDirs(history)) {
    const location = await sessionIn(history.files, projectDir, sessionId);
    if (location !== null) return location;
  }
  return null;
}

/**
 * The session's file, looked up in `projectPath`'s folder first; `SESSION_NOT_FOUND` when it is nowhere.
 *
 * @example
 * ```ts
 * import { locateSession } from "./find_session.ts";
 * import { resolveHistory } from "./history_options.ts";
 * const where = await locateSession("abc", await resolveHistory({ configDir: "/tmp/c" }), { projectPath: "/work/app" });
 * ```
 */
export async function locateSession(
  sessionId: string,
  history: ResolvedHistory,
  options: HistoryOptions & { projectPath?: string | undefined },
): Promise<SessionLocation> {
  requireString(sessionId, "sessionId");
  if (options.projectPath !== undefined && isSafeName(sessionId)) {
    for (const projectDir of await projectDirsFor(history, options.projectPath)) {
      const location = await sessionIn(history.files, projectDir, sessionId);
      if (location !== null) return location;
    }
  }
  const found = await findSession(sessionId, {
    ...fileOptions(options),
    files: history.files,
    configDir: history.configDir,
  });
  if (found !== null) return found;
  throw sessionNotFoundError(`no session file for ${sessionId} under ${history.projectsDir}`, { sessionId });
}

/**
 * Every project folder under `projects/`; none when it does not exist. Unreadable: reported, none.
 *
 * @example
 * ```ts
 * import { projectDirs } from "./find_session.ts";
 * import { resolveHistory } from "./history_options.ts";
 * console.log(await projectDirs(await resolveHistory({ configDir: "/tmp/c" })));
 * ```
 */
export async function projectDirs(history: ResolvedHistory): Promise<string[]> {
  const entries = await readDirReported(history, history.projectsDir);
  return entries.filter((entry) => entry.isDirectory).map((entry) => joinPath(history.projectsDir, entry.name));
}

/**
 * The folders that can hold `projectPath`'s sessions: its encoded name and that of its real path (the CLI encodes
 * the cwd with symlinks resolved), and for names the CLI cut and hashed, any folder with the same 200-character
 * prefix (a CLI built on another runtime may hash differently).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { projectDirsFor } from "./find_session.ts";
 * import { resolveHistory } from "./history_options.ts";
 * const dirs = await projectDirsFor(await resolveHistory({ configDir: "/tmp/c" }), "/work/app");
 * assert.deepEqual(dirs, ["/tmp/c/projects/-work-app"]);
 * ```
 */
export async function projectDirsFor(history: ResolvedHistory, projectPath: string): Promise<string[]> {
  requireString(projectPath, "projectPath");
  const real = await history.files.realPath(projectPath).catch(() => projectPath);
  const names = [...new Set([encodeProjectPath(projectPath), encodeProjectPath(real)])];
  const dirs = names.map((name) => joinPath(history.projectsDir, name));
  const long = names.filter((name) => name.length > MAX_PROJECT_DIR_LENGTH);
  if (long.length === 0) return dirs;
  const prefixes = long.map((name) => name.slice(0, MAX_PROJECT_DIR_LENGTH + 1));
  const others = (await readDirReported(history, history.projectsDir))
    .filter((entry) =>
      entry.isDirectory && !names.includes(entry.name) && prefixes.some((p) => entry.name.startsWith(p))
    )
    .map((entry) => joinPath(history.projectsDir, entry.name));
  return [...dirs, ...others];
}

/**
 * A directory's entries; a missing directory is empty, any other failure is reported and empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readDirReported } from "./find_session.ts";
 * import { resolveHistory } from "./history_options.ts";
 * assert.deepEqual(await readDirReported(await resolveHistory({ configDir: "/tmp/c" }), "/tmp/c/missing"), []);
 * ```
 */
export async function readDirReported(history: ResolvedHistory, path: string) {
  try {
    return await history.files.readDir(path);
  } catch (error) {
    if (codeOf(error) !== "ENOENT") history.onError(unreadable(path, error));
    return [];
  }
}

/**
 * A `UNREADABLE_HISTORY` error for a path, keeping the host's code (`EACCES`, `EISDIR`...).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unreadable } from "./find_session.ts";
 * assert.equal(unreadable("/x.jsonl", Object.assign(new Error("denied"), { code: "EACCES" })).details.osCode, "EACCES");
 * ```
 */
export function unreadable(path: string, cause: unknown): ClaudeCodeError<"UNREADABLE_HISTORY"> {
  return unreadableHistoryError(path, codeOf(cause), cause);
}

/**
 * The `code` of a host error (`ENOENT`...), if any.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { codeOf } from "./find_session.ts";
 * assert.equal(codeOf(Object.assign(new Error("gone"), { code: "ENOENT" })), "ENOENT");
 * ```
 */
export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * What is at a session file's path: its info when it is a regular file (links followed), null when nothing is there,
 * and `UNREADABLE_HISTORY` when it is something else (a directory: `EISDIR`; a FIFO or a device: `EFTYPE`, which is
 * never opened, since reading a FIFO can block for ever) or cannot be looked at (`EACCES`...).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sessionFileAt } from "./find_session.ts";
 * import { defaultFileAdapter } from "../runtime/current.ts";
 * assert.equal(await sessionFileAt(await defaultFileAdapter(), "/tmp/c/projects/-p/missing.jsonl"), null);
 * ```
 */
export async function sessionFileAt(files: FileAdapter, path: string): Promise<FileInfo | null> {
  let info: FileInfo;
  try {
    info = await files.stat(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw unreadable(path, error);
  }
  if (info.isFile) return info;
  const [code, what] = info.isDirectory ? ["EISDIR", "a directory"] : ["EFTYPE", "not a regular file"];
  throw unreadable(path, Object.assign(new Error(`${path} is ${what}`), { code }));
}

async function sessionIn(files: FileAdapter, projectDir: string, sessionId: string): Promise<SessionLocation | null> {
  const path = joinPath(projectDir, `${sessionId}.jsonl`);
  return (await sessionFileAt(files, path)) === null ? null : { sessionId, path, projectDir };
}

/** The options without the store: `files` is already the store's view when one was given. */
function fileOptions(options: HistoryOptions): HistoryOptions {
  const { sessionStore: _store, projectKey: _key, ...rest } = options;
  return rest;
}

/**
 * Whether a session id can name a file: not empty, no separator or NUL, not `.` or `..` (nothing that could leave the
 * folder).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSafeName } from "./find_session.ts";
 * assert.equal(isSafeName("8ec596a5-375c-46da-9f57-4c8b183c77bc"), true);
 * assert.equal(isSafeName("../x"), false);
 * ```
 */
export function isSafeName(sessionId: string): boolean {
  return sessionId !== "" && !/[\\/\0]/.test(sessionId) && sessionId !== "." && sessionId !== "..";
}
