/**
 * `SessionPool`: the Sessions of many conversations on one worker, with a bound on the CLIs that run at once, idle
 * CLIs stopped, spare CLIs started ahead for new conversations, and (with leases) one live CLI per conversation
 * across workers.
 * @module
 */
import { abortedError, sessionStoppedError } from "../error_constructors.ts";
import { type ClaudeCodeError, isClaudeCodeError } from "../errors.ts";
import { encodeProjectPath } from "../history/encode_project_path.ts";
import { findSession } from "../history/find_session.ts";
import { currentRuntime } from "../runtime/current.ts";
import type { Session } from "../session/session.ts";
import type { SessionOptions } from "../session/session_options.ts";
import { startTimer } from "../session/timer.ts";
import type { SessionLease } from "../store/session_lease.ts";
import { PooledSession, type PoolMembership } from "./pooled_session.ts";
import {
  checkSessionOptions,
  parsePoolOptions,
  parseSessionRequest,
  type ResolvedPoolOptions,
  type SessionPoolOptions,
  type SessionRequestOptions,
} from "./session_pool_options.ts";

/** One Session the pool runs: a conversation's (`id` its key) or a warm spare's (`spare`, its id chosen ahead). */
interface Member {
  readonly session: PooledSession;
  /** The conversation it is found by; null after `clear()` until its next turn names one. */
  id: string | null;
  spare: boolean;
  /** Reply streams handed out and not yet over: the CLI is busy while this is above 0. */
  turns: number;
  /** Hand-outs not yet past their first macrotask (see `#handOut`). */
  pins: number;
  cancelIdle: () => void;
  readonly lease: SessionLease | undefined;
  readonly forgetLease: () => void;
}

/** A `session()` call waiting for a slot to run a CLI in: served in the order they came. */
interface SlotWaiter {
  grant(): void;
  fail(error: unknown): void;
}

/**
 * Many conversations, each with its own Session, on one worker, within a bound on the CLIs that run at once.
 *
 * - `pool.session(id)` is the conversation's Session: the live one, else a new one resuming the conversation (from
 *   disk or, with `sessionStore`, from the store). `pool.session()` starts a new conversation: its id is
 *   `session.sessionId` at once (the pool picks it, `--session-id`), before the first turn; with `warm` it is served by
 *   a spare CLI already started, so its first reply does not wait for a CLI to boot.
 * - At most `maxLive` CLIs run, spares included. When a Session is needed and none is free, the least recently used
 *   idle one is stopped (a spare first); it resumes when asked for again. A busy one (a reply stream not yet read to
 *   its end) is never stopped: when every CLI is busy, `session()` waits, in the order the calls came, for one to
 *   become idle (`signal` bounds the wait: `ABORTED`).
 * - A conversation without a turn for `idleMs` is stopped.
 * - With `leases`, a conversation's lease is taken before its Session is built and released once its CLI is gone;
 *   a lease lost (another worker took the conversation) stops the Session at once.
 * - The Sessions are the pool's: ask for one each time (`(await pool.session(id)).stream(...)`) rather than keeping
 *   it, since an idle one may be stopped to make room (a kept one then fails with `SESSION_STOPPED`); one just handed
 *   out is not stopped before the caller's next macrotask. `stop()` on one takes it out of the pool.
 * - `pool.close()` (or `await using`) stops every CLI; `session()` then fails with `SESSION_STOPPED`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SessionPool } from "@claude-stream/sdk";
 * await using pool = new SessionPool({ maxLive: 4, warm: 1 });
 * const session = await pool.session(); // a new conversation, on the warm spare
 * const id = session.sessionId!; // known before the first turn
 * await session.stream("My name is Alice").pipeTo(new WritableStream());
 * assert.equal(await pool.session(id), session); // live: the same Session
 * ```
 */
export class SessionPool {
  readonly #options: ResolvedPoolOptions;
  /** Conversations' members, least recently used first. */
  readonly #members = new Set<Member>();
  readonly #byId = new Map<string, Member>();
  readonly #bySession = new Map<PooledSession, Member>();
  /** Warm spares, oldest first. */
  readonly #spares: Member[] = [];
  /** Conversations being opened (lease, slot, options): two calls for one id share one Session. */
  readonly #opening = new Map<string, Promise<Member>>();
  readonly #waiters: SlotWaiter[] = [];
  /** Slots granted to Sessions being built (conversations and spares), not yet members. */
  #reserved = 0;
  /** Spares being built (counted in `#reserved` too). */
  #sparesStarting = 0;
  /** Members stopping: out of the pool, their CLI not yet gone; their slot is still taken. */
  #stopping = 0;
  /** The Sessions of conversations stopping, by id: one opened again waits for its old CLI to be gone. */
  readonly #stoppingById = new Map<string, PooledSession>();
  /** Spares being built and started, for `ready()` to wait on. */
  readonly #spareStarts = new Set<Promise<void>>();
  /** Stops and spare builds under way, for `close()` to wait on. */
  readonly #pending = new Set<Promise<unknown>>();
  /** Conversations this pool started (spares too) whose Session has not finished a turn yet. */
  readonly #unsaved = new Set<string>();
  /** A spare failed to start: no more spares until the next `session()` call (no retry loop). */
  #sparesHeld = false;
  /** Aborts when the pool closes: ends waits for leases and slots. */
  readonly #closing = new AbortController();
  #closed: Promise<void> | undefined;
  readonly #membership: PoolMembership = {
    turnStarted: (session) => this.#turnStarted(session),
    turnEnded: (session) => this.#turnEnded(session),
    cleared: (session) => this.#cleared(session),
    stopping: (session) => this.#leaving(session),
    stopped: (session) => this.#left(session),
  };

  /** Checks the options (`INVALID_OPTION`) and starts the `warm` spares. */
  constructor(options: SessionPoolOptions = {}) {
    this.#options = parsePoolOptions(options);
    this.#pump();
  }

  /**
   * The Session of conversation `conversationId` (a UUID): the live one, else a new Session resuming it, else (with
   * `create`, when it is saved nowhere) a new conversation under that id. Without an id, a new conversation, whose
   * id the Session's `sessionId` holds at once. Waits while every CLI is busy (bounded by `signal`: `ABORTED`), and for
   * the conversation's lease (`leases`). `SESSION_STOPPED` after `close()`; `INVALID_OPTION` for an id that is not a
   * UUID, a wrong option, or session options `new Session()` refuses.
   *
   * @example
   * ```ts
   * import { SessionPool, textContent } from "@claude-stream/sdk";
   * await using pool = new SessionPool({ maxLive: 2 });
   * declare const conversationId: string;
   * const session = await pool.session(conversationId, { signal: AbortSignal.timeout(10_000) });
   * for await (const text of session.stream("Where were we?").pipeThrough(textContent())) console.log(text);
   * ```
   */
  async session(conversationId?: string, options?: SessionRequestOptions): Promise<Session> {
    const request = parseSessionRequest(conversationId, options);
    if (this.#closing.signal.aborted) throw sessionStoppedError();
    this.#sparesHeld = false;
    for (;;) {
      let member: Member;
      try {
        member = await this.#find(conversationId, request);
      } catch (error) {
        // The opening this call shared was given up by another caller's signal: open it again, for this one.
        if (isClaudeCodeError(error, "ABORTED") && !request.signal?.aborted && !this.#closing.signal.aborted) continue;
        throw error;
      }
      // Stopped between its opening and now (its lease lost, the user's stop()): open it again.
      if (this.#isMember(member)) return this.#handOut(member);
      if (this.#closing.signal.aborted) throw sessionStoppedError();
    }
  }

  /**
   * How many CLIs the pool runs or is about to: conversations', spares', and those starting or stopping. Never more
   * than `maxLive`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SessionPool } from "@claude-stream/sdk";
   * await using pool = new SessionPool({ maxLive: 3 });
   * await pool.session();
   * assert.equal(pool.live, 1);
   * ```
   */
  get live(): number {
    return this.#members.size + this.#spares.length + this.#reserved + this.#stopping;
  }

  /**
   * Resolves once the spares being started have started (their CLIs answered `initialize`) or failed to: at once with
   * `warm: 0`, or when there is no room for spares. For a readiness probe, or before timing a first reply.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SessionPool } from "@claude-stream/sdk";
   * await using pool = new SessionPool({ warm: 1 });
   * await pool.ready();
   * const session = await pool.session();
   * assert.ok(session.pid !== undefined); // the spare's CLI, running already
   * ```
   */
  async ready(): Promise<void> {
    while (this.#spareStarts.size > 0) await Promise.allSettled([...this.#spareStarts]);
  }

  /**
   * Whether conversation `conversationId` has a live Session in the pool (asking for it returns that one).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SessionPool } from "@claude-stream/sdk";
   * await using pool = new SessionPool();
   * const session = await pool.session();
   * assert.equal(pool.has(session.sessionId!), true);
   * await session.stop(); // out of the pool
   * assert.equal(pool.has(session.sessionId!), false);
   * ```
   */
  has(conversationId: string): boolean {
    return this.#byId.has(conversationId);
  }

  /**
   * Stops every CLI (busy ones too: their turns fail with `SESSION_STOPPED`), fails waiting `session()` calls with
   * `SESSION_STOPPED`, and resolves once every CLI is gone and every lease released. Idempotent.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SessionPool } from "@claude-stream/sdk";
   * const pool = new SessionPool({ warm: 1 });
   * const session = await pool.session();
   * await pool.close();
   * assert.equal(session.alive, false);
   * await assert.rejects(pool.session(), { code: "SESSION_STOPPED" });
   * ```
   */
  close(): Promise<void> {
    this.#closed ??= this.#shutdown();
    return this.#closed;
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #shutdown(): Promise<void> {
    this.#closing.abort(sessionStoppedError());
    for (const waiter of this.#waiters.splice(0)) waiter.fail(sessionStoppedError());
    // Openings under way see the abort and give up; stops add themselves to #pending.
    const members = [...this.#members, ...this.#spares];
    await Promise.all(members.map((member) => member.session.stop()));
    while (this.#pending.size > 0 || this.#opening.size > 0) {
      await Promise.allSettled([...this.#pending, ...this.#opening.values()]);
    }
  }

  /** The member for a request: live, being opened, a spare, or opened now. */
  #find(conversationId: string | undefined, request: SessionRequestOptions): Promise<Member> {
    if (conversationId !== undefined) {
      const live = this.#byId.get(conversationId);
      if (live !== undefined) return Promise.resolve(live);
      const opening = this.#opening.get(conversationId);
      if (opening !== undefined) return untilAborted(opening, request.signal);
    } else {
      const spare = this.#spares.shift();
      if (spare !== undefined) {
        spare.spare = false;
        this.#adopt(spare);
        this.#pump(); // refill
        return Promise.resolve(spare);
      }
    }
    const id = conversationId ?? crypto.randomUUID();
    // A conversation this pool started that never finished a turn may have no transcript: resume it only if it has.
    const mode = conversationId === undefined ? "new" : request.create || this.#unsaved.has(id) ? "either" : "resume";
    const opening = this.#open(id, mode, request);
    this.#opening.set(id, opening);
    const forget = () => {
      if (this.#opening.get(id) === opening) this.#opening.delete(id);
    };
    opening.then(forget, forget);
    return opening;
  }

  /**
   * Opens conversation `id`: its lease, a slot, its options, its Session (new under `id`, resuming `id`, or either,
   * whichever its being saved says). Nothing is kept when a step fails or the pool closes meanwhile.
   */
  async #open(id: string, mode: "new" | "resume" | "either", request: SessionRequestOptions): Promise<Member> {
    const scope = linkSignals(request.signal, this.#closing.signal);
    try {
      // The same conversation's CLI stopping here (evicted just now): it must be gone before another resumes it.
      await this.#stoppingById.get(id)?.stop();
      const lease = await this.#options.leases?.acquire(id, { signal: scope.signal });
      try {
        await this.#slot(scope.signal);
      } catch (error) {
        await this.#release(lease);
        throw error;
      }
      let session: PooledSession;
      try {
        const options = await this.#optionsFor(id);
        const resume = mode === "either" ? await this.#isSaved(id, this.#withStore(options)) : mode === "resume";
        if (this.#closing.signal.aborted) throw sessionStoppedError();
        if (!resume) this.#unsaved.add(id);
        const conversation: SessionOptions = resume ? { resume: id } : { sessionId: id };
        session = new PooledSession(this.#withStore({ ...options, ...conversation }), id, this.#membership);
      } catch (error) {
        this.#reserved--;
        await this.#release(lease);
        this.#pump();
        throw error;
      }
      this.#reserved--;
      return this.#enroll(session, id, false, lease);
    } catch (error) {
      throw this.#closing.signal.aborted ? sessionStoppedError() : error;
    } finally {
      scope.dispose();
    }
  }

  /** Builds a spare in a slot already reserved for it, and starts its CLI. */
  async #startSpare(): Promise<void> {
    const id = crypto.randomUUID();
    let lease: SessionLease | undefined;
    let session: PooledSession;
    try {
      lease = await this.#options.leases?.acquire(id, { signal: this.#closing.signal });
      const options = await this.#optionsFor(id);
      if (this.#closing.signal.aborted) throw sessionStoppedError();
      session = new PooledSession(this.#withStore({ ...options, sessionId: id }), id, this.#membership);
      this.#unsaved.add(id);
    } catch (error) {
      this.#reserved--;
      this.#sparesStarting--;
      await this.#release(lease);
      if (!this.#closing.signal.aborted) {
        this.#sparesHeld = true;
        this.#options.onError(asError(error));
      }
      this.#pump();
      return;
    }
    this.#reserved--;
    this.#sparesStarting--;
    const member = this.#enroll(session, id, true, lease);
    this.#pump();
    try {
      await session.start();
    } catch (error) {
      if (!session.alive) return; // stopped while starting: nothing went wrong
      this.#sparesHeld = true;
      // A spare handed out meanwhile: its first turn fails with this error itself, and the next one tries again.
      if (!member.spare) return;
      this.#options.onError(asError(error));
      void session.stop();
    }
  }

  /** `session` as a member of the pool, a conversation or a spare, stopped as soon as its lease is lost. */
  #enroll(session: PooledSession, id: string, spare: boolean, lease: SessionLease | undefined): Member {
    const onLost = () => void session.stop();
    lease?.lost.addEventListener("abort", onLost, { once: true });
    const member: Member = {
      session,
      id: spare ? null : id,
      spare,
      turns: 0,
      pins: 0,
      cancelIdle: () => {},
      lease,
      forgetLease: () => lease?.lost.removeEventListener("abort", onLost),
    };
    this.#bySession.set(session, member);
    if (spare) this.#spares.push(member);
    else this.#adopt(member);
    if (lease?.lost.aborted) onLost();
    return member;
  }

  /** Makes `member` a conversation of the pool, found by its id (a taken spare gets the id it was started with). */
  #adopt(member: Member): void {
    member.id ??= member.session.sessionId;
    this.#members.add(member);
    if (member.id !== null) this.#byId.set(member.id, member);
  }

  /**
   * Hands `member`'s Session to a caller: the most recently used now, and safe from eviction until the caller's next
   * macrotask, so that `(await pool.session(id)).stream(...)` always finds it alive.
   */
  #handOut(member: Member): Session {
    this.#touch(member);
    member.pins++;
    member.cancelIdle();
    setTimeout(() => {
      member.pins--;
      this.#settle(member);
    }, 0);
    return member.session;
  }

  #isMember(member: Member): boolean {
    return this.#members.has(member);
  }

  #touch(member: Member): void {
    if (!this.#members.delete(member)) return;
    this.#members.add(member);
  }

  /** After a turn or a pin ended: an idle member waits out `idleMs`, and may be the one a waiter is waiting for. */
  #settle(member: Member): void {
    member.cancelIdle();
    if (!this.#isMember(member) || member.turns > 0 || member.pins > 0) return;
    member.cancelIdle = startTimer(() => {
      if (this.#isMember(member) && member.turns === 0 && member.pins === 0) void member.session.stop();
    }, this.#options.idleMs);
    this.#pump();
  }

  #turnStarted(session: PooledSession): void {
    const member = this.#bySession.get(session);
    if (member === undefined) return;
    member.turns++;
    member.cancelIdle();
    this.#touch(member);
  }

  #turnEnded(session: PooledSession): void {
    const member = this.#bySession.get(session);
    if (member === undefined) return;
    member.turns--;
    if (member.id !== null) this.#unsaved.delete(member.id);
    // After clear(), the turn named the new conversation: the member is found by it from now on.
    if (member.id === null && this.#isMember(member)) {
      const id = session.sessionId;
      if (id !== null && !this.#byId.has(id)) {
        member.id = id;
        this.#byId.set(id, member);
      }
    }
    this.#settle(member);
  }

  #cleared(session: PooledSession): void {
    const member = this.#bySession.get(session);
    if (member === undefined || member.id === null) return;
    if (this.#byId.get(member.id) === member) this.#byId.delete(member.id);
    member.id = null;
  }

  /** A member's `stop()` began: out of the pool at once, its slot still taken until its CLI is gone. */
  #leaving(session: PooledSession): void {
    const member = this.#bySession.get(session);
    if (member === undefined) return;
    member.cancelIdle();
    member.forgetLease();
    // Nobody knows a spare's id: it will never be asked for again.
    if (member.spare) this.#unsaved.delete(member.session.sessionId ?? "");
    this.#members.delete(member);
    const spareAt = this.#spares.indexOf(member);
    if (spareAt >= 0) this.#spares.splice(spareAt, 1);
    if (member.id !== null) {
      if (this.#byId.get(member.id) === member) this.#byId.delete(member.id);
      this.#stoppingById.set(member.id, session);
    }
    this.#stopping++;
    // close() waits for it too: the same promise stop() returns, ready once this call has returned.
    this.#track(Promise.resolve().then(() => session.stop()));
  }

  /** A member's CLI is gone: its lease is released and its slot freed. */
  async #left(session: PooledSession): Promise<void> {
    const member = this.#bySession.get(session);
    if (member === undefined) return;
    this.#bySession.delete(session);
    if (member.id !== null && this.#stoppingById.get(member.id) === session) this.#stoppingById.delete(member.id);
    const done = this.#release(member.lease).finally(() => {
      this.#stopping--;
      this.#pump();
    });
    this.#track(done);
    await done;
  }

  /** Resolves with a slot reserved (`#reserved`), at once when one is free, else in turn (`ABORTED` on `signal`). */
  #slot(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortedError(signal.reason, "the wait for a free CLI"));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const at = this.#waiters.indexOf(waiter);
        if (at >= 0) this.#waiters.splice(at, 1);
        waiter.fail(abortedError(signal.reason, "the wait for a free CLI"));
      };
      const waiter: SlotWaiter = {
        grant: () => {
          signal.removeEventListener("abort", onAbort);
          this.#reserved++;
          resolve();
        },
        fail: (error) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  #free(): number {
    return this.#options.maxLive - this.live;
  }

  /**
   * Serves the waiters in order while slots are free; stops idle CLIs (spares first, then the least recently used
   * conversation) for those the CLIs already stopping will not serve; then tops up the spares in what is left.
   */
  #pump(): void {
    if (this.#closing.signal.aborted) return;
    while (this.#waiters.length > 0 && this.#free() > 0) this.#waiters.shift()!.grant();
    // CLIs stopping free their slots soon, and a spare being built will be the first to go: count both as coming.
    let short = this.#waiters.length - this.#stopping - this.#sparesStarting;
    while (short > 0 && this.#evictOne()) short--;
    if (this.#waiters.length > 0 || this.#sparesHeld) return;
    while (this.#spares.length + this.#sparesStarting < this.#options.warm && this.#free() > 0) {
      this.#reserved++;
      this.#sparesStarting++;
      const start = this.#startSpare();
      this.#track(start);
      this.#spareStarts.add(start);
      void start.finally(() => this.#spareStarts.delete(start));
    }
  }

  /** Stops one idle CLI to free its slot; false when every one is busy (or just handed out). */
  #evictOne(): boolean {
    let victim = this.#spares[0];
    if (victim === undefined) {
      for (const member of this.#members) {
        if (member.turns > 0 || member.pins > 0) continue;
        victim = member;
        break;
      }
    }
    if (victim === undefined) return false;
    void victim.session.stop(); // #leaving takes it out now
    return true;
  }

  async #optionsFor(id: string): Promise<SessionOptions> {
    const { sessionOptions } = this.#options;
    return typeof sessionOptions === "function" ? checkSessionOptions(await sessionOptions(id)) : sessionOptions;
  }

  /** The Session's options with the pool's `sessionStore`, when it has one. */
  #withStore(options: SessionOptions): SessionOptions {
    const sessionStore = this.#options.sessionStore;
    return sessionStore === undefined ? options : { ...options, sessionStore };
  }

  /**
   * Whether conversation `id` is saved where a Session with `options` resumes it from: on disk, or in its store (under
   * the store key the Session uses: `projectKey`, else its cwd's project folder name).
   */
  async #isSaved(id: string, options: SessionOptions): Promise<boolean> {
    const configDir = options.configDir ?? options.env?.CLAUDE_CONFIG_DIR;
    if ((await findSession(id, { configDir })) !== null) return true;
    const store = options.sessionStore;
    if (store === undefined) return false;
    const runtime = await currentRuntime();
    const cwd = options.cwd ?? runtime.cwd();
    const projectKey = options.projectKey ?? encodeProjectPath(await runtime.files.realPath(cwd).catch(() => cwd));
    if (store.listSessions !== undefined) {
      return (await store.listSessions(projectKey)).some((session) => session.sessionId === id);
    }
    return (await store.load({ projectKey, sessionId: id })) !== null;
  }

  async #release(lease: SessionLease | undefined): Promise<void> {
    try {
      await lease?.release();
    } catch (error) {
      this.#options.onError(asError(error));
    }
  }

  #track(promise: Promise<unknown>): void {
    this.#pending.add(promise);
    const forget = () => this.#pending.delete(promise);
    promise.then(forget, forget);
  }
}

/** A signal that aborts when either does (with its reason); `dispose` unhooks it from both. */
function linkSignals(first: AbortSignal | undefined, second: AbortSignal): { signal: AbortSignal; dispose(): void } {
  if (first === undefined) return { signal: second, dispose() {} };
  const both = new AbortController();
  if (first.aborted || second.aborted) {
    both.abort(first.aborted ? first.reason : second.reason);
    return { signal: both.signal, dispose() {} };
  }
  const unhook = new AbortController();
  const follow = (signal: AbortSignal) => () => both.abort(signal.reason);
  first.addEventListener("abort", follow(first), { once: true, signal: unhook.signal });
  second.addEventListener("abort", follow(second), { once: true, signal: unhook.signal });
  return { signal: both.signal, dispose: () => unhook.abort() };
}

/** Resolves as `promise` does, or rejects with `ABORTED` once `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortedError(signal.reason, "the wait for the conversation"));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal.reason, "the wait for the conversation"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function asError(error: unknown): ClaudeCodeError | Error {
  return error instanceof Error ? error : new Error(String(error));
}
