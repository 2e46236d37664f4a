/**
 * The session listing of a store's project: from the summaries the store keeps beside each transcript when it has
 * `listSessionSummaries()` (one call, no transcript loaded), else from the entries through the store view, with the
 * same code as a listing of files.
 * @module
 */
import { invalidOptionError } from "../error_constructors.ts";
import type { FileInfo } from "../runtime/types.ts";
import type { SessionSummaryEntry } from "../store/session_store.ts";
import type { ArchiveMark } from "./archive_mark.ts";
import { readArchiveMark } from "./archive_mark.ts";
import { codeOf } from "./find_session.ts";
import type { ResolvedHistory, StoreScope } from "./history_options.ts";
import { joinPath } from "./history_options.ts";
import { mapParallel, PARALLEL_READS } from "./map_parallel.ts";
import type { SessionFacts } from "./session_facts.ts";
import { infoFromFacts, readSessionFacts } from "./session_facts.ts";
import type { SessionInfo } from "./session_info.ts";
import { storeFiles } from "./store_files.ts";
import { summariesByLeaf } from "./summary_owner.ts";

/** A session whose entries were read. */
interface Read {
  where: { sessionId: string; path: string; projectDir: string };
  facts: SessionFacts;
  file: FileInfo;
  mark: ArchiveMark | undefined;
}

/**
 * The sessions of `scope`'s project, newest first (by the store's write time). A summary is used when it is as new
 * as the transcript's last write (`listSessions()` says when, if the store has it), no archive mark says the session
 * is archived, and the project has no `summary` entries of CLIs before 2.0; any other session is read from its entries. `size` is null: there is no file. `INVALID_OPTION` (`sessionStore`) for a store that can list nothing; a
 * failing store rejects (nothing is skipped silently).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionStore } from "@claude-stream/sdk";
 * import { resolveHistory } from "./history_options.ts";
 * import { listStoreSessions } from "./list_store_sessions.ts";
 * const store = new InMemorySessionStore();
 * await store.append({ projectKey: "p", sessionId: "s1" }, [
 *   { type: "user", uuid: "u1", timestamp: "2026-01-01T10:00:00.000Z", message: { role: "user", content: "Plan a trip" } },
 * ]);
 * const history = await resolveHistory({ sessionStore: store, projectKey: "p" });
 * const [session] = await listStoreSessions(history, history.store!);
 * assert.equal(session?.title, "Plan a trip");
 * ```
 */
export async function listStoreSessions(history: ResolvedHistory, scope: StoreScope): Promise<SessionInfo[]> {
  const { store, projectKey } = scope;
  if (store.listSessions === undefined && store.listSessionSummaries === undefined) {
    throw invalidOptionError(
      "sessionStore",
      "listing the sessions of a sessionStore needs its listSessions() or listSessionSummaries()",
    );
  }
  const [listed, summaries] = await Promise.all([
    store.listSessions?.(projectKey),
    store.listSessionSummaries?.(projectKey),
  ]);
  const mtimes = new Map((listed ?? summaries ?? []).map((session) => [session.sessionId, session.mtime]));
  const fresh = new Map<string, SessionSummaryEntry>();
  // A `summary` entry (CLIs before 2.0) may title another session of the project, which only the entries tell (see
  // summary_owner.ts): a project that has one is listed from its entries.
  const legacy = summaries?.some((summary) => typeof summary.data.summaryHint === "string") ?? false;
  for (const summary of legacy ? [] : summaries ?? []) {
    const mtime = mtimes.get(summary.sessionId);
    if (mtime !== undefined && summary.mtime >= mtime) fresh.set(summary.sessionId, summary);
  }
  const files = storeFiles(store, projectKey, mtimes);
  const projectDir = joinPath(history.projectsDir, projectKey);
  const found = await mapParallel([...mtimes.keys()], PARALLEL_READS, async (sessionId) => {
    const where = { sessionId, path: joinPath(projectDir, `${sessionId}.jsonl`), projectDir };
    const mark = await readArchiveMark(files, projectDir, sessionId);
    const summary = fresh.get(sessionId);
    // an archived session is unarchived by a later prompt: that is in the entries
    if (summary !== undefined && mark?.archived !== true) return infoFromSummary(summary, where, mtimes, mark);
    try {
      const { facts, ends } = await readSessionFacts(files, where.path);
      return facts.entries === 0 ? null : { where, facts, file: ends.info, mark };
    } catch (error) {
      if (codeOf(error) === "ENOENT") return null; // listed, then deleted (or never written to): not a session
      throw error;
    }
  });
  const read = found.filter((item): item is Read => item !== null && "facts" in item);
  // as in a listing of files: a legacy summary written into one transcript may title another
  const project = summariesByLeaf([...read].sort((a, b) => a.file.mtimeMs - b.file.mtimeMs).map((item) => item.facts));
  const sessions = found.flatMap((item): SessionInfo[] => {
    if (item === null) return [];
    if (!("facts" in item)) return [item];
    const info = infoFromFacts(item.facts, item.file, item.where, project, item.mark);
    return info === null ? [] : [{ ...info, size: null }];
  });
  return sessions.sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime());
}

/**
 * A listing entry from a store's summary (its `data` as `foldSessionSummary` folds it): the title is the custom title,
 * else the AI title, else the first prompt, else the last prompt, as a listing of files.
 */
function infoFromSummary(
  summary: SessionSummaryEntry,
  where: { sessionId: string; path: string; projectDir: string },
  mtimes: ReadonlyMap<string, number>,
  mark: ArchiveMark | undefined,
): SessionInfo {
  const data = summary.data;
  const text = (value: unknown) => typeof value === "string" && value !== "" ? value : null;
  const customTitle = text(data.customTitle);
  const firstPrompt = data.firstPromptLocked === true ? text(data.firstPrompt) : null;
  const modified = mtimes.get(summary.sessionId) ?? summary.mtime;
  const info: SessionInfo = {
    ...where,
    title: customTitle ?? text(data.aiTitle) ?? firstPrompt ?? text(data.lastPrompt),
    customTitle,
    firstPrompt,
    cwd: text(data.cwd),
    gitBranch: text(data.gitBranch),
    tag: text(data.tag),
    createdAt: new Date(typeof data.createdAt === "number" ? data.createdAt : modified),
    modifiedAt: new Date(modified),
    size: null,
  };
  if (mark !== undefined) info.archived = mark.archived; // false here: an archived mark reads the entries
  return info;
}
