/**
 * The messages the Claude Code CLI prints on stdout with `--output-format stream-json`, as recorded in
 * `protocol/transcripts`. `Message` is a discriminated union on `type`; every member keeps the fields
 * it was printed with (`[key: string]: unknown`), and kinds this version does not know arrive as
 * {@link UnknownMessage} untouched.
 * @module
 */

/** A text content block. */
export interface TextBlock {
  type: "text";
  text: string;
  [key: string]: unknown;
}

/** A thinking content block. */
export interface ThinkingBlock {
  type: "thinking";
  thinking: string;
  signature?: string;
  [key: string]: unknown;
}

/** A tool call made by the model. */
export interface ToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: unknown;
  [key: string]: unknown;
}

/** The result of a tool call, sent back in a user message. */
export interface ToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content?: string | Array<TextBlock | Record<string, unknown>>;
  is_error?: boolean;
  [key: string]: unknown;
}

/** A block type this version does not know. */
export interface UnknownBlock {
  type: string;
  [key: string]: unknown;
}

/** Any known content block. */
export type ContentBlock = TextBlock | ThinkingBlock | ToolUseBlock | ToolResultBlock;

/** A content block as it may arrive: a known block or one a newer CLI added. */
export type AnyContentBlock = ContentBlock | UnknownBlock;

/** Token usage as reported by the API. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  [key: string]: unknown;
}

/** An API message (inside `assistant` lines). */
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

/** `system/init`: opens every turn. The turn's session id is the one here (a fork gets a new one). */
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

/** Any other `system` line (`status`, `api_retry`, `compact_boundary`, `thinking_tokens`, `task_*`, ...). */
export interface SystemOtherMessage {
  type: "system";
  subtype: "status" | "api_retry" | "compact_boundary" | "thinking_tokens" | "task_started" | "task_updated" | "task_notification" | (string & {});
  session_id?: string;
  uuid?: string;
  [key: string]: unknown;
}

/** A `system` line. */
export type SystemMessage = SystemInitMessage | SystemOtherMessage;

/** One content block of the model's reply (one line per block). */
export interface AssistantMessage {
  type: "assistant";
  message: ApiAssistantMessage;
  parent_tool_use_id: string | null;
  session_id: string;
  uuid: string;
  error?: string;
  [key: string]: unknown;
}

/** A user line on stdout: tool results, replays, the interrupt marker, subagent prompts. */
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

/** Per-model token counts and cost in a result (`modelUsage`), keyed by model name. */
export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  costUSD?: number;
  [key: string]: unknown;
}

/** The last line of every turn. `is_error` is the truth, not the subtype. */
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

/** A raw Messages API stream event (only with `--include-partial-messages`). */
export interface StreamEventMessage {
  type: "stream_event";
  event: { type: string; index?: number; delta?: { type: string; text?: string; thinking?: string; [key: string]: unknown }; [key: string]: unknown };
  session_id: string;
  parent_tool_use_id: string | null;
  uuid: string;
  [key: string]: unknown;
}

/** The CLI asking whether a tool may run (`--permission-prompt-tool stdio`). */
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

/** The answer to `can_use_tool`, sent with {@link encodeControlResponse}. */
export type PermissionResult =
  | { behavior: "allow"; updatedInput: Record<string, unknown>; [key: string]: unknown }
  | { behavior: "deny"; message: string; interrupt?: boolean; [key: string]: unknown };

/** The control requests an SDK sends to the CLI (as recorded), plus any other subtype. */
export type ControlRequest =
  | { subtype: "initialize"; systemPrompt?: string; appendSystemPrompt?: string; hooks?: Record<string, unknown>; [key: string]: unknown }
  | { subtype: "interrupt" }
  | { subtype: "set_model"; model?: string }
  | { subtype: "set_permission_mode"; mode: string }
  | { subtype: "mcp_status" }
  | { subtype: "get_context_usage" }
  | { subtype: string & {}; [key: string]: unknown };

/** A control request, either direction. From the CLI: `can_use_tool` and subtypes a newer CLI adds. */
export interface ControlRequestMessage {
  type: "control_request";
  request_id: string;
  request: CanUseToolRequest | { subtype: string & {}; [key: string]: unknown };
  [key: string]: unknown;
}

/** The answer to a control request. */
export interface ControlResponseMessage {
  type: "control_response";
  response:
    | { subtype: "success"; request_id: string; response?: Record<string, unknown> }
    | { subtype: "error"; request_id: string; error: string };
  [key: string]: unknown;
}

/** The CLI withdrawing a control request it sent. */
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
 */
export interface UnknownMessage {
  type: string & {};
  [key: string]: unknown;
}

/** Every kind of known message: a closed union, so `switch (message.type)` narrows it. */
export type KnownMessage =
  | SystemMessage
  | AssistantMessage
  | UserMessage
  | ResultMessage
  | StreamEventMessage
  | ControlRequestMessage
  | ControlResponseMessage
  | ControlCancelRequestMessage;

/** What the CLI prints: a known message, or an unknown kind passed through. */
export type Message = KnownMessage | UnknownMessage;

/** The `type` values of {@link KnownMessage}. */
export type KnownMessageType = KnownMessage["type"];

/** The `type` values this version knows. */
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
