/**
 * One Session per conversation id, shared by the example servers: the Session in memory, else one resuming the
 * saved conversation by that id, else a new conversation that takes the id (`--session-id`), so the id a client
 * holds never has to change.
 *
 * Who may do what: these servers hand a Claude Code agent to whoever sends a request. So each conversation is a
 * tenant of its own (`tenantOptions`: its own config dir, where its transcript is, and its own working directory,
 * where the file tools work), its CLI inherits only the allowlisted environment (`inheritEnv: "allowlist"`: no
 * `DATABASE_URL` or cloud keys for its shell to print), and it gets no built-in tools (`tools: []`) unless the
 * server's options turn them on. See the README's "Serving visitors" before you do.
 * @module
 */
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { history, Session, type SessionOptions, tenantOptions } from "../../mod.ts";

/**
 * The Sessions of a server, by conversation id.
 *
 * @example
 * ```ts
 * import { createConversations } from "./conversations.ts";
 * const conversations = createConversations({ configDir: "/tmp/chat-config" });
 * const session = await conversations.get(crypto.randomUUID());
 * await conversations.close();
 * ```
 */
export interface Conversations {
  /** The conversation's Session, opened on first use. */
  get(id: string): Promise<Session>;
  /** Where the conversation's history is, for `history.conversation(id, conversations.where(id))`. */
  where(id: string): { configDir: string; projectPath: string };
  /** Stops the conversation's Session, if one is open; its history stays on disk. */
  stop(id: string): Promise<void>;
  /** Stops every Session. */
  close(): Promise<void>;
}

/**
 * What a visitor's agent gets unless the server's options say otherwise: no built-in tools, and only the
 * allowlisted part of the server's environment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VISITOR_DEFAULTS } from "./conversations.ts";
 * assert.deepEqual(VISITOR_DEFAULTS, { tools: [], inheritEnv: "allowlist" });
 * ```
 */
export const VISITOR_DEFAULTS: Readonly<SessionOptions> = Object.freeze({ tools: [], inheritEnv: "allowlist" });

/**
 * A pool of Sessions built with `options` over {@link VISITOR_DEFAULTS}, each conversation a tenant under
 * `<configDir>/tenants/<id>/` (`config/` and `work/`; `configDir` defaults to a folder in the temp dir). The `cwd` of
 * `options` is not used: every conversation works in its own folder.
 *
 * @example
 * ```ts
 * import { createConversations } from "./conversations.ts";
 * const conversations = createConversations({ model: "sonnet" });
 * console.log(conversations.where(crypto.randomUUID()).configDir); // .../claude-stream-chat/tenants/<id>/config
 * ```
 */
export function createConversations(options: SessionOptions): Conversations {
  const base: SessionOptions = { ...VISITOR_DEFAULTS, ...options };
  const root = join(options.configDir ?? join(tmpdir(), "claude-stream-chat"), "tenants");
  // Promises, so that two requests racing for a new conversation share one Session.
  const sessions = new Map<string, Promise<Session>>();

  const optionsOf = (id: string) => tenantOptions(base, { root, id });

  async function open(id: string): Promise<Session> {
    const own = optionsOf(id);
    await mkdir(own.cwd, { recursive: true }); // the CLI makes its config dir, not its cwd
    const saved = await history.findSession(id, { configDir: own.configDir });
    return new Session(saved === null ? { ...own, sessionId: id } : { ...own, resume: id });
  }

  const stopOne = async (session: Promise<Session> | undefined) => (await session?.catch(() => null))?.stop();

  return {
    get(id) {
      let session = sessions.get(id);
      if (session === undefined) {
        session = open(id);
        sessions.set(id, session);
        // A failed lookup is not remembered: the next request tries again.
        session.catch(() => sessions.delete(id));
      }
      return session;
    },
    where(id) {
      const { configDir, cwd } = optionsOf(id);
      return { configDir, projectPath: cwd };
    },
    async stop(id) {
      const session = sessions.get(id);
      sessions.delete(id);
      await stopOne(session);
    },
    async close() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map(stopOne));
    },
  };
}
