/**
 * `restoreSessionFromStore`: a conversation kept in a `SessionStore` written where the CLI reads it, so that
 * `--resume` works on a machine that never ran it (or ran an older part of it).
 * @module
 */
import { storeError } from "../error_constructors.ts";
import { joinPath } from "../history/history_options.ts";
import { ARCHIVE_SUBPATH } from "../history/store_files.ts";
import { readEntries } from "../history/read_entries.ts";
import { currentRuntime } from "../runtime/current.ts";
import { defaultFileWriter, type FileWriter } from "../runtime/file_writer.ts";
import type { FileAdapter } from "../runtime/types.ts";
import type { SessionKey, SessionStore, SessionStoreEntry } from "./session_store.ts";

/**
 * Where and how to restore: the store and `projectKey`, the CLI's project folder (`<configDir>/projects/<encoded
 * cwd>`), the bound on each store call, and the file access (the host's by default).
 *
 * @example
 * ```ts
 * import { InMemorySessionStore } from "@claude-stream/sdk";
 * import type { RestoreOptions } from "./restore_session_from_store.ts";
 * const options: RestoreOptions = {
 *   store: new InMemorySessionStore(),
 *   projectKey: "-work-app",
 *   projectDir: "/home/me/.claude/projects/-work-app",
 *   timeoutMs: 10_000,
 * };
 * ```
 */
export interface RestoreOptions {
  readonly store: SessionStore;
  readonly projectKey: string;
  readonly projectDir: string;
  readonly timeoutMs: number;
  readonly files?: FileAdapter | undefined;
  readonly writer?: FileWriter | undefined;
}

/**
 * What {@link restoreSessionFromStore} did: `absent` (the store has no such session; the local file, if any, is
 * left for the CLI), `local` (the local file already holds every stored entry: it is the CLI's to resume), or
 * `restored` (the stored transcript, and its subagent transcripts, were written; a local file that lacked some of
 * it was kept beside, as `<id>.jsonl.replaced-<epoch ms>`).
 */
export type RestoreOutcome = "absent" | "local" | "restored";

/**
 * Writes session `sessionId` from the store to `<projectDir>/<id>.jsonl` (and each subagent transcript to
 * `<projectDir>/<id>/<subpath>.jsonl`, its `agent_metadata` entry as the `.meta.json` beside it, as
 * `importSessionToStore` reads them), unless the local file already holds all of it. `STORE_ERROR` when the store
 * fails or does not answer within `timeoutMs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mkdtemp, readFile } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { InMemorySessionStore } from "@claude-stream/sdk";
 * import { restoreSessionFromStore } from "./restore_session_from_store.ts";
 * const store = new InMemorySessionStore();
 * const sessionId = "8ec596a5-375c-46da-9f57-4c8b183c77bc";
 * await store.append({ projectKey: "-w", sessionId }, [{ type: "user", uuid: "u1", sessionId }]);
 * const projectDir = await mkdtemp(join(tmpdir(), "restore-"));
 * assert.equal(await restoreSessionFromStore(sessionId, { store, projectKey: "-w", projectDir, timeoutMs: 1000 }), "restored");
 * assert.match(await readFile(join(projectDir, `${sessionId}.jsonl`), "utf8"), /"uuid":"u1"/);
 * ```
 */
export async function restoreSessionFromStore(sessionId: string, options: RestoreOptions): Promise<RestoreOutcome> {
  const { store, projectKey, projectDir, timeoutMs } = options;
  const key: SessionKey = { projectKey, sessionId };
  const entries = await bounded(store.load(key), timeoutMs, "load", key);
  if (entries === null || entries.length === 0) return "absent";
  const files = options.files ?? (await currentRuntime()).files;
  const writer = options.writer ?? await defaultFileWriter();
  const path = joinPath(projectDir, `${sessionId}.jsonl`);
  const local = await localUuids(files, path);
  if (local !== null && entries.every((entry) => entry.uuid === undefined || local.has(entry.uuid))) return "local";
  if (local !== null) {
    // nothing local is lost: the file that lacked part of the stored conversation stays beside it
    await writer.writeFileAtomic(`${path}.replaced-${Date.now()}`, await new Response(files.readStream(path)).text());
  }
  for (const subpath of await subpathsOf(store, key, timeoutMs)) {
    const subKey = { ...key, subpath };
    const sub = (await bounded(store.load(subKey), timeoutMs, "load", subKey)) ?? [];
    const meta = sub.filter((entry) => entry.type === "agent_metadata");
    const base = joinPath(projectDir, sessionId, subpath);
    await writer.writeFileAtomic(`${base}.jsonl`, jsonLines(sub.filter((entry) => entry.type !== "agent_metadata")));
    if (meta.length > 0) {
      const { type: _type, ...fields } = meta[meta.length - 1];
      await writer.writeFileAtomic(`${base}.meta.json`, JSON.stringify(fields));
    }
  }
  await writer.writeFileAtomic(path, jsonLines(entries));
  return "restored";
}

/** The uuids of the local file's entries, or null when there is no such file. */
async function localUuids(files: FileAdapter, path: string): Promise<Set<string> | null> {
  try {
    await files.stat(path);
  } catch {
    return null;
  }
  const uuids = new Set<string>();
  for await (const entry of readEntries(files.readStream(path), { path })) {
    if (typeof entry.uuid === "string") uuids.add(entry.uuid);
  }
  return uuids;
}

async function subpathsOf(store: SessionStore, key: SessionKey, timeoutMs: number): Promise<string[]> {
  if (store.listSubkeys === undefined) return [];
  const { projectKey, sessionId } = key;
  const subpaths = await bounded(store.listSubkeys({ projectKey, sessionId }), timeoutMs, "listSubkeys", key);
  // a subpath is opaque to a store, but here it becomes a path: none may leave the session's folder; the archive
  // mark (`history.archiveSession`) is not a transcript, and the prompt of the resumed turn unarchives the session
  return subpaths.filter((subpath) =>
    subpath !== ARCHIVE_SUBPATH && subpath.split("/").every((part) => part !== "" && part !== "." && part !== "..")
  );
}

/** The entries as JSONL, a line at a time (the file is written as they come, never joined whole). */
function* jsonLines(entries: Iterable<SessionStoreEntry>): Generator<string> {
  for (const entry of entries) yield `${JSON.stringify(entry)}\n`;
}

/** `promise`'s value, or `STORE_ERROR` when it rejects or takes longer than `ms`. */
async function bounded<T>(
  promise: Promise<T>,
  ms: number,
  operation: "load" | "listSubkeys",
  key: SessionKey,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    if (Number.isFinite(ms)) timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw storeError(
      `the store's ${operation} of session ${key.sessionId} failed: ${reason}`,
      { operation, key },
      cause,
    );
  } finally {
    clearTimeout(timer);
  }
}
