/**
 * Schemas users give (a tool's input, a turn's structured output) as valibot schemas: a public structural type for
 * them (so the documented API names no type of valibot's), the output type it parses to, and the check that a value
 * is one.
 * @module
 */
import type * as v from "valibot";

/**
 * A valibot schema whose output is `Output`: what `tool()`, `outputFormat` and `collectTurn()` take beside JSON
 * Schema objects. Any valibot schema is one.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { ValibotSchema } from "@claude-stream/sdk";
 * const schema: ValibotSchema<{ city: string }> = v.object({ city: v.string() });
 * ```
 */
export interface ValibotSchema<Output = unknown> {
  /** Every valibot schema's kind. */
  readonly kind: "schema";
  /** The Standard Schema face of it: who made it, and the types it parses from and to. */
  readonly "~standard": {
    readonly vendor: string;
    readonly types?: { readonly input: unknown; readonly output: Output } | undefined;
  };
}

/**
 * What a valibot schema parses to.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { SchemaOutput } from "@claude-stream/sdk";
 * const Answer = v.object({ answer: v.number() });
 * const answer: SchemaOutput<typeof Answer> = { answer: 42 };
 * ```
 */
export type SchemaOutput<Schema> = Schema extends ValibotSchema<infer Output> ? Output : unknown;

/**
 * Whether a value is a valibot schema that parses synchronously (rather than a JSON Schema object, or an async
 * schema, which cannot check a value before a synchronous answer is due).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { isValibotSchema } from "./valibot_schema.ts";
 * assert.equal(isValibotSchema(v.string()), true);
 * assert.equal(isValibotSchema({ type: "string" }), false);
 * assert.equal(isValibotSchema(v.pipeAsync(v.string(), v.checkAsync(async () => true))), false);
 * ```
 */
export function isValibotSchema(value: unknown): value is v.GenericSchema {
  if (typeof value !== "object" || value === null) return false;
  const candidate: { kind?: unknown; async?: unknown; "~run"?: unknown } = value;
  return candidate.kind === "schema" && candidate.async === false && typeof candidate["~run"] === "function";
}
