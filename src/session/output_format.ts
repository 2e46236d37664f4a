/**
 * Structured output: the `outputFormat` option, and the JSON Schema the CLI gets for it (`--json-schema`).
 * @module
 */
import * as v from "valibot";
import { toJsonSchema } from "@valibot/to-json-schema";
import { invalidOptionError } from "../error_constructors.ts";
import { isValibotSchema, type ValibotSchema } from "../protocol/valibot_schema.ts";

/**
 * What a turn's final answer must be: JSON that fits `schema`, a valibot schema or a JSON Schema object. The CLI
 * turns it into a `StructuredOutput` tool the model must call; the turn's `result` then carries the answer as
 * `structured_output` (`collectTurn(...).structuredOutput`).
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { type OutputFormat, Session } from "@claude-stream/sdk";
 * const format: OutputFormat = { type: "json_schema", schema: v.object({ answer: v.number() }) };
 * await using session = new Session({ outputFormat: format });
 * ```
 */
export interface OutputFormat {
  /** The only kind the CLI knows. */
  type: "json_schema";
  /** The answer's schema: valibot's (converted with `@valibot/to-json-schema`) or a JSON Schema object. */
  schema: ValibotSchema | Record<string, unknown>;
}

/**
 * The JSON Schema the CLI gets for an output format: a valibot schema converted (without `$schema`), a JSON Schema
 * object as it is. `INVALID_OPTION` (`outputFormat`) for a valibot schema that has no JSON Schema (a transform, a
 * function...).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { outputJsonSchema } from "./output_format.ts";
 * assert.deepEqual(outputJsonSchema({ type: "json_schema", schema: v.object({ answer: v.number() }) }), {
 *   type: "object",
 *   properties: { answer: { type: "number" } },
 *   required: ["answer"],
 * });
 * ```
 */
export function outputJsonSchema(format: OutputFormat): Record<string, unknown> {
  const { schema } = format;
  if (!isValibotSchema(schema)) {
    if (isJsonSchemaObject(schema)) return schema;
    throw invalidOptionError("outputFormat", "outputFormat: an async valibot schema cannot be used; give a sync one");
  }
  let converted: Record<string, unknown>;
  try {
    converted = { ...toJsonSchema(schema) };
  } catch (cause) {
    throw invalidOptionError("outputFormat", `outputFormat: the schema has no JSON Schema: ${String(cause)}`, cause);
  }
  delete converted.$schema;
  return converted;
}

/**
 * The check of the `outputFormat` option, for `SessionOptionsSchema`.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { OutputFormatSchema } from "./output_format.ts";
 * v.is(OutputFormatSchema, { type: "json_schema", schema: { type: "object" } }); // true
 * v.is(OutputFormatSchema, { type: "json", schema: {} }); // false
 * ```
 */
export const OutputFormatSchema: v.GenericSchema<OutputFormat> = v.strictObject({
  type: v.literal("json_schema"),
  schema: v.custom<ValibotSchema | Record<string, unknown>>(
    (value) => isValibotSchema(value) || isJsonSchemaObject(value),
    "must be a (sync) valibot schema or a JSON Schema object",
  ),
});

/** A plain object that is not a schema of a schema library (valibot's have `~standard`). */
function isJsonSchemaObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !("~standard" in value);
}
