/**
 * The tools the model calls.
 * @module
 */
import type { Message, ToolUseBlock } from "../protocol/messages.ts";
import { assistantBlocks, type ContentOptions } from "./_filters.ts";

/**
 * A `TransformStream` from messages to the `tool_use` blocks of assistant lines (id, name, input), in order.
 *
 * @example
 * ```ts
 * import { Session, toolUses } from "@claude-stream/sdk";
 * await using session = new Session();
 * for await (const use of session.stream("List the files").pipeThrough(toolUses())) console.log(use.name, use.input);
 * ```
 */
export function toolUses(options: ContentOptions = {}): TransformStream<Message, ToolUseBlock> {
  return new TransformStream<Message, ToolUseBlock>({
    transform(message, controller) {
      for (const block of assistantBlocks(message, options)) {
        if (block?.type === "tool_use") controller.enqueue(block as ToolUseBlock);
      }
    },
  });
}
