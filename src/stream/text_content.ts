/**
 * The reply text of a turn, from its assistant lines.
 * @module
 */
import type { Message } from "../protocol/messages.ts";
import { assistantBlocks, type ContentOptions } from "./_filters.ts";

export type { ContentOptions };

/**
 * A `TransformStream` from messages to the text of each assistant text block, each block once, in order.
 * It reads complete `assistant` lines only and ignores `stream_event` deltas, so with
 * `--include-partial-messages` no text is counted twice (use {@link textDeltas} for live deltas).
 *
 * @example
 * ```ts
 * import { Session, textContent } from "@claude-stream/sdk";
 * await using session = new Session();
 * let reply = "";
 * for await (const text of session.stream("Hi").pipeThrough(textContent())) reply += text;
 * ```
 */
export function textContent(options: ContentOptions = {}): TransformStream<Message, string> {
  return new TransformStream<Message, string>({
    transform(message, controller) {
      for (const block of assistantBlocks(message, options)) {
        if (block?.type === "text" && typeof block.text === "string" && block.text !== "") {
          controller.enqueue(block.text);
        }
      }
    },
  });
}
