/**
 * Tagging a saved session, as the official SDK's `tagSession` does.
 * @module
 */
import { invalidOptionError } from "../error_constructors.ts";
import { appendMark } from "./append_mark.ts";
import type { SessionMutationOptions } from "./mutation_options.ts";
import { mutationTarget } from "./mutation_options.ts";

/** What a tag may not hold: control characters, bidirectional overrides, zero-width spaces and byte order marks. */
const UNSAFE = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2028\u2029\u2060\u2066-\u2069\uFEFF]/gu;

/**
 * Tags a session, or clears its tag with `null`: appends `{"type":"tag","tag":"<tag>","sessionId":"<id>"}` to its file
 * (`"tag":""` clears it; the last one counts), or that entry to its key in `sessionStore`. The tag is normalised (NFKC),
 * stripped of control and invisible direction characters, and trimmed; `INVALID_OPTION` (`tag`) when nothing is left
 * (pass `null` to clear), `SESSION_NOT_FOUND` for an unknown session. `listSessions` and `sessionInfo` show it as `tag`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history, InMemorySessionStore } from "@claude-stream/sdk";
 * const store = new InMemorySessionStore();
 * const options = { sessionStore: store, projectKey: "tenant-1" };
 * await store.append({ projectKey: "tenant-1", sessionId: "s1" }, [
 *   { type: "user", uuid: "u1", timestamp: "2026-01-01T10:00:00.000Z", message: { role: "user", content: "Plan a trip" } },
 * ]);
 * await history.tagSession("s1", "travel", options);
 * assert.equal((await history.sessionInfo("s1", options))?.tag, "travel");
 * await history.tagSession("s1", null, options);
 * assert.equal((await history.sessionInfo("s1", options))?.tag, null);
 * ```
 */
export async function tagSession(
  sessionId: string,
  tag: string | null,
  options: SessionMutationOptions = {},
): Promise<void> {
  if (tag !== null && typeof tag !== "string") {
    throw invalidOptionError("tag", "tag must be a string, or null to clear");
  }
  const clean = tag === null ? "" : tag.normalize("NFKC").replace(UNSAFE, "").trim();
  if (tag !== null && clean === "") throw invalidOptionError("tag", "tag must not be empty (pass null to clear it)");
  await appendMark(await mutationTarget(sessionId, options), { type: "tag", tag: clean });
}
