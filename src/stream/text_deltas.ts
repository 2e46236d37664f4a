/**
 * Live text, as the model writes it.
 * @module
 */
import { isStreamEvent } from "../protocol/message_guards.ts";
import type { Message } from "../protocol/messages.ts";
import { type ContentOptions, wanted } from "./_filters.ts";

/**
 * A `TransformStream` from messages to the text deltas of `stream_event` lines (`content_block_delta` with a
 * `text_delta`), in order. Deltas exist only when the CLI runs with `--include-partial-messages`; the complete
 * assistant lines that follow them are ignored here, so nothing is counted twice (use {@link textContent} for
 * whole blocks).
 *
 * @example
 * ```ts
 * import { type Message, textDeltas } from "@claude-stream/sdk";
 * declare const messages: ReadableStream<Message>; // from a CLI run with --include-partial-messages
 * for await (const delta of messages.pipeThrough(textDeltas())) console.log(delta);
 * ```
 */
export function textDeltas(options: ContentOptions = {}): TransformStream<Message, string> {
  return new TransformStream<Message, string>({
    transform(message, controller) {
      if (!isStreamEvent(message) || !wanted(message, options)) return;
      const event = message.event;
      if (event?.type !== "content_block_delta" || event.delta?.type !== "text_delta") return;
      const text = event.delta.text;
      if (typeof text === "string" && text !== "") controller.enqueue(text);
    },
  });
}
