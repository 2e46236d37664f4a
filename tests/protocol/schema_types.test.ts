// The message types (src/protocol/messages/) and their valibot schemas (src/protocol/schemas.ts) describe the same
// lines twice; these compile-time checks tie each type to its schema (see tests/type_ties.ts for the rules), so a
// change to one without the other fails `tsc` and `deno test`. The `@ts-expect-error` lines show that the checks bite.
import { test } from "node:test";
import assert from "node:assert/strict";
import type * as v from "valibot";
import { KNOWN_MESSAGE_TYPES, type MessageOfType } from "../../src/protocol/message_guards.ts";
import type {
  AnyContentBlock,
  AssistantMessage,
  ControlCancelRequestMessage,
  ControlRequestMessage,
  ControlResponseMessage,
  KnownMessageType,
  ResultMessage,
  StreamEventMessage,
  SystemInitMessage,
  SystemMessage,
  SystemOtherMessage,
  TextBlock,
  ThinkingBlock,
  ToolResultBlock,
  ToolUseBlock,
  UnknownBlock,
  Usage,
  UserMessage,
} from "../../src/protocol/messages.ts";
import {
  type AssistantMessageSchema,
  type ContentBlockSchema,
  type ControlCancelRequestSchema,
  type ControlRequestSchema,
  type ControlResponseSchema,
  MESSAGE_SCHEMAS,
  type ResultMessageSchema,
  type StreamEventSchema,
  type SystemInitSchema,
  type SystemMessageSchema,
  type UsageSchema,
  type UserMessageSchema,
} from "../../src/protocol/schemas.ts";
import type { Assert, IsAssignable, IsEqual, Tied } from "../type_ties.ts";

type Out<Schema extends v.GenericSchema> = v.InferOutput<Schema>;

// Content blocks and usage. `ContentBlockSchema` is a variant of the known blocks, or a block of another type.
type KnownBlockSchemas = (typeof ContentBlockSchema)["options"][0]["options"];
type UnknownBlockSchema = (typeof ContentBlockSchema)["options"][1];
export type ContentTies = [
  Assert<Tied<TextBlock, Out<KnownBlockSchemas[0]>>>,
  Assert<Tied<ThinkingBlock, Out<KnownBlockSchemas[1]>>>,
  Assert<Tied<ToolUseBlock, Out<KnownBlockSchemas[2]>>>,
  Assert<Tied<ToolResultBlock, Out<KnownBlockSchemas[3]>>>,
  Assert<Tied<UnknownBlock, Out<UnknownBlockSchema>>>,
  Assert<IsAssignable<AnyContentBlock, Out<typeof ContentBlockSchema>>>,
  Assert<Tied<Usage, Out<typeof UsageSchema>>>,
];

// System lines: `init` has its own schema, every other subtype the generic one (`type` and a string `subtype`),
// which the known subtypes pass and which ties to `SystemOtherMessage`.
export type SystemTies = [
  Assert<Tied<SystemInitMessage, Out<typeof SystemInitSchema>>>,
  Assert<Tied<SystemOtherMessage, Out<(typeof SystemMessageSchema)["options"][1]>>>,
  Assert<IsAssignable<SystemMessage, Out<typeof SystemMessageSchema>>>,
];

// A turn's lines. The schemas tolerate a missing `parent_tool_use_id` (nullish), which the CLI always prints.
export type TurnTies = [
  Assert<Tied<AssistantMessage, Out<typeof AssistantMessageSchema>, "parent_tool_use_id">>,
  Assert<Tied<UserMessage, Out<typeof UserMessageSchema>, "parent_tool_use_id">>,
  Assert<Tied<ResultMessage, Out<typeof ResultMessageSchema>>>,
  Assert<Tied<StreamEventMessage, Out<typeof StreamEventSchema>, "parent_tool_use_id">>,
];

// The control protocol.
export type ControlTies = [
  Assert<Tied<ControlRequestMessage, Out<typeof ControlRequestSchema>>>,
  Assert<Tied<ControlResponseMessage, Out<typeof ControlResponseSchema>>>,
  Assert<Tied<ControlCancelRequestMessage, Out<typeof ControlCancelRequestSchema>>>,
];

// MESSAGE_SCHEMAS, which validateMessage uses: one schema per known kind, which every message of that kind passes.
type SchemaKinds = keyof typeof MESSAGE_SCHEMAS;
export type TableTies = [
  Assert<IsEqual<SchemaKinds, KnownMessageType>>,
  Assert<
    IsAssignable<
      { [T in KnownMessageType]: MessageOfType<T> },
      { [T in KnownMessageType]: Out<(typeof MESSAGE_SCHEMAS)[T]> }
    >
  >,
];

// The checks bite: each kind of drift fails to compile.
export type ChecksBite = [
  // @ts-expect-error the schema checks a field the type does not declare
  Assert<Tied<{ a: string; [key: string]: unknown }, { a: string; b?: number; [key: string]: unknown }>>,
  // @ts-expect-error the type lacks a field the schema requires
  Assert<Tied<{ a: string; [key: string]: unknown }, { a: string; b: number; [key: string]: unknown }>>,
  // @ts-expect-error a field typed differently (the type's values fail the schema)
  Assert<Tied<{ a: string }, { a: number }>>,
  // @ts-expect-error a field the schema checks more loosely than the type allows
  Assert<Tied<{ a: "x" | "y" }, { a: string }>>,
  // @ts-expect-error a field the schema makes optional where the type requires it, not named as one that may be absent
  Assert<Tied<{ a: string }, { a?: string }>>,
  // @ts-expect-error a nested object's field typed differently
  Assert<Tied<{ a: { b: string; c: number } }, { a: { b: string; c: string } }>>,
  // @ts-expect-error a nested object's field the type does not declare
  Assert<Tied<{ a: { b: string; [key: string]: unknown } }, { a: { b: string; c?: number; [key: string]: unknown } }>>,
];

// What the checks allow: a type may declare fields its schema does not check, nested too.
export type ChecksAllow = [
  Assert<Tied<{ a: string; b?: number; [key: string]: unknown }, { a: string; [key: string]: unknown }>>,
  Assert<Tied<{ a: { b: string; c: number } }, { a: { b: string; [key: string]: unknown } }>>,
  Assert<Tied<{ a: string }, { a?: string }, "a">>,
];

/** Every known `type`, once: an object literal typed by `KnownMessageType`, so a missing or extra kind fails to compile. */
const EVERY_KIND: Record<KnownMessageType, true> = {
  system: true,
  assistant: true,
  user: true,
  result: true,
  stream_event: true,
  control_request: true,
  control_response: true,
  control_cancel_request: true,
};

test("KNOWN_MESSAGE_TYPES is the kinds MESSAGE_SCHEMAS has a schema for: the type values of KnownMessage", () => {
  assert.deepEqual([...KNOWN_MESSAGE_TYPES].sort(), Object.keys(EVERY_KIND).sort());
  assert.deepEqual([...KNOWN_MESSAGE_TYPES].sort(), Object.keys(MESSAGE_SCHEMAS).sort());
});
