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

/** Any content block. */
export type ContentBlock = TextBlock | ThinkingBlock | ToolUseBlock | ToolResultBlock;

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

/** `system/init`: opens every turn. */
export interface SystemInitMessage {
  type: "system";
  subtype: "init";
  session_id: string;
  cwd: string;
  model: string;
  tools: string[];
  permissionMode: string;
  uuid: string;
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

/** The last line of every turn. `is_error` is the truth, not the subtype. */
export interface ResultMessage {
  type: "result";
  subtype: "success" | "error_during_execution" | "error_max_turns" | (string & {});
  is_error: boolean;
  session_id: string;
  duration_ms: number;
  num_turns: number;
  total_cost_usd: number;
  usage: Usage;
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

/** A control request, either direction. */
export interface ControlRequestMessage {
  type: "control_request";
  request_id: string;
  request: { subtype: string; [key: string]: unknown };
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

/** A line whose `type` this version does not know, kept whole. */
export interface UnknownMessage {
  type: string & {};
  [key: string]: unknown;
}

/** Every kind of known message. */
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

/** The `type` values this version knows. */
export const KNOWN_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  "system",
  "assistant",
  "user",
  "result",
  "stream_event",
  "control_request",
  "control_response",
  "control_cancel_request",
]);
