/**
 * The `system` lines, one interface per subtype this version knows, {@link SystemOtherMessage} for the rest.
 * @module
 */

/**
 * `system/init`: opens every turn. The turn's session id is the one here (a fork gets a new one).
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isSystemInit } from "../message_guards.ts";
 * declare const message: Message;
 * if (isSystemInit(message)) console.log(message.session_id, message.model, message.tools);
 * ```
 */
export interface SystemInitMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"init"`. */
  subtype: "init";
  /** Id of this turn's session: a fork gets a new one. */
  session_id: string;
  /** Working directory of the CLI. */
  cwd: string;
  /** The model in use, aliases such as `haiku` resolved. */
  model: string;
  /** Names of the tools the model may call. */
  tools: string[];
  /** Permission mode in force (`default`, `acceptEdits`...). */
  permissionMode: string;
  /** Unique id of this line. */
  uuid: string;
  /** The configured MCP servers, each with its connection status. */
  mcp_servers?: Array<{ name: string; status: string; [key: string]: unknown }>;
  /** Slash commands the session offers (without the `/`). */
  slash_commands?: string[];
  /** Where the API key came from, e.g. `ANTHROPIC_API_KEY`. */
  apiKeySource?: string;
  /** Version of the CLI, e.g. `2.1.197`. */
  claude_code_version?: string;
  /** Output style in use, e.g. `default`. */
  output_style?: string;
  /** Names of the subagents the `Task` tool can start. */
  agents?: string[];
  /** Names of the skills available. */
  skills?: string[];
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/status`: the CLI's state, e.g. `status: "requesting"` before each API request.
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "status")) console.log(message.status);
 * ```
 */
export interface SystemStatusMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"status"`. */
  subtype: "status";
  /** What the CLI is busy with (`requesting`, `compacting`); null when that ended, or when only the permission mode changed. */
  status: string | null;
  /** The new permission mode, on the line that reports a change of mode. */
  permissionMode?: string;
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/api_retry`: an API request failed and will be retried.
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "api_retry")) console.warn(`retry ${message.attempt}/${message.max_retries}: ${message.error}`);
 * ```
 */
export interface SystemApiRetryMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"api_retry"`. */
  subtype: "api_retry";
  /** Which retry this is, counting from 1. */
  attempt: number;
  /** How many retries the CLI makes before giving up. */
  max_retries: number;
  /** Wait before the retry, in milliseconds (may be fractional). */
  retry_delay_ms: number;
  /** HTTP status of the failed request; null when there was no HTTP response. */
  error_status: number | null;
  /** Kind of error, e.g. `server_error`. */
  error: string;
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/compact_boundary`: the conversation was compacted (`/compact` or automatically).
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "compact_boundary")) console.log(message.compact_metadata.pre_tokens);
 * ```
 */
export interface SystemCompactBoundaryMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"compact_boundary"`. */
  subtype: "compact_boundary";
  /** What started the compaction (`trigger`: `manual` for `/compact`) and the context tokens before (`pre_tokens`) and after it. */
  compact_metadata: { trigger: string; pre_tokens: number; post_tokens?: number; [key: string]: unknown };
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/thinking_tokens`: an estimate of the thinking tokens so far.
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "thinking_tokens")) console.log(message.estimated_tokens);
 * ```
 */
export interface SystemThinkingTokensMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"thinking_tokens"`. */
  subtype: "thinking_tokens";
  /** Estimated thinking tokens of the reply so far. */
  estimated_tokens: number;
  /** Estimated thinking tokens added since the previous line. */
  estimated_tokens_delta: number;
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/task_started`: a subagent task began.
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "task_started")) console.log(message.task_id, message.description);
 * ```
 */
export interface SystemTaskStartedMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"task_started"`. */
  subtype: "task_started";
  /** Id of the task; its later `task_updated` and `task_notification` lines carry it. */
  task_id: string;
  /** Id of the `Task` tool call that started it. */
  tool_use_id?: string;
  /** The short description the task was given. */
  description?: string;
  /** Kind of subagent, e.g. `general-purpose`. */
  subagent_type?: string;
  /** How the task runs, e.g. `local_agent`. */
  task_type?: string;
  /** The prompt the subagent was given. */
  prompt?: string;
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/task_updated`: a subagent task changed (`patch` holds the changed fields).
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "task_updated")) console.log(message.task_id, message.patch.status);
 * ```
 */
export interface SystemTaskUpdatedMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"task_updated"`. */
  subtype: "task_updated";
  /** Id of the task, as in its `task_started` line. */
  task_id: string;
  /** The fields that changed, e.g. `status: "completed"` and `end_time`. */
  patch: { status?: string; [key: string]: unknown };
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/task_notification`: a subagent task finished, with a summary and its usage.
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "task_notification")) console.log(message.status, message.summary);
 * ```
 */
export interface SystemTaskNotificationMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"task_notification"`. */
  subtype: "task_notification";
  /** Id of the task, as in its `task_started` line. */
  task_id: string;
  /** Id of the `Task` tool call that started it. */
  tool_use_id?: string;
  /** How the task ended, e.g. `completed`. */
  status: string;
  /** A short summary of the task. */
  summary?: string;
  /** Path of a file holding the task's output; may be empty. */
  output_file?: string;
  /** Tokens, tool calls and milliseconds the task used. */
  usage?: { total_tokens?: number; tool_uses?: number; duration_ms?: number; [key: string]: unknown };
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/hook_started`: a command hook started (with `includeHookEvents`; SDK callback hooks print no such lines, features/m5).
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "hook_started")) console.log(message.hook_name);
 * ```
 */
export interface SystemHookStartedMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"hook_started"`. */
  subtype: "hook_started";
  /** Id of this run of the hook; its other lines carry it. */
  hook_id: string;
  /** The hook's event and matcher, e.g. `PreToolUse:Bash` or `SessionStart:startup`. */
  hook_name: string;
  /** The hook event, e.g. `PreToolUse`. */
  hook_event: string;
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/hook_progress`: what a running command hook has printed so far (with `includeHookEvents`).
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "hook_progress")) console.log(message.output);
 * ```
 */
export interface SystemHookProgressMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"hook_progress"`. */
  subtype: "hook_progress";
  /** Id of this run of the hook; its other lines carry it. */
  hook_id: string;
  /** The hook's event and matcher, e.g. `PreToolUse:Bash` or `SessionStart:startup`. */
  hook_name: string;
  /** The hook event, e.g. `PreToolUse`. */
  hook_event: string;
  /** Its standard output so far. */
  stdout: string;
  /** Its standard error so far. */
  stderr: string;
  /** Both, interleaved. */
  output: string;
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/hook_response`: a command hook ended, with what it printed and how it ended (with `includeHookEvents`).
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "hook_response")) console.log(message.outcome, message.stdout);
 * ```
 */
export interface SystemHookResponseMessage {
  /** Always `"system"`. */
  type: "system";
  /** Always `"hook_response"`. */
  subtype: "hook_response";
  /** Id of this run of the hook; its other lines carry it. */
  hook_id: string;
  /** The hook's event and matcher, e.g. `PreToolUse:Bash` or `SessionStart:startup`. */
  hook_name: string;
  /** The hook event, e.g. `PreToolUse`. */
  hook_event: string;
  /** Its standard output and standard error, one after the other. */
  output: string;
  /** Its standard output. */
  stdout: string;
  /** Its standard error. */
  stderr: string;
  /** Its exit code. */
  exit_code?: number;
  /** `success`, `error` (e.g. a non-zero exit, or JSON on stdout that is not valid) or `cancelled`. */
  outcome: "success" | "error" | "cancelled" | (string & {});
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A `system` line of a subtype this version does not know.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isSystemMessage } from "../message_guards.ts";
 * declare const message: Message;
 * if (isSystemMessage(message)) console.log(`system/${message.subtype}`);
 * ```
 */
export interface SystemOtherMessage {
  /** Always `"system"`. */
  type: "system";
  /** The subtype, one this version does not know. */
  subtype: string & {};
  /** Id of the session this line belongs to. */
  session_id?: string;
  /** Unique id of this line. */
  uuid?: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * Every `system` subtype this version knows, by subtype.
 *
 * @example
 * ```ts
 * import type { SystemMessageOfSubtype } from "@claude-stream/sdk";
 * const attempts = (retry: SystemMessageOfSubtype<"api_retry">) => retry.attempt;
 * ```
 */
export interface KnownSystemMessages {
  /** `system/init`: {@link SystemInitMessage}. */
  init: SystemInitMessage;
  /** `system/status`: {@link SystemStatusMessage}. */
  status: SystemStatusMessage;
  /** `system/api_retry`: {@link SystemApiRetryMessage}. */
  api_retry: SystemApiRetryMessage;
  /** `system/compact_boundary`: {@link SystemCompactBoundaryMessage}. */
  compact_boundary: SystemCompactBoundaryMessage;
  /** `system/thinking_tokens`: {@link SystemThinkingTokensMessage}. */
  thinking_tokens: SystemThinkingTokensMessage;
  /** `system/task_started`: {@link SystemTaskStartedMessage}. */
  task_started: SystemTaskStartedMessage;
  /** `system/task_updated`: {@link SystemTaskUpdatedMessage}. */
  task_updated: SystemTaskUpdatedMessage;
  /** `system/task_notification`: {@link SystemTaskNotificationMessage}. */
  task_notification: SystemTaskNotificationMessage;
  /** `system/hook_started`: {@link SystemHookStartedMessage}. */
  hook_started: SystemHookStartedMessage;
  /** `system/hook_progress`: {@link SystemHookProgressMessage}. */
  hook_progress: SystemHookProgressMessage;
  /** `system/hook_response`: {@link SystemHookResponseMessage}. */
  hook_response: SystemHookResponseMessage;
}

/**
 * The `system` message of a known subtype.
 *
 * @example
 * ```ts
 * import type { SystemMessageOfSubtype } from "@claude-stream/sdk";
 * const tokens = (m: SystemMessageOfSubtype<"thinking_tokens">) => m.estimated_tokens;
 * ```
 */
export type SystemMessageOfSubtype<S extends keyof KnownSystemMessages> = KnownSystemMessages[S];

/**
 * A `system` line.
 *
 * @example
 * ```ts
 * import type { SystemMessage } from "@claude-stream/sdk";
 * const label = (message: SystemMessage) => `system/${message.subtype}`;
 * ```
 */
export type SystemMessage = KnownSystemMessages[keyof KnownSystemMessages] | SystemOtherMessage;
