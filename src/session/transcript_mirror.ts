/**
 * `TranscriptMirror`: the CLI's `transcript_mirror` frames (`--session-mirror`, features/m15 and m16) appended to a
 * `SessionStore`, in order, in batches, with retries; `flush()` is how a session knows they are there.
 * @module
 */
import { storeError } from "../error_constructors.ts";
import type { ClaudeCodeErrorOf } from "../errors.ts";
import type { SessionKey, SessionStore, SessionStoreEntry } from "../store/session_store.ts";

/**
 * What a mirror needs: the store, the `projectKey` its keys get, how long one `append` may take, and where a batch
 * that could not be stored is told (it stays in the CLI's local file).
 */
export interface TranscriptMirrorOptions {
  readonly store: SessionStore;
  readonly projectKey: string;
  /** One `append` attempt's bound in ms; a timed-out attempt is not retried (it may still land). */
  readonly appendTimeoutMs: number;
  /** A batch given up on after its attempts: `STORE_ERROR`, with the key. */
  readonly onDropped: (error: ClaudeCodeErrorOf<"STORE_ERROR">, key: SessionKey) => void;
}

/** Attempts per batch, and the pause before each retry (ms): the official SDK's "3 attempts with short backoff". */
const ATTEMPTS = 3;
const BACKOFF_MS = [100, 400];

/**
 * Appends the entries of the CLI's `transcript_mirror` frames to a store. State: `#pending` holds the entries not yet
 * handed to the store, per transcript (in arrival order); `#writing` is the one loop that hands them over, a batch
 * per transcript at a time (everything that arrived while the previous append ran), so appends to one key never
 * overlap and keep the CLI's order. `flush()` resolves once everything accepted before it is stored or given up on.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionStore } from "../store/in_memory_session_store.ts";
 * import { TranscriptMirror } from "./transcript_mirror.ts";
 * const store = new InMemorySessionStore();
 * const mirror = new TranscriptMirror({ store, projectKey: "-work-app", appendTimeoutMs: 1000, onDropped: () => {} });
 * mirror.accept({
 *   type: "transcript_mirror",
 *   filePath: "/home/me/.claude/projects/-work-app/8ec596a5-375c-46da-9f57-4c8b183c77bc.jsonl",
 *   entries: [{ type: "user", uuid: "u1", message: { role: "user", content: "hi" } }],
 * });
 * await mirror.flush();
 * const key = { projectKey: "-work-app", sessionId: "8ec596a5-375c-46da-9f57-4c8b183c77bc" };
 * assert.equal((await store.load(key))?.length, 1);
 * ```
 */
export class TranscriptMirror {
  readonly #options: TranscriptMirrorOptions;
  /** Entries waiting for the store, per transcript (`keyId`), each list in the CLI's order. */
  readonly #pending = new Map<string, { key: SessionKey; entries: SessionStoreEntry[] }>();
  /** The loop handing `#pending` to the store, while it runs. */
  #writing: Promise<void> | null = null;

  constructor(options: TranscriptMirrorOptions) {
    this.#options = options;
  }

  /**
   * Takes one `transcript_mirror` frame; false when it is not one (no `filePath` naming a `.jsonl` file, or no
   * `entries` array), and then nothing is kept.
   */
  accept(frame: Record<string, unknown>): boolean {
    const { filePath, entries } = frame;
    if (typeof filePath !== "string" || !Array.isArray(entries)) return false;
    const key = keyOfPath(filePath, this.#options.projectKey);
    if (key === null) return false;
    const stored = entries.filter(isEntry);
    if (stored.length === 0) return true;
    const id = keyId(key);
    const pending = this.#pending.get(id);
    if (pending === undefined) this.#pending.set(id, { key, entries: stored });
    else pending.entries.push(...stored);
    this.#writing ??= this.#write().finally(() => (this.#writing = null));
    return true;
  }

  /** Whether entries are waiting for the store or being appended. */
  get busy(): boolean {
    return this.#writing !== null;
  }

  /** Resolves once every entry accepted so far is in the store or was given up on (and told); never rejects. */
  async flush(): Promise<void> {
    while (this.#writing !== null) await this.#writing;
  }

  async #write(): Promise<void> {
    while (this.#pending.size > 0) {
      const batches = [...this.#pending.values()];
      this.#pending.clear();
      for (const { key, entries } of batches) await this.#append(key, entries);
    }
  }

  async #append(key: SessionKey, entries: SessionStoreEntry[]): Promise<void> {
    const { store, appendTimeoutMs, onDropped } = this.#options;
    let last: unknown;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) await sleep(BACKOFF_MS[attempt - 1]);
      const outcome = await settleWithin(store.append(key, entries), appendTimeoutMs);
      if (outcome.ok) return;
      last = outcome.error;
      if (outcome.timedOut) break;
    }
    const reason = last instanceof Error ? last.message : String(last);
    onDropped(
      storeError(`the store did not take ${entries.length} mirrored entries: ${reason}`, {
        operation: "append",
        key,
        entries: entries.length,
      }, last),
      key,
    );
  }
}

/**
 * The store key of a session file path: `<projects>/<project>/<id>.jsonl` is `{ projectKey, sessionId: id }`, and
 * `<projects>/<project>/<id>/<sub>.jsonl` (a subagent's, `subagents/agent-<x>.jsonl`) has `subpath: "<sub>"`. Null
 * for a path of neither shape.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { keyOfPath } from "./transcript_mirror.ts";
 * const id = "8ec596a5-375c-46da-9f57-4c8b183c77bc";
 * assert.deepEqual(keyOfPath(`/h/.claude/projects/-w/${id}.jsonl`, "p"), { projectKey: "p", sessionId: id });
 * assert.deepEqual(keyOfPath(`/h/.claude/projects/-w/${id}/subagents/agent-a1.jsonl`, "p"), {
 *   projectKey: "p",
 *   sessionId: id,
 *   subpath: "subagents/agent-a1",
 * });
 * ```
 */
export function keyOfPath(filePath: string, projectKey: string): SessionKey | null {
  const parts = filePath.split(/[\\/]/);
  const name = parts.at(-1);
  if (name === undefined || !name.endsWith(".jsonl")) return null;
  const base = name.slice(0, -".jsonl".length);
  if (SESSION_ID.test(base) && parts.at(-2) !== "subagents") return { projectKey, sessionId: base };
  // the session's folder is the nearest one above that is named like a session id
  for (let i = parts.length - 2; i > 0; i--) {
    if (SESSION_ID.test(parts[i])) {
      return { projectKey, sessionId: parts[i], subpath: [...parts.slice(i + 1, -1), base].join("/") };
    }
  }
  return null;
}

/** The CLI's session ids are UUIDs. */
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function keyId(key: SessionKey): string {
  return `${key.sessionId}\u0000${key.subpath ?? ""}`;
}

function isEntry(value: unknown): value is SessionStoreEntry {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

type Settled = { ok: true } | { ok: false; error: unknown; timedOut: boolean };

/** How `promise` settles within `ms` (a rejection and a timeout are both failures; the latter says so). */
function settleWithin(promise: Promise<unknown>, ms: number): Promise<Settled> {
  return new Promise((resolve) => {
    const timer = Number.isFinite(ms)
      ? setTimeout(() => resolve({ ok: false, error: new Error(`no answer within ${ms} ms`), timedOut: true }), ms)
      : undefined;
    promise.then(
      () => resolve({ ok: true }),
      (error) => resolve({ ok: false, error, timedOut: false }),
    ).finally(() => clearTimeout(timer));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
