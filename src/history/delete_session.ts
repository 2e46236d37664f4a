/**
 * Deleting a saved session, as the official SDK's `deleteSession` does.
 * @module
 */
import { sessionNotFoundError } from "../error_constructors.ts";
import { joinPath } from "./history_options.ts";
import { writing } from "./history_writes.ts";
import type { SessionMutationOptions } from "./mutation_options.ts";
import { mutationScope, projectDirsFirst, sessionFiles } from "./mutation_options.ts";

/**
 * Deletes a session on this computer: its file `<sessionId>.jsonl` and its folder `<sessionId>/` (its subagent
 * transcripts and archive mark), in the first project folder holding it (`dir`/`projectPath`'s first). The file goes
 * first; when the folder cannot be removed after it, `UNWRITABLE_HISTORY`, and a repeat call removes what is left of
 * the folder and resolves. `SESSION_NOT_FOUND` when neither is there. Stop a CLI running the session first: it would
 * write the file anew.
 *
 * With `sessionStore`: `store.delete({ projectKey, sessionId })`, which takes the session's subkeys with it (subagent
 * transcripts, the archive mark), and nothing when the store has no `delete()` (a store that never forgets, as the
 * official SDK has it). Deleting a session the store does not hold is not an error there.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history, InMemorySessionStore } from "@claude-stream/sdk";
 * const store = new InMemorySessionStore();
 * const key = { projectKey: "tenant-1", sessionId: "s1" };
 * await store.append(key, [{ type: "user", uuid: "u1", message: { role: "user", content: "hi" } }]);
 * await store.append({ ...key, subpath: "subagents/agent-a1" }, [{ type: "user", uuid: "a1", isSidechain: true }]);
 * await history.deleteSession("s1", { sessionStore: store, projectKey: "tenant-1" });
 * assert.equal(await store.load(key), null);
 * assert.equal(await store.load({ ...key, subpath: "subagents/agent-a1" }), null);
 * ```
 */
export async function deleteSession(sessionId: string, options: SessionMutationOptions = {}): Promise<void> {
  const { history, projectPath } = await mutationScope(sessionId, options);
  if (history.store !== undefined) {
    const { store, projectKey } = history.store;
    await store.delete?.({ projectKey, sessionId });
    return;
  }
  const [file] = await sessionFiles(history, sessionId, projectPath);
  if (file !== undefined) {
    await writing(file.path, (writer) => writer.remove(file.path));
    const folder = joinPath(file.projectDir, sessionId);
    await writing(folder, (writer) => writer.remove(folder));
    return;
  }
  // No file: what an earlier delete left of a folder goes now.
  const dirs = await projectDirsFirst(history, projectPath);
  let removed = false;
  for (const projectDir of dirs) {
    const folder = joinPath(projectDir, sessionId);
    const isFolder = await history.files.stat(folder).then((info) => info.isDirectory, () => false);
    if (!isFolder) continue;
    await writing(folder, (writer) => writer.remove(folder));
    removed = true;
  }
  if (!removed) {
    throw sessionNotFoundError(`no session file for ${sessionId} under ${history.projectsDir}`, { sessionId });
  }
}
