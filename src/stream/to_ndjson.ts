/**
 * Messages to NDJSON bytes, for HTTP.
 * @module
 */
import { encodeJsonLine } from "../protocol/stdin_encoders.ts";

/**
 * A `TransformStream` from any JSON values (messages, text) to NDJSON bytes: one JSON document per line,
 * `application/x-ndjson`. The bytes decode back with `MessageDecoderStream`, and `new Response(body)` takes them.
 *
 * @example
 * ```ts
 * import { Session, toNDJSON } from "@claude-stream/sdk";
 * const session = new Session();
 * const handler = (request: Request) =>
 *   new Response(session.stream("Hi").pipeThrough(toNDJSON()), { headers: { "content-type": "application/x-ndjson" } });
 * ```
 */
export function toNDJSON<T = unknown>(): TransformStream<T, Uint8Array> {
  const encoder = new TextEncoder();
  return new TransformStream<T, Uint8Array>({
    transform(value, controller) {
      controller.enqueue(encoder.encode(encodeJsonLine(value)));
    },
  });
}
