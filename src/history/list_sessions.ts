/**
 * Session listings from the head and tail of each file.
 * @module
 */
import type { HistoryOptions, ResolvedHistory } from "./history_options.ts";
import { joinPath, resolveHistory } from "./history_options.ts";
import { projectDirs, projectDirsFor, readDirReported, unreadable } from "./find_session.ts";
import type { SessionInfo } from "./session_info.ts";
import { readSessionInfo } from "./session_info.ts";
import { ClaudeCodeError } from "../errors.ts";

/** Files read at once while listing. */
const PARALLEL_READS = 16;

/**
 * The sessions of one project (by its cwd), or of all projects when `projectPath` is omitted, newest first.
 * Each file is read at its two ends only (16 KiB each, 256 KiB when those hold no prompt). Subagent transcripts are not sessions. A file that
 * cannot be read or holds no entry is reported through `onError` and left out.
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
  const history = await resolveHistory(options);
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
  const names = sessionFileNames(await readDirReported(history, projectDir));
  const infos = await mapParallel(names, PARALLEL_READS, (name) => readInfo(history, projectDir, name));
  return infos.filter((info): info is SessionInfo => info !== null);
}

/**
 * Session file names of a project folder: `*.jsonl` files, not the `agent-*` transcripts older CLIs kept there.
 *
 * @example
 * ```ts
 * import { sessionFileNames } from "./list_sessions.ts";
 * sessionFileNames([{ name: "a.jsonl", isFile: true }, { name: "agent-1.jsonl", isFile: true }]); // ["a.jsonl"]
 * ```
 */
export function sessionFileNames(entries: { name: string; isFile: boolean }[]): string[] {
  return entries.filter((entry) => entry.isFile && entry.name.endsWith(".jsonl") && !entry.name.startsWith("agent-"))
    .map((entry) => entry.name);
}

async function readInfo(history: ResolvedHistory, projectDir: string, name: string): Promise<SessionInfo | null> {
  const path = joinPath(projectDir, name);
  const sessionId = name.slice(0, -".jsonl".length);
  let read;
  try {
    read = await readSessionInfo(history.files, { sessionId, path, projectDir });
  } catch (error) {
    history.onError(unreadable(path, error));
    return null;
  }
  const { info, ends } = read;
  if (info === null) {
    const reason = ends.info.size === 0 ? "empty-file" : "no-entries";
    history.onError(new ClaudeCodeError("CORRUPT_HISTORY", `${path} holds no readable entry`, { path, reason }));
  }
  return info;
}

/** `map` with at most `limit` calls in flight, results in input order. */
async function mapParallel<T, R>(items: T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await map(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
