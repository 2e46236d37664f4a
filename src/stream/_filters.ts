/** Helpers shared by the stream helpers; not part of the public API. @module */
import type { Message } from "../protocol/messages.ts";

/** Options of the content helpers ({@link textContent}, {@link textDeltas}, ...). */
export interface ContentOptions {
  /** Also take content from subagents (`parent_tool_use_id` set). Default false: the main reply only. */
  subagents?: boolean;
}

/** Whether a line belongs to the main conversation (not a subagent's), or the caller wants both. */
export function wanted(message: Message, options: ContentOptions): boolean {
  return options.subagents === true || message.parent_tool_use_id == null;
}
