/**
 * A session's title and listing facts, by id.
 * @module
 */
import type { ResolvedHistory } from "./history_options.ts";
import { resolveHistory } from "./history_options.ts";
import type { SessionLocation } from "./find_session.ts";
import { locateSession, unreadable } from "./find_session.ts";
import type { SessionLookupOptions } from "./read_session.ts";
import type { SessionInfo } from "./session_info.ts";
import { readArchiveMark } from "./archive_mark.ts";
import { infoFromFacts, readSessionFacts } from "./session_facts.ts";

/**
 * The listing facts of one session (title, first prompt, cwd, branch, tag, archived, times, size), read from the ends
 * of its file; null when the file holds no entry. With `sessionStore`, read from the store's entries instead (the
 * same facts; `size` null, `modifiedAt` the store's last write). `SESSION_NOT_FOUND` for an unknown id.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const info = await history.sessionInfo("54a3d2bf-b4ea-41dc-afb7-8c0fd6ef17ec", { configDir: "/tmp/claude" });
 * console.log(info?.customTitle);
 * ```
 */
export async function sessionInfo(sessionId: string, options: SessionLookupOptions = {}): Promise<SessionInfo | null> {
  const history = await resolveHistory(options, options.projectPath);
  const location = await locateSession(sessionId, history, options);
  try {
    return await infoAt(history, location);
  } catch (error) {
    throw unreadable(location.path, error);
  }
}

/**
 * The listing facts of the session at `location`, its archive mark included; host errors are passed on.
 *
 * @example
 * ```ts
 * import { infoAt } from "./summary.ts";
 * import { resolveHistory } from "./history_options.ts";
 * const where = { sessionId: "s", path: "/tmp/c/projects/-p/s.jsonl", projectDir: "/tmp/c/projects/-p" };
 * const info = await infoAt(await resolveHistory({ configDir: "/tmp/c" }), where).catch(() => null);
 * ```
 */
export async function infoAt(history: ResolvedHistory, location: SessionLocation): Promise<SessionInfo | null> {
  const { facts, ends } = await readSessionFacts(history.files, location.path);
  const mark = await readArchiveMark(history.files, location.projectDir, location.sessionId);
  const info = infoFromFacts(facts, ends.info, location, undefined, mark);
  return info !== null && history.store !== undefined ? { ...info, size: null } : info;
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
