/**
 * Type guards over {@link Message}. `Message` keeps unknown kinds in the union (`type: string`), so comparing
 * `message.type` with a literal cannot narrow it; these guards do. They check the discriminators only (`type`,
 * and `subtype` where it selects a member), which is what the decoder guarantees; the shape behind them is the
 * CLI's (`validate_message.ts` checks it against `schemas.ts`).
 * @module
 */
import type {
  AssistantMessage,
  CanUseToolRequest,
  ControlCancelRequestMessage,
  ControlRequestMessage,
  ControlResponseMessage,
  KnownMessage,
  KnownMessageType,
  KnownSystemMessages,
  Message,
  ResultMessage,
  StreamEventMessage,
  SystemInitMessage,
  SystemMessage,
  UserMessage,
} from "./messages.ts";
import { MESSAGE_SCHEMAS } from "./schemas.ts";

/**
 * The `type` values this version knows: the keys of `MESSAGE_SCHEMAS` (`schemas.ts`), which has a schema for each
 * {@link KnownMessageType} and no other, so this set and the `KnownMessage` union cannot drift apart.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KNOWN_MESSAGE_TYPES } from "@claude-stream/sdk/protocol";
 * assert.ok(KNOWN_MESSAGE_TYPES.has("result"));
 * ```
 */
export const KNOWN_MESSAGE_TYPES: ReadonlySet<string> = new Set(Object.keys(MESSAGE_SCHEMAS));

/**
 * The member of {@link KnownMessage} whose `type` is `T`.
 *
 * @example
 * ```ts
 * import type { MessageOfType } from "@claude-stream/sdk";
 * const cost = (result: MessageOfType<"result">) => result.total_cost_usd;
 * ```
 */
export type MessageOfType<T extends KnownMessageType> = Extract<KnownMessage, { type: T }>;

/**
 * Whether a message is of a kind this version knows. Afterwards `switch (message.type)` narrows precisely.
 *
 * @example
 * ```ts
 * import { isKnownMessage, type Message } from "@claude-stream/sdk";
 * function describe(message: Message): string {
 *   if (!isKnownMessage(message)) return `new kind ${message.type}`;
 *   switch (message.type) {
 *     case "result": return `cost ${message.total_cost_usd}`;
 *     case "assistant": return `block of ${message.message.id}`;
 *     default: return message.type;
 *   }
 * }
 * ```
 */
export function isKnownMessage(message: Message): message is KnownMessage {
  return KNOWN_MESSAGE_TYPES.has(message.type);
}

/**
 * Whether a message has the given known `type`, narrowing it to that member.
 *
 * @example
 * ```ts
 * import { isMessageOfType, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isMessageOfType(message, "control_request")) console.log(message.request.subtype);
 * ```
 */
export function isMessageOfType<T extends KnownMessageType>(message: Message, type: T): message is MessageOfType<T> {
  return message.type === type;
}

/**
 * Whether a message is the `result` that closes a turn.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isResultMessage } from "./message_guards.ts";
 * declare const message: Message;
 * if (isResultMessage(message) && message.is_error) console.error(message.errors ?? message.result);
 * ```
 */
export function isResultMessage(message: Message): message is ResultMessage {
  return message.type === "result";
}

/**
 * Whether a message is an `assistant` line (one content block of the model's reply).
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isAssistantMessage } from "./message_guards.ts";
 * declare const message: Message;
 * if (isAssistantMessage(message)) console.log(message.message.content[0]?.type);
 * ```
 */
export function isAssistantMessage(message: Message): message is AssistantMessage {
  return message.type === "assistant";
}

/**
 * Whether a message is a `user` line on stdout (tool results, replays, the interrupt marker).
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isUserMessage } from "./message_guards.ts";
 * declare const message: Message;
 * if (isUserMessage(message) && message.isReplay) console.log("replayed");
 * ```
 */
export function isUserMessage(message: Message): message is UserMessage {
  return message.type === "user";
}

/**
 * Whether a message is a `system` line of any subtype.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isSystemMessage } from "./message_guards.ts";
 * declare const message: Message;
 * if (isSystemMessage(message)) console.log(message.subtype);
 * ```
 */
export function isSystemMessage(message: Message): message is SystemMessage {
  return message.type === "system";
}

/**
 * Whether a message is `system/init`, which opens every turn and carries the turn's session id.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isSystemInit } from "./message_guards.ts";
 * declare const message: Message;
 * if (isSystemInit(message)) console.log(message.session_id, message.model);
 * ```
 */
export function isSystemInit(message: Message): message is SystemInitMessage {
  return message.type === "system" && message.subtype === "init";
}

/**
 * Whether a message is a `system` line of the given known subtype, narrowing it to that member.
 *
 * @example
 * ```ts
 * import { isSystemSubtype, type Message } from "@claude-stream/sdk";
 * declare const message: Message;
 * if (isSystemSubtype(message, "api_retry")) console.warn("retrying after", message.retry_delay_ms, "ms");
 * ```
 */
export function isSystemSubtype<S extends keyof KnownSystemMessages>(
  message: Message,
  subtype: S,
): message is KnownSystemMessages[S] {
  return message.type === "system" && message.subtype === subtype;
}

/**
 * Whether a message is a `stream_event` (a raw API event, with `--include-partial-messages`).
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isStreamEvent } from "./message_guards.ts";
 * declare const message: Message;
 * if (isStreamEvent(message)) console.log(message.event.type);
 * ```
 */
export function isStreamEvent(message: Message): message is StreamEventMessage {
  return message.type === "stream_event";
}

/**
 * Whether a message is a `control_request` from the CLI.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isControlRequest } from "./message_guards.ts";
 * declare const message: Message;
 * if (isControlRequest(message)) console.log(message.request_id, message.request.subtype);
 * ```
 */
export function isControlRequest(message: Message): message is ControlRequestMessage {
  return message.type === "control_request";
}

/**
 * Whether a message is a `control_request` of subtype `can_use_tool`: the CLI asking before a tool runs.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { encodeControlResponse } from "@claude-stream/sdk/protocol";
 * import { isCanUseToolRequest } from "./message_guards.ts";
 * declare const message: Message;
 * if (isCanUseToolRequest(message)) {
 *   const line = encodeControlResponse(message.request_id, { behavior: "allow", updatedInput: message.request.input });
 * }
 * ```
 */
export function isCanUseToolRequest(
  message: Message,
): message is ControlRequestMessage & { request: CanUseToolRequest } {
  return isControlRequest(message) && message.request?.subtype === "can_use_tool";
}

/**
 * Whether a message is a `control_response` (the CLI answering a request sent on stdin).
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isControlResponse } from "./message_guards.ts";
 * declare const message: Message;
 * if (isControlResponse(message) && message.response.subtype === "error") console.error(message.response.error);
 * ```
 */
export function isControlResponse(message: Message): message is ControlResponseMessage {
  return message.type === "control_response";
}

/**
 * Whether a message is a `control_cancel_request` (the CLI withdrawing a request it sent).
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isControlCancelRequest } from "./message_guards.ts";
 * declare const message: Message;
 * if (isControlCancelRequest(message)) console.log("withdrawn:", message.request_id);
 * ```
 */
export function isControlCancelRequest(message: Message): message is ControlCancelRequestMessage {
  return message.type === "control_cancel_request";
}
