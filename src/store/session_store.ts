/**
 * The `SessionStore` interface: where a conversation's transcript lives beyond one machine's `~/.claude/projects`.
 * The same names and meaning as the official `@anthropic-ai/claude-agent-sdk`'s `SessionStore`, so that a store
 * written for it works here unchanged, and ours there.
 * @module
 */
import { invalidOptionError } from "../error_constructors.ts";

/**
 * Which transcript: a session's main transcript (no `subpath`) or one of its subagent transcripts (`subpath` such as
 * `"subagents/agent-<id>"`, mirroring the folders on disk).
 *
 * @example
 * ```ts
 * import type { SessionKey } from "@claude-stream/sdk";
 * const main: SessionKey = { projectKey: "-work-app", sessionId: "8ec596a5-375c-46da-9f57-4c8b183c77bc" };
 * const agent: SessionKey = { ...main, subpath: "subagents/agent-a6529131a2b467f32" };
 * ```
 */
export type SessionKey = {
  /** A scope of the caller's choosing: by default the project folder's name (the encoded cwd); a tenant id works too. */
  projectKey: string;
  /** The session's id. */
  sessionId: string;
  /** Absent for the main transcript, set for a subagent's; never the empty string. Opaque to a store. */
  subpath?: string;
};

/**
 * One line of a transcript as a store sees it: a JSON object with a string `type`, most with a `uuid` (the
 * idempotency key) and an ISO `timestamp`; the rest is passed through untouched.
 *
 * @example
 * ```ts
 * import type { SessionStoreEntry } from "@claude-stream/sdk";
 * const entry: SessionStoreEntry = { type: "custom-title", customTitle: "Trip planning", sessionId: "s1" };
 * ```
 */
export type SessionStoreEntry = {
  type: string;
  uuid?: string;
  timestamp?: string;
  [k: string]: unknown;
};

/**
 * A session's summary as a store keeps it, folded append by append with `foldSessionSummary`: `mtime` is the
 * store's write time (the clock of `listSessions()`), `data` is opaque and kept verbatim.
 *
 * @example
 * ```ts
 * import type { SessionSummaryEntry } from "@claude-stream/sdk";
 * const summary: SessionSummaryEntry = { sessionId: "s1", mtime: 1767225600000, data: { customTitle: "Trip" } };
 * ```
 */
export type SessionSummaryEntry = {
  sessionId: string;
  /** Integer Unix epoch milliseconds of the store's last write for the session. */
  mtime: number;
  /** Owned by the folding function; a store persists it verbatim and never interprets it. */
  data: Record<string, unknown>;
};

/**
 * Where transcripts are mirrored to and resumed from. `append` and `load` are required; the rest is optional, and
 * what needs a missing method says so.
 *
 * - `append(key, entries)`: persist a batch, in call order within a process. Entries with a `uuid` are idempotent
 *   (a re-append of the same `uuid` to the same key adds nothing); entries without one are appended as they come.
 * - `load(key)`: every entry of the key in append order (deep-equal to what was appended), or `null` for a key never
 *   written (or deleted).
 * - `listSessions(projectKey)`: the main transcripts of a project with their `mtime` (integer epoch ms).
 * - `listSessionSummaries(projectKey)`: the summaries `append` kept up to date, in one call.
 * - `delete(key)`: a main key takes its subkeys with it; a subkey goes alone.
 * - `listSubkeys({ projectKey, sessionId })`: the `subpath`s written under a session.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionStore, type SessionStore } from "@claude-stream/sdk";
 * const store: SessionStore = new InMemorySessionStore();
 * const key = { projectKey: "-work-app", sessionId: "s1" };
 * await store.append(key, [{ type: "user", uuid: "u1", message: { role: "user", content: "hi" } }]);
 * assert.equal((await store.load(key))?.length, 1);
 * ```
 */
export type SessionStore = {
  /** Persist a batch of entries for `key`, after those of earlier calls. */
  append(key: SessionKey, entries: SessionStoreEntry[]): Promise<void>;
  /** Every entry of `key` in order; `null` when it was never written. */
  load(key: SessionKey): Promise<SessionStoreEntry[] | null>;
  /** The project's sessions (main transcripts) and when each was last written. */
  listSessions?(projectKey: string): Promise<Array<{ sessionId: string; mtime: number }>>;
  /** The summaries of the project's sessions, as `append` folded them. */
  listSessionSummaries?(projectKey: string): Promise<SessionSummaryEntry[]>;
  /** Remove a transcript; a main key removes its subagent transcripts too. */
  delete?(key: SessionKey): Promise<void>;
  /** The subpaths written under a session. */
  listSubkeys?(key: { projectKey: string; sessionId: string }): Promise<string[]>;
};

/**
 * Throws `INVALID_OPTION` unless `key` is a key: non-empty `projectKey` and `sessionId` strings, and a `subpath`
 * that is absent or a non-empty string. Stores call it first, so a bad key never reaches a database.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkSessionKey } from "./session_store.ts";
 * assert.throws(() => checkSessionKey({ projectKey: "p", sessionId: "s", subpath: "" }), /subpath/);
 * ```
 */
export function checkSessionKey(key: unknown): asserts key is SessionKey {
  const record = typeof key === "object" && key !== null ? (key as Record<string, unknown>) : undefined;
  for (const field of ["projectKey", "sessionId"]) {
    const value = record?.[field];
    if (typeof value !== "string" || value === "") {
      throw invalidOptionError(field, `a session key's ${field} must be a non-empty string`);
    }
  }
  const subpath = record?.subpath;
  if (subpath !== undefined && (typeof subpath !== "string" || subpath === "")) {
    throw invalidOptionError(
      "subpath",
      "a session key's subpath must be absent (main transcript) or a non-empty string",
    );
  }
}
