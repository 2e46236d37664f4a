/** Helpers shared by the stream helpers; not part of the public API. @module */
import { isAssistantMessage } from "../protocol/message_guards.ts";
import type { AnyContentBlock, Message } from "../protocol/messages.ts";

/**
 * Options of the content helpers (`textContent`, `textDeltas`, `thinkingContent`, `toolUses`).
 *
 * @example
 * ```ts
 * import { textContent } from "@claude-stream/sdk";
 * const everyone = textContent({ subagents: true }); // subagents' text too
 * ```
 */
export interface ContentOptions {
  /** Also take content from subagents (`parent_tool_use_id` set). Default false: the main reply only. */
  subagents?: boolean;
}

/** Whether a line belongs to the main conversation (not a subagent's), or the caller wants both. */
export function wanted(message: Message, options: ContentOptions): boolean {
  return options.subagents === true || message.parent_tool_use_id == null;
}

/** The content blocks of an assistant line that is wanted, else none. Tolerates a malformed line. */
export function assistantBlocks(message: Message, options: ContentOptions): readonly AnyContentBlock[] {
  if (!isAssistantMessage(message) || !wanted(message, options)) return [];
  const content = message.message?.content;
  return Array.isArray(content) ? content : [];
}
