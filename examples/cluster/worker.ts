/**
 * One worker of the cluster: a `(Request) => Promise<Response>` handler over a `SessionPool` whose transcripts are
 * mirrored to a shared `SessionStore` and whose conversations are leased (`SessionLeases`), so that any worker can
 * carry on any conversation and no two run a CLI for the same one.
 *
 * Route: `POST /turn` with `{ "prompt": "..", "conversationId"?: "..", "format"?: "ndjson" | "sse" | "text" }`: the
 * turn, streamed (NDJSON by default). Without `conversationId` a new conversation starts; the response's
 * `x-conversation-id` names it and `x-worker` the worker that served it.
 * @module
 */
import {
  type SessionLeases,
  type SessionOptions,
  SessionPool,
  type SessionStore,
  type TurnFormat,
  turnResponse,
} from "../../mod.ts";

/**
 * What a worker is built from.
 *
 * @example
 * ```ts
 * import { InMemorySessionLeases, InMemorySessionStore } from "../../mod.ts";
 * import type { WorkerOptions } from "./worker.ts";
 * const options: WorkerOptions = {
 *   name: "a",
 *   store: new InMemorySessionStore(),
 *   leases: new InMemorySessionLeases(),
 *   sessionOptions: { cwd: "/srv/app" },
 * };
 * ```
 */
export interface WorkerOptions {
  /** Sent back as `x-worker`. */
  name: string;
  /** Where every worker's transcripts go, and are resumed from. */
  store: SessionStore;
  /** One live CLI per conversation across the workers. */
  leases: SessionLeases;
  /** Given to every Session (`cwd` must be the same path on every worker: it scopes the store keys). */
  sessionOptions: SessionOptions;
  /** How long a conversation's CLI stays after its turn (default 2 s): then its lease goes back, for any worker. */
  idleMs?: number;
  /** At most this many CLIs on this worker (default 8). */
  maxLive?: number;
}

/**
 * A worker: its handler, and `close()` stopping its CLIs and giving back their leases.
 *
 * @example
 * ```ts
 * import { InMemorySessionLeases, InMemorySessionStore } from "../../mod.ts";
 * import { createWorker } from "./worker.ts";
 * const worker = createWorker({
 *   name: "a",
 *   store: new InMemorySessionStore(),
 *   leases: new InMemorySessionLeases(),
 *   sessionOptions: {},
 * });
 * const response = await worker.fetch(new Request("http://worker/nothing-here"));
 * console.log(response.status); // 404
 * await worker.close();
 * ```
 */
export function createWorker(
  options: WorkerOptions,
): { fetch(request: Request): Promise<Response>; close(): Promise<void> } {
  const pool = new SessionPool({
    maxLive: options.maxLive ?? 8,
    idleMs: options.idleMs ?? 2_000,
    sessionStore: options.store,
    leases: options.leases,
    sessionOptions: options.sessionOptions,
  });
  return {
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (request.method !== "POST" || url.pathname !== "/turn") return new Response("not found", { status: 404 });
      const body: unknown = await request.json().catch(() => null);
      const { prompt, conversationId, format } = (typeof body === "object" && body !== null ? body : {}) as {
        prompt?: unknown;
        conversationId?: unknown;
        format?: unknown;
      };
      if (typeof prompt !== "string" || prompt === "") return new Response("a prompt is needed", { status: 400 });
      if (conversationId !== undefined && typeof conversationId !== "string") {
        return new Response("conversationId must be a string", { status: 400 });
      }
      const session = await pool.session(conversationId, { signal: request.signal });
      return turnResponse(session.stream(prompt, { signal: request.signal }), {
        format: (["ndjson", "sse", "text"].includes(String(format)) ? format : "ndjson") as TurnFormat,
        headers: { "x-worker": options.name, "x-conversation-id": session.sessionId ?? "" },
      });
    },
    close: () => pool.close(),
  };
}
