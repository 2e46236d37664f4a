/**
 * Renaming a saved session, as the CLI's `/rename` and the official SDK's `renameSession` do.
 * @module
 */
import { invalidOptionError } from "../error_constructors.ts";
import { appendMark } from "./append_mark.ts";
import type { SessionMutationOptions } from "./mutation_options.ts";
import { mutationTarget } from "./mutation_options.ts";

/**
 * Gives a session a title: appends `{"type":"custom-title","customTitle":"<title>","sessionId":"<id>"}` to its file,
 * the line the CLI writes for `/rename` (the last one counts), or that entry to its key in `sessionStore` (with a
 * `uuid` and a `timestamp`). The title is trimmed; `INVALID_OPTION` (`title`) when nothing is left, `SESSION_NOT_FOUND`
 * for an unknown session. A CLI running the session meanwhile keeps its lines: this is one appended line. `listSessions`
 * and `summary` show the title, and the CLI keeps it when it resumes the session.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history, InMemorySessionStore } from "@claude-stream/sdk";
 * const store = new InMemorySessionStore();
 * const id = "8ec596a5-375c-46da-9f57-4c8b183c77bc";
 * await store.append({ projectKey: "tenant-1", sessionId: id }, [
 *   { type: "user", uuid: "u1", timestamp: "2026-01-01T10:00:00.000Z", message: { role: "user", content: "Plan a trip" } },
 * ]);
 * await history.renameSession(id, "Trip planning", { sessionStore: store, projectKey: "tenant-1" });
 * assert.equal(await history.summary(id, { sessionStore: store, projectKey: "tenant-1" }), "Trip planning");
 * ```
 */
export async function renameSession(
  sessionId: string,
  title: string,
  options: SessionMutationOptions = {},
): Promise<void> {
  if (typeof title !== "string") throw invalidOptionError("title", "title must be a string");
  const customTitle = title.trim();
  if (customTitle === "") throw invalidOptionError("title", "title must not be empty");
  await appendMark(await mutationTarget(sessionId, options), { type: "custom-title", customTitle });
}
