/**
 * The messages of a turn's reply: the model's `assistant` lines, the `user` lines (tool results, replays), the raw
 * `stream_event` lines of partial messages, and the `result` that closes the turn.
 * @module
 */
import type { ContentBlock, ModelUsage, UnknownBlock, Usage } from "./content.ts";

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
 * One content block of the model's reply (one line per block).
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isAssistantMessage } from "../message_guards.ts";
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
 * import { type Message } from "@claude-stream/sdk";
 * import { isUserMessage } from "../message_guards.ts";
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
 * The last line of every turn. `is_error` is the truth, not the subtype.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isResultMessage } from "../message_guards.ts";
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
 * import { type Message } from "@claude-stream/sdk";
 * import { isStreamEvent } from "../message_guards.ts";
 * declare const message: Message;
 * if (isStreamEvent(message) && message.event.delta?.type === "text_delta") console.log(message.event.delta.text);
 * ```
 */
export interface StreamEventMessage {
  /** Always `"stream_event"`. */
  type: "stream_event";
  /** The raw Messages API stream event (`message_start`, `content_block_delta`...). */
  event: {
    type: string;
    index?: number;
    delta?: { type: string; text?: string; thinking?: string; [key: string]: unknown };
    [key: string]: unknown;
  };
  /** Id of the session this line belongs to. */
  session_id: string;
  /** Id of the `Task` tool call whose subagent this line comes from; null in the main conversation. */
  parent_tool_use_id: string | null;
  /** Unique id of this line. */
  uuid: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}
