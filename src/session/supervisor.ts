/**
 * A supervisor for sessions: starts a list of session specs and restarts, one for one, a session whose CLI
 * crashed. Unlike the Elixir library, a restarted session resumes its conversation unless `resume: false`.
 * More than `maxRestarts` restarts within `withinMs` and it gives up: every session stops and `done` rejects
 * with `RESTART_LIMIT`.
 * @module
 */
import { restartLimitError, unknownSessionNameError } from "../error_constructors.ts";
import type { ClaudeCodeError, ClaudeCodeErrorOf } from "../errors.ts";
import { Session } from "./session.ts";
import type { SessionOptions } from "./session_options.ts";

/**
 * Options of {@link startSupervisor}.
 *
 * @example
 * ```ts
 * import { startSupervisor, type SupervisorOptions } from "@claude-stream/sdk";
 * const policy: SupervisorOptions = { maxRestarts: 5, withinMs: 60_000, resume: true };
 * await using supervisor = startSupervisor([{ name: "assistant" }], policy);
 * ```
 */
export interface SupervisorOptions {
  /** Most restarts of one session within `withinMs` (default 3). */
  maxRestarts?: number;
  /** The window of `maxRestarts`, in ms (default 5000). */
  withinMs?: number;
  /** Whether a restarted session resumes its conversation (default true); false starts it afresh. */
  resume?: boolean;
  /** Start every CLI at once rather than at its first turn (default false: lazy, as the guide). */
  eager?: boolean;
  /** Told of every restart, with the crash that caused it (what the session's `onCrash` is told). */
  onRestart?: (session: Session, error: ClaudeCodeErrorOf<"PROCESS_EXIT" | "NO_RESULT" | "SESSION_NOT_FOUND">) => void;
}

/**
 * The running supervisor.
 *
 * @example
 * ```ts
 * import { startSupervisor, type Supervisor } from "@claude-stream/sdk";
 * const supervisor: Supervisor = startSupervisor([{ name: "assistant" }]);
 * supervisor.done.catch((error) => console.error("gave up:", error.message));
 * await supervisor.stop();
 * ```
 */
export interface Supervisor {
  /** The supervised sessions, in the order of the specs. */
  readonly sessions: readonly Session[];
  /** The session with this name; `UNKNOWN_SESSION_NAME` when none. */
  get(name: string): Session;
  /** Resolves after `stop()`; rejects with `RESTART_LIMIT` when the supervisor gave up. */
  readonly done: Promise<void>;
  /** Stops every session. */
  stop(): Promise<void>;
  /** Same as `stop()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts the sessions of `specs` under supervision. Named specs are also reachable with `namedSession(name)`.
 *
 * @example
 * ```ts
 * import { namedSession, startSupervisor } from "@claude-stream/sdk";
 * await using supervisor = startSupervisor([
 *   { name: "assistant" },
 *   { name: "code_reviewer", systemPrompt: "You review code" },
 * ]);
 * await namedSession("assistant").stream("Hello!").pipeTo(new WritableStream());
 * ```
 */
export function startSupervisor(specs: readonly SessionOptions[], options: SupervisorOptions = {}): Supervisor {
  const maxRestarts = options.maxRestarts ?? 3;
  const withinMs = options.withinMs ?? 5_000;
  let stopping: Promise<void> | undefined;
  let giveUp!: (error: ClaudeCodeError) => void;
  let finish!: () => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    giveUp = reject;
  });
  done.catch(() => {});

  const stop = (): Promise<void> => {
    stopping ??= Promise.all(sessions.map((session) => session.stop())).then(() => {});
    return stopping;
  };

  const supervise = (spec: SessionOptions): Session => {
    const restarts: number[] = [];
    const session: Session = new Session({
      ...spec,
      onCrash(error) {
        spec.onCrash?.(error);
        if (stopping !== undefined) return;
        const now = Date.now();
        restarts.push(now);
        while (restarts.length > 0 && restarts[0] <= now - withinMs) restarts.shift();
        if (restarts.length > maxRestarts) {
          const limit = restartLimitError({ name: spec.name, maxRestarts, withinMs }, error);
          void stop().then(() => giveUp(limit));
          return;
        }
        options.onRestart?.(session, error);
        void restart(session, options.resume ?? true);
      },
    });
    return session;
  };

  const sessions: Session[] = [];
  try {
    for (const spec of specs) sessions.push(supervise(spec));
  } catch (error) {
    void stop();
    throw error;
  }
  if (options.eager) { for (const session of sessions) session.start().catch(() => {}); }

  const stopAndFinish = () => stop().then(finish);
  return {
    sessions,
    get(name) {
      const session = sessions.find((candidate) => candidate.name === name);
      if (session === undefined) throw unknownSessionNameError(name, "the supervisor");
      return session;
    },
    done,
    stop: stopAndFinish,
    [Symbol.asyncDispose]: stopAndFinish,
  };
}

async function restart(session: Session, resume: boolean): Promise<void> {
  try {
    if (!resume) await session.clear();
    // A start that fails again is reported as another crash by the session itself.
    await session.start();
  } catch {
    // Counted through onCrash, or the session was stopped meanwhile.
  }
}
