/**
 * Forking a saved session without a CLI, as the official SDK's `forkSession` does.
 * @module
 */
import { invalidOptionError } from "../error_constructors.ts";
import { forkEntries } from "./fork_entries.ts";
import { joinPath } from "./history_options.ts";
import { writing } from "./history_writes.ts";
import type { ForkSessionOptions, ForkSessionResult } from "./mutation_options.ts";
import { mutationTarget } from "./mutation_options.ts";
import { readEntriesOf } from "./read_session.ts";

/**
 * Forks a session into a new one with fresh uuids: its conversation, up to `upToMessageId` (inclusive) or whole, with
 * the `parentUuid` chain kept (see `forkEntries` for what is copied), titled `title` or the source's title +
 * `" (fork)"`, in a new file beside the source (written whole, then renamed into place) or under a new key of
 * `sessionStore` (one `append`). The source is untouched; subagent transcripts are not copied (the fork's conversation
 * holds their results). Resume the fork with `new Session({ resume: sessionId })`: the model sees the conversation up
 * to the cut.
 *
 * Compaction is respected: a cut after a `/compact` keeps the summary and what came after it (the fork resumes
 * compacted, as the source would); a cut at a compact boundary, or between it and its summary, ends before the
 * boundary; a cut at a summary leaves out the messages that compaction kept after it.
 *
 * `SESSION_NOT_FOUND` for an unknown session; `INVALID_OPTION` for an `upToMessageId` the session does not hold
 * (`upToMessageId`), a session without messages, or options of the wrong type; `UNWRITABLE_HISTORY` when the fork's file
 * cannot be written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history, InMemorySessionStore } from "@claude-stream/sdk";
 * const store = new InMemorySessionStore();
 * const options = { sessionStore: store, projectKey: "tenant-1" };
 * const at = "2026-01-01T10:00:00.000Z";
 * await store.append({ projectKey: "tenant-1", sessionId: "s1" }, [
 *   { type: "user", uuid: "u1", parentUuid: null, timestamp: at, message: { role: "user", content: "My name is Alice" } },
 *   { type: "assistant", uuid: "a1", parentUuid: "u1", timestamp: at, message: { content: [{ type: "text", text: "Hi Alice" }] } },
 *   { type: "user", uuid: "u2", parentUuid: "a1", timestamp: at, message: { role: "user", content: "I like tea" } },
 * ]);
 * const { sessionId } = await history.forkSession("s1", { ...options, upToMessageId: "a1", title: "Alice, before tea" });
 * const messages = await history.conversation(sessionId, options);
 * assert.deepEqual(messages.map((m) => m.text), ["My name is Alice", "Hi Alice"]);
 * assert.equal(await history.summary(sessionId, options), "Alice, before tea");
 * ```
 */
export async function forkSession(sessionId: string, options: ForkSessionOptions = {}): Promise<ForkSessionResult> {
  const { upToMessageId, title } = typeof options === "object" && options !== null ? options : {};
  if (upToMessageId !== undefined && (typeof upToMessageId !== "string" || upToMessageId === "")) {
    throw invalidOptionError("upToMessageId", "upToMessageId must be a non-empty string (a message's uuid)");
  }
  if (title !== undefined && typeof title !== "string") throw invalidOptionError("title", "title must be a string");
  const target = await mutationTarget(sessionId, options);
  if (target.kind === "store") {
    const { store, projectKey } = target.scope;
    const fork = forkEntries(await store.load(target.key) ?? [], sessionId, { upToMessageId, title });
    await store.append({ projectKey, sessionId: fork.sessionId }, fork.entries);
    return { sessionId: fork.sessionId };
  }
  const { history, location } = target;
  const fork = forkEntries(await readEntriesOf(history, location.path), sessionId, { upToMessageId, title });
  const path = joinPath(location.projectDir, `${fork.sessionId}.jsonl`);
  const text = fork.entries.map((entry) => JSON.stringify(entry) + "\n").join("");
  await writing(path, (writer) => writer.writeFileAtomic(path, text));
  return { sessionId: fork.sessionId };
}
