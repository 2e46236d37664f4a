/**
 * A turn as the body of an HTTP `Response`: server-sent events, NDJSON or plain text, with the headers each needs.
 * @module
 */
import type { Message } from "../protocol/messages.ts";
import { textContent } from "./text_content.ts";
import { toNDJSON } from "./to_ndjson.ts";
import { toSSE } from "./to_sse.ts";

/**
 * The wire forms of {@link turnResponse}: server-sent events, NDJSON, or the plain reply text.
 *
 * @example
 * ```ts
 * import type { TurnFormat } from "@claude-stream/sdk";
 * const format: TurnFormat = new URL("http://localhost/chat?format=ndjson").searchParams.get("format") === "ndjson" ? "ndjson" : "sse";
 * ```
 */
export type TurnFormat = "sse" | "ndjson" | "text";

/**
 * Options of {@link turnResponse}.
 *
 * @example
 * ```ts
 * import type { TurnResponseOptions } from "@claude-stream/sdk";
 * const options: TurnResponseOptions = { format: "ndjson", headers: { "set-cookie": "visitor=1; Path=/" } };
 * ```
 */
export interface TurnResponseOptions {
  /**
   * `"sse"` (default; {@link toSSE}: one event per message, named after its `type`), `"ndjson"` ({@link toNDJSON})
   * or `"text"` (the reply text, {@link textContent}).
   */
  format?: TurnFormat;
  /** The response status (default 200). */
  status?: number;
  /**
   * More headers, e.g. `set-cookie`; they win over the defaults. (What `new Headers()` takes: spelt this way rather
   * than `HeadersInit`, a name only TypeScript's DOM lib declares, so that consumers on Node's types alone compile.)
   */
  headers?: ConstructorParameters<typeof Headers>[0];
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
 * // Serve it with Deno.serve(handler), Bun.serve({ fetch: handler }) or a node:http bridge.
 * const handler = (request: Request): Response => {
 *   const prompt = new URL(request.url).searchParams.get("prompt") ?? "Hello";
 *   return turnResponse(session.stream(prompt), { format: "sse" });
 * };
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
  if (format === "text") return stream.pipeThrough(textContent()).pipeThrough(new TextEncoderStream());
  const body = endingInErrorMessage(stream).pipeThrough(format === "sse" ? toSSE<Message>() : toNDJSON<Message>());
  return format === "sse" ? startingWith(SSE_OPENING, body) : body;
}

/**
 * An SSE comment sent at once: `Bun.serve` holds the response head back until the first body chunk, and until then
 * `fetch()` does not resolve, `EventSource` does not open and a client that leaves goes unnoticed.
 */
const SSE_OPENING = new TextEncoder().encode(": turn\n\n");

function startingWith(first: Uint8Array, rest: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = rest.getReader();
  return new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(first),
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

/**
 * The turn's messages, where an error of the turn becomes a last `{ type: "error", code, message }` item instead
 * (a TransformStream cannot see its source's error, hence a pulling stream).
 */
function endingInErrorMessage(stream: ReadableStream<Message>): ReadableStream<Message> {
  const reader = stream.getReader();
  return new ReadableStream<Message>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.enqueue(errorMessage(error));
        controller.close();
      }
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

/** What a client learns of a failed turn: the stable code and the message. */
function errorMessage(error: unknown): Message {
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : "ERROR";
  return { type: "error", code, message: error instanceof Error ? error.message : String(error) };
}
