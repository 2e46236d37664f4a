/**
 * The options of a {@link Session}, and their validation with valibot when the Session is built.
 * @module
 */
import * as v from "valibot";
import { invalidOptionError } from "../error_constructors.ts";
import type { ClaudeCodeError, ClaudeCodeErrorOf } from "../errors.ts";
import type { MessageDecoderOptions } from "../protocol/message_decoder_stream.ts";
import type { Message, PermissionResult } from "../protocol/messages.ts";
import type { ProcessAdapter } from "../runtime/types.ts";
import type { SessionStore } from "../store/session_store.ts";
import { type HooksOption, HooksOptionSchema } from "../tools/hooks.ts";
import { type McpServerConfig, McpServersSchema } from "../tools/mcp_config.ts";
import { fitsInArgument, MAX_ARGUMENT_BYTES } from "./argument_limit.ts";
import type { InheritEnv } from "./inherit_env.ts";
import { MAX_TIMER_MS } from "./timer.ts";
import {
  type AgentDefinition,
  cliOptionChecks,
  type EffortLevel,
  type PluginConfig,
  type SettingSource,
  type ThinkingConfig,
  type ToolsOption,
} from "./cli_options.ts";
import { type OutputFormat, OutputFormatSchema } from "./output_format.ts";

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
  /** The id of the tool call, when the CLI sent one. */
  toolUseId?: string | undefined;
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
export type CanUseTool = (
  toolName: string,
  input: Record<string, unknown>,
  context: CanUseToolContext,
) => PermissionResult | Promise<PermissionResult>;

/**
 * A permission mode (`--permission-mode`, `setPermissionMode`): the modes the official SDK and CLI 2.x name, and any
 * other string, so a mode a newer CLI adds can be passed before this type knows it. `default` asks (through
 * `canUseTool` when set), `acceptEdits` allows file edits, `bypassPermissions` allows everything, `plan` plans without
 * running tools, `dontAsk` denies what is not allowed up front instead of asking, `auto` lets the CLI's classifier
 * decide (newer CLIs).
 * The recordings show `default` and `acceptEdits` (`tests/fixtures/protocol`).
 *
 * @example
 * ```ts
 * import { type PermissionMode, Session } from "@claude-stream/sdk";
 * const mode: PermissionMode = "acceptEdits";
 * await using session = new Session({ permissionMode: mode });
 * ```
 */
export type PermissionMode =
  | "default"
  | "acceptEdits"
  | "bypassPermissions"
  | "plan"
  | "dontAsk"
  | "auto"
  | (string & {});

/**
 * Options of `new Session(options)`. Unknown options and wrong types throw `INVALID_OPTION` naming the option.
 * Every option accepts `undefined`, which means the same as leaving it out (`{ model: process.env.MODEL }`).
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
  name?: string | undefined;
  /** Model name or alias (`"sonnet"`, `"opus"`, ...). */
  model?: string | undefined;
  /** Replaces the system prompt. */
  systemPrompt?: string | undefined;
  /** Appended to the default system prompt. */
  appendSystemPrompt?: string | undefined;
  /**
   * Per-turn timeout in ms (default 300000), at most 2147483647 (what a host timer keeps), `Infinity` for none; a
   * turn past it is interrupted and fails with `TIMEOUT`.
   */
  timeout?: number | undefined;
  /** Tools Claude may use without asking. */
  allowedTools?: string[] | undefined;
  /** Tools Claude may not use. */
  disallowedTools?: string[] | undefined;
  /** Most agentic turns per prompt. */
  maxTurns?: number | undefined;
  /** `"default"`, `"acceptEdits"`, `"bypassPermissions"`, `"plan"`, `"dontAsk"`, ... (see {@link PermissionMode}). */
  permissionMode?: PermissionMode | undefined;
  /** Also stream `stream_event` messages (token deltas). */
  includePartialMessages?: boolean | undefined;
  /** Working directory of the CLI (its project). */
  cwd?: string | undefined;
  /** Merged into the parent environment (`CLAUDECODE` is always removed). */
  env?: Record<string, string> | undefined;
  /**
   * What the CLI inherits of this process's environment (default `"all"`): `"allowlist"` passes only `PATH`, `HOME`,
   * `USER`, `LANG`, `LC_*`, `TMPDIR`, `SHELL`, `TERM`, `ANTHROPIC_*`, `CLAUDE_*`, the proxy and the TLS variables;
   * a list names the variables (`"AWS_*"`: all that begin so). `env` is added either way. See {@link InheritEnv}.
   */
  inheritEnv?: InheritEnv | undefined;
  /** The CLI's config dir (`CLAUDE_CONFIG_DIR`), where session files go. */
  configDir?: string | undefined;
  /**
   * The `claude` executable; else `$CLAUDE_STREAM_CLI_PATH`, else the project's `@anthropic-ai/claude-code` package
   * (its native binary, found from `cwd` up), else `claude` on the PATH; `CLI_NOT_FOUND` lists every place tried.
   */
  cliPath?: string | undefined;
  /** More CLI arguments, appended as given; each at most 131071 bytes (Linux's limit on one argument) and without NUL. */
  extraArgs?: string[] | undefined;
  /** Called with every line the CLI writes to stderr. */
  stderr?: ((line: string) => void) | undefined;
  /** Asked before each tool call; turns on `--permission-prompt-tool stdio`. */
  canUseTool?: CanUseTool | undefined;
  /**
   * Callbacks the CLI asks at its hook events (`PreToolUse`, `UserPromptSubmit`, `Stop`...), registered in the
   * `initialize` request: `{ PreToolUse: [{ matcher: "Bash", hooks: [callback], timeout: 30 }] }`. See docs/hooks.md.
   */
  hooks?: HooksOption | undefined;
  /** Also stream the CLI's `system/hook_started`, `hook_progress` and `hook_response` lines (`--include-hook-events`). */
  includeHookEvents?: boolean | undefined;
  /**
   * MCP servers by name: `{ type: "stdio", command, args, env }` and `{ type: "http" | "sse", url, headers }` the CLI
   * runs or dials (sent in the `initialize` request with `--await-initialize`, so `env` and `headers` never appear on
   * the command line), and in-process servers made by `mcpServer()`. Their tools are `mcp__<name>__<tool>` and need
   * permission like any other (`allowedTools`, `canUseTool`).
   */
  mcpServers?: Record<string, McpServerConfig> | undefined;
  /** Use only the `mcpServers` given here, none from settings or `.mcp.json` (`--strict-mcp-config`). */
  strictMcpConfig?: boolean | undefined;
  /**
   * Continue this saved conversation, by its id or its title (`--resume=<value>`). One that matches nothing fails
   * the turn (and `start()`) with `SESSION_NOT_FOUND`, as the CLI answers it.
   */
  resume?: string | undefined;
  /** With `resume` or `continue`: branch into a new session id, leaving the original untouched. */
  forkSession?: boolean | undefined;
  /** The id (a UUID) of the new conversation, chosen up front (`--session-id=<id>`). */
  sessionId?: string | undefined;
  /** Continue the most recent conversation of `cwd` (`--continue`). */
  continue?: boolean | undefined;
  /** Spawns the CLI; the host runtime's adapter by default. */
  adapter?: ProcessAdapter | undefined;
  /** How long `stop()` waits after closing stdin, and again after SIGTERM, in ms (default 2000; `Infinity`: no bound). */
  shutdownGraceMs?: number | undefined;
  /**
   * How long an interrupted turn (interrupt, abort, timeout) may take to end before its CLI is killed, in ms
   * (default 5000; `Infinity`: no bound).
   */
  interruptGraceMs?: number | undefined;
  /**
   * Called when the CLI exits without being asked to (a crash): `PROCESS_EXIT`, `NO_RESULT` when it exited 0, or
   * `SESSION_NOT_FOUND` when it could not resume the conversation. The next turn resumes the conversation.
   */
  onCrash?: ((error: ClaudeCodeErrorOf<"PROCESS_EXIT" | "NO_RESULT" | "SESSION_NOT_FOUND">) => void) | undefined;
  /**
   * Called for each stdout line that is not a message (`INVALID_JSON`, `INVALID_MESSAGE`, `INVALID_UTF8`,
   * `LINE_TOO_LONG`). The line is skipped and the turn goes on; without this option it is only logged when
   * `CLAUDE_STREAM_DEBUG` is set.
   */
  onProtocolError?: MessageDecoderOptions["onError"] | undefined;
  /**
   * Told of what went wrong without ending a turn: a callback of yours that threw (`CALLBACK_ERROR`: `stderr`,
   * `onCrash`, `onProtocolError`, `canUseTool`, a hook...) and malformed control traffic from the CLI
   * (`INVALID_MESSAGE`). The session goes on either way. Default: `console.error`.
   */
  onError?: ((error: ClaudeCodeError) => void) | undefined;
  /**
   * Gets each message that belongs to no turn of this session: those of a turn the CLI starts by itself (2.1.332:
   * when a background task ends, a turn whose `result` has `origin.kind` "task-notification"), and those the CLI
   * prints while no turn runs (`system/task_notification`...). Without it they are dropped. A turn's stream never
   * holds them: each prompt goes with a uuid, and a CLI turn whose `system/init` does not name it is not the turn's.
   */
  onBackgroundMessage?: ((message: Message) => void) | undefined;
  /**
   * How long the CLI may take to answer a control request (`initialize` at start, `setModel`, `interrupt`...), in ms
   * (default 60000; `Infinity`: no bound). An unanswered `initialize` kills the CLI and fails with `TIMEOUT`.
   */
  controlTimeout?: number | undefined;
  /**
   * How long a turn may go without a message from the CLI, in ms (default: no bound), apart from `timeout`, its
   * whole length: a long agentic turn that keeps working is not cut, a stalled one is (interrupted, `TIMEOUT`).
   */
  idleTimeout?: number | undefined;
  /**
   * Structured output: the turn's final answer is JSON fitting `schema` (valibot or JSON Schema), in the result's
   * `structured_output` (`collectTurn(...).structuredOutput`). Passed as `--json-schema`.
   */
  outputFormat?: OutputFormat | undefined;
  /** Subagents the model may start with the Task tool, by name (`--agents`). */
  agents?: Record<string, AgentDefinition> | undefined;
  /** The agent (of `agents` or the settings) the main conversation runs as: its prompt, tools and model (`--agent`). */
  agent?: string | undefined;
  /** Which settings files the CLI reads (`--setting-sources`); `[]` for none. Default: all of them. */
  settingSources?: SettingSource[] | undefined;
  /** More settings: a settings file's path, or the settings themselves (`--settings`). */
  settings?: string | Record<string, unknown> | undefined;
  /** Plugins to load (one `--plugin-dir` each). */
  plugins?: PluginConfig[] | undefined;
  /** @deprecated Use `thinking`. The thinking budget in tokens (`--max-thinking-tokens`); ignored with `thinking`. */
  maxThinkingTokens?: number | undefined;
  /** How the model thinks: `adaptive`, `enabled` (with `budgetTokens`) or `disabled` (`--thinking`). */
  thinking?: ThinkingConfig | undefined;
  /** How hard the model works on a reply: `"low"` to `"max"` (`--effort`). */
  effort?: EffortLevel | undefined;
  /** The most the CLI process may spend, in USD; a turn past it ends with `error_max_budget_usd` (`--max-budget-usd`). */
  maxBudgetUsd?: number | undefined;
  /** The model(s) to switch to when the main one is overloaded, comma-separated (`--fallback-model`). */
  fallbackModel?: string | undefined;
  /** More directories the tools may work in, beyond `cwd` (one `--add-dir` each). */
  additionalDirectories?: string[] | undefined;
  /** `false`: write no session file (`--no-session-persistence`): nothing to resume or read back. Default true. */
  persistSession?: boolean | undefined;
  /** With `resume`: continue the conversation only up to this entry's uuid (`--resume-session-at`), a branch. */
  resumeSessionAt?: string | undefined;
  /** The built-in tools the model gets (`--tools`): a list, `[]` for none, or the CLI's default set. */
  tools?: ToolsOption | undefined;
  /** API beta headers (`--betas`). */
  betas?: string[] | undefined;
  /** Back files up before each edit, so `session.rewindFiles()` can restore them. */
  enableFileCheckpointing?: boolean | undefined;
  /**
   * Where the conversation is kept beyond this machine (see docs/session_stores.md). The CLI mirrors each entry it
   * writes to its session file (`--session-mirror`) and the session appends them to the store, in batches, each
   * retried (3 attempts); a turn's entries are in the store before its `result` reaches you, and `stop()` resolves
   * once everything is stored. A batch the store does not take is reported (`onError`, `STORE_ERROR`, and a
   * `system/mirror_error` message in the turn) and stays in the local file. With `resume` of an id, the transcript
   * is loaded from the store (subagent transcripts too) and written where the CLI reads it before the CLI starts,
   * unless the local file already holds all of it. Not with `persistSession: false`.
   */
  sessionStore?: SessionStore | undefined;
  /** The `projectKey` of the store keys: default the encoded `cwd`, the CLI's project folder name (`-work-app`). */
  projectKey?: string | undefined;
  /** The bound on each store call (`append`, `load`, `listSubkeys`), in ms (default 10000; `Infinity`: none). */
  storeTimeout?: number | undefined;
}

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
/** A turn's timeout: whole ms that a host timer honours, or `Infinity` for none. */
const timeoutMs = v.pipe(
  v.number(),
  v.check(
    (ms) => ms === Infinity || (Number.isInteger(ms) && ms >= 1 && ms <= MAX_TIMER_MS),
    `must be a whole number of ms from 1 to ${MAX_TIMER_MS}, or Infinity for none`,
  ),
);
/** A grace period: ms that a host timer honours, or `Infinity` to wait without a bound. */
const graceMs = v.pipe(
  v.number(),
  v.check(
    (ms) => ms === Infinity || (ms >= 0 && ms <= MAX_TIMER_MS),
    `must be from 0 to ${MAX_TIMER_MS} ms, or Infinity for no bound`,
  ),
);
/**
 * The child's extra environment, checked on the object itself: valibot's `record` skips `__proto__`-like keys
 * (they would still reach the spawn), and a NUL, an `=` in a name or an empty name would make the spawn fail.
 */
const environment = v.custom<Record<string, string>>(
  (value) =>
    typeof value === "object" && value !== null && !Array.isArray(value) &&
    Object.entries(value).every(([name, text]) =>
      /^[^=\0]+$/.test(name) && !UNSAFE_KEYS.has(name) && typeof text === "string" && !text.includes("\0")
    ),
  'must map variable names (not empty, no "=" or NUL, not __proto__, constructor or prototype) to strings without NUL',
);
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const strings = v.array(v.string());
/** Arguments as given: each must reach a new process as it is (no NUL, within Linux's 128 KiB an argument). */
const extraArguments = v.array(
  v.pipe(
    v.string(),
    v.check((argument) => !argument.includes("\0"), "an argument must not contain NUL"),
    v.check(
      fitsInArgument,
      `an argument is too long (at most ${MAX_ARGUMENT_BYTES} bytes, its terminating NUL included)`,
    ),
  ),
);
/** The check of a function option, typed as that option: at run time only its being a function can be checked. */
const callback = <Option extends keyof SessionOptions>() =>
  v.custom<NonNullable<SessionOptions[Option]>>((value) => typeof value === "function", "must be a function");
const sessionStore = v.custom<SessionStore>(
  (value) =>
    typeof value === "object" && value !== null && typeof (value as SessionStore).append === "function" &&
    typeof (value as SessionStore).load === "function",
  "must be a SessionStore: an object with append and load functions",
);
const adapter = v.custom<ProcessAdapter>(
  (value) => typeof value === "object" && value !== null && typeof (value as ProcessAdapter).spawn === "function",
  "must be an object with a spawn function",
);

/**
 * The checks of {@link SessionOptions}, one per option: the `satisfies` makes its keys those of the interface, no
 * more and no fewer, so an option added to one and not the other fails to compile (rather than being rejected as
 * `INVALID_OPTION` at run time). `tests/session/session_options_types.test.ts` ties each check's type to its option's.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { SessionOptionsSchema } from "./session_options.ts";
 * v.is(SessionOptionsSchema, { model: "haiku", maxTurns: 3 }); // true
 * v.is(SessionOptionsSchema, { modle: "haiku" }); // false: no such option
 * ```
 */
export const SessionOptionsSchema = v.strictObject(
  {
    name: v.optional(v.pipe(v.string(), v.minLength(1))),
    model: v.optional(v.string()),
    systemPrompt: v.optional(v.string()),
    appendSystemPrompt: v.optional(v.string()),
    timeout: v.optional(timeoutMs),
    allowedTools: v.optional(strings),
    disallowedTools: v.optional(strings),
    maxTurns: v.optional(positiveInt),
    permissionMode: v.optional(v.pipe(v.string(), v.minLength(1))),
    includePartialMessages: v.optional(v.boolean()),
    cwd: v.optional(v.string()),
    env: v.optional(environment),
    inheritEnv: v.optional(v.union([v.picklist(["all", "allowlist"]), v.array(v.pipe(v.string(), v.minLength(1)))])),
    configDir: v.optional(v.string()),
    cliPath: v.optional(v.pipe(v.string(), v.minLength(1))),
    extraArgs: v.optional(extraArguments),
    stderr: v.optional(callback<"stderr">()),
    canUseTool: v.optional(callback<"canUseTool">()),
    hooks: v.optional(HooksOptionSchema),
    includeHookEvents: v.optional(v.boolean()),
    mcpServers: v.optional(McpServersSchema),
    strictMcpConfig: v.optional(v.boolean()),
    resume: v.optional(v.pipe(v.string(), v.minLength(1))),
    forkSession: v.optional(v.boolean()),
    sessionId: v.optional(v.pipe(v.string(), v.uuid())),
    continue: v.optional(v.boolean()),
    adapter: v.optional(adapter),
    shutdownGraceMs: v.optional(graceMs),
    interruptGraceMs: v.optional(graceMs),
    onCrash: v.optional(callback<"onCrash">()),
    onProtocolError: v.optional(callback<"onProtocolError">()),
    onError: v.optional(callback<"onError">()),
    onBackgroundMessage: v.optional(callback<"onBackgroundMessage">()),
    controlTimeout: v.optional(timeoutMs),
    idleTimeout: v.optional(timeoutMs),
    outputFormat: v.optional(OutputFormatSchema),
    agents: v.optional(cliOptionChecks.agents),
    agent: v.optional(cliOptionChecks.agent),
    settingSources: v.optional(cliOptionChecks.settingSources),
    settings: v.optional(cliOptionChecks.settings),
    plugins: v.optional(cliOptionChecks.plugins),
    maxThinkingTokens: v.optional(cliOptionChecks.maxThinkingTokens),
    thinking: v.optional(cliOptionChecks.thinking),
    effort: v.optional(cliOptionChecks.effort),
    maxBudgetUsd: v.optional(cliOptionChecks.maxBudgetUsd),
    fallbackModel: v.optional(cliOptionChecks.fallbackModel),
    additionalDirectories: v.optional(cliOptionChecks.additionalDirectories),
    persistSession: v.optional(cliOptionChecks.persistSession),
    resumeSessionAt: v.optional(cliOptionChecks.resumeSessionAt),
    tools: v.optional(cliOptionChecks.tools),
    betas: v.optional(cliOptionChecks.betas),
    enableFileCheckpointing: v.optional(cliOptionChecks.enableFileCheckpointing),
    sessionStore: v.optional(sessionStore),
    projectKey: v.optional(v.pipe(v.string(), v.minLength(1, "must be a non-empty string"))),
    storeTimeout: v.optional(timeoutMs),
  } satisfies Record<keyof SessionOptions, v.GenericSchema>,
);

/** The default per-turn timeout, as in the guide. */
export const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * Checks session options, throwing `INVALID_OPTION` with the option's name in `details.option`. Returns a copy
 * without the options whose value is `undefined`: those count as absent, so nothing downstream sees them.
 *
 * @example
 * ```ts
 * import { isClaudeCodeError } from "@claude-stream/sdk";
 * import { parseSessionOptions } from "./session_options.ts";
 * parseSessionOptions({ model: "haiku", cwd: undefined }); // { model: "haiku" }
 * try {
 *   parseSessionOptions({ timeout: "1s" });
 * } catch (error) {
 *   if (isClaudeCodeError(error, "INVALID_OPTION")) console.log(error.details.option); // timeout
 * }
 * ```
 */
export function parseSessionOptions(options: unknown): SessionOptions {
  if (options === undefined) return {};
  const present = ownDefined(options);
  const result = v.safeParse(SessionOptionsSchema, present);
  if (!result.success) {
    const issue = result.issues[0];
    const option = String(issue.path?.[0]?.key ?? "options");
    throw invalidOptionError(option, `invalid session option ${option}: ${issue.message}`);
  }
  const parsed = present as SessionOptions;
  if (parsed.forkSession && parsed.resume === undefined && !parsed.continue) {
    throw invalidOptionError("forkSession", "forkSession needs resume or continue");
  }
  if (parsed.resumeSessionAt !== undefined && parsed.resume === undefined) {
    throw invalidOptionError("resumeSessionAt", "resumeSessionAt needs resume");
  }
  if (parsed.sessionStore !== undefined && parsed.persistSession === false) {
    throw invalidOptionError(
      "sessionStore",
      "sessionStore needs the local session file: not with persistSession false",
    );
  }
  if (parsed.fallbackModel !== undefined && parsed.fallbackModel === parsed.model) {
    throw invalidOptionError("fallbackModel", "fallbackModel must differ from model");
  }
  return parsed;
}

const streamSchema = v.strictObject({
  signal: v.optional(v.custom<AbortSignal>(
    (value) =>
      typeof value === "object" && value !== null && typeof (value as AbortSignal).aborted === "boolean" &&
      typeof (value as AbortSignal).addEventListener === "function",
    "must be an AbortSignal",
  )),
  timeout: v.optional(timeoutMs),
  idleTimeout: v.optional(timeoutMs),
});

/**
 * Checks the options of one `session.stream()` call as {@link parseSessionOptions} checks a session's: `INVALID_OPTION`
 * naming the option (`signal`, `timeout`, `idleTimeout`, or `options` for what is not an object), undefined values as absent.
 *
 * @example
 * ```ts
 * import { parseStreamOptions } from "./session_options.ts";
 * parseStreamOptions({ timeout: 30_000, signal: undefined }); // { timeout: 30000 }
 * ```
 */
export function parseStreamOptions(
  options: unknown,
): { signal?: AbortSignal; timeout?: number; idleTimeout?: number } {
  if (options === undefined) return {};
  const present = ownDefined(options);
  const result = v.safeParse(streamSchema, present);
  if (!result.success) {
    const option = String(result.issues[0].path?.[0]?.key ?? "options");
    throw invalidOptionError(option, `invalid stream option ${option}: ${result.issues[0].message}`);
  }
  return present as { signal?: AbortSignal; timeout?: number; idleTimeout?: number };
}

/**
 * An options object's own properties whose value is not undefined, in an object with no prototype, so that nothing
 * inherited (a polluted `Object.prototype.extraArgs`, say) is ever read as an option; anything else as it is.
 */
function ownDefined(options: unknown): unknown {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return options;
  const own: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(options)) if (value !== undefined) own[key] = value;
  return own;
}
