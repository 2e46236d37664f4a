/**
 * A `(Request) => Promise<Response>` handler as a `node:http` request listener: what `Deno.serve` and `Bun.serve`
 * do natively. The response body is streamed chunk by chunk, and a client that goes away cancels it, which
 * interrupts the turn behind it.
 * @module
 */
import { Buffer } from "node:buffer";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

/**
 * A Fetch API request handler.
 *
 * @example
 * ```ts
 * import type { FetchHandler } from "./node_adapter.ts";
 * const hello: FetchHandler = () => new Response("hello");
 * ```
 */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * Adapts a Fetch API handler to `node:http`.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { toNodeListener } from "./node_adapter.ts";
 * createServer(toNodeListener(() => new Response("hi"))).listen(8000);
 * ```
 */
export function toNodeListener(handler: FetchHandler): RequestListener {
  return (incoming, outgoing) => {
    void serve(handler, incoming, outgoing).catch((error) => {
      console.error(error);
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end();
    });
  };
}

async function serve(handler: FetchHandler, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const gone = new AbortController();
  // "close" also fires after a complete response; only an unfinished one means the client left.
  outgoing.on("close", () => outgoing.writableFinished || gone.abort());
  const response = await handler(await toRequest(incoming, gone.signal));
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  outgoing.writeHead(response.status, headers);
  // Send the headers now: an event stream may stay silent for a while.
  outgoing.flushHeaders();
  if (response.body === null) return void outgoing.end();
  await pump(response.body, outgoing, gone.signal);
}

async function toRequest(incoming: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "localhost"}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  const body = hasBody ? await readAll(incoming) : undefined;
  return new Request(url, { method: incoming.method, headers, body, signal });
}

async function readAll(incoming: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Uint8Array);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Copies the body to the socket, honouring backpressure; the client leaving cancels the body, and a body that fails
 * breaks the connection off.
 */
async function pump(body: ReadableStream<Uint8Array>, outgoing: ServerResponse, gone: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel(new Error("the client went away")).catch(() => {});
  if (gone.aborted) return cancel();
  gone.addEventListener("abort", cancel, { once: true });
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done || gone.aborted) break;
      if (!outgoing.write(value)) await drained(outgoing, gone);
    }
  } catch {
    // the body failed (what it streams went away): break the response off, so that the client sees it cut short
    outgoing.destroy();
  } finally {
    gone.removeEventListener("abort", cancel);
    outgoing.end();
  }
}

function drained(outgoing: ServerResponse, gone: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off("drain", done);
      gone.removeEventListener("abort", done);
      resolve();
    };
    outgoing.on("drain", done);
    gone.addEventListener("abort", done, { once: true });
  });
}
