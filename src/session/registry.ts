/**
 * Named sessions: a session started with `name` can be reached from anywhere by that name until it stops.
 * @module
 */
import { nameTakenError, unknownSessionNameError } from "../error_constructors.ts";
import type { Session } from "./session.ts";

const sessions = new Map<string, Session>();

/**
 * The running session registered under `name`; throws `UNKNOWN_SESSION_NAME` when there is none.
 *
 * @example
 * ```ts
 * import { namedSession, Session } from "@claude-stream/sdk";
 * new Session({ name: "assistant" });
 * await namedSession("assistant").stream("Hello!").pipeTo(new WritableStream());
 * await namedSession("assistant").stop();
 * ```
 */
export function namedSession(name: string): Session {
  const session = sessions.get(name);
  if (session === undefined) throw unknownSessionNameError(name);
  return session;
}

/**
 * The names of the running named sessions.
 *
 * @example
 * ```ts
 * import { sessionNames } from "@claude-stream/sdk";
 * console.log(sessionNames()); // ["assistant", "code_reviewer"]
 * ```
 */
export function sessionNames(): string[] {
  return [...sessions.keys()];
}

/**
 * Registers `session` under `name` and returns what releases exactly that registration; throws `NAME_TAKEN` when
 * another session has the name. Internal: only `new Session({ name })` calls it, so a name always belongs to the
 * session that was built with it, and that session's `stop()` frees it.
 *
 * @example
 * ```ts
 * import { claimName } from "./registry.ts";
 * import { Session } from "./session.ts";
 * const release = claimName("helper", new Session());
 * release(); // the name is free again
 * ```
 */
export function claimName(name: string, session: Session): () => void {
  const holder = sessions.get(name);
  if (holder !== undefined && holder !== session) {
    throw nameTakenError(name);
  }
  sessions.set(name, session);
  return () => {
    if (sessions.get(name) === session) sessions.delete(name);
  };
}
