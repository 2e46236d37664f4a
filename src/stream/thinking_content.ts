/**
 * The model's thinking, from its assistant lines.
 * @module
 */
import type { Message } from "../protocol/messages.ts";
import { assistantBlocks, type ContentOptions } from "./_filters.ts";

/**
 * A `TransformStream` from messages to the text of each assistant thinking block, each block once, in order.
 * Like {@link textContent} it reads complete lines only, never deltas.
 *
 * @example
 * ```ts
 * import { Session, thinkingContent } from "@claude-stream/sdk";
 * await using session = new Session();
 * for await (const thought of session.stream("Think it through").pipeThrough(thinkingContent())) console.log(thought);
 * ```
 */
export function thinkingContent(options: ContentOptions = {}): TransformStream<Message, string> {
  return new TransformStream<Message, string>({
    transform(message, controller) {
      for (const block of assistantBlocks(message, options)) {
        if (block?.type === "thinking" && typeof block.thinking === "string" && block.thinking !== "") {
          controller.enqueue(block.thinking);
        }
      }
    },
  });
}
