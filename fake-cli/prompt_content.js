// @ts-check
/**
 * Which user lines from stdin the fake takes as a prompt. CLI 2.1.332 drops, without a word, a line whose content is
 * neither text nor a block array (`5`, `{}`), or holds a block it cannot read: one that is not an object (`null`,
 * `"x"`) or a text block whose `text` is not a string. No turn starts and nothing reaches the session file; a line
 * sent with a `uuid` gets only its `command_lifecycle` `completed` line.
 * @module
 */

/**
 * Whether 2.1.332 runs a turn for a user line with this `message.content` (absent and `null` content do run one).
 *
 * @example
 * ```js
 * import { isReadableContent } from "./prompt_content.js";
 * isReadableContent([{ type: "text", text: "hi" }]); // true
 * isReadableContent([{ type: "text", text: 5 }]); // false
 * isReadableContent([null]); // false
 * ```
 * @param {unknown} content
 * @returns {boolean}
 */
export function isReadableContent(content) {
  if (content === undefined || content === null || typeof content === "string") return true;
  if (!Array.isArray(content)) return false;
  return content.every((block) =>
    typeof block === "object" && block !== null && !Array.isArray(block) &&
    (block.type !== "text" || typeof block.text === "string")
  );
}
