/**
 * Messages to the CLI's stdin: one JSON object per line. The CLI exits at once on a malformed line, so every
 * encoder returns exactly one line that any JSON reader accepts, whatever the prompt contains.
 * @module
 */
import { invalidMessageError } from "../error_constructors.ts";
import type { ContentBlock, ControlRequest, PermissionResult, UnknownBlock } from "./messages.ts";

/**
 * Options of {@link encodeUserMessage}.
 *
 * @example
 * ```ts
 * import { encodeUserMessage } from "@claude-stream/sdk/protocol";
 * encodeUserMessage("hi", { uuid: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" });
 * ```
 */
export interface EncodeUserMessageOptions {
  /** Becomes the entry's uuid in the session file. */
  uuid?: string;
  /** Set when the message answers a subagent's tool call. */
  parentToolUseId?: string | null;
}

// JSON.stringify escapes newlines and (since ES2019) lone surrogates, but leaves U+2028, U+2029 and U+0085 raw:
// valid JSON, yet line breaks to JavaScript-era readers and Unicode-aware line splitters. Escape them too.
const LINE_SEPARATORS = /[\u2028\u2029\u0085]/g;
const HAS_LINE_SEPARATOR = /[\u2028\u2029\u0085]/; // no `g`: `test` must not carry `lastIndex` between calls

function escapeSeparator(char: string): string {
  return "\\u" + char.charCodeAt(0).toString(16).padStart(4, "0");
}

/**
 * One JSON line (ending in `"\n"`) for any JSON value: the framing every stdin encoder shares. A value with no
 * JSON form (`undefined`, a function, a cycle, a BigInt) is a `ClaudeCodeError` `INVALID_MESSAGE`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeJsonLine } from "@claude-stream/sdk/protocol";
 * assert.equal(encodeJsonLine({ type: "keep_alive" }), '{"type":"keep_alive"}\n');
 * ```
 */
export function encodeJsonLine(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw invalidMessageError({ value, cause });
  }
  if (json === undefined) throw invalidMessageError({ value });
  return (HAS_LINE_SEPARATOR.test(json) ? json.replace(LINE_SEPARATORS, escapeSeparator) : json) + "\n";
}

/**
 * The stdin line that starts a turn: a user message with a text prompt or content blocks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeUserMessage } from "@claude-stream/sdk/protocol";
 * assert.equal(encodeUserMessage("Hello\nthere"), '{"type":"user","message":{"role":"user","content":"Hello\\nthere"}}\n');
 * encodeUserMessage([{ type: "text", text: "block one" }], { uuid: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" });
 * ```
 */
export function encodeUserMessage(
  prompt: string | Array<ContentBlock | UnknownBlock>,
  options: EncodeUserMessageOptions = {},
): string {
  const line: Record<string, unknown> = { type: "user", message: { role: "user", content: prompt } };
  if (options.parentToolUseId !== undefined) line.parent_tool_use_id = options.parentToolUseId;
  if (options.uuid !== undefined) line.uuid = options.uuid;
  return encodeJsonLine(line);
}

let requestCounter = 0;

/**
 * A fresh control request id, unique within the process and across processes (a counter plus a random UUID).
 *
 * @example
 * ```ts
 * import { encodeControlRequest } from "@claude-stream/sdk/protocol";
 * import { createRequestId } from "./stdin_encoders.ts";
 * const id = createRequestId();
 * const line = encodeControlRequest({ subtype: "interrupt" }, id); // match the response by `id`
 * ```
 */
export function createRequestId(): string {
  requestCounter = (requestCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `req_${requestCounter}_${crypto.randomUUID()}`;
}

/**
 * The stdin line of a control request (`initialize`, `interrupt`, `set_model`, ...). Pass your own
 * `requestId` to match the CLI's `control_response`; without one a unique id is made.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeControlRequest } from "@claude-stream/sdk/protocol";
 * assert.equal(
 *   encodeControlRequest({ subtype: "set_model", model: "haiku" }, "r2"),
 *   '{"type":"control_request","request_id":"r2","request":{"subtype":"set_model","model":"haiku"}}\n',
 * );
 * ```
 */
export function encodeControlRequest(request: ControlRequest, requestId: string = createRequestId()): string {
  return encodeJsonLine({ type: "control_request", request_id: requestId, request });
}

/**
 * The stdin line answering a control request of the CLI with success, e.g. a `can_use_tool` decision.
 *
 * @example
 * ```ts
 * import { encodeControlResponse } from "@claude-stream/sdk/protocol";
 * encodeControlResponse("4309ab2d", { behavior: "allow", updatedInput: { command: "ls" } });
 * encodeControlResponse("032f473e", { behavior: "deny", message: "not in this repo" });
 * ```
 */
export function encodeControlResponse(
  requestId: string,
  response: PermissionResult | Record<string, unknown> = {},
): string {
  return encodeJsonLine({
    type: "control_response",
    response: { subtype: "success", request_id: requestId, response },
  });
}

/**
 * The stdin line answering a control request of the CLI with an error.
 *
 * @example
 * ```ts
 * import { encodeControlError } from "@claude-stream/sdk/protocol";
 * encodeControlError("r9", "Unsupported control request subtype: bogus");
 * ```
 */
export function encodeControlError(requestId: string, error: string): string {
  return encodeJsonLine({ type: "control_response", response: { subtype: "error", request_id: requestId, error } });
}
