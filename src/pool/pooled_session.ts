/**
 * `PooledSession`: the Session a `SessionPool` hands out. It is a `Session` in every way, and also tells its pool
 * when a turn starts and ends (so the pool never stops a busy CLI) and when it is stopped (by the pool or by the
 * user, who thereby takes it out of the pool). It knows its conversation id from the start: the pool picks it.
 * @module
 */
import type { AnyContentBlock, Message } from "../protocol/messages.ts";
import { Session, type StreamOptions } from "../session/session.ts";
import type { SessionOptions } from "../session/session_options.ts";
import { watchTurnEnd } from "./watch_turn_end.ts";

/**
 * What a pooled Session tells its pool. `stopping` is called at once by the first `stop()`; `stopped` once the CLI is
 * gone, and `stop()` resolves after what it returns.
 *
 * @example
 * ```ts
 * import type { PoolMembership } from "./pooled_session.ts";
 * const log: PoolMembership = {
 *   turnStarted: () => console.log("busy"),
 *   turnEnded: () => console.log("maybe idle"),
 *   cleared: () => console.log("a new conversation is next"),
 *   stopping: () => console.log("leaving"),
 *   stopped: async () => console.log("gone"),
 * };
 * ```
 */
export interface PoolMembership {
  turnStarted(session: PooledSession): void;
  turnEnded(session: PooledSession): void;
  cleared(session: PooledSession): void;
  stopping(session: PooledSession): void;
  stopped(session: PooledSession): Promise<void>;
}

/**
 * A Session of a pool, for conversation `conversationId` (new, with `sessionId` in `options`, or resumed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PooledSession } from "./pooled_session.ts";
 * const id = crypto.randomUUID();
 * const quiet = { turnStarted() {}, turnEnded() {}, cleared() {}, stopping() {}, stopped: async () => {} };
 * const session = new PooledSession({ sessionId: id }, id, quiet);
 * assert.equal(session.sessionId, id); // known before the first turn
 * await session.stop();
 * ```
 */
export class PooledSession extends Session {
  readonly #membership: PoolMembership;
  /** The conversation the pool opened this Session for, until the CLI names one (or `clear()` leaves it). */
  #conversationId: string | null;
  #stopped: Promise<void> | undefined;

  constructor(options: SessionOptions, conversationId: string, membership: PoolMembership) {
    super(options);
    this.#conversationId = conversationId;
    this.#membership = membership;
  }

  /** The conversation's id: the CLI's once a turn has started, and before that the one the pool opened it for. */
  override get sessionId(): string | null {
    return super.sessionId ?? this.#conversationId;
  }

  /** As `Session.stream()`; the pool counts the Session busy until the returned stream ends (or is cancelled). */
  override stream(prompt: string | AnyContentBlock[], streamOptions?: StreamOptions): ReadableStream<Message> {
    const turn = super.stream(prompt, streamOptions);
    this.#membership.turnStarted(this);
    return watchTurnEnd(turn, () => this.#membership.turnEnded(this));
  }

  /** As `Session.clear()`; the Session then holds no conversation the pool can look up until its next turn. */
  override async clear(): Promise<void> {
    await super.clear();
    this.#conversationId = null;
    this.#membership.cleared(this);
  }

  /** As `Session.stop()`, and the Session leaves its pool (its lease, if any, is released once the CLI is gone). */
  override stop(): Promise<void> {
    this.#stopped ??= this.#leave();
    return this.#stopped;
  }

  async #leave(): Promise<void> {
    this.#membership.stopping(this);
    try {
      await super.stop();
    } finally {
      await this.#membership.stopped(this);
    }
  }
}
