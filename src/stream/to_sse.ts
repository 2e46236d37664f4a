/**
 * Messages or text to Server-Sent Events bytes, for HTTP.
 * @module
 */
import type { Message } from "../protocol/messages.ts";

/**
 * Options of {@link toSSE}.
 *
 * @example
 * ```ts
 * import { toSSE } from "@claude-stream/sdk";
 * const sse = toSSE({ event: (message) => (typeof message === "string" ? "text" : message.type), id: (_, index) => String(index) });
 * ```
 */
export interface ToSSEOptions<T> {
  /**
   * The `event:` name of an item; `undefined` leaves it out (the browser's default, `message`).
   * Default: a message's `type`, nothing for text.
   */
  event?: (item: T) => string | undefined;
  /** The `id:` of an item (the client's `Last-Event-ID` when it reconnects); default none. */
  id?: (item: T, index: number) => string | undefined;
}

// SSE ends a field at CR, LF or CRLF, so text is split there into several `data:` lines (the client joins them
// with "\n"); names and ids cannot hold a line break at all.
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * A `TransformStream` from messages (or strings, e.g. after `textContent()`) to `text/event-stream` bytes.
 * A message becomes `event: <type>` and `data: <JSON>` (one line: JSON has no raw line breaks); a string becomes
 * `data:` lines, one per line of text, which an `EventSource` joins back with `"\n"`.
 *
 * @example
 * ```ts
 * import { Session, textContent, toSSE } from "@claude-stream/sdk";
 * const session = new Session();
 * const headers = { "content-type": "text/event-stream", "cache-control": "no-cache" };
 * const everything = new Response(session.stream("Hi").pipeThrough(toSSE()), { headers });
 * const justText = new Response(session.stream("Again").pipeThrough(textContent()).pipeThrough(toSSE()), { headers });
 * ```
 */
export function toSSE<T extends Message | string = Message | string>(
  options: ToSSEOptions<T> = {},
): TransformStream<T, Uint8Array> {
  const encoder = new TextEncoder();
  const eventOf = options.event ?? ((item: T) => (typeof item === "string" ? undefined : item.type));
  let index = 0;
  return new TransformStream<T, Uint8Array>({
    transform(item, controller) {
      controller.enqueue(encoder.encode(sseEvent(item, eventOf(item), options.id?.(item, index++))));
    },
  });
}

function sseEvent(item: Message | string, event: string | undefined, id: string | undefined): string {
  let frame = "";
  if (event !== undefined) frame += `event: ${oneLine(event)}\n`;
  if (id !== undefined) frame += `id: ${oneLine(id).replace(/\0/g, "")}\n`;
  const data = typeof item === "string" ? item : JSON.stringify(item);
  for (const line of data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return frame + "\n";
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}
