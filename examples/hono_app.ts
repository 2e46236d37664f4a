/**
 * claude-stream in a Hono app: conversations as REST resources. One Session per conversation id, from a
 * `SessionPool` (live, resumed, or new under the id the client chose), a turn streamed back in the format the client
 * asks for, the saved conversation read from history. The same file runs on every
 * runtime: `deno serve -A examples/hono_app.ts`, `bun examples/hono_app.ts` (both serve the default export), or
 * mount `createHonoApp()` in your own server. Uses the fake CLI unless `CLAUDE_STREAM_CLI_PATH` names a real one.
 * Each conversation is a tenant with its own config dir and cwd, no built-in tools and the allowlisted environment
 * unless the options say otherwise (`chat/visitor_options.ts`).
 *
 *   POST /conversations/:id/turns   {"prompt": "...", "format": "sse" | "ndjson" | "text"}   -> the streamed turn
 *   GET  /conversations/:id                                                               -> [{ type, text }]
 *   DELETE /conversations/:id                                                             -> stops its Session
 * @module
 */
import process from "node:process";
import { Hono } from "hono";
import { history, type SessionOptions, SessionPool, type TurnFormat, turnResponse } from "../mod.ts";
import { visitorOptions } from "./chat/visitor_options.ts";
import { settingsFromEnv } from "./chat/options_from_env.ts";

/** A conversation id in a route: a UUID (the CLI's session ids), anything else is not found. */
const ID = ":id{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}";

/**
 * A Hono app serving conversations; `close()` stops every Session it started.
 *
 * @example
 * ```ts
 * import { createHonoApp } from "./hono_app.ts";
 * const { app, close } = createHonoApp({ configDir: "/tmp/hono-chat" });
 * const id = crypto.randomUUID();
 * const reply = await app.request(`/conversations/${id}/turns`, { method: "POST", body: JSON.stringify({ prompt: "Hi", format: "text" }) });
 * console.log(await reply.text());
 * await close();
 * ```
 */
export function createHonoApp(options: SessionOptions = {}): { app: Hono; close(): Promise<void> } {
  const visitors = visitorOptions(options);
  const pool = new SessionPool({ sessionOptions: visitors.sessionOptions });

  const app = new Hono();
  app.post(`/conversations/${ID}/turns`, async (c) => {
    const { prompt, format = "sse" } = await c.req.json<{ prompt?: unknown; format?: TurnFormat }>();
    if (typeof prompt !== "string" || !["sse", "ndjson", "text"].includes(format)) {
      return c.json({ error: 'give a "prompt" and a "format" of sse, ndjson or text' }, 400);
    }
    // The client names the conversation: a new one under that id the first time (`create`), resumed after that.
    const session = await pool.session(c.req.param("id"), { create: true });
    // A client that goes away cancels the body, which interrupts the turn.
    return turnResponse(session.stream(prompt), { format });
  });
  app.get(`/conversations/${ID}`, async (c) => {
    const id = c.req.param("id");
    const messages = await history.conversation(id, visitors.where(id)).catch(() => []);
    return c.json(messages.map(({ type, text }) => ({ type, text })));
  });
  app.delete(`/conversations/${ID}`, async (c) => {
    const id = c.req.param("id");
    if (pool.has(id)) await (await pool.session(id)).stop(); // its history stays on disk
    return c.body(null, 204);
  });

  return { app, close: () => pool.close() };
}

/** What `deno serve` and `bun` serve when this file is run directly. */
export default createHonoApp(settingsFromEnv(process.env, process.cwd()).app.session).app;
