/**
 * `InMemorySessionStore`: a `SessionStore` in this process's memory, for tests and single-process apps.
 * @module
 */
import { foldSessionSummary } from "./fold_session_summary.ts";
import type { SessionKey, SessionStore, SessionStoreEntry, SessionSummaryEntry } from "./session_store.ts";
import { checkSessionKey } from "./session_store.ts";

/** One transcript: its entries in order, the uuids it holds, and when it was last written. */
interface Transcript {
  key: SessionKey;
  entries: SessionStoreEntry[];
  uuids: Set<string>;
  mtime: number;
}

/**
 * Every method of `SessionStore`, in memory: entries are copied in and out (a caller changing an object after
 * `append` or `load` changes nothing stored), idempotent by `uuid`, summaries folded on append. Lost when the
 * process exits: use `PostgresSessionStore` (`@claude-stream/sdk/stores/postgres`) to share transcripts between
 * machines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionStore } from "@claude-stream/sdk";
 * const store = new InMemorySessionStore();
 * const key = { projectKey: "-work-app", sessionId: "s1" };
 * const entry = { type: "user", uuid: "u1", message: { role: "user", content: "hi" } };
 * await store.append(key, [entry]);
 * await store.append(key, [entry]); // a retry: the same uuid adds nothing
 * assert.deepEqual(await store.load(key), [entry]);
 * assert.deepEqual((await store.listSessions("-work-app")).map((s) => s.sessionId), ["s1"]);
 * ```
 */
export class InMemorySessionStore implements SessionStore {
  #transcripts = new Map<string, Transcript>();
  #summaries = new Map<string, SessionSummaryEntry>();
  #lastMtime = 0;

  /** Appends the entries not already there (by `uuid`), in order. */
  append(key: SessionKey, entries: SessionStoreEntry[]): Promise<void> {
    checkSessionKey(key);
    const name = mapKey(key);
    const transcript = this.#transcripts.get(name) ??
      { key: { ...key }, entries: [], uuids: new Set<string>(), mtime: 0 };
    const added: SessionStoreEntry[] = [];
    for (const entry of entries) {
      if (typeof entry.uuid === "string") {
        if (transcript.uuids.has(entry.uuid)) continue;
        transcript.uuids.add(entry.uuid);
      }
      const copy = structuredClone(entry);
      transcript.entries.push(copy);
      added.push(copy);
    }
    // strictly increasing, so that a later write always shows as newer
    transcript.mtime = this.#lastMtime = Math.max(Date.now(), this.#lastMtime + 1);
    this.#transcripts.set(name, transcript);
    if (key.subpath === undefined) {
      this.#summaries.set(
        name,
        foldSessionSummary(this.#summaries.get(name), key, added, { mtime: transcript.mtime }),
      );
    }
    return Promise.resolve();
  }

  /** The key's entries (copies), or null when it was never written. */
  load(key: SessionKey): Promise<SessionStoreEntry[] | null> {
    checkSessionKey(key);
    const transcript = this.#transcripts.get(mapKey(key));
    return Promise.resolve(transcript === undefined ? null : structuredClone(transcript.entries));
  }

  /** The project's main transcripts and their write times. */
  listSessions(projectKey: string): Promise<Array<{ sessionId: string; mtime: number }>> {
    const sessions = [...this.#transcripts.values()]
      .filter(({ key }) => key.projectKey === projectKey && key.subpath === undefined)
      .map(({ key, mtime }) => ({ sessionId: key.sessionId, mtime }));
    return Promise.resolve(sessions);
  }

  /** The project's summaries, as folded on append. */
  listSessionSummaries(projectKey: string): Promise<SessionSummaryEntry[]> {
    const summaries = [...this.#summaries.entries()]
      .filter(([name]) => this.#transcripts.get(name)?.key.projectKey === projectKey)
      .map(([, summary]) => structuredClone(summary));
    return Promise.resolve(summaries);
  }

  /** Removes the key; a main key removes the session's subkeys too. */
  delete(key: SessionKey): Promise<void> {
    checkSessionKey(key);
    const name = mapKey(key);
    this.#transcripts.delete(name);
    if (key.subpath === undefined) {
      this.#summaries.delete(name);
      for (const [other, transcript] of this.#transcripts) {
        if (transcript.key.projectKey === key.projectKey && transcript.key.sessionId === key.sessionId) {
          this.#transcripts.delete(other);
        }
      }
    }
    return Promise.resolve();
  }

  /** The subpaths written under a session. */
  listSubkeys(key: { projectKey: string; sessionId: string }): Promise<string[]> {
    checkSessionKey(key);
    const subpaths: string[] = [];
    for (const transcript of this.#transcripts.values()) {
      const { projectKey, sessionId, subpath } = transcript.key;
      if (projectKey === key.projectKey && sessionId === key.sessionId && subpath !== undefined) subpaths.push(subpath);
    }
    return Promise.resolve(subpaths);
  }

  /** For tests: the key's entries as stored (an empty array when none). */
  getEntries(key: SessionKey): SessionStoreEntry[] {
    return structuredClone(this.#transcripts.get(mapKey(key))?.entries ?? []);
  }

  /** For tests: how many main transcripts are stored. */
  get size(): number {
    return [...this.#transcripts.values()].filter(({ key }) => key.subpath === undefined).length;
  }

  /** For tests: forget everything. */
  clear(): void {
    this.#transcripts.clear();
    this.#summaries.clear();
  }
}

/** A key as one string that no two keys share (ids may hold `/`). */
function mapKey(key: SessionKey): string {
  return JSON.stringify([key.projectKey, key.sessionId, key.subpath ?? null]);
}
