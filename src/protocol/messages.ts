/**
 * The messages the Claude Code CLI prints on stdout with `--output-format stream-json`, as recorded in
 * `protocol/transcripts`. `Message` is a discriminated union on `type`; every member keeps the fields
 * it was printed with (`[key: string]: unknown`), and kinds this version does not know arrive as
 * {@link UnknownMessage} untouched.
 *
 * The members are defined by family, one file each in `messages/`: content blocks and usage (`content.ts`), the
 * `system` subtypes (`system.ts`), a turn's reply and result (`turn.ts`), the control protocol (`control.ts`). This
 * file joins them into the unions and re-exports them, so `messages.ts` names every message type.
 * @module
 */
import type { ControlCancelRequestMessage, ControlRequestMessage, ControlResponseMessage } from "./messages/control.ts";
import type { SystemMessage } from "./messages/system.ts";
import type { AssistantMessage, ResultMessage, StreamEventMessage, UserMessage } from "./messages/turn.ts";

export type * from "./messages/content.ts";
export type * from "./messages/system.ts";
export type * from "./messages/turn.ts";
export type * from "./messages/control.ts";

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
 * import { type Message } from "@claude-stream/sdk";
 * import { MessageDecoderStream } from "@claude-stream/sdk/protocol";
 * import { isResultMessage } from "./message_guards.ts";
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
