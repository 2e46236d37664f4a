/**
 * Hooks served over the control protocol: the `hooks` option (callbacks per event, with a tool-name matcher), their
 * registration in the `initialize` request (one callback id each), and the answer to the CLI's `hook_callback`
 * requests (the callback's output object, as recorded in features/m1–m4). A callback that throws or outlasts its
 * matcher's `timeout` answers the CLI with an error and is reported as `CALLBACK_ERROR`; it never wedges a turn.
 * @module
 */
import * as v from "valibot";
import { callbackError, timeoutError } from "../error_constructors.ts";
import type { ControlHandler } from "../session/control_channel.ts";
import { HOOK_EVENTS, type HookEvent, type HookInput, type HookInputs, type HookJSONOutput } from "./hook_types.ts";

export type * from "./hook_types.ts";
export { HOOK_EVENTS };

/**
 * What a hook callback is given besides its input.
 *
 * @example
 * ```ts
 * import type { HookCallbackContext } from "@claude-stream/sdk";
 * const note = ({ sessionId, toolUseId, signal }: HookCallbackContext) => `${sessionId} ${toolUseId} ${signal.aborted}`;
 * ```
 */
export interface HookCallbackContext {
  /** Aborted when the CLI withdraws the request, the turn ends, the CLI exits, or the matcher's `timeout` passes. */
  signal: AbortSignal;
  /** The session the hook fires in (the input's `session_id`). */
  sessionId: string;
  /** The `tool_use_id` of the CLI's request: the tool call's id for tool events, a fresh id for the others. */
  toolUseId: string | undefined;
}

/**
 * A hook callback for event `E`: gets the event's input, answers with an output object (`{}`, or nothing, lets
 * things go on as they would have).
 *
 * @example
 * ```ts
 * import type { HookCallback } from "@claude-stream/sdk";
 * const noRm: HookCallback<"PreToolUse"> = async (input) => {
 *   const command = String((input.tool_input as { command?: unknown }).command ?? "");
 *   return command.startsWith("rm ")
 *     ? { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "no rm" } }
 *     : {};
 * };
 * ```
 */
// The method form keeps a callback for one event assignable where any event's is expected (parameters of methods
// are compared both ways), so the matchers of every event can be registered by one loop.
export type HookCallback<E extends HookEvent = HookEvent> = {
  callback(
    input: HookInputs[E],
    context: HookCallbackContext,
  ): HookJSONOutput<E> | void | Promise<HookJSONOutput<E> | void>;
}["callback"];

/**
 * Callbacks for one event, for the tool names `matcher` matches (a tool name, `"Bash|Write"`, a regular expression;
 * all tools when absent; for tool events only).
 *
 * @example
 * ```ts
 * import type { HookCallbackMatcher } from "@claude-stream/sdk";
 * const bash: HookCallbackMatcher<"PreToolUse"> = {
 *   matcher: "Bash",
 *   timeout: 30,
 *   onFailure: "block",
 *   hooks: [async () => ({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow" } })],
 * };
 * ```
 */
export interface HookCallbackMatcher<E extends HookEvent = HookEvent> {
  /** Which tools (by name) the callbacks are for; every call of the event when absent. */
  matcher?: string | undefined;
  /** The callbacks, each asked in turn by the CLI. */
  hooks: HookCallback<E>[];
  /** Seconds each callback may take; past them it is aborted and the CLI gets an error answer. */
  timeout?: number | undefined;
  /**
   * What a failed callback (one that throws or times out) does: `"continue"` (the CLI's default) lets the action go
   * on, `"block"` blocks the tool call or prompt the event guards. Ignored on Stop and SubagentStop.
   */
  onFailure?: "continue" | "block" | undefined;
}

/**
 * The `hooks` session option: matchers per event.
 *
 * @example
 * ```ts
 * import { type HooksOption, Session } from "@claude-stream/sdk";
 * const hooks: HooksOption = {
 *   UserPromptSubmit: [{ hooks: [() => ({ hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: "be brief" } })] }],
 * };
 * await using session = new Session({ hooks });
 * ```
 */
export type HooksOption = { [E in HookEvent]?: HookCallbackMatcher<E>[] | undefined };

const MatcherSchema = v.strictObject({
  matcher: v.optional(v.string()),
  hooks: v.pipe(
    v.array(v.custom<HookCallback>((value) => typeof value === "function", "must be a function")),
    v.minLength(1, "must list at least one callback"),
  ),
  timeout: v.optional(v.pipe(v.number(), v.check((s) => s > 0 && s <= 2_147_483, "must be seconds above 0"))),
  onFailure: v.optional(v.picklist(["continue", "block"], 'must be "continue" or "block"')),
});

const HooksShape = v.strictObject(
  Object.fromEntries(HOOK_EVENTS.map((event) => [event, v.optional(v.array(MatcherSchema))])),
  (issue) =>
    issue.expected === "never"
      ? `unknown hook event ${JSON.stringify(issue.path?.at(-1)?.key)} (known: ${HOOK_EVENTS.join(", ")})`
      : "must be an object of hook events",
);

/**
 * What is wrong with a `hooks` option, as one sentence naming the place (`PreToolUse[0].hooks[1]: must be a
 * function`); undefined when it is sound.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hooksProblem } from "./hooks.ts";
 * assert.equal(hooksProblem({ PreToolUse: [{ matcher: "Bash", hooks: [() => ({})] }] }), undefined);
 * assert.match(hooksProblem({ PreToolUse: [{ hooks: ["allow"] }] }) ?? "", /PreToolUse\[0\]\.hooks\[0\]: must be a function/);
 * assert.match(hooksProblem({ BeforeTool: [] }) ?? "", /unknown hook event "BeforeTool"/);
 * ```
 */
export function hooksProblem(value: unknown): string | undefined {
  const result = v.safeParse(HooksShape, value);
  if (result.success) return undefined;
  const issue = result.issues[0];
  const place = (issue.path ?? []).map((item) =>
    typeof item.key === "number" ? `[${item.key}]` : `.${String(item.key)}`
  )
    .join("").replace(/^\./, "");
  return place === "" || issue.message.startsWith("unknown hook event") ? issue.message : `${place}: ${issue.message}`;
}

/**
 * The check of the `hooks` option for the session's options schema, typed as the option.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { HooksOptionSchema } from "./hooks.ts";
 * v.is(HooksOptionSchema, { Stop: [{ hooks: [() => ({})] }] }); // true
 * ```
 */
export const HooksOptionSchema: v.GenericSchema<HooksOption> = v.custom<HooksOption>(
  (value) => hooksProblem(value) === undefined,
  (issue) => hooksProblem(issue.input) ?? "is not a valid hooks option",
);

/** Seconds the CLI's hook timeout is given beyond the matcher's (see {@link registerHooks}). */
const CLI_TIMEOUT_MARGIN_S = 1;

/** One registered callback: the event, the option name it is reported under, and its time limit. */
interface RegisteredHook {
  event: HookEvent;
  callback: HookCallback;
  timeoutMs: number | undefined;
}

/** The `hooks` field of the `initialize` request and the callbacks behind its ids. */
export interface HookRegistration {
  /** `{ Event: [{ matcher, hookCallbackIds, timeout, onFailure }] }`, as the CLI reads it. */
  initialize: Record<string, Array<Record<string, unknown>>>;
  /** The callback of each id. */
  callbacks: Map<string, RegisteredHook>;
}

/**
 * The registration of a `hooks` option: callback ids `hook_0`, `hook_1`... in event, matcher and callback order (the
 * same ids for the same option, so each CLI the session starts gets the same registration). A matcher's `timeout` is
 * the session's own limit; the CLI is told one second more, as a backstop.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { registerHooks } from "./hooks.ts";
 * const { initialize, callbacks } = registerHooks({ PreToolUse: [{ matcher: "Bash", hooks: [() => ({})], timeout: 30 }] });
 * assert.deepEqual(initialize, { PreToolUse: [{ matcher: "Bash", hookCallbackIds: ["hook_0"], timeout: 31 }] });
 * assert.equal(callbacks.get("hook_0")?.event, "PreToolUse");
 * ```
 */
export function registerHooks(hooks: HooksOption): HookRegistration {
  const initialize: HookRegistration["initialize"] = {};
  const callbacks = new Map<string, RegisteredHook>();
  for (const event of HOOK_EVENTS) {
    const matchers: HookCallbackMatcher[] | undefined = hooks[event];
    if (matchers === undefined || matchers.length === 0) continue;
    initialize[event] = matchers.map((matcher) => {
      const ids = matcher.hooks.map((callback) => {
        const id = `hook_${callbacks.size}`;
        const timeoutMs = matcher.timeout === undefined ? undefined : Math.round(matcher.timeout * 1000);
        callbacks.set(id, { event, callback, timeoutMs });
        return id;
      });
      return {
        ...(matcher.matcher === undefined ? {} : { matcher: matcher.matcher }),
        hookCallbackIds: ids,
        // the CLI's own limit is a backstop a second later, so the session's timer answers first: the CLI gets the
        // error answer (and applies onFailure) and the failure is reported, rather than the CLI giving up silently
        ...(matcher.timeout === undefined ? {} : { timeout: matcher.timeout + CLI_TIMEOUT_MARGIN_S }),
        ...(matcher.onFailure === undefined ? {} : { onFailure: matcher.onFailure }),
      };
    });
  }
  return { initialize, callbacks };
}

/**
 * The `hook_callback` handler of a control channel: finds the callback by `callback_id`, calls it with the event's
 * input and `{ signal, sessionId, toolUseId }`, and answers with its output object. An unknown id, an input of
 * another event, a callback that throws, returns something other than an object, or outlasts its matcher's timeout
 * is thrown as `CALLBACK_ERROR` (`hooks.<Event>`): the channel reports it and answers the CLI with an error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hookCallbackHandler, registerHooks } from "./hooks.ts";
 * const handler = hookCallbackHandler(registerHooks({
 *   UserPromptSubmit: [{ hooks: [(input) => ({ reason: input.prompt, decision: "block" })] }],
 * }));
 * const answer = await handler({
 *   subtype: "hook_callback",
 *   callback_id: "hook_0",
 *   input: { session_id: "s", transcript_path: "t", cwd: "/", hook_event_name: "UserPromptSubmit", prompt: "hi" },
 * }, { signal: new AbortController().signal, requestId: "r1" });
 * assert.deepEqual(answer, { reason: "hi", decision: "block" });
 * ```
 */
export function hookCallbackHandler(registration: HookRegistration): ControlHandler {
  return async (request, { signal }) => {
    const id = String(request.callback_id);
    const hook = registration.callbacks.get(id);
    if (hook === undefined) throw callbackError("hooks", new Error(`no hook callback has the id ${id}`));
    const name = `hooks.${hook.event}`;
    const input = request.input;
    if (!isHookInput(input) || input.hook_event_name !== hook.event) {
      throw callbackError(name, new Error(`the CLI sent ${id} an input that is not a ${hook.event} input`));
    }
    const controller = new AbortController();
    const abort = () => controller.abort(signal.reason);
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const context: HookCallbackContext = {
        signal: controller.signal,
        sessionId: input.session_id,
        toolUseId: typeof request.tool_use_id === "string" ? request.tool_use_id : undefined,
      };
      const running = Promise.resolve().then(() => hook.callback(input, context));
      const limit = hook.timeoutMs;
      const output = limit === undefined ? await running : await Promise.race([
        running,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const error = timeoutError(limit, `the ${name} callback`);
            controller.abort(error);
            reject(error);
          }, limit);
        }),
      ]);
      if (output === undefined || output === null) return {};
      if (typeof output !== "object" || Array.isArray(output)) {
        throw new TypeError(
          `a hook callback must return an object, not ${Array.isArray(output) ? "an array" : typeof output}`,
        );
      }
      return { ...output };
    } catch (error) {
      throw callbackError(name, error);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", abort);
    }
  };
}

/** Whether the CLI's `input` is a hook input: an object naming a known event, with a session id. */
function isHookInput(value: unknown): value is HookInput {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const event: unknown = Reflect.get(value, "hook_event_name");
  return typeof event === "string" && HOOK_EVENTS.some((known) => known === event) &&
    typeof Reflect.get(value, "session_id") === "string";
}
