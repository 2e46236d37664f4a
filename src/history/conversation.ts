/**
 * The visible conversation of a saved session.
 * @module
 */
import { resolveHistory } from "./history_options.ts";
import { locateSession } from "./find_session.ts";
import type { ConversationMessage } from "./build_conversation.ts";
import { buildConversation } from "./build_conversation.ts";
import { readFileReported } from "./read_session.ts";
import type { SessionLookupOptions } from "./read_session.ts";

/**
 * The user and assistant messages of a session's active branch, oldest first: the chain from the latest leaf back
 * through `parentUuid` (attachments included), without sidechain or meta entries; after `/compact`, the summary
 * and the turns after it. `SESSION_NOT_FOUND` for an unknown id; corrupt lines and broken chains are reported
 * through `onError`, never fatal.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const messages = await history.conversation("8ec596a5-375c-46da-9f57-4c8b183c77bc", {
 *   projectPath: "/home/dev/work/proj",
 *   configDir: "/tmp/claude",
 * });
 * for (const message of messages) console.log(`${message.type}: ${message.text}`);
 * ```
 */
export async function conversation(
  sessionId: string,
  options: SessionLookupOptions = {},
): Promise<ConversationMessage[]> {
  const history = await resolveHistory(options, options.projectPath);
  const { path } = await locateSession(sessionId, history, options);
  return await readFileReported(
    history,
    path,
    (stream) => buildConversation(stream, { path, onError: history.onError }),
  );
}
