/**
 * The options of a {@link Session}, and their validation with valibot when the Session is built.
 * @module
 */
import * as v from "valibot";
import { ClaudeCodeError } from "../errors.ts";
import type { PermissionResult } from "../protocol/messages.ts";
import type { ProcessAdapter } from "../runtime/types.ts";

/**
 * What a `canUseTool` callback learns about the tool call it decides on.
 *
 * @example
 * ```ts
 * import type { CanUseTool } from "@claude-stream/sdk";
 * const ask: CanUseTool = async (tool, input, { signal, toolUseId }) => {
 *   if (signal.aborted) return { behavior: "deny", message: "withdrawn" };
 *   console.log(`tool ${tool} (${toolUseId})`);
 *   return { behavior: "allow", updatedInput: input };
 * };
 * ```
 */
export interface CanUseToolContext {
  /** Aborted when the CLI withdraws the question or the turn ends. */
  signal: AbortSignal;
  /** The CLI's suggested permission updates. */
  suggestions: unknown[];
  /** The id of the tool call. */
  toolUseId?: string;
  /** The whole `can_use_tool` request, as the CLI sent it. */
  request: Record<string, unknown>;
}

/**
 * Decides whether a tool may run (`--permission-prompt-tool stdio`).
 *
 * @example
 * ```ts
 * import type { CanUseTool } from "@claude-stream/sdk";
 * const onlyReads: CanUseTool = async (toolName, input) =>
 *   toolName === "Read" ? { behavior: "allow", updatedInput: input } : { behavior: "deny", message: "read-only" };
 * ```
 */
export type CanUseTool = (toolName: string, input: Record<string, unknown>, context: CanUseToolContext) => PermissionResult | Promise<PermissionResult>;

/**
 * Options of `new Session(options)`. Unknown options and wrong types throw `INVALID_OPTION` naming the option.
 *
 * @example
 * ```ts
 * import { Session, type SessionOptions } from "@claude-stream/sdk";
 * const options: SessionOptions = { model: "sonnet", systemPrompt: "You are an Elixir expert", timeout: 120_000 };
 * await using session = new Session(options);
 * ```
 */
export interface SessionOptions {
  /** Register the session under this name, for {@link namedSession}; unique while the session runs. */
  name?: string;
  /** Model name or alias (`"sonnet"`, `"opus"`, ...). */
  model?: string;
  /** Replaces the system prompt. */
  systemPrompt?: string;
  /** Appended to the default system prompt. */
  appendSystemPrompt?: string;
  /** Per-turn timeout in ms (default 300000); a turn past it is interrupted and fails with `TIMEOUT`. */
  timeout?: number;
  /** Tools Claude may use without asking. */
  allowedTools?: string[];
  /** Tools Claude may not use. */
  disallowedTools?: string[];
  /** Most agentic turns per prompt. */
  maxTurns?: number;
  /** `"default"`, `"acceptEdits"`, `"bypassPermissions"`, `"plan"`, ... */
  permissionMode?: string;
  /** Also stream `stream_event` messages (token deltas). */
  includePartialMessages?: boolean;
  /** Working directory of the CLI (its project). */
  cwd?: string;
  /** Merged into the parent environment (`CLAUDECODE` is always removed). */
  env?: Record<string, string>;
  /** The CLI's config dir (`CLAUDE_CONFIG_DIR`), where session files go. */
  configDir?: string;
  /** The `claude` executable; else `$CLAUDE_STREAM_CLI_PATH`, else `claude` on the PATH. */
  cliPath?: string;
  /** More CLI arguments, appended as given. */
  extraArgs?: string[];
  /** Called with every line the CLI writes to stderr. */
  stderr?: (line: string) => void;
  /** Asked before each tool call; turns on `--permission-prompt-tool stdio`. */
  canUseTool?: CanUseTool;
  /** Continue this saved conversation (`--resume=<id>`). */
  resume?: string;
  /** With `resume` or `continue`: branch into a new session id, leaving the original untouched. */
  forkSession?: boolean;
  /** The id (a UUID) of the new conversation, chosen up front (`--session-id=<id>`). */
  sessionId?: string;
  /** Continue the most recent conversation of `cwd` (`--continue`). */
  continue?: boolean;
  /** Spawns the CLI; the host runtime's adapter by default. */
  adapter?: ProcessAdapter;
  /** How long `stop()` waits after closing stdin, and again after SIGTERM, in ms (default 2000). */
  shutdownGraceMs?: number;
  /** How long an interrupted turn (interrupt, abort, timeout) may take to end before its CLI is killed, in ms (default 5000). */
  interruptGraceMs?: number;
  /** Called when the CLI exits without being asked to (a crash); the next turn resumes the conversation. */
  onCrash?: (error: ClaudeCodeError) => void;
  /**
   * Called for each stdout line that is not a message (`INVALID_JSON`, `INVALID_MESSAGE`, `INVALID_UTF8`,
   * `LINE_TOO_LONG`). The line is skipped and the turn goes on; without this option it is only logged when
   * `CLAUDE_STREAM_DEBUG` is set.
   */
  onProtocolError?: (error: ClaudeCodeError) => void;
}

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
const strings = v.array(v.string());
const fn = v.custom<(...args: never[]) => unknown>((value) => typeof value === "function", "must be a function");
const adapter = v.custom<ProcessAdapter>(
  (value) => typeof value === "object" && value !== null && typeof (value as ProcessAdapter).spawn === "function",
  "must be an object with a spawn function",
);

const schema = v.strictObject({
  name: v.optional(v.pipe(v.string(), v.minLength(1))),
  model: v.optional(v.string()),
  systemPrompt: v.optional(v.string()),
  appendSystemPrompt: v.optional(v.string()),
  timeout: v.optional(positiveInt),
  allowedTools: v.optional(strings),
  disallowedTools: v.optional(strings),
  maxTurns: v.optional(positiveInt),
  permissionMode: v.optional(v.pipe(v.string(), v.minLength(1))),
  includePartialMessages: v.optional(v.boolean()),
  cwd: v.optional(v.string()),
  env: v.optional(v.record(v.string(), v.string())),
  configDir: v.optional(v.string()),
  cliPath: v.optional(v.pipe(v.string(), v.minLength(1))),
  extraArgs: v.optional(strings),
  stderr: v.optional(fn),
  canUseTool: v.optional(fn),
  resume: v.optional(v.pipe(v.string(), v.minLength(1))),
  forkSession: v.optional(v.boolean()),
  sessionId: v.optional(v.pipe(v.string(), v.uuid())),
  continue: v.optional(v.boolean()),
  adapter: v.optional(adapter),
  shutdownGraceMs: v.optional(v.pipe(v.number(), v.minValue(0))),
  interruptGraceMs: v.optional(v.pipe(v.number(), v.minValue(0))),
  onCrash: v.optional(fn),
  onProtocolError: v.optional(fn),
});

/** The default per-turn timeout, as in the guide. */
export const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * Checks session options, throwing `INVALID_OPTION` with the option's name in `details.option`.
 *
 * @example
 * ```ts
 * import { isClaudeCodeError, parseSessionOptions } from "@claude-stream/sdk";
 * parseSessionOptions({ model: "haiku" }); // ok
 * try {
 *   parseSessionOptions({ timeout: "1s" });
 * } catch (error) {
 *   if (isClaudeCodeError(error, "INVALID_OPTION")) console.log(error.details.option); // timeout
 * }
 * ```
 */
export function parseSessionOptions(options: unknown): SessionOptions {
  if (options === undefined) return {};
  const result = v.safeParse(schema, options);
  if (!result.success) {
    const issue = result.issues[0];
    const option = String(issue.path?.[0]?.key ?? "options");
    throw new ClaudeCodeError("INVALID_OPTION", `invalid session option ${option}: ${issue.message}`, { option });
  }
  const parsed = options as SessionOptions;
  if (parsed.forkSession && parsed.resume === undefined && !parsed.continue) {
    throw new ClaudeCodeError("INVALID_OPTION", "forkSession needs resume or continue", { option: "forkSession" });
  }
  return parsed;
}
