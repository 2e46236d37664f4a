/**
 * One turn out of a longer message stream.
 * @module
 */
import type { Message } from "../protocol/messages.ts";

/**
 * A `TransformStream` that passes messages through up to and including the first `result`, then ends, cancelling
 * what is upstream. Useful on a raw stdout stream that carries several turns; `session.stream()` already ends there.
 *
 * @example
 * ```ts
 * import { untilResult } from "@claude-stream/sdk";
 * import { MessageDecoderStream } from "@claude-stream/sdk/protocol";
 * declare const stdout: ReadableStream<Uint8Array>;
 * const firstTurn = stdout.pipeThrough(new MessageDecoderStream()).pipeThrough(untilResult());
 * for await (const message of firstTurn) console.log(message.type);
 * ```
 */
export function untilResult(): TransformStream<Message, Message> {
  return new TransformStream<Message, Message>({
    transform(message, controller) {
      controller.enqueue(message);
      if (message.type === "result") controller.terminate();
    },
  });
}
