/**
 * valibot schemas for what claude-stream relies on in the CLI's messages: the discriminators, session ids, the
 * result's fields and the content blocks. Objects are loose: fields the CLI adds pass through untouched.
 *
 * Where they are used: the decoder only checks that a line is an object with a string `type` (its hot path stays
 * at JSON.parse speed); `isValidMessage` and `validateMessage` (`validate_message.ts`) check a whole known message
 * against {@link MESSAGE_SCHEMAS}, `KNOWN_MESSAGE_TYPES` is its keys, and the stream helpers that read fields
 * (`collectTurn`) validate the `result` they report. See `bench/decode.ts` for the cost of validating every message.
 *
 * Each schema is tied to its message type in `tests/protocol/schema_types.test.ts`: a field the schema checks must
 * be declared by the type, with the same type, so a change to one without the other fails to compile.
 * @module
 */
import * as v from "valibot";
import type { KnownMessageType } from "./messages.ts";

const KNOWN_BLOCK_TYPES = new Set(["text", "thinking", "tool_use", "tool_result"]);

/**
 * Token usage: the two counts every usage object carries.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { UsageSchema } from "./schemas.ts";
 * assert.ok(v.is(UsageSchema, { input_tokens: 23, output_tokens: 17, service_tier: "standard" }));
 * ```
 */
export const UsageSchema = v.looseObject({ input_tokens: v.number(), output_tokens: v.number() });

/**
 * A content block: text, thinking, tool_use, tool_result, or a block type a newer CLI added.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { ContentBlockSchema } from "./schemas.ts";
 * assert.ok(v.is(ContentBlockSchema, { type: "text", text: "hi" }));
 * assert.ok(!v.is(ContentBlockSchema, { type: "text" })); // a text block without text
 * ```
 */
export const ContentBlockSchema = v.union([
  v.variant("type", [
    v.looseObject({ type: v.literal("text"), text: v.string() }),
    v.looseObject({ type: v.literal("thinking"), thinking: v.string() }),
    v.looseObject({ type: v.literal("tool_use"), id: v.string(), name: v.string(), input: v.unknown() }),
    v.looseObject({
      type: v.literal("tool_result"),
      tool_use_id: v.string(),
      content: v.optional(v.union([v.string(), v.array(v.looseObject({ type: v.string() }))])),
      is_error: v.optional(v.boolean()),
    }),
  ]),
  v.looseObject({ type: v.pipe(v.string(), v.check((type) => !KNOWN_BLOCK_TYPES.has(type))) }),
]);

const sessionId = v.string();
const parentToolUseId = v.nullish(v.string());

/**
 * `system/init`: the session id, model, cwd and tools of a turn.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { SystemInitSchema } from "./schemas.ts";
 * const init = v.parse(SystemInitSchema, { type: "system", subtype: "init", session_id: "s", cwd: "/", model: "m", tools: [], permissionMode: "default", uuid: "u" });
 * ```
 */
export const SystemInitSchema = v.looseObject({
  type: v.literal("system"),
  subtype: v.literal("init"),
  session_id: sessionId,
  cwd: v.string(),
  model: v.string(),
  tools: v.array(v.string()),
  permissionMode: v.string(),
  uuid: v.string(),
});

/**
 * Any `system` line: `init` with its fields, every other subtype with a string `subtype`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { SystemMessageSchema } from "./schemas.ts";
 * assert.ok(v.is(SystemMessageSchema, { type: "system", subtype: "status", status: "requesting" }));
 * ```
 */
export const SystemMessageSchema = v.union([
  SystemInitSchema,
  v.looseObject({ type: v.literal("system"), subtype: v.pipe(v.string(), v.check((subtype) => subtype !== "init")) }),
]);

/**
 * An `assistant` line: one content block of an API message.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { AssistantMessageSchema } from "./schemas.ts";
 * declare const line: unknown;
 * if (v.is(AssistantMessageSchema, line)) console.log(line.message.content.length);
 * ```
 */
export const AssistantMessageSchema = v.looseObject({
  type: v.literal("assistant"),
  message: v.looseObject({
    id: v.string(),
    role: v.literal("assistant"),
    model: v.string(),
    content: v.array(ContentBlockSchema),
    usage: UsageSchema,
  }),
  parent_tool_use_id: parentToolUseId,
  session_id: sessionId,
  uuid: v.string(),
});

/**
 * A `user` line on stdout.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { UserMessageSchema } from "./schemas.ts";
 * assert.ok(v.is(UserMessageSchema, { type: "user", message: { role: "user", content: "hi" }, session_id: "s" }));
 * ```
 */
export const UserMessageSchema = v.looseObject({
  type: v.literal("user"),
  message: v.looseObject({ role: v.literal("user"), content: v.union([v.string(), v.array(ContentBlockSchema)]) }),
  parent_tool_use_id: parentToolUseId,
  session_id: sessionId,
});

/**
 * The `result` that closes a turn: outcome, session id, usage and cost.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { ResultMessageSchema } from "./schemas.ts";
 * declare const line: unknown;
 * const result = v.parse(ResultMessageSchema, line); // throws a ValiError when a field is missing
 * console.log(result.is_error, result.total_cost_usd);
 * ```
 */
export const ResultMessageSchema = v.looseObject({
  type: v.literal("result"),
  subtype: v.string(),
  is_error: v.boolean(),
  session_id: sessionId,
  duration_ms: v.number(),
  num_turns: v.number(),
  total_cost_usd: v.number(),
  usage: UsageSchema,
  result: v.optional(v.string()),
  errors: v.optional(v.array(v.string())),
});

/**
 * A `stream_event`: a raw Messages API event with its `type`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { StreamEventSchema } from "./schemas.ts";
 * assert.ok(v.is(StreamEventSchema, { type: "stream_event", event: { type: "message_stop" }, session_id: "s" }));
 * ```
 */
export const StreamEventSchema = v.looseObject({
  type: v.literal("stream_event"),
  event: v.looseObject({ type: v.string() }),
  session_id: sessionId,
  parent_tool_use_id: parentToolUseId,
});

/**
 * A `control_request` from the CLI (e.g. `can_use_tool`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { ControlRequestSchema } from "./schemas.ts";
 * assert.ok(v.is(ControlRequestSchema, { type: "control_request", request_id: "1", request: { subtype: "can_use_tool" } }));
 * ```
 */
export const ControlRequestSchema = v.looseObject({
  type: v.literal("control_request"),
  request_id: v.string(),
  request: v.looseObject({ subtype: v.string() }),
});

/**
 * A `control_response`: success with an optional payload, or an error text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { ControlResponseSchema } from "./schemas.ts";
 * assert.ok(v.is(ControlResponseSchema, { type: "control_response", response: { subtype: "error", request_id: "r6", error: "no" } }));
 * ```
 */
export const ControlResponseSchema = v.looseObject({
  type: v.literal("control_response"),
  response: v.variant("subtype", [
    v.looseObject({
      subtype: v.literal("success"),
      request_id: v.string(),
      response: v.optional(v.record(v.string(), v.unknown())),
    }),
    v.looseObject({ subtype: v.literal("error"), request_id: v.string(), error: v.string() }),
  ]),
});

/**
 * A `control_cancel_request`: the CLI withdrawing a request.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { ControlCancelRequestSchema } from "./schemas.ts";
 * assert.ok(v.is(ControlCancelRequestSchema, { type: "control_cancel_request", request_id: "1" }));
 * ```
 */
export const ControlCancelRequestSchema = v.looseObject({
  type: v.literal("control_cancel_request"),
  request_id: v.string(),
});

/**
 * The schema of each known message kind, by `type`: one for each {@link KnownMessageType}, no more (the `satisfies`
 * fails to compile otherwise). Its keys are `KNOWN_MESSAGE_TYPES`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { MESSAGE_SCHEMAS } from "./schemas.ts";
 * assert.ok(!v.is(MESSAGE_SCHEMAS.result, { type: "result" }));
 * ```
 */
export const MESSAGE_SCHEMAS = {
  system: SystemMessageSchema,
  assistant: AssistantMessageSchema,
  user: UserMessageSchema,
  result: ResultMessageSchema,
  stream_event: StreamEventSchema,
  control_request: ControlRequestSchema,
  control_response: ControlResponseSchema,
  control_cancel_request: ControlCancelRequestSchema,
} as const satisfies Record<KnownMessageType, v.GenericSchema>;
