/**
 * Named sessions: a session started with `name` can be reached from anywhere by that name until it stops.
 * @module
 */
import { ClaudeCodeError } from "../errors.ts";
import type { Session } from "./session.ts";

const sessions = new Map<string, Session>();

/**
 * The running session registered under `name`; throws `SESSION_NOT_FOUND` when there is none.
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
  if (session === undefined) throw new ClaudeCodeError("SESSION_NOT_FOUND", `no session is named ${name}`, { name });
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
 * Registers `session` under `name`; throws `NAME_TAKEN` when another session has it. `new Session({ name })` calls it.
 *
 * @example
 * ```ts
 * import { registerSession, Session } from "@claude-stream/sdk";
 * const session = new Session();
 * registerSession("helper", session);
 * ```
 */
export function registerSession(name: string, session: Session): void {
  const holder = sessions.get(name);
  if (holder !== undefined && holder !== session) {
    throw new ClaudeCodeError("NAME_TAKEN", `a session named ${name} is already running`, { option: "name", name });
  }
  sessions.set(name, session);
}

/**
 * Removes the name of `session` (a stopped session calls it); a no-op when the name belongs to another.
 *
 * @example
 * ```ts
 * import { registerSession, unregisterSession, Session } from "@claude-stream/sdk";
 * const session = new Session();
 * registerSession("helper", session);
 * unregisterSession("helper", session);
 * ```
 */
export function unregisterSession(name: string, session: Session): void {
  if (sessions.get(name) === session) sessions.delete(name);
}
