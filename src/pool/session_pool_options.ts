/**
 * The options of a `SessionPool` and of one `pool.session()` call, and their checks (`INVALID_OPTION`).
 * @module
 */
import * as v from "valibot";
import { invalidOptionError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import { parseSessionOptions, type SessionOptions } from "../session/session_options.ts";
import { MAX_TIMER_MS } from "../session/timer.ts";
import type { SessionLeases } from "../store/session_lease.ts";
import type { SessionStore } from "../store/session_store.ts";

/**
 * What every Session of a pool is built with: one set of options, or a function of the conversation's id (a tenant's
 * own `configDir` and `cwd`, say: `tenantOptions()`), which may be async (to make the tenant's folder first). The pool
 * adds `sessionId` or `resume` itself, so these must not set `resume`, `sessionId`, `continue`, `forkSession`,
 * `resumeSessionAt` or `name`.
 *
 * @example
 * ```ts
 * import { mkdir } from "node:fs/promises";
 * import { type ConversationOptions, tenantOptions } from "@claude-stream/sdk";
 * const perTenant: ConversationOptions = async (conversationId) => {
 *   const options = tenantOptions({ model: "haiku", tools: [] }, { root: "/srv/chat/tenants", id: conversationId });
 *   await mkdir(options.cwd, { recursive: true });
 *   return options;
 * };
 * ```
 */
export type ConversationOptions =
  | SessionOptions
  | ((conversationId: string) => SessionOptions | Promise<SessionOptions>);

/**
 * Options of `new SessionPool()`.
 *
 * @example
 * ```ts
 * import { InMemorySessionLeases, type SessionPoolOptions } from "@claude-stream/sdk";
 * const options: SessionPoolOptions = {
 *   maxLive: 20,
 *   idleMs: 300_000,
 *   warm: 2,
 *   sessionOptions: { model: "haiku" },
 *   leases: new InMemorySessionLeases(),
 * };
 * ```
 */
export interface SessionPoolOptions {
  /** At most this many CLIs run at once, warm spares included (default 10). */
  maxLive?: number | undefined;
  /** A conversation's CLI with no turn for this long is stopped, in ms (default 300000, 5 minutes; `Infinity`: never). */
  idleMs?: number | undefined;
  /** How many spare CLIs to keep started for new conversations (default 0); at most `maxLive`. */
  warm?: number | undefined;
  /** What every Session is built with (see {@link ConversationOptions}). */
  sessionOptions?: ConversationOptions | undefined;
  /** Given to every Session as its `sessionStore`: transcripts mirrored to it, resumed from it on any worker. */
  sessionStore?: SessionStore | undefined;
  /** One live CLI per conversation across workers: a conversation's lease is held while its CLI may run. */
  leases?: SessionLeases | undefined;
  /** Told of what fails in the background (a warm spare that cannot start, a lease release); default `console.error`. */
  onError?: ((error: ClaudeCodeError | Error) => void) | undefined;
}

/**
 * Options of one `pool.session()` call.
 *
 * @example
 * ```ts
 * import type { SessionRequestOptions } from "@claude-stream/sdk";
 * const options: SessionRequestOptions = { signal: AbortSignal.timeout(10_000), create: true };
 * ```
 */
export interface SessionRequestOptions {
  /** Gives up the wait for a free slot (every CLI busy) or for the conversation's lease: `ABORTED`. */
  signal?: AbortSignal | undefined;
  /**
   * With a conversation id: when no conversation by that id is saved (on disk where the Session's CLI keeps its
   * history, or in the `sessionStore`), start a new one under it instead of failing the first turn with
   * `SESSION_NOT_FOUND`. For ids that the caller hands out (a cookie, a URL).
   */
  create?: boolean | undefined;
}

/** The pool's options with their defaults, checked. */
export interface ResolvedPoolOptions {
  readonly maxLive: number;
  readonly idleMs: number;
  readonly warm: number;
  readonly sessionOptions: ConversationOptions;
  readonly sessionStore: SessionStore | undefined;
  readonly leases: SessionLeases | undefined;
  readonly onError: (error: ClaudeCodeError | Error) => void;
}

/** Options the pool sets on each Session itself. */
const POOL_SET = ["resume", "sessionId", "continue", "forkSession", "resumeSessionAt", "name"] as const;

const isFunction = (value: unknown): boolean => typeof value === "function";
const count = v.pipe(v.number(), v.integer("must be a whole number"));
const PoolOptionsSchema = v.strictObject({
  maxLive: v.optional(v.pipe(count, v.minValue(1, "must be at least 1"))),
  idleMs: v.optional(v.pipe(
    v.number(),
    v.check(
      (ms) => ms === Infinity || (Number.isInteger(ms) && ms >= 0 && ms <= MAX_TIMER_MS),
      `must be a whole number of ms from 0 to ${MAX_TIMER_MS}, or Infinity for never`,
    ),
  )),
  warm: v.optional(v.pipe(count, v.minValue(0, "must not be negative"))),
  sessionOptions: v.optional(v.custom<ConversationOptions>(
    (value) => isFunction(value) || (typeof value === "object" && value !== null && !Array.isArray(value)),
    "must be session options or a function of the conversation id that returns them",
  )),
  sessionStore: v.optional(v.custom<SessionStore>(
    (value) =>
      typeof value === "object" && value !== null && isFunction((value as SessionStore).append) &&
      isFunction((value as SessionStore).load),
    "must be a SessionStore (append and load)",
  )),
  leases: v.optional(v.custom<SessionLeases>(
    (value) => typeof value === "object" && value !== null && isFunction((value as SessionLeases).acquire),
    "must be SessionLeases (acquire)",
  )),
  onError: v.optional(v.custom<(error: ClaudeCodeError | Error) => void>(isFunction, "must be a function")),
});

/**
 * Checks a pool's options (`INVALID_OPTION` naming the option; undefined values count as absent) and fills in the
 * defaults. Session options given as an object are checked now, as `new Session()` would; a function's are checked
 * when a Session is built from them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePoolOptions } from "./session_pool_options.ts";
 * assert.equal(parsePoolOptions({ warm: 2 }).maxLive, 10);
 * assert.throws(() => parsePoolOptions({ maxLive: 2, warm: 3 }), { code: "INVALID_OPTION" });
 * assert.throws(() => parsePoolOptions({ sessionOptions: { resume: "x" } }), { code: "INVALID_OPTION" });
 * ```
 */
export function parsePoolOptions(options: unknown): ResolvedPoolOptions {
  const present = ownDefined(options ?? {});
  const result = v.safeParse(PoolOptionsSchema, present);
  if (!result.success) {
    const option = String(result.issues[0].path?.[0]?.key ?? "options");
    throw invalidOptionError(option, `invalid pool option ${option}: ${result.issues[0].message}`);
  }
  const parsed = result.output;
  const maxLive = parsed.maxLive ?? 10;
  const warm = parsed.warm ?? 0;
  if (warm > maxLive) throw invalidOptionError("warm", `warm (${warm}) must not be more than maxLive (${maxLive})`);
  const sessionOptions = parsed.sessionOptions ?? {};
  if (typeof sessionOptions !== "function") checkSessionOptions(sessionOptions);
  return {
    maxLive,
    warm,
    idleMs: parsed.idleMs ?? 300_000,
    sessionOptions,
    sessionStore: parsed.sessionStore,
    leases: parsed.leases,
    onError: parsed.onError ?? ((error) => console.error(error)),
  };
}

/**
 * Checks the session options of one conversation as `new Session()` does, and refuses those the pool sets itself
 * (`INVALID_OPTION`, option `sessionOptions`). Returns them without their undefined values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkSessionOptions } from "./session_pool_options.ts";
 * assert.deepEqual(checkSessionOptions({ model: "haiku", cwd: undefined }), { model: "haiku" });
 * assert.throws(() => checkSessionOptions({ name: "bot" }), { code: "INVALID_OPTION" });
 * ```
 */
export function checkSessionOptions(options: unknown): SessionOptions {
  const parsed = parseSessionOptions(options);
  const taken = POOL_SET.find((name) => parsed[name] !== undefined);
  if (taken !== undefined) {
    throw invalidOptionError(
      "sessionOptions",
      `sessionOptions must not set ${taken}: the pool gives each Session its conversation (sessionId or resume)`,
    );
  }
  return parsed;
}

const RequestSchema = v.strictObject({
  signal: v.optional(v.instance(AbortSignal, "must be an AbortSignal")),
  create: v.optional(v.boolean()),
});

/** A conversation id the pool takes: a UUID, as the CLI's session ids are (it becomes a file name and an argument). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks the arguments of `pool.session(conversationId, options)`: `INVALID_OPTION` for an id that is not a UUID
 * (option `conversationId`) or a wrong option.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseSessionRequest } from "./session_pool_options.ts";
 * assert.deepEqual(parseSessionRequest(undefined, { create: true }), { create: true });
 * assert.throws(() => parseSessionRequest("../etc", undefined), { code: "INVALID_OPTION" });
 * ```
 */
export function parseSessionRequest(conversationId: unknown, options: unknown): SessionRequestOptions {
  if (conversationId !== undefined && (typeof conversationId !== "string" || !UUID.test(conversationId))) {
    throw invalidOptionError("conversationId", "a conversation id must be a UUID (the CLI's session ids are)");
  }
  const result = v.safeParse(RequestSchema, ownDefined(options ?? {}));
  if (!result.success) {
    const option = String(result.issues[0].path?.[0]?.key ?? "options");
    throw invalidOptionError(option, `invalid option ${option} of pool.session(): ${result.issues[0].message}`);
  }
  return result.output;
}

/** An options object's own properties whose value is not undefined (anything else as it is, for the schema to refuse). */
function ownDefined(options: unknown): unknown {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return options;
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
