/**
 * A chat web app as one runtime-agnostic function, `(Request) => Promise<Response>`: the same code is served by
 * `Deno.serve` (`../deno_serve.ts`), `Bun.serve` (`../bun_serve.ts`) and `node:http` (`../node_http.ts`).
 *
 * Each visitor's conversation is a Session of one `SessionPool`: a new visitor's first message starts a new
 * conversation (on a warm spare CLI, so the reply does not wait for a CLI to boot) and gets a cookie holding its id; a
 * returning visitor whose conversation the pool no longer holds (it was idle, or the server restarted) gets a Session
 * that resumes it, and the page shows what was said so far from `history.conversation()`.
 *
 * Routes: `GET /` the page, `GET /history` the conversation as JSON, `GET /chat?prompt=..&format=sse|ndjson|text`
 * (what `EventSource` calls) and `POST /chat` with `{ "prompt": "..", "format": ".." }`: a streamed turn.
 * @module
 */
import {
  history,
  type SessionOptions,
  SessionPool,
  type SessionPoolOptions,
  type TurnFormat,
  turnResponse,
} from "../../mod.ts";
import { CHAT_PAGE } from "./page.ts";
import { visitorOptions } from "./visitor_options.ts";

/**
 * Options of {@link createChatApp}.
 *
 * @example
 * ```ts
 * import type { ChatAppOptions } from "./chat/app.ts";
 * const options: ChatAppOptions = {
 *   session: { model: "sonnet", configDir: "/tmp/chat-config" },
 *   pool: { maxLive: 20, idleMs: 600_000, warm: 2 },
 *   cookieName: "chat",
 * };
 * ```
 */
export interface ChatAppOptions {
  /**
   * Given to every visitor's Session (cliPath, env, model...), over no tools and the allowlisted environment; each
   * visitor's config dir and cwd are their own, under `<configDir>/tenants/<id>/` (see `chat/visitor_options.ts`).
   */
  session?: SessionOptions;
  /** How many CLIs may run, how long an idle one lives, how many spares wait (default: 10, 5 minutes, 1). */
  pool?: Omit<SessionPoolOptions, "sessionOptions">;
  /** The cookie naming a visitor's conversation. */
  cookieName?: string;
}

/**
 * A chat app: its request handler, and `close()` stopping every visitor's Session.
 *
 * @example
 * ```ts
 * import { type ChatApp, createChatApp } from "./chat/app.ts";
 * const app: ChatApp = createChatApp();
 * const page = await app.fetch(new Request("http://localhost/"));
 * await app.close();
 * ```
 */
export interface ChatApp {
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
}

/**
 * One line of the conversation as the page shows it (`GET /history` answers with a list of them).
 *
 * @example
 * ```ts
 * import type { ChatLine } from "./chat/app.ts";
 * const line: ChatLine = { role: "user", text: "My name is Alice" };
 * ```
 */
export interface ChatLine {
  role: "user" | "assistant";
  text: string;
}

const FORMATS: TurnFormat[] = ["sse", "ndjson", "text"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Builds the chat app.
 *
 * @example
 * ```ts
 * import { createChatApp } from "./chat/app.ts";
 * const app = createChatApp({ session: { model: "sonnet" } });
 * Deno.serve(app.fetch);
 * ```
 */
export function createChatApp(options: ChatAppOptions = {}): ChatApp {
  const visitors = visitorOptions({ includePartialMessages: true, ...options.session });
  const cookieName = options.cookieName ?? "chat_session";
  const pool = new SessionPool({ warm: 1, ...options.pool, sessionOptions: visitors.sessionOptions });

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const visitor = visitorOf(request, cookieName);
    if (url.pathname === "/" && request.method === "GET") {
      return new Response(CHAT_PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    if (url.pathname === "/history" && request.method === "GET") {
      return Response.json(visitor === null ? [] : await conversationOf(visitor));
    }
    if (url.pathname === "/chat" && (request.method === "GET" || request.method === "POST")) {
      const ask = request.method === "GET" ? queryAsk(url) : await bodyAsk(request);
      if (ask === null) {
        return Response.json({ error: "give a prompt and a format of sse, ndjson or text" }, { status: 400 });
      }
      // A new visitor: a new conversation, its id known at once for the cookie. A returning one: theirs, live or
      // resumed (or, when it is saved nowhere, say after its files were cleaned up, a new one under the same id).
      const session = visitor === null ? await pool.session() : await pool.session(visitor, { create: true });
      const headers = visitor === null
        ? { "set-cookie": `${cookieName}=${session.sessionId}; Path=/; HttpOnly; SameSite=Lax` }
        : undefined;
      // A client that leaves cancels the body, which interrupts the turn.
      return turnResponse(session.stream(ask.prompt), { format: ask.format, headers });
    }
    return new Response("not found", { status: 404 });
  }

  async function conversationOf(id: string): Promise<ChatLine[]> {
    try {
      const messages = await history.conversation(id, visitors.where(id));
      return mergeLines(messages.map((message) => ({ role: message.type, text: message.text })));
    } catch (error) {
      if ((error as { code?: string }).code === "SESSION_NOT_FOUND") return [];
      throw error;
    }
  }

  return {
    fetch: handle,
    close: () => pool.close(),
  };
}

/** The visitor's conversation id from the cookie; null for a visitor who has not chatted yet. */
function visitorOf(request: Request, cookieName: string): string | null {
  const cookies = request.headers.get("cookie") ?? "";
  for (const pair of cookies.split(";")) {
    const [name, value] = pair.trim().split("=");
    // Only a UUID: the id becomes a file name and a CLI argument.
    if (name === cookieName && UUID.test(value ?? "")) return value;
  }
  return null;
}

function queryAsk(url: URL): { prompt: string; format: TurnFormat } | null {
  return ask(url.searchParams.get("prompt"), url.searchParams.get("format") ?? "sse");
}

async function bodyAsk(request: Request): Promise<{ prompt: string; format: TurnFormat } | null> {
  const body = await request.json().catch(() => null) as { prompt?: unknown; format?: unknown } | null;
  return ask(body?.prompt, body?.format ?? "sse");
}

function ask(prompt: unknown, format: unknown): { prompt: string; format: TurnFormat } | null {
  if (typeof prompt !== "string" || prompt.trim() === "") return null;
  if (!FORMATS.includes(format as TurnFormat)) return null;
  return { prompt, format: format as TurnFormat };
}

/** Assistant entries hold one content block each: one reply is shown as one line; blocks without text vanish. */
function mergeLines(lines: ChatLine[]): ChatLine[] {
  const merged: ChatLine[] = [];
  for (const line of lines) {
    if (line.text === "") continue;
    const last = merged.at(-1);
    if (last !== undefined && last.role === "assistant" && line.role === "assistant") last.text += `\n${line.text}`;
    else merged.push({ ...line });
  }
  return merged;
}
