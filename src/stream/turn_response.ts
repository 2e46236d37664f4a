/**
 * A turn as the body of an HTTP `Response`: server-sent events, NDJSON or plain text, with the headers each needs.
 * @module
 */
import type { Message } from "../protocol/messages.ts";
import { textContent } from "./text_content.ts";

/** The wire forms of {@link turnResponse}. */
export type TurnFormat = "sse" | "ndjson" | "text";

/** Options of {@link turnResponse}. */
export interface TurnResponseOptions {
  /** `"sse"` (default; one event per message, named after its `type`), `"ndjson"` or `"text"` (the reply text). */
  format?: TurnFormat;
  /** The response status (default 200). */
  status?: number;
  /** More headers, e.g. `set-cookie`; they win over the defaults. */
  headers?: HeadersInit;
}

const CONTENT_TYPES: Record<TurnFormat, string> = {
  sse: "text/event-stream; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  text: "text/plain; charset=utf-8",
};

/**
 * Wraps a turn's messages in a streaming `Response`. Cancelling the body (what `Deno.serve`, `Bun.serve` and a
 * `node:http` bridge do when the client goes away) cancels `stream`, which interrupts the turn. An error of the
 * turn ends an SSE body with an `error` event and an NDJSON body with a `{"type":"error"}` line, so clients can
 * tell a failed turn from a dropped connection; a text body is cut off.
 *
 * @example
 * ```ts
 * import { Session, turnResponse } from "@claude-stream/sdk";
 * const session = new Session();
 * Deno.serve((request) => {
 *   const prompt = new URL(request.url).searchParams.get("prompt") ?? "Hello";
 *   return turnResponse(session.stream(prompt), { format: "sse" });
 * });
 * ```
 */
export function turnResponse(stream: ReadableStream<Message>, options: TurnResponseOptions = {}): Response {
  const format = options.format ?? "sse";
  if (!(format in CONTENT_TYPES)) throw new TypeError(`unknown turn format: ${String(format)}`);
  const headers = new Headers({
    "content-type": CONTENT_TYPES[format],
    // Proxies and browsers must neither cache nor buffer a live reply (nosniff: Chromium holds back
    // the first kilobyte of an unlabelled text body to sniff its type).
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
    "x-content-type-options": "nosniff",
  });
  const extra = new Headers(options.headers);
  for (const [name, value] of extra) if (name !== "set-cookie") headers.set(name, value);
  for (const cookie of extra.getSetCookie()) headers.append("set-cookie", cookie);
  return new Response(encodeTurn(stream, format), { status: options.status ?? 200, headers });
}

/** The bytes of a turn in one of the formats; cancelling them cancels the turn. */
function encodeTurn(stream: ReadableStream<Message>, format: TurnFormat): ReadableStream<Uint8Array> {
  const source = format === "text" ? stream.pipeThrough(textContent()) : stream.pipeThrough(frames(format));
  const reader = source.getReader();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        if (format === "text") return controller.error(error);
        controller.enqueue(encoder.encode(frame(format, "error", errorBody(error))));
        controller.close();
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function frames(format: "sse" | "ndjson"): TransformStream<Message, string> {
  return new TransformStream<Message, string>({
    transform: (message, controller) => controller.enqueue(frame(format, String(message.type), message)),
  });
}

/**
 * One SSE event or NDJSON line. JSON.stringify escapes CR and LF, so a message is always one `data:` line.
 * The event name is the message type, minus anything that would break the framing.
 */
function frame(format: "sse" | "ndjson", type: string, body: object): string {
  const json = JSON.stringify(body);
  if (format === "ndjson") return `${json}\n`;
  return `event: ${type.replace(/[\r\n]/g, "")}\ndata: ${json}\n\n`;
}

/** What a client learns of a failed turn: the stable code and the message. */
function errorBody(error: unknown): { type: "error"; code: string; message: string } {
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : "ERROR";
  const message = error instanceof Error ? error.message : String(error);
  return { type: "error", code, message };
}
