/**
 * The messages the Claude Code CLI prints on stdout with `--output-format stream-json`, as recorded in
 * `protocol/transcripts`. `Message` is a discriminated union on `type`; every member keeps the fields
 * it was printed with (`[key: string]: unknown`), and kinds this version does not know arrive as
 * {@link UnknownMessage} untouched.
 * @module
 */

/**
 * A text content block.
 *
 * @example
 * ```ts
 * import type { TextBlock } from "@claude-stream/sdk";
 * const block: TextBlock = { type: "text", text: "Hello" };
 * ```
 */
export interface TextBlock {
  /** Always `"text"`. */
  type: "text";
  /** The text. */
  text: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A thinking content block.
 *
 * @example
 * ```ts
 * import type { ThinkingBlock } from "@claude-stream/sdk";
 * const block: ThinkingBlock = { type: "thinking", thinking: "Let me see", signature: "sig" };
 * ```
 */
export interface ThinkingBlock {
  /** Always `"thinking"`. */
  type: "thinking";
  /** The model's thinking, as text. */
  thinking: string;
  /** Signature the API attaches to the thinking, which lets it be sent back unchanged. */
  signature?: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A tool call made by the model.
 *
 * @example
 * ```ts
 * import type { ToolUseBlock } from "@claude-stream/sdk";
 * const block: ToolUseBlock = { type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "ls" } };
 * ```
 */
export interface ToolUseBlock {
  /** Always `"tool_use"`. */
  type: "tool_use";
  /** Id of this call (`toolu_...`); its result carries it as `tool_use_id`. */
  id: string;
  /** Name of the tool called, e.g. `Bash`. */
  name: string;
  /** The arguments the model passed to the tool. */
  input: unknown;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The result of a tool call, sent back in a user message.
 *
 * @example
 * ```ts
 * import type { ToolResultBlock } from "@claude-stream/sdk";
 * const block: ToolResultBlock = { type: "tool_result", tool_use_id: "toolu_1", content: "a.txt", is_error: false };
 * ```
 */
export interface ToolResultBlock {
  /** Always `"tool_result"`. */
  type: "tool_result";
  /** Id of the `tool_use` block this answers. */
  tool_use_id: string;
  /** The tool's output: a string, or content blocks. */
  content?: string | Array<TextBlock | Record<string, unknown>>;
  /** True when the tool failed or the call was denied. */
  is_error?: boolean;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A block type this version does not know.
 *
 * @example
 * ```ts
 * import type { UnknownBlock } from "@claude-stream/sdk";
 * const block: UnknownBlock = { type: "image", source: { type: "base64", media_type: "image/png", data: "" } };
 * ```
 */
export interface UnknownBlock {
  /** The block's type, one this version does not know. */
  type: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * Any known content block.
 *
 * @example
 * ```ts
 * import type { ContentBlock } from "@claude-stream/sdk";
 * const describe = (block: ContentBlock) => (block.type === "tool_use" ? block.name : block.type);
 * ```
 */
export type ContentBlock = TextBlock | ThinkingBlock | ToolUseBlock | ToolResultBlock;

/**
 * A content block as it may arrive: a known block or one a newer CLI added.
 *
 * @example
 * ```ts
 * import type { AnyContentBlock } from "@claude-stream/sdk";
 * const isText = (block: AnyContentBlock) => block.type === "text";
 * ```
 */
export type AnyContentBlock = ContentBlock | UnknownBlock;

/**
 * Token usage as reported by the API.
 *
 * @example
 * ```ts
 * import type { Usage } from "@claude-stream/sdk";
 * const total = (usage: Usage) => usage.input_tokens + usage.output_tokens;
 * ```
 */
export interface Usage {
  /** Input tokens not read from or written to the prompt cache. */
  input_tokens: number;
  /** Tokens the model generated. */
  output_tokens: number;
  /** Input tokens written to the prompt cache. */
  cache_creation_input_tokens?: number;
  /** Input tokens read from the prompt cache. */
  cache_read_input_tokens?: number;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * An API message (inside `assistant` lines).
 *
 * @example
 * ```ts
 * import type { ApiAssistantMessage } from "@claude-stream/sdk";
 * const blocks = (message: ApiAssistantMessage) => message.content.length;
 * ```
 */
export interface ApiAssistantMessage {
  /** API message id (`msg_...`), shared by every line of one reply. */
  id: string;
  /** Always `"message"`. */
  type: "message";
  /** Always `"assistant"`. */
  role: "assistant";
  /** The model that replied; `<synthetic>` for a message the CLI wrote itself after an API error. */
  model: string;
  /** The content blocks: on stdout, the one block this line carries. */
  content: Array<ContentBlock | UnknownBlock>;
  /** Why the reply ended (`end_turn`, `tool_use`, `stop_sequence`...); null on stdout, where each line is sent before the reply ends. */
  stop_reason: string | null;
  /** Token usage of the reply; provisional on stdout. */
  usage: Usage;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * `system/init`: opens every turn. The turn's session id is the one here (a fork gets a new one).
 *
 * @example
 * ```ts
 * import { isSystemInit, type Message } from "@claude-stream/sdk";
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
 * A `system` line of a subtype this version does not know.
 *
 * @example
 * ```ts
 * import { isSystemMessage, type Message } from "@claude-stream/sdk";
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

/**
 * One content block of the model's reply (one line per block).
 *
 * @example
 * ```ts
 * import { isAssistantMessage, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isAssistantMessage(message)) console.log(message.message.id, message.message.content[0]?.type);
 * ```
 */
export interface AssistantMessage {
  /** Always `"assistant"`. */
  type: "assistant";
  /** The API message, with the one content block this line carries. */
  message: ApiAssistantMessage;
  /** Id of the `Task` tool call whose subagent this line comes from; null in the main conversation. */
  parent_tool_use_id: string | null;
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this line. */
  uuid: string;
  /** Kind of API error when the CLI wrote this message itself after a failure, e.g. `server_error`, `authentication_failed`. */
  error?: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A user line on stdout: tool results, replays, the interrupt marker, subagent prompts.
 *
 * @example
 * ```ts
 * import { isUserMessage, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isUserMessage(message) && typeof message.message.content !== "string") console.log(message.message.content.length);
 * ```
 */
export interface UserMessage {
  /** Always `"user"`. */
  type: "user";
  /** The user message: a prompt string, or content blocks (tool results, text). */
  message: { role: "user"; content: string | Array<ContentBlock | UnknownBlock> };
  /** Id of the `Task` tool call whose subagent this line comes from; null in the main conversation. */
  parent_tool_use_id: string | null;
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Unique id of this message, when it has one. */
  uuid?: string;
  /** True when this echoes a user line read from stdin (`--replay-user-messages`). */
  isReplay?: boolean;
  /** The tool's own result next to a `tool_result` block: an object (e.g. `stdout`, `stderr`) or an error text. */
  tool_use_result?: unknown;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * Per-model token counts and cost in a result (`modelUsage`), keyed by model name.
 *
 * @example
 * ```ts
 * import type { ResultMessage } from "@claude-stream/sdk";
 * declare const result: ResultMessage;
 * for (const [model, usage] of Object.entries(result.modelUsage ?? {})) console.log(model, usage.costUSD);
 * ```
 */
export interface ModelUsage {
  /** Input tokens not read from or written to the prompt cache. */
  inputTokens: number;
  /** Tokens the model generated. */
  outputTokens: number;
  /** Input tokens read from the prompt cache. */
  cacheReadInputTokens?: number;
  /** Input tokens written to the prompt cache. */
  cacheCreationInputTokens?: number;
  /** Cost of this model's usage, in US dollars. */
  costUSD?: number;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The last line of every turn. `is_error` is the truth, not the subtype.
 *
 * @example
 * ```ts
 * import { isResultMessage, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isResultMessage(message)) console.log(message.is_error, message.total_cost_usd, message.usage.output_tokens);
 * ```
 */
export interface ResultMessage {
  /** Always `"result"`. */
  type: "result";
  /** `success` or an error subtype; an API failure is `success` with `is_error` true. */
  subtype: "success" | "error_during_execution" | "error_max_turns" | (string & {});
  /** Whether the turn failed: trust this, not the subtype. */
  is_error: boolean;
  /** Id of the turn's session. */
  session_id: string;
  /** Wall time of the turn, in milliseconds. */
  duration_ms: number;
  /** Time of the turn spent in API requests, in milliseconds. */
  duration_api_ms?: number;
  /** Model requests the turn made: one, plus one per round of tool results sent back. */
  num_turns: number;
  /** Cost in US dollars of every turn this process has run so far (cumulative, not this turn alone). */
  total_cost_usd: number;
  /** Token usage of this turn. */
  usage: Usage;
  /** Tokens and cost per model, keyed by model name; cumulative over the process like `total_cost_usd`. */
  modelUsage?: Record<string, ModelUsage>;
  /** The tool calls denied during the turn, with their inputs. */
  permission_denials?: Array<{ tool_name: string; tool_use_id: string; tool_input: unknown; [key: string]: unknown }>;
  /** The reply text (success subtypes). */
  result?: string;
  /** Error texts (error subtypes). */
  errors?: string[];
  /** Why the last reply ended (`end_turn`, `tool_use`...); null when none ended. */
  stop_reason?: string | null;
  /** HTTP status of the API failure that ended the turn; null when there was none. */
  api_error_status?: number | null;
  /** Why the turn ended: `completed`, `aborted_streaming` (interrupted), `max_turns`... */
  terminal_reason?: string;
  /** Unique id of this line. */
  uuid?: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A raw Messages API stream event (only with `--include-partial-messages`).
 *
 * @example
 * ```ts
 * import { isStreamEvent, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isStreamEvent(message) && message.event.delta?.type === "text_delta") console.log(message.event.delta.text);
 * ```
 */
export interface StreamEventMessage {
  /** Always `"stream_event"`. */
  type: "stream_event";
  /** The raw Messages API stream event (`message_start`, `content_block_delta`...). */
  event: { type: string; index?: number; delta?: { type: string; text?: string; thinking?: string; [key: string]: unknown }; [key: string]: unknown };
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Id of the `Task` tool call whose subagent this line comes from; null in the main conversation. */
  parent_tool_use_id: string | null;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The CLI asking whether a tool may run (`--permission-prompt-tool stdio`).
 *
 * @example
 * ```ts
 * import { isCanUseToolRequest, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isCanUseToolRequest(message)) console.log(message.request.tool_name, message.request.input);
 * ```
 */
export interface CanUseToolRequest {
  /** Always `"can_use_tool"`. */
  subtype: "can_use_tool";
  /** Name of the tool that wants to run, e.g. `Bash`. */
  tool_name: string;
  /** The arguments it would run with. */
  input: Record<string, unknown>;
  /** Id of the `tool_use` block that asks to run. */
  tool_use_id?: string;
  /** Name of the tool to show the user. */
  display_name?: string;
  /** What the call does, to show the user. */
  description?: string;
  /** Permission updates that would allow calls like this one (add a rule, a directory, or set a mode). */
  permission_suggestions?: unknown[];
  /** The path that needs permission, when the call touches one. */
  blocked_path?: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The answer to `can_use_tool`, sent with {@link encodeControlResponse}.
 *
 * @example
 * ```ts
 * import { encodeControlResponse, type PermissionResult } from "@claude-stream/sdk";
 * const deny: PermissionResult = { behavior: "deny", message: "not here" };
 * const line = encodeControlResponse("request-id", deny);
 * ```
 */
export type PermissionResult =
  | { behavior: "allow"; updatedInput: Record<string, unknown>; [key: string]: unknown }
  | { behavior: "deny"; message: string; interrupt?: boolean; [key: string]: unknown };

/**
 * The control requests an SDK sends to the CLI (as recorded), plus any other subtype.
 *
 * @example
 * ```ts
 * import { encodeControlRequest, type ControlRequest } from "@claude-stream/sdk";
 * const request: ControlRequest = { subtype: "set_permission_mode", mode: "acceptEdits" };
 * const line = encodeControlRequest(request, "r3");
 * ```
 */
export type ControlRequest =
  | { subtype: "initialize"; systemPrompt?: string; appendSystemPrompt?: string; hooks?: Record<string, unknown>; [key: string]: unknown }
  | { subtype: "interrupt" }
  | { subtype: "set_model"; model?: string }
  | { subtype: "set_permission_mode"; mode: string }
  | { subtype: "mcp_status" }
  | { subtype: "get_context_usage" }
  | { subtype: string & {}; [key: string]: unknown };

/**
 * A control request, either direction. From the CLI: `can_use_tool` and subtypes a newer CLI adds.
 *
 * @example
 * ```ts
 * import { isControlRequest, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isControlRequest(message)) console.log(message.request_id, message.request.subtype);
 * ```
 */
export interface ControlRequestMessage {
  /** Always `"control_request"`. */
  type: "control_request";
  /** Id the `control_response` answering it must carry. */
  request_id: string;
  /** What is asked; `subtype` names it. */
  request: CanUseToolRequest | { subtype: string & {}; [key: string]: unknown };
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The answer to a control request.
 *
 * @example
 * ```ts
 * import { isControlResponse, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isControlResponse(message) && message.response.subtype === "success") console.log(message.response.response);
 * ```
 */
export interface ControlResponseMessage {
  /** Always `"control_response"`. */
  type: "control_response";
  /** `success` with an optional payload, or `error` with its text; `request_id` names the request answered. */
  response:
    | { subtype: "success"; request_id: string; response?: Record<string, unknown> }
    | { subtype: "error"; request_id: string; error: string };
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The CLI withdrawing a control request it sent.
 *
 * @example
 * ```ts
 * import { isControlCancelRequest, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isControlCancelRequest(message)) console.log("withdrawn", message.request_id);
 * ```
 */
export interface ControlCancelRequestMessage {
  /** Always `"control_cancel_request"`. */
  type: "control_cancel_request";
  /** Id of the control request withdrawn. */
  request_id: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A line whose `type` this version does not know, kept whole.
 *
 * Because its `type` is any string, `message.type === "result"` cannot narrow a `Message` (TypeScript keeps this
 * member in the branch). Narrow with the guards instead (`isResultMessage(message)`), or with `isKnownMessage`
 * first, after which a `switch (message.type)` narrows precisely.
 *
 * @example
 * ```ts
 * import { isKnownMessage, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (!isKnownMessage(message)) console.log("a kind this version does not know:", message.type);
 * ```
 */
export interface UnknownMessage {
  /** The line's `type`, one this version does not know. */
  type: string & {};
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * Every kind of known message: a closed union, so `switch (message.type)` narrows it.
 *
 * @example
 * ```ts
 * import { isKnownMessage, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isKnownMessage(message) && message.type === "result") console.log(message.total_cost_usd); // narrowed
 * ```
 */
export type KnownMessage =
  | SystemMessage
  | AssistantMessage
  | UserMessage
  | ResultMessage
  | StreamEventMessage
  | ControlRequestMessage
  | ControlResponseMessage
  | ControlCancelRequestMessage;

/**
 * What the CLI prints: a known message, or an unknown kind passed through.
 *
 * @example
 * ```ts
 * import { isResultMessage, MessageDecoderStream, type Message } from "@claude-stream/sdk";
 * declare const stdout: ReadableStream<Uint8Array>;
 * const messages: ReadableStream<Message> = stdout.pipeThrough(new MessageDecoderStream());
 * for await (const message of messages) if (isResultMessage(message)) console.log(message.result);
 * ```
 */
export type Message = KnownMessage | UnknownMessage;

/**
 * The `type` values of {@link KnownMessage}.
 *
 * @example
 * ```ts
 * import type { KnownMessageType } from "@claude-stream/sdk";
 * const kind: KnownMessageType = "control_request";
 * ```
 */
export type KnownMessageType = KnownMessage["type"];

/**
 * The `type` values this version knows.
 *
 * @example
 * ```ts
 * import { KNOWN_MESSAGE_TYPES } from "@claude-stream/sdk";
 * KNOWN_MESSAGE_TYPES.has("result"); // true
 * ```
 */
export const KNOWN_MESSAGE_TYPES: ReadonlySet<string> = new Set<KnownMessageType>([
  "system",
  "assistant",
  "user",
  "result",
  "stream_event",
  "control_request",
  "control_response",
  "control_cancel_request",
]);
