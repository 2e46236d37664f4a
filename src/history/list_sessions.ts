/**
 * Session listings from the head and tail of each file.
 * @module
 */
import type { HistoryOptions, ResolvedHistory } from "./history_options.ts";
import { joinPath, resolveHistory } from "./history_options.ts";
import { requireString } from "./_arguments.ts";
import { projectDirs, projectDirsFor, readDirReported, sessionFileAt, unreadable } from "./find_session.ts";
import type { SessionInfo } from "./session_info.ts";
import type { SessionFacts } from "./session_facts.ts";
import { infoFromFacts, readSessionFacts } from "./session_facts.ts";
import { summariesByLeaf } from "./summary_owner.ts";
import { corruptHistoryError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import type { FileInfo } from "../runtime/types.ts";
import type { ArchiveMark } from "./archive_mark.ts";
import { readArchiveMark } from "./archive_mark.ts";
import { listStoreSessions } from "./list_store_sessions.ts";
import { mapParallel, PARALLEL_READS } from "./map_parallel.ts";

/**
 * The sessions of one project (by its cwd), or of all projects when `projectPath` is omitted, newest first.
 * Each file is read at its two ends only (16 KiB each, 256 KiB when the head holds no typed prompt, and on from the
 * head up to 4 MiB while it holds none). A session's title may be a summary written into another file of its project,
 * as older CLIs did: a summary titles the session whose file holds the entry its `leafUuid` names. Subagent
 * transcripts are not sessions. A file that cannot be read or holds no entry is reported through `onError` and left out.
 * With `sessionStore`, the sessions of the store's project (`projectKey`, else `projectPath`'s or the cwd's encoded
 * path): from the summaries the store keeps when it has `listSessionSummaries()`, else read from its entries.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * for (const session of await history.listSessions("/home/dev/work/proj", { configDir: "/tmp/claude" })) {
 *   console.log(session.sessionId, session.title, session.modifiedAt.toISOString());
 * }
 * ```
 */
export async function listSessions(projectPath?: string, options: HistoryOptions = {}): Promise<SessionInfo[]> {
  if (projectPath !== undefined) requireString(projectPath, "projectPath");
  const history = await resolveHistory(options, projectPath);
  if (history.store !== undefined) return await listStoreSessions(history, history.store);
  const dirs = projectPath === undefined ? await projectDirs(history) : await projectDirsFor(history, projectPath);
  const sessions: SessionInfo[] = [];
  for (const dir of dirs) sessions.push(...await sessionsIn(history, dir));
  return sessions.sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime());
}

/**
 * The listing of one project folder, in no particular order.
 *
 * @example
 * ```ts
 * import { sessionsIn } from "./list_sessions.ts";
 * import { resolveHistory } from "./history_options.ts";
 * const sessions = await sessionsIn(await resolveHistory({ configDir: "/tmp/c" }), "/tmp/c/projects/-work-app");
 * ```
 */
export async function sessionsIn(history: ResolvedHistory, projectDir: string): Promise<SessionInfo[]> {
  const entries = await readDirReported(history, projectDir);
  const names = sessionFileNames(entries);
  // A link to a session file is one; anything else under a session file's name (a directory, a FIFO) is reported.
  for (const entry of entries.filter((entry) => !entry.isFile && isSessionFileName(entry.name))) {
    try {
      if (await sessionFileAt(history.files, joinPath(projectDir, entry.name)) !== null) names.push(entry.name);
    } catch (error) {
      history.onError(error as ClaudeCodeError<"UNREADABLE_HISTORY">);
    }
  }
  // Only a session with a folder of its own can have an archive mark in it.
  const folders = new Set(entries.filter((entry) => entry.isDirectory).map((entry) => entry.name));
  const read = (await mapParallel(names, PARALLEL_READS, (name) => readFacts(history, projectDir, name, folders)))
    .filter((file): file is FileFacts => file !== null);
  return settleTitles(read);
}

/**
 * The listing of files read: older CLIs wrote summaries of other sessions into the running session's file, so titles
 * are settled across the files once every one is read; oldest file first, so that the newest summary of a leaf wins.
 */
function settleTitles(read: FileFacts[]): SessionInfo[] {
  const project = summariesByLeaf([...read].sort((a, b) => a.file.mtimeMs - b.file.mtimeMs).map((file) => file.facts));
  return read.map((file) => infoFromFacts(file.facts, file.file, file.where, project, file.mark)!);
}

/**
 * Session file names of a project folder: `*.jsonl` files, not the `agent-*` transcripts older CLIs kept there.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sessionFileNames } from "./list_sessions.ts";
 * assert.deepEqual(sessionFileNames([{ name: "a.jsonl", isFile: true }, { name: "agent-1.jsonl", isFile: true }]), ["a.jsonl"]);
 * ```
 */
export function sessionFileNames(entries: { name: string; isFile: boolean }[]): string[] {
  return entries.filter((entry) => entry.isFile && isSessionFileName(entry.name)).map((entry) => entry.name);
}

function isSessionFileName(name: string): boolean {
  return name.endsWith(".jsonl") && !name.startsWith("agent-");
}

/** What was read of one session file that holds entries. */
interface FileFacts {
  where: { sessionId: string; path: string; projectDir: string };
  facts: SessionFacts;
  file: FileInfo;
  mark: ArchiveMark | undefined;
}

async function readFacts(
  history: ResolvedHistory,
  projectDir: string,
  name: string,
  folders: ReadonlySet<string>,
): Promise<FileFacts | null> {
  const path = joinPath(projectDir, name);
  const where = { sessionId: name.slice(0, -".jsonl".length), path, projectDir };
  let read;
  try {
    read = await readSessionFacts(history.files, path);
  } catch (error) {
    history.onError(unreadable(path, error));
    return null;
  }
  const { facts, ends } = read;
  if (facts.entries === 0) {
    const reason = ends.info.size === 0 ? "empty-file" : "no-entries";
    history.onError(corruptHistoryError({ path, reason }));
    return null;
  }
  const mark = folders.has(where.sessionId)
    ? await readArchiveMark(history.files, projectDir, where.sessionId)
    : undefined;
  return { where, facts, file: ends.info, mark };
}
