/**
 * The project folders of the history.
 * @module
 */
import type { HistoryOptions, ResolvedHistory } from "./history_options.ts";
import { joinPath, resolveHistory } from "./history_options.ts";
import { projectDirs, readDirReported, unreadable } from "./find_session.ts";
import { sessionFileNames } from "./list_sessions.ts";
import { readSessionInfo } from "./session_info.ts";

/** A project as {@link listProjects} shows it. */
export interface ProjectInfo {
  /** The true working directory, read from the entries of its newest readable session; null when none has one. */
  path: string | null;
  /** The folder under `projects/`. */
  directory: string;
  /** The folder's name (the encoded cwd). */
  name: string;
  /** Number of session files (subagent transcripts not counted). */
  sessionCount: number;
  /** Modification time of its newest session file; null when it has none. */
  lastActivity: Date | null;
}

/**
 * Every project folder with its true cwd, number of sessions and last activity, most recently active first.
 * Only file metadata is read, plus the head of one session per project for its cwd.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * for (const project of await history.listProjects({ configDir: "/tmp/claude" })) {
 *   console.log(project.path, project.sessionCount, project.lastActivity);
 * }
 * ```
 */
export async function listProjects(options: HistoryOptions = {}): Promise<ProjectInfo[]> {
  const history = await resolveHistory(options);
  const projects: ProjectInfo[] = [];
  for (const directory of await projectDirs(history)) projects.push(await projectInfo(history, directory));
  return projects.sort((a, b) => (b.lastActivity?.getTime() ?? 0) - (a.lastActivity?.getTime() ?? 0));
}

async function projectInfo(history: ResolvedHistory, directory: string): Promise<ProjectInfo> {
  const names = sessionFileNames(await readDirReported(history, directory));
  const stamped: { path: string; name: string; mtimeMs: number }[] = [];
  for (const name of names) {
    const path = joinPath(directory, name);
    try {
      stamped.push({ path, name, mtimeMs: (await history.files.stat(path)).mtimeMs });
    } catch (error) {
      history.onError(unreadable(path, error));
    }
  }
  stamped.sort((a, b) => b.mtimeMs - a.mtimeMs);
  return {
    path: await cwdOf(history, directory, stamped),
    directory,
    name: directory.slice(directory.lastIndexOf("/") + 1),
    sessionCount: names.length,
    lastActivity: stamped.length > 0 ? new Date(stamped[0].mtimeMs) : null,
  };
}

/** The cwd recorded in the newest session that has one. */
async function cwdOf(history: ResolvedHistory, projectDir: string, sessions: { path: string; name: string }[]) {
  for (const { path, name } of sessions) {
    try {
      const { info } = await readSessionInfo(history.files, { sessionId: name.slice(0, -6), path, projectDir });
      if (info?.cwd) return info.cwd;
    } catch { /* reported by the stat above or not fatal: try the next session */ }
  }
  return null;
}
