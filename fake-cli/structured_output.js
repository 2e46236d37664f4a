// @ts-check
/**
 * Structured output as CLI 2.1.332 does it (m11-m14): a JSON Schema given by `--json-schema` or by the `initialize`
 * request's `jsonSchema` becomes a `StructuredOutput` tool; the model's call is checked against the schema (an
 * invalid one is an error tool result, five of them end the turn with `error_max_structured_output_retries`); a valid
 * one ends the turn at once, its input as the result's `structured_output`; a model that answers with text instead
 * gets one synthetic reminder.
 * @module
 */

/**
 * The tool the schema becomes.
 *
 * @example
 * ```js
 * import { STRUCTURED_OUTPUT_TOOL } from "./structured_output.js";
 * console.log(STRUCTURED_OUTPUT_TOOL); // StructuredOutput
 * ```
 */
export const STRUCTURED_OUTPUT_TOOL = "StructuredOutput";

/**
 * The prompt the CLI injects (once per turn) when the model answers without calling the tool (m12).
 *
 * @example
 * ```js
 * import { STRUCTURED_OUTPUT_REMINDER } from "./structured_output.js";
 * STRUCTURED_OUTPUT_REMINDER.startsWith("[structured-output-enforce]"); // true
 * ```
 */
export const STRUCTURED_OUTPUT_REMINDER =
  "[structured-output-enforce] You MUST call the StructuredOutput tool to complete this request. Call this tool now.";

/**
 * How many invalid calls end the turn (m13).
 *
 * @example
 * ```js
 * import { STRUCTURED_OUTPUT_ATTEMPTS } from "./structured_output.js";
 * console.log(STRUCTURED_OUTPUT_ATTEMPTS); // 5
 * ```
 */
export const STRUCTURED_OUTPUT_ATTEMPTS = 5;

/**
 * The tool list with `StructuredOutput` in it: in name order for `--json-schema` (m11), last when it came with
 * `initialize` (m14). The list without a schema, or when the tool is already there, is returned as it is.
 *
 * @example
 * ```js
 * import { withStructuredOutput } from "./structured_output.js";
 * withStructuredOutput(["Task", "Bash", "Skill", "TaskStop"], "flag"); // ["Task", "Bash", "Skill", "StructuredOutput", "TaskStop"]
 * withStructuredOutput(["Task", "Bash"], "initialize"); // ["Task", "Bash", "StructuredOutput"]
 * ```
 * @param {readonly string[]} tools
 * @param {"flag" | "initialize"} from
 * @returns {string[]}
 */
export function withStructuredOutput(tools, from) {
  if (tools.includes(STRUCTURED_OUTPUT_TOOL)) return [...tools];
  if (from === "initialize") return [...tools, STRUCTURED_OUTPUT_TOOL];
  // the recorded list starts with Task, then is in name order
  const at = tools.findIndex((t, i) => i > 0 && t > STRUCTURED_OUTPUT_TOOL);
  return at === -1
    ? [...tools, STRUCTURED_OUTPUT_TOOL]
    : [...tools.slice(0, at), STRUCTURED_OUTPUT_TOOL, ...tools.slice(at)];
}

/**
 * The `--json-schema` value as an object; undefined without one. A value that is not a JSON object is a usage
 * error, worded like the CLI's.
 *
 * @example
 * ```js
 * import { parseSchemaFlag } from "./structured_output.js";
 * parseSchemaFlag('{"type":"object"}'); // { schema: { type: "object" } }
 * parseSchemaFlag("nope").error; // "Error: Invalid JSON provided to --json-schema"
 * ```
 * @param {string | undefined} value
 * @returns {{ schema?: Record<string, unknown>, error?: string }}
 */
export function parseSchemaFlag(value) {
  if (value === undefined) return {};
  try {
    const schema = JSON.parse(value);
    if (isObject(schema)) return { schema };
  } catch {
    // below
  }
  return { error: "Error: Invalid JSON provided to --json-schema" };
}

/**
 * The first way `value` breaks `schema`, worded like the CLI's validator (`/answer: must be number`), or null when it
 * fits. Checks `type`, `required`, `properties`, `additionalProperties: false`, `items`, `enum` and `const`: what
 * the schemas of a test need.
 *
 * @example
 * ```js
 * import { schemaError } from "./structured_output.js";
 * const schema = { type: "object", properties: { answer: { type: "number" } }, required: ["answer"] };
 * schemaError(schema, { answer: 42 }); // null
 * schemaError(schema, { answer: "x" }); // "/answer: must be number"
 * schemaError(schema, {}); // "root: must have required property 'answer'"
 * ```
 * @param {unknown} schema
 * @param {unknown} value
 * @param {string} [at] the JSON pointer of `value`
 * @returns {string | null}
 */
export function schemaError(schema, value, at = "") {
  if (!isObject(schema)) return null;
  const where = at || "root";
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length > 0 && !types.some((t) => hasType(value, t))) return `${where}: must be ${types.join(",")}`;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameJson(e, value))) {
    return `${where}: must be equal to one of the allowed values`;
  }
  if ("const" in schema && !sameJson(schema.const, value)) return `${where}: must be equal to constant`;
  if (isObject(value)) {
    for (const name of Array.isArray(schema.required) ? schema.required : []) {
      if (!Object.hasOwn(value, name)) return `${where}: must have required property '${name}'`;
    }
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [name, item] of Object.entries(value)) {
      if (Object.hasOwn(properties, name)) {
        const error = schemaError(properties[name], item, `${at}/${name}`);
        if (error) return error;
      } else if (schema.additionalProperties === false) return `${where}: must NOT have additional properties`;
    }
  }
  if (Array.isArray(value) && isObject(schema.items)) {
    for (const [index, item] of value.entries()) {
      const error = schemaError(schema.items, item, `${at}/${index}`);
      if (error) return error;
    }
  }
  return null;
}

/**
 * The `errors` of a turn whose attempts ran out (m13).
 *
 * @example
 * ```js
 * import { retriesExhaustedError } from "./structured_output.js";
 * retriesExhaustedError("Output does not match required schema: /answer: must be number").startsWith("Failed to provide"); // true
 * ```
 * @param {string} lastError
 */
export function retriesExhaustedError(lastError) {
  return `Failed to provide valid structured output after ${STRUCTURED_OUTPUT_ATTEMPTS} attempts — last StructuredOutput error: ${lastError}`;
}

/**
 * The tool result of a call, as recorded: the success text, or the schema error.
 *
 * @example
 * ```js
 * import { structuredOutputResult } from "./structured_output.js";
 * structuredOutputResult({ type: "number" }, 1).content; // "Structured output provided successfully"
 * structuredOutputResult({ type: "number" }, "x").isError; // true
 * ```
 * @param {unknown} schema
 * @param {unknown} input
 * @returns {{ content: string, isError: boolean, toolUseResult: string }}
 */
export function structuredOutputResult(schema, input) {
  const error = schemaError(schema, input);
  if (error === null) {
    const content = "Structured output provided successfully";
    return { content, isError: false, toolUseResult: content };
  }
  const content = `Output does not match required schema: ${error}`;
  return { content, isError: true, toolUseResult: `Error: ${content}` };
}

/** @param {unknown} value @param {unknown} type */
function hasType(value, type) {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    default:
      return true;
  }
}

/** @param {unknown} a @param {unknown} b */
function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
