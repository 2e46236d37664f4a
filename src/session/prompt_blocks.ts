/**
 * The check of a prompt's content blocks, made before anything reaches the CLI. CLI 2.1.332 drops a user line
 * whose blocks it cannot read (a `null` or non-object block, a text block whose `text` is not a string) without a
 * word: no turn starts, so the session would wait out its timeout. An image without a usable `source` starts a turn
 * about "[Image could not be processed: ...]" instead of the image. Both are refused here as `INVALID_OPTION`.
 * @module
 */
import * as v from "valibot";
import { invalidOptionError } from "../error_constructors.ts";
import type { AnyContentBlock } from "../protocol/messages.ts";

const text = v.looseObject({ type: v.literal("text"), text: v.string() });
const imageSource = v.variant("type", [
  v.looseObject({ type: v.literal("base64"), media_type: v.string(), data: v.string() }),
  v.looseObject({ type: v.literal("url"), url: v.string() }),
  v.looseObject({ type: v.literal("file"), file_id: v.string() }),
]);
const image = v.looseObject({ type: v.literal("image"), source: imageSource });
/** Any other kind: an object with a string `type`, passed on as it is (the CLI and the API know more kinds). */
const other = v.looseObject({
  type: v.pipe(v.string(), v.check((type) => type !== "text" && type !== "image")),
});
const block = v.union([text, image, other]);

/**
 * Checks a prompt's content blocks, throwing `INVALID_OPTION` (option `prompt`) that names the first bad block and
 * what is wrong with it: a block that is not an object or has no string `type`, a `text` block whose `text` is not a
 * string, an `image` block without a `base64` (`media_type`, `data`), `url` (`url`) or `file` (`file_id`) source.
 * Other kinds of block are let through as they are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isClaudeCodeError } from "@claude-stream/sdk";
 * import { checkPromptBlocks } from "./prompt_blocks.ts";
 * checkPromptBlocks([{ type: "text", text: "What is in this picture?" }]);
 * assert.throws(
 *   () => checkPromptBlocks([{ type: "text", text: 5 }]),
 *   (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "prompt",
 * );
 * ```
 */
export function checkPromptBlocks(blocks: readonly unknown[]): asserts blocks is AnyContentBlock[] {
  for (const [index, candidate] of blocks.entries()) {
    const result = v.safeParse(block, candidate);
    if (result.success) continue;
    throw invalidOptionError("prompt", `invalid prompt: content block ${index} ${problem(candidate)}`);
  }
}

/** What is wrong with a block that failed the check, in words. */
function problem(candidate: unknown): string {
  if (typeof candidate !== "object" || candidate === null || Array.isArray(candidate)) {
    return `must be an object, got ${
      candidate === null ? "null" : Array.isArray(candidate) ? "an array" : typeof candidate
    }`;
  }
  const { type } = candidate as { type?: unknown };
  if (typeof type !== "string") return "must have a string type";
  if (type === "text") return "is a text block whose text is not a string";
  return 'is an image block without a source of type "base64" (media_type, data), "url" (url) or "file" (file_id)';
}
