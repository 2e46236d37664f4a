/**
 * Plain text of a message's content.
 * @module
 */
import type { HistoryContentBlock } from "./session_entry.ts";

/**
 * The plain text of `message.content`: the string itself, or the `text` of its text blocks joined by newlines
 * (thinking, tool use and tool result blocks carry no plain text).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history } from "@claude-stream/sdk";
 * const blocks = [{ type: "text", text: "a" }, { type: "tool_use", id: "t" }, { type: "text", text: "b" }];
 * assert.equal(history.messageText(blocks), "a\nb");
 * ```
 */
export function messageText(content: string | readonly HistoryContentBlock[] | undefined): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const block of content) {
    if (block !== null && typeof block === "object" && block.type === "text" && typeof block.text === "string") {
      texts.push(block.text);
    }
  }
  return texts.join("\n");
}
