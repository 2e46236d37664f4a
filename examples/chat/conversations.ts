/**
 * One Session per conversation id, shared by the example servers: the Session in memory, else one resuming the
 * saved conversation by that id, else a new conversation that takes the id (`--session-id`), so the id a client
 * holds never has to change.
 * @module
 */
import { history, Session, type SessionOptions } from "../../mod.ts";

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
  /** Stops the conversation's Session, if one is open; its history stays on disk. */
  stop(id: string): Promise<void>;
  /** Stops every Session. */
  close(): Promise<void>;
}

/**
 * A pool of Sessions built with `options`; `cwd` and `configDir` also locate the saved conversations.
 *
 * @example
 * ```ts
 * import { createConversations } from "./conversations.ts";
 * const conversations = createConversations({ model: "sonnet" });
 * ```
 */
export function createConversations(options: SessionOptions): Conversations {
  // Promises, so that two requests racing for a new conversation share one Session.
  const sessions = new Map<string, Promise<Session>>();

  async function open(id: string): Promise<Session> {
    const saved = await history.findSession(id, { configDir: options.configDir });
    return new Session(saved === null ? { ...options, sessionId: id } : { ...options, resume: id });
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
