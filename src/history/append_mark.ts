/**
 * Appending a mark (a title, a tag) to a saved session, as the CLI and the official SDK do: one line at the end of
 * its file, or one entry appended to its key in a store. Never a rewrite: what a running CLI appends meanwhile stays.
 * @module
 */
import { sessionNotFoundError } from "../error_constructors.ts";
import type { SessionStoreEntry } from "../store/session_store.ts";
import { writing } from "./history_writes.ts";
import type { MutationTarget } from "./mutation_options.ts";

/**
 * Appends `mark` (`{ type, ...fields }`) to the session `target` found, with its `sessionId` after the fields, as the
 * CLI writes its own marks (`{"type":"custom-title","customTitle":"…","sessionId":"…"}`). In a store the entry also gets
 * a fresh `uuid` and a `timestamp`, as the official SDK gives it (a store is idempotent by `uuid`). On disk the line
 * goes in one write, after a newline when the file's last line lacks one; `SESSION_NOT_FOUND` when the file was emptied
 * or removed since it was found, `UNWRITABLE_HISTORY` when it cannot be written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionStore } from "@claude-stream/sdk";
 * import { appendMark } from "./append_mark.ts";
 * import { mutationTarget } from "./mutation_options.ts";
 * const store = new InMemorySessionStore();
 * const key = { projectKey: "p", sessionId: "s1" };
 * await store.append(key, [{ type: "user", uuid: "u1" }]);
 * await appendMark(await mutationTarget("s1", { sessionStore: store, projectKey: "p" }), { type: "tag", tag: "urgent" });
 * assert.equal(store.getEntries(key).at(-1)?.tag, "urgent");
 * ```
 */
export async function appendMark(
  target: MutationTarget,
  mark: { type: string; [field: string]: unknown },
): Promise<void> {
  if (target.kind === "store") {
    const entry: SessionStoreEntry = {
      ...mark,
      sessionId: target.key.sessionId,
      uuid: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
    };
    await target.scope.store.append(target.key, [entry]);
    return;
  }
  const { location } = target;
  const line = JSON.stringify({ ...mark, sessionId: location.sessionId }) + "\n";
  if (!(await writing(location.path, (writer) => writer.appendLines(location.path, line)))) {
    throw sessionNotFoundError(`the file of session ${location.sessionId} is empty or gone: ${location.path}`, {
      sessionId: location.sessionId,
    });
  }
}
