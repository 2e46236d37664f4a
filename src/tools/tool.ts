/**
 * `tool()`: a tool that runs in the host process, served to the CLI by an in-process MCP server
 * ({@link mcpServer}). Its input schema is a valibot schema or a JSON Schema object; the input the model sends is
 * checked against it before the handler runs.
 * @module
 */
import * as v from "valibot";
import { toJsonSchema } from "@valibot/to-json-schema";
import { invalidOptionError } from "../error_constructors.ts";
import { isValibotSchema, type ValibotSchema } from "../protocol/valibot_schema.ts";

/**
 * MCP's hints about what a tool does (the model and the CLI read them; none is enforced).
 *
 * @example
 * ```ts
 * import type { ToolAnnotations } from "@claude-stream/sdk";
 * const annotations: ToolAnnotations = { title: "Add", readOnlyHint: true, openWorldHint: false };
 * ```
 */
export interface ToolAnnotations {
  /** A human-readable title. */
  title?: string;
  /** The tool changes nothing. */
  readOnlyHint?: boolean;
  /** The tool may destroy or overwrite something. */
  destructiveHint?: boolean;
  /** Calling it twice with the same input does no more than once. */
  idempotentHint?: boolean;
  /** The tool reaches outside (the network, other systems). */
  openWorldHint?: boolean;
}

/**
 * One block of a tool's result: MCP's `text`, `image`, `audio`, `resource_link` and `resource` blocks, or another
 * kind a newer CLI takes.
 *
 * @example
 * ```ts
 * import type { CallToolResultBlock } from "@claude-stream/sdk";
 * const block: CallToolResultBlock = { type: "text", text: "42" };
 * ```
 */
export type CallToolResultBlock =
  | { type: "text"; text: string; [key: string]: unknown }
  | { type: "image" | "audio"; data: string; mimeType: string; [key: string]: unknown }
  | { type: string & {}; [key: string]: unknown };

/**
 * What a tool's handler returns: MCP's `CallToolResult`. `isError: true` tells the model the call failed.
 *
 * @example
 * ```ts
 * import type { CallToolResult } from "@claude-stream/sdk";
 * const result: CallToolResult = { content: [{ type: "text", text: "no such city" }], isError: true };
 * ```
 */
export interface CallToolResult {
  /** The blocks the model reads. */
  content: CallToolResultBlock[];
  /** The call failed (the model sees an error result). */
  isError?: boolean;
  /** A structured copy of the result, for clients that read it. */
  structuredContent?: Record<string, unknown>;
  /** MCP metadata. */
  _meta?: Record<string, unknown>;
}

/**
 * What a tool's handler gets besides its input.
 *
 * @example
 * ```ts
 * import type { ToolContext } from "@claude-stream/sdk";
 * const describe = ({ toolUseId, signal }: ToolContext) => `${toolUseId} aborted=${signal.aborted}`;
 * ```
 */
export interface ToolContext {
  /** Aborted when the turn is interrupted or ends, the CLI withdraws the call, or the CLI exits. */
  signal: AbortSignal;
  /** The model's id of this tool call (`toolu_...`), when the CLI sent one. */
  toolUseId?: string | undefined;
  /** The `_meta` of the `tools/call` request, as the CLI sent it. */
  meta: Record<string, unknown>;
}

/**
 * A JSON Schema object for a tool's input: MCP asks for `type: "object"`. Before the handler runs, the input is
 * checked for the `required` properties and for the `type` (a primitive type name, or a list of them) of each
 * property listed in `properties`; nothing else of the schema is checked (use a valibot schema for more).
 *
 * @example
 * ```ts
 * import type { JsonSchemaObject } from "@claude-stream/sdk";
 * const schema: JsonSchemaObject = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
 * ```
 */
export interface JsonSchemaObject {
  /** MCP takes objects only. */
  type: "object";
  /** Each property's schema, by name. */
  properties?: Record<string, Record<string, unknown>>;
  /** The properties that must be there. */
  required?: string[];
  /** Any other JSON Schema keyword, passed on to the CLI as given. */
  [key: string]: unknown;
}

/**
 * A tool's handler: its checked input in, its result out. What it throws becomes an `isError` result (and is reported
 * to the session's `onError` as `CALLBACK_ERROR`).
 *
 * @example
 * ```ts
 * import type { ToolHandler } from "@claude-stream/sdk";
 * const shout: ToolHandler<{ text: string }> = ({ text }) => ({ content: [{ type: "text", text: text.toUpperCase() }] });
 * ```
 */
export type ToolHandler<Input> = (input: Input, context: ToolContext) => CallToolResult | Promise<CallToolResult>;

/**
 * The outcome of checking a tool's input: the value to hand the handler, or the issues found.
 *
 * @example
 * ```ts
 * import type { ToolInputCheck } from "@claude-stream/sdk";
 * const refused: ToolInputCheck<{ city: string }> = { success: false, issues: ["city: Invalid type"] };
 * ```
 */
export type ToolInputCheck<Input> = { success: true; input: Input } | { success: false; issues: string[] };

/**
 * A tool made by {@link tool}, for {@link mcpServer}: what the CLI is told of it (name, description, JSON Schema,
 * annotations), the check of its input, and its handler.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { type SdkMcpToolDefinition, tool } from "@claude-stream/sdk";
 * const echo: SdkMcpToolDefinition<{ text: string }> = tool("echo", "Echo the text back", v.object({ text: v.string() }), ({ text }) => ({
 *   content: [{ type: "text", text }],
 * }));
 * console.log(echo.inputSchema.required); // ["text"]
 * ```
 */
export interface SdkMcpToolDefinition<Input> {
  /** The tool's name; the model sees it as `mcp__<server>__<name>`. */
  readonly name: string;
  /** What the tool does, for the model. */
  readonly description: string;
  /** The input's JSON Schema, as the CLI gets it in `tools/list`. */
  readonly inputSchema: JsonSchemaObject;
  /** Hints about the tool's behaviour (read-only, destructive...), passed on in `tools/list`. */
  readonly annotations?: ToolAnnotations;
  /** Checks an input against the schema before the handler sees it. */
  check(input: unknown): ToolInputCheck<Input>;
  /** Runs the tool. */
  handler(input: Input, context: ToolContext): CallToolResult | Promise<CallToolResult>;
}

/**
 * The schema a tool takes: a valibot schema (of an object, not async) or a JSON Schema object.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { ToolInputSchema } from "@claude-stream/sdk";
 * const schemas: ToolInputSchema[] = [v.object({ city: v.string() }), { type: "object", required: ["city"] }];
 * ```
 */
export type ToolInputSchema = ValibotSchema | JsonSchemaObject;

/**
 * What a handler's input is for a schema: valibot's output type, or a plain record for a JSON Schema.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { ToolInput } from "@claude-stream/sdk";
 * const input: ToolInput<typeof schema> = { city: "Oslo" };
 * const schema = v.object({ city: v.string() });
 * ```
 */
export type ToolInput<Schema extends ToolInputSchema> = Schema extends ValibotSchema<infer Output> ? Output
  : Record<string, unknown>;

/**
 * A tool that runs in this process, as the official SDK's `tool()`: a name, a description for the model, an input
 * schema (valibot, turned into JSON Schema for the CLI, or a JSON Schema object) and a handler. The input is checked
 * before the handler runs: an input that fails is answered with an `isError` result naming the issues, and the
 * handler never sees it. `INVALID_OPTION` when the name is not 1 to 64 letters, digits, `_` or `-`, or the schema
 * cannot be turned into a JSON Schema of an object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { tool } from "@claude-stream/sdk";
 * const add = tool("add", "Add two numbers", v.object({ a: v.number(), b: v.number() }), ({ a, b }) => ({
 *   content: [{ type: "text", text: String(a + b) }],
 * }), { annotations: { readOnlyHint: true } });
 * assert.deepEqual(add.inputSchema.required, ["a", "b"]);
 * assert.deepEqual(add.check({ a: 1, b: "2" }), { success: false, issues: ["b: Invalid type: Expected number but received \"2\""] });
 * ```
 */
export function tool<Schema extends ToolInputSchema>(
  name: string,
  description: string,
  inputSchema: Schema,
  handler: ToolHandler<ToolInput<Schema>>,
  extras: { annotations?: ToolAnnotations | undefined } = {},
): SdkMcpToolDefinition<ToolInput<Schema>> {
  if (typeof name !== "string" || !TOOL_NAME.test(name)) {
    throw invalidOptionError(
      "name",
      `a tool name must be 1 to 64 letters, digits, "_" or "-": ${JSON.stringify(name)}`,
    );
  }
  if (typeof description !== "string") {
    throw invalidOptionError("description", `tool ${name}: description must be a string`);
  }
  if (typeof handler !== "function") throw invalidOptionError("handler", `tool ${name}: handler must be a function`);
  const definition: SdkMcpToolDefinition<ToolInput<Schema>> = {
    name,
    description,
    ...inputOf<ToolInput<Schema>>(name, inputSchema),
    handler,
  };
  return extras.annotations === undefined ? definition : { ...definition, annotations: { ...extras.annotations } };
}

/** What the CLI accepts as an MCP tool name. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The JSON Schema and the check of a tool's input schema. */
function inputOf<Input>(
  name: string,
  schema: ToolInputSchema,
): { inputSchema: JsonSchemaObject; check: (input: unknown) => ToolInputCheck<Input> } {
  if (isValibotSchema(schema)) {
    let converted: Record<string, unknown>;
    try {
      converted = { ...toJsonSchema(schema, { typeMode: "input", errorMode: "ignore" }) };
    } catch (cause) {
      throw invalidOptionError("inputSchema", `tool ${name}: the schema has no JSON Schema: ${String(cause)}`, cause);
    }
    delete converted.$schema;
    if (!isObjectSchema(converted)) {
      throw invalidOptionError("inputSchema", `tool ${name}: the input schema must be of an object (v.object(...))`);
    }
    return {
      inputSchema: converted,
      check(input) {
        const result = v.safeParse(schema, input);
        return result.success
          ? { success: true, input: result.output as Input } // the schema's output type is the handler's input type
          : { success: false, issues: result.issues.map(issueText) };
      },
    };
  }
  if (isRecord(schema) && schema.kind === "schema") {
    throw invalidOptionError("inputSchema", `tool ${name}: an async valibot schema cannot be used; give a sync one`);
  }
  if (!isObjectSchema(schema)) {
    throw invalidOptionError(
      "inputSchema",
      `tool ${name}: the input schema must be valibot's or a JSON Schema with type "object"`,
    );
  }
  const inputSchema = structuredClone(schema);
  return {
    inputSchema,
    check(input) {
      const issues = jsonSchemaIssues(inputSchema, input);
      // a JSON Schema types its input as a plain record, which a checked object is
      return issues.length === 0 ? { success: true, input: input as Input } : { success: false, issues };
    },
  };
}

/** An issue as `path: message`, or the message alone at the top. */
function issueText(issue: v.BaseIssue<unknown>): string {
  const path = issue.path?.map((item) => String(item.key)).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * The issues of an input against a JSON Schema object, as far as this library checks one: an object, its `required`
 * properties there, and each property's `type` (`string`, `number`, `integer`, `boolean`, `object`, `array`, `null`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonSchemaIssues } from "./tool.ts";
 * const schema = { type: "object" as const, properties: { n: { type: "integer" } }, required: ["n"] };
 * assert.deepEqual(jsonSchemaIssues(schema, { n: 1.5 }), ["n: expected integer, got 1.5"]);
 * assert.deepEqual(jsonSchemaIssues(schema, {}), ["n: required"]);
 * ```
 */
export function jsonSchemaIssues(schema: JsonSchemaObject, input: unknown): string[] {
  if (!isRecord(input)) return [`expected an object, got ${describe(input)}`];
  const issues: string[] = [];
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(input, key)) issues.push(`${key}: required`);
  }
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (!Object.hasOwn(input, key) || !isRecord(property)) continue;
    const types = typeof property.type === "string"
      ? [property.type]
      : Array.isArray(property.type)
      ? property.type
      : [];
    if (types.length > 0 && !types.some((type) => hasType(input[key], type))) {
      issues.push(`${key}: expected ${types.join(" or ")}, got ${describe(input[key])}`);
    }
  }
  return issues;
}

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return isRecord(value);
    case "array":
      return Array.isArray(value);
    case "null":
      return value === null;
    default:
      return true; // a type this check does not know is left to the handler
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function isObjectSchema(schema: unknown): schema is JsonSchemaObject {
  return isRecord(schema) && schema.type === "object";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
