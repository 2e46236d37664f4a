/**
 * The options of the functions that change saved sessions (rename, tag, archive, delete, fork), as the official SDK
 * names them, and where a session to change is: its file, or its key in a store.
 * @module
 */
import { invalidOptionError, sessionNotFoundError } from "../error_constructors.ts";
import type { SessionKey } from "../store/session_store.ts";
import { requireString } from "./_arguments.ts";
import type { SessionLocation } from "./find_session.ts";
import { isSafeName, locateSession, projectDirs, projectDirsFor, sessionFileAt } from "./find_session.ts";
import type { ResolvedHistory, StoreScope } from "./history_options.ts";
import { joinPath, resolveHistory } from "./history_options.ts";
import type { SessionLookupOptions } from "./read_session.ts";

/**
 * Options of `renameSession`, `tagSession`, `archiveSession`, `unarchiveSession`, `deleteSession` and `forkSession`:
 * where the history is (`configDir`, `files`), the session's project (`projectPath`, or `dir` as the official SDK
 * calls it), or a store to change instead of the files (`sessionStore`, `projectKey`).
 *
 * @example
 * ```ts
 * import { history, InMemorySessionStore } from "@claude-stream/sdk";
 * const onDisk: history.SessionMutationOptions = { dir: "/work/app", configDir: "/tmp/claude" };
 * const inStore: history.SessionMutationOptions = { sessionStore: new InMemorySessionStore(), projectKey: "tenant-1" };
 * ```
 */
export interface SessionMutationOptions extends SessionLookupOptions {
  /** The official SDK's name for `projectPath`: the session's project directory, searched first. */
  dir?: string | undefined;
}

/**
 * Options of `forkSession`: those of every change, and where to cut and what to call the fork.
 *
 * @example
 * ```ts
 * import type { history } from "@claude-stream/sdk";
 * const options: history.ForkSessionOptions = { upToMessageId: "b7e2c0de-0000-4000-8000-000000000000", title: "Plan B" };
 * ```
 */
export interface ForkSessionOptions extends SessionMutationOptions {
  /**
   * Copy the transcript up to the entry with this `uuid`, inclusive (a message's `uuid` from `history.conversation()`);
   * the whole of it without. A cut inside a compaction (at its `compact_boundary`, or between the boundary and its
   * summary) ends before the boundary; at a compaction summary, the messages that compaction kept after it are left out.
   */
  upToMessageId?: string | undefined;
  /** The fork's title; else the source's title (custom, AI, first prompt) + `" (fork)"`. */
  title?: string | undefined;
}

/**
 * What `forkSession` resolves with.
 *
 * @example
 * ```ts
 * import type { history } from "@claude-stream/sdk";
 * const result: history.ForkSessionResult = { sessionId: "2f1c0a4e-7a8b-4c3d-9e0f-112233445566" };
 * ```
 */
export interface ForkSessionResult {
  /** The new session's id: resume it with `new Session({ resume: sessionId })`. */
  sessionId: string;
}

/** A session to change: its file on disk, or its key in a store. */
export type MutationTarget =
  | { kind: "files"; history: ResolvedHistory; location: SessionLocation; projectPath: string | undefined }
  | { kind: "store"; history: ResolvedHistory; scope: StoreScope; key: SessionKey };

/**
 * Checks a change's arguments and finds the session: in the store, whose key must hold it (else a rename would start
 * a transcript of a session that never was), or its file (`SESSION_NOT_FOUND` when there is none). `INVALID_OPTION`
 * for an id that cannot name a session, options that are not options, and `dir` and `projectPath` that differ.
 *
 * @example
 * ```ts
 * import { InMemorySessionStore } from "@claude-stream/sdk";
 * import { mutationTarget } from "./mutation_options.ts";
 * const store = new InMemorySessionStore();
 * await store.append({ projectKey: "p", sessionId: "s1" }, [{ type: "user", uuid: "u1" }]);
 * const target = await mutationTarget("s1", { sessionStore: store, projectKey: "p" });
 * ```
 */
export async function mutationTarget(sessionId: string, options: SessionMutationOptions = {}): Promise<MutationTarget> {
  const { history, projectPath } = await mutationScope(sessionId, options);
  if (history.store !== undefined) {
    const key = { projectKey: history.store.projectKey, sessionId };
    if (!(await storeHolds(history.store, sessionId))) {
      throw sessionNotFoundError(`no session ${sessionId} in the store's project ${key.projectKey}`, { sessionId });
    }
    return { kind: "store", history, scope: history.store, key };
  }
  const location = await locateSession(sessionId, history, { ...options, projectPath });
  return { kind: "files", history, location, projectPath };
}

/**
 * Where a change to session `sessionId` looks: the history its options name (files or store) and the project path.
 * `INVALID_OPTION` for an id that cannot name a session file, or bad options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mutationScope } from "./mutation_options.ts";
 * const { history, projectPath } = await mutationScope("s1", { configDir: "/tmp/c", dir: "/work/app" });
 * assert.equal(history.projectsDir, "/tmp/c/projects");
 * assert.equal(projectPath, "/work/app");
 * ```
 */
export async function mutationScope(
  sessionId: string,
  options: SessionMutationOptions,
): Promise<{ history: ResolvedHistory; projectPath: string | undefined }> {
  requireString(sessionId, "sessionId");
  if (!isSafeName(sessionId)) {
    throw invalidOptionError("sessionId", `sessionId ${JSON.stringify(sessionId)} cannot name a session`);
  }
  const projectPath = projectPathOf(options);
  return { history: await resolveHistory(options, projectPath), projectPath };
}

/**
 * The project folders to look in for a session: those of `projectPath` first, then all of them, each once.
 *
 * @example
 * ```ts
 * import { resolveHistory } from "./history_options.ts";
 * import { projectDirsFirst } from "./mutation_options.ts";
 * const dirs = await projectDirsFirst(await resolveHistory({ configDir: "/tmp/c" }), "/work/app");
 * ```
 */
export async function projectDirsFirst(history: ResolvedHistory, projectPath: string | undefined): Promise<string[]> {
  return [
    ...new Set([
      ...(projectPath === undefined ? [] : await projectDirsFor(history, projectPath)),
      ...await projectDirs(history),
    ]),
  ];
}

/**
 * `projectPath`, or `dir` (the official SDK's name for it); `INVALID_OPTION` when both are given and differ.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { projectPathOf } from "./mutation_options.ts";
 * assert.equal(projectPathOf({ dir: "/work/app" }), "/work/app");
 * ```
 */
export function projectPathOf(options: SessionMutationOptions): string | undefined {
  if (typeof options !== "object" || options === null) return undefined; // resolveHistory reports it
  const { dir, projectPath } = options;
  if (dir !== undefined) requireString(dir, "dir");
  if (projectPath !== undefined) requireString(projectPath, "projectPath");
  if (dir !== undefined && projectPath !== undefined && dir !== projectPath) {
    throw invalidOptionError("dir", "dir is the official SDK's name for projectPath: give one of them");
  }
  return projectPath ?? dir;
}

/**
 * Every file of a session id in the history: the project folders of `projectPath` first, then all of them (the same
 * id may be in two projects when a transcript was copied).
 *
 * @example
 * ```ts
 * import { resolveHistory } from "./history_options.ts";
 * import { sessionFiles } from "./mutation_options.ts";
 * const files = await sessionFiles(await resolveHistory({ configDir: "/tmp/c" }), "s1", undefined);
 * ```
 */
export async function sessionFiles(
  history: ResolvedHistory,
  sessionId: string,
  projectPath: string | undefined,
): Promise<SessionLocation[]> {
  const dirs = await projectDirsFirst(history, projectPath);
  const found: SessionLocation[] = [];
  for (const projectDir of dirs) {
    const path = joinPath(projectDir, `${sessionId}.jsonl`);
    if ((await sessionFileAt(history.files, path)) !== null) found.push({ sessionId, path, projectDir });
  }
  return found;
}

/** Whether the store's project holds the session: listed by `listSessions()`, else loaded with entries. */
async function storeHolds({ store, projectKey }: StoreScope, sessionId: string): Promise<boolean> {
  if (store.listSessions !== undefined) {
    return (await store.listSessions(projectKey)).some((session) => session.sessionId === sessionId);
  }
  return ((await store.load({ projectKey, sessionId })) ?? []).length > 0;
}
