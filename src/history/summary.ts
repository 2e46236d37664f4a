/**
 * A session's title and listing facts, by id.
 * @module
 */
import { resolveHistory } from "./history_options.ts";
import { locateSession, unreadable } from "./find_session.ts";
import type { SessionLookupOptions } from "./read_session.ts";
import type { SessionInfo } from "./session_info.ts";
import { readSessionInfo } from "./session_info.ts";

/**
 * The listing facts of one session (title, first prompt, cwd, branch, times, size), read from the ends of its
 * file; null when the file holds no entry. `SESSION_NOT_FOUND` for an unknown id.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const info = await history.sessionInfo("54a3d2bf-b4ea-41dc-afb7-8c0fd6ef17ec", { configDir: "/tmp/claude" });
 * console.log(info?.customTitle);
 * ```
 */
export async function sessionInfo(sessionId: string, options: SessionLookupOptions = {}): Promise<SessionInfo | null> {
  const history = await resolveHistory(options);
  const location = await locateSession(sessionId, history, options);
  try {
    return (await readSessionInfo(history.files, location)).info;
  } catch (error) {
    throw unreadable(location.path, error);
  }
}

/**
 * The session's title: its custom title, else its AI title or a summary of its own (one whose `leafUuid` names an
 * entry of its file: older CLIs also wrote other sessions' summaries there), else its first prompt; null when it has
 * none. Only its own file is read: a summary of it written into another session's file titles it in `listSessions`.
 * `SESSION_NOT_FOUND` for an unknown id.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * console.log(await history.summary("54a3d2bf-b4ea-41dc-afb7-8c0fd6ef17ec", { configDir: "/tmp/claude" }));
 * ```
 */
export async function summary(sessionId: string, options: SessionLookupOptions = {}): Promise<string | null> {
  return (await sessionInfo(sessionId, options))?.title ?? null;
}
