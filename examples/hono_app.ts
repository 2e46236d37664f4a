/**
 * claude-stream in a Hono app: conversations as REST resources. One Session per conversation id, a turn streamed
 * back in the format the client asks for, the saved conversation read from history. The same file runs on every
 * runtime: `deno serve -A examples/hono_app.ts`, `bun examples/hono_app.ts` (both serve the default export), or
 * mount `createHonoApp()` in your own server. Uses the fake CLI unless `CLAUDE_STREAM_CLI_PATH` names a real one.
 *
 *   POST /conversations/:id/turns   {"prompt": "...", "format": "sse" | "ndjson" | "text"}   -> the streamed turn
 *   GET  /conversations/:id                                                               -> [{ type, text }]
 *   DELETE /conversations/:id                                                             -> stops its Session
 * @module
 */
import process from "node:process";
import { Hono } from "hono";
import { history, Session, type SessionOptions, type TurnFormat, turnResponse } from "../mod.ts";
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
  // Promises, so that two requests racing for a new conversation share one Session.
  const sessions = new Map<string, Promise<Session>>();
  const where = { configDir: options.configDir, projectPath: options.cwd };

  /** The conversation's Session: the running one, else one resuming its saved history, else a new one by that id. */
  function sessionFor(id: string): Promise<Session> {
    let session = sessions.get(id);
    if (session === undefined) {
      session = history.findSession(id, where)
        .then((saved) => new Session(saved === null ? { ...options, sessionId: id } : { ...options, resume: id }));
      sessions.set(id, session);
      session.catch(() => sessions.delete(id)); // not remembered: the next request tries again
    }
    return session;
  }

  const app = new Hono();
  app.post(`/conversations/${ID}/turns`, async (c) => {
    const { prompt, format = "sse" } = await c.req.json<{ prompt?: unknown; format?: TurnFormat }>();
    if (typeof prompt !== "string" || !["sse", "ndjson", "text"].includes(format)) {
      return c.json({ error: 'give a "prompt" and a "format" of sse, ndjson or text' }, 400);
    }
    const session = await sessionFor(c.req.param("id"));
    // A client that goes away cancels the body, which interrupts the turn.
    return turnResponse(session.stream(prompt), { format });
  });
  app.get(`/conversations/${ID}`, async (c) => {
    const messages = await history.conversation(c.req.param("id"), where).catch(() => []);
    return c.json(messages.map(({ type, text }) => ({ type, text })));
  });
  app.delete(`/conversations/${ID}`, async (c) => {
    await (await sessions.get(c.req.param("id")))?.stop();
    sessions.delete(c.req.param("id"));
    return c.body(null, 204);
  });

  const close = async () => {
    await Promise.all([...sessions.values()].map(async (session) => (await session).stop()));
    sessions.clear();
  };
  return { app, close };
}


/** What `deno serve` and `bun` serve when this file is run directly. */
export default createHonoApp(settingsFromEnv(process.env, process.cwd()).app.session).app;
