/**
 * The one check every NDJSON line of the library passes before it is trusted as a message or a session entry.
 * @module
 */

/**
 * A JSON object with a string `type`: the shape every line of the CLI's stdout and of a session file has, whatever
 * its kind. A message or an entry of a kind this version does not know is still one of these.
 *
 * @example
 * ```ts
 * import type { TypedObject } from "./typed_object.ts";
 * const line: TypedObject = { type: "x-new-kind", payload: [1, 2] };
 * ```
 */
export interface TypedObject {
  /** What kind of line it is. */
  type: string;
  /** Any other field, as written. */
  [key: string]: unknown;
}

/**
 * Whether a parsed JSON value is a {@link TypedObject}: an object (not an array, not null) whose `type` is a string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isTypedObject } from "./typed_object.ts";
 * assert.ok(isTypedObject(JSON.parse('{"type":"result","subtype":"success"}')));
 * assert.ok(!isTypedObject(JSON.parse("[1, 2]")));
 * assert.ok(!isTypedObject(JSON.parse('{"type": 3}')));
 * ```
 */
export function isTypedObject(value: unknown): value is TypedObject {
  return typeof value === "object" && value !== null && "type" in value && typeof value.type === "string" &&
    !Array.isArray(value);
}
