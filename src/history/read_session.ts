/**
 * Every entry of a session file.
 * @module
 */
import { ClaudeCodeError } from "../errors.ts";
import type { HistoryOptions, ResolvedHistory } from "./history_options.ts";
import { resolveHistory } from "./history_options.ts";
import { locateSession, unreadable } from "./find_session.ts";
import { forEachEntry } from "./read_entries.ts";
import type { SessionEntry } from "./session_entry.ts";

/** Options of the functions that read one session. */
export interface SessionLookupOptions extends HistoryOptions {
  /** The session's cwd: its folder is searched first, before every project. */
  projectPath?: string | undefined;
}

/**
 * Every entry of a session, in file order, typed by kind; unknown kinds are kept whole. Corrupt lines are reported
 * through `onError` and skipped. `SESSION_NOT_FOUND` for an unknown id, `UNREADABLE_HISTORY` when the file
 * cannot be read.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const entries = await history.readSession("8ec596a5-375c-46da-9f57-4c8b183c77bc", { configDir: "/tmp/claude" });
 * console.log(entries.filter((entry) => entry.type === "last-prompt").length);
 * ```
 */
export async function readSession(sessionId: string, options: SessionLookupOptions = {}): Promise<SessionEntry[]> {
  const history = await resolveHistory(options, options.projectPath);
  const { path } = await locateSession(sessionId, history, options);
  return await readEntriesOf(history, path);
}

/**
 * All entries of one file; a read failure becomes `UNREADABLE_HISTORY`.
 *
 * @example
 * ```ts
 * import { readEntriesOf } from "./read_session.ts";
 * import { resolveHistory } from "./history_options.ts";
 * const entries = await readEntriesOf(await resolveHistory({ configDir: "/tmp/c" }), "/tmp/c/projects/-p/s.jsonl");
 * ```
 */
export async function readEntriesOf(history: ResolvedHistory, path: string): Promise<SessionEntry[]> {
  const entries: SessionEntry[] = [];
  await readFileReported(
    history,
    path,
    (stream) => forEachEntry(stream, (entry) => entries.push(entry), { path, onError: history.onError }),
  );
  return entries;
}

/**
 * Runs `read` over a file's stream, turning host failures (`ENOENT`, `EACCES`, `EISDIR`...) into `UNREADABLE_HISTORY`.
 *
 * @example
 * ```ts
 * import { readFileReported } from "./read_session.ts";
 * import { resolveHistory } from "./history_options.ts";
 * const text = await readFileReported(await resolveHistory(), "/etc/hostname", (stream) => new Response(stream).text());
 * ```
 */
export async function readFileReported<T>(
  history: ResolvedHistory,
  path: string,
  read: (stream: ReadableStream<Uint8Array>) => Promise<T>,
): Promise<T> {
  try {
    return await read(history.files.readStream(path));
  } catch (error) {
    if (error instanceof ClaudeCodeError) throw error;
    throw unreadable(path, error);
  }
}
