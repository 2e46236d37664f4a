/**
 * `importSessionToStore`: a transcript already on disk (and its subagent transcripts) copied into a `SessionStore`.
 * @module
 */
import { sessionNotFoundError } from "../error_constructors.ts";
import { encodeProjectPath } from "../history/encode_project_path.ts";
import { findSession, locateSession, readDirReported } from "../history/find_session.ts";
import type { SessionLocation } from "../history/find_session.ts";
import type { ClaudeCodeErrorOf } from "../errors.ts";
import type { ResolvedHistory } from "../history/history_options.ts";
import { joinPath, resolveHistory } from "../history/history_options.ts";
import { readEntries } from "../history/read_entries.ts";
import { currentRuntime } from "../runtime/current.ts";
import type { FileAdapter, Runtime } from "../runtime/types.ts";
import type { SessionKey, SessionStore, SessionStoreEntry } from "./session_store.ts";

/**
 * Options of {@link importSessionToStore}: the official SDK's (`dir`, `includeSubagents`, `batchSize`), a
 * `projectKey` of your own, and where the history is (as for `history.*`).
 *
 * @example
 * ```ts
 * import type { ImportSessionToStoreOptions } from "@claude-stream/sdk";
 * const options: ImportSessionToStoreOptions = { dir: "/work/app", batchSize: 200, includeSubagents: true };
 * ```
 */
export interface ImportSessionToStoreOptions {
  /** The CLI's config dir; else `$CLAUDE_CONFIG_DIR`, else `~/.claude` (as in `history.*`). */
  configDir?: string | undefined;
  /** File access; the host runtime's adapter by default. */
  files?: FileAdapter | undefined;
  /** Environment, home and working directory; the host runtime by default. */
  runtime?: Pick<Runtime, "env" | "homeDir"> | undefined;
  /** Told of the lines and files skipped (`CORRUPT_HISTORY`, `UNREADABLE_HISTORY`); they are dropped without it. */
  onError?: ((error: ClaudeCodeErrorOf<"CORRUPT_HISTORY" | "UNREADABLE_HISTORY">) => void) | undefined;
  /** The project directory: looked in first, and its encoded path is the destination `projectKey` (else the cwd's). */
  dir?: string | undefined;
  /** The destination `projectKey`, when it is not the encoded `dir` (a tenant id, say). */
  projectKey?: string | undefined;
  /** Import the subagent transcripts too (`subagents/...` subpaths, with their `.meta.json` as an `agent_metadata` entry); true by default. */
  includeSubagents?: boolean | undefined;
  /** At most this many entries per `store.append()`; 500 by default. A batch also ends at about 1 MiB of JSON. */
  batchSize?: number | undefined;
}

const DEFAULT_BATCH = 500;
const BATCH_BYTES = 1 << 20;

/**
 * Copies session `sessionId` from disk into `store`: the main transcript under `{ projectKey, sessionId }`, each
 * subagent transcript under its `subpath` (`subagents/agent-<id>`, as the folders on disk), in batches. Unreadable
 * lines are skipped (told to `onError`). Entries are appended as they are, so a store idempotent by `uuid` can be
 * given the same session again. `SESSION_NOT_FOUND` when no project holds the session.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { importSessionToStore, InMemorySessionStore } from "@claude-stream/sdk";
 * const store = new InMemorySessionStore();
 * // a sample session of the recorded history (the guides' config dir holds it)
 * await importSessionToStore("8ec596a5-375c-46da-9f57-4c8b183c77bc", store, { projectKey: "demo" });
 * const entries = await store.load({ projectKey: "demo", sessionId: "8ec596a5-375c-46da-9f57-4c8b183c77bc" });
 * assert.ok(entries !== null && entries.length > 0);
 * ```
 */
export async function importSessionToStore(
  sessionId: string,
  store: SessionStore,
  options: ImportSessionToStoreOptions = {},
): Promise<void> {
  const { dir, projectKey: givenKey, includeSubagents, batchSize, ...historyOptions } = options;
  const history = await resolveHistory(historyOptions);
  const location: SessionLocation | null = dir === undefined
    ? await findSession(sessionId, { ...historyOptions, files: history.files, configDir: history.configDir })
    : await locateSession(sessionId, history, { ...historyOptions, projectPath: dir });
  if (location === null) {
    throw sessionNotFoundError(`no session file for ${sessionId} under ${history.projectsDir}`, { sessionId });
  }
  const projectKey = givenKey ?? encodeProjectPath(await realPath(history, dir ?? (await currentRuntime()).cwd()));
  const limit = batchSize !== undefined && batchSize > 0 ? Math.floor(batchSize) : DEFAULT_BATCH;
  await importFile(history, location.path, store, { projectKey, sessionId }, limit);
  if (includeSubagents === false) return;
  const sessionDir = joinPath(location.projectDir, sessionId);
  for (const path of await transcriptsUnder(history, joinPath(sessionDir, "subagents"))) {
    const key = { projectKey, sessionId, subpath: path.slice(sessionDir.length + 1, -".jsonl".length) };
    await importFile(history, path, store, key, limit);
    const meta = await readMeta(history, `${path.slice(0, -".jsonl".length)}.meta.json`);
    if (meta !== undefined) await store.append(key, [{ ...meta, type: "agent_metadata" }]);
  }
}

async function importFile(
  history: ResolvedHistory,
  path: string,
  store: SessionStore,
  key: SessionKey,
  limit: number,
): Promise<void> {
  let batch: SessionStoreEntry[] = [];
  let bytes = 0;
  for await (const entry of readEntries(history.files.readStream(path), { path, onError: history.onError })) {
    const stored: SessionStoreEntry = entry;
    batch.push(stored);
    bytes += JSON.stringify(stored).length;
    if (batch.length >= limit || bytes >= BATCH_BYTES) {
      await store.append(key, batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) await store.append(key, batch);
}

/** Every `.jsonl` under `dir`, at any depth, in name order. */
async function transcriptsUnder(history: ResolvedHistory, dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = [...await readDirReported(history, dir)].sort((a, b) => a.name < b.name ? -1 : 1);
  for (const entry of entries) {
    const path = joinPath(dir, entry.name);
    if (entry.isDirectory) found.push(...await transcriptsUnder(history, path));
    else if (entry.isFile && entry.name.endsWith(".jsonl")) found.push(path);
  }
  return found;
}

async function readMeta(history: ResolvedHistory, path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await new Response(history.files.readStream(path)).text());
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

async function realPath(history: ResolvedHistory, path: string): Promise<string> {
  return await history.files.realPath(path).catch(() => path);
}
