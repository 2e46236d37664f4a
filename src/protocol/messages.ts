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
  type: "text";
  text: string;
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
  type: "thinking";
  thinking: string;
  signature?: string;
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
  type: "tool_use";
  id: string;
  name: string;
  input: unknown;
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
  type: "tool_result";
  tool_use_id: string;
  content?: string | Array<TextBlock | Record<string, unknown>>;
  is_error?: boolean;
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
  type: string;
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
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
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
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: Array<ContentBlock | UnknownBlock>;
  stop_reason: string | null;
  usage: Usage;
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
  type: "system";
  subtype: "init";
  session_id: string;
  cwd: string;
  model: string;
  tools: string[];
  permissionMode: string;
  uuid: string;
  mcp_servers?: Array<{ name: string; status: string; [key: string]: unknown }>;
  slash_commands?: string[];
  apiKeySource?: string;
  claude_code_version?: string;
  output_style?: string;
  agents?: string[];
  skills?: string[];
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
  type: "system";
  subtype: "status";
  status: string | null;
  permissionMode?: string;
  session_id: string;
  uuid: string;
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
  type: "system";
  subtype: "api_retry";
  attempt: number;
  max_retries: number;
  retry_delay_ms: number;
  error_status: number | null;
  error: string;
  session_id: string;
  uuid: string;
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
  type: "system";
  subtype: "compact_boundary";
  compact_metadata: { trigger: string; pre_tokens: number; post_tokens?: number; [key: string]: unknown };
  session_id: string;
  uuid: string;
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
  type: "system";
  subtype: "thinking_tokens";
  estimated_tokens: number;
  estimated_tokens_delta: number;
  session_id: string;
  uuid: string;
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
  type: "system";
  subtype: "task_started";
  task_id: string;
  tool_use_id?: string;
  description?: string;
  subagent_type?: string;
  task_type?: string;
  prompt?: string;
  session_id: string;
  uuid: string;
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
  type: "system";
  subtype: "task_updated";
  task_id: string;
  patch: { status?: string; [key: string]: unknown };
  session_id: string;
  uuid: string;
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
  type: "system";
  subtype: "task_notification";
  task_id: string;
  tool_use_id?: string;
  status: string;
  summary?: string;
  output_file?: string;
  usage?: { total_tokens?: number; tool_uses?: number; duration_ms?: number; [key: string]: unknown };
  session_id: string;
  uuid: string;
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
  type: "system";
  subtype: string & {};
  session_id?: string;
  uuid?: string;
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
  init: SystemInitMessage;
  status: SystemStatusMessage;
  api_retry: SystemApiRetryMessage;
  compact_boundary: SystemCompactBoundaryMessage;
  thinking_tokens: SystemThinkingTokensMessage;
  task_started: SystemTaskStartedMessage;
  task_updated: SystemTaskUpdatedMessage;
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
  type: "assistant";
  message: ApiAssistantMessage;
  parent_tool_use_id: string | null;
  session_id: string;
  uuid: string;
  error?: string;
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
  type: "user";
  message: { role: "user"; content: string | Array<ContentBlock | UnknownBlock> };
  parent_tool_use_id: string | null;
  session_id: string;
  uuid?: string;
  isReplay?: boolean;
  tool_use_result?: unknown;
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
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  costUSD?: number;
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
  type: "result";
  subtype: "success" | "error_during_execution" | "error_max_turns" | (string & {});
  is_error: boolean;
  session_id: string;
  duration_ms: number;
  duration_api_ms?: number;
  num_turns: number;
  total_cost_usd: number;
  usage: Usage;
  modelUsage?: Record<string, ModelUsage>;
  permission_denials?: Array<{ tool_name: string; tool_use_id: string; tool_input: unknown; [key: string]: unknown }>;
  /** The reply text (success subtypes). */
  result?: string;
  /** Error texts (error subtypes). */
  errors?: string[];
  stop_reason?: string | null;
  api_error_status?: number | null;
  terminal_reason?: string;
  uuid?: string;
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
  type: "stream_event";
  event: { type: string; index?: number; delta?: { type: string; text?: string; thinking?: string; [key: string]: unknown }; [key: string]: unknown };
  session_id: string;
  parent_tool_use_id: string | null;
  uuid: string;
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
  subtype: "can_use_tool";
  tool_name: string;
  input: Record<string, unknown>;
  tool_use_id?: string;
  display_name?: string;
  description?: string;
  permission_suggestions?: unknown[];
  blocked_path?: string;
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
  type: "control_request";
  request_id: string;
  request: CanUseToolRequest | { subtype: string & {}; [key: string]: unknown };
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
  type: "control_response";
  response:
    | { subtype: "success"; request_id: string; response?: Record<string, unknown> }
    | { subtype: "error"; request_id: string; error: string };
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
  type: "control_cancel_request";
  request_id: string;
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
  type: string & {};
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
