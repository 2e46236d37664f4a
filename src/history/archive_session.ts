/**
 * Archiving a saved session, and unarchiving it, as the official SDK's `archiveSession` and `unarchiveSession` do.
 * @module
 */
import { sessionNotFoundError } from "../error_constructors.ts";
import { archiveMarkFields, archiveMarkPath } from "./archive_mark.ts";
import { writing } from "./history_writes.ts";
import type { SessionMutationOptions } from "./mutation_options.ts";
import { mutationTarget, sessionFiles } from "./mutation_options.ts";
import { ARCHIVE_SUBPATH } from "./store_files.ts";

/**
 * Archives a session: `listSessions` and `sessionInfo` still show it, with `archived: true`, until it is unarchived or
 * a prompt is typed in it (a later prompt unarchives it). Neither the transcript nor a CLI running the session is
 * touched: the mark is the file `<project>/<sessionId>/archived.json` (`{"archived":true,"at":"…","by":"sdk"}`, written
 * whole through a rename), beside the transcript in every project folder holding the session. `SESSION_NOT_FOUND` for
 * an unknown session, `UNWRITABLE_HISTORY` when the mark cannot be written.
 *
 * With `sessionStore`, the mark is an entry (`{"type":"archived",...}`) of the session's subkey `archived`, which
 * `deleteSession` removes with the session. (The official SDK throws here, since its mark is a file; keeping it in the
 * store lets every worker see it, and listings from the store show it as from disk.)
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
 * await history.archiveSession("s1", options);
 * assert.equal((await history.sessionInfo("s1", options))?.archived, true);
 * await history.unarchiveSession("s1", options);
 * assert.equal((await history.sessionInfo("s1", options))?.archived, false);
 * ```
 */
export async function archiveSession(sessionId: string, options: SessionMutationOptions = {}): Promise<void> {
  await setArchived(sessionId, true, options);
}

/**
 * Unarchives a session archived with {@link archiveSession}: `listSessions` shows it with `archived: false`. The same
 * mark, with `archived: false`; the same errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history, InMemorySessionStore } from "@claude-stream/sdk";
 * const store = new InMemorySessionStore();
 * const options = { sessionStore: store, projectKey: "tenant-1" };
 * await assert.rejects(history.unarchiveSession("s1", options), { code: "SESSION_NOT_FOUND" });
 * ```
 */
export async function unarchiveSession(sessionId: string, options: SessionMutationOptions = {}): Promise<void> {
  await setArchived(sessionId, false, options);
}

async function setArchived(sessionId: string, archived: boolean, options: SessionMutationOptions): Promise<void> {
  const target = await mutationTarget(sessionId, options);
  const now = new Date();
  if (target.kind === "store") {
    const key = { ...target.key, subpath: ARCHIVE_SUBPATH };
    await target.scope.store.append(key, [{
      type: "archived",
      ...archiveMarkFields(archived, now),
      uuid: crypto.randomUUID(),
      timestamp: now.toISOString(),
    }]);
    return;
  }
  const locations = await sessionFiles(target.history, sessionId, target.projectPath);
  if (locations.length === 0) {
    throw sessionNotFoundError(`the file of session ${sessionId} is gone: ${target.location.path}`, { sessionId });
  }
  const text = JSON.stringify(archiveMarkFields(archived, now));
  for (const { projectDir } of locations) {
    const path = archiveMarkPath(projectDir, sessionId);
    await writing(path, (writer) => writer.writeFileAtomic(path, text));
  }
}
