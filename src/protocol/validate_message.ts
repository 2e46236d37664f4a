/**
 * Validating a whole message against the schema of its kind ({@link MESSAGE_SCHEMAS}); a kind this version does
 * not know has no schema and passes through.
 * @module
 */
import * as v from "valibot";
import { invalidMessageError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import { isKnownMessage } from "./message_guards.ts";
import type { Message } from "./messages.ts";
import { MESSAGE_SCHEMAS } from "./schemas.ts";

/**
 * Whether a message has the fields claude-stream relies on for its kind. Unknown kinds are valid: they pass through.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isValidMessage } from "@claude-stream/sdk/protocol";
 * assert.ok(!isValidMessage({ type: "result", subtype: "success" })); // no is_error, session_id, usage...
 * assert.ok(isValidMessage({ type: "something_new" }));
 * ```
 */
export function isValidMessage(message: Message): boolean {
  return !isKnownMessage(message) || v.is(MESSAGE_SCHEMAS[message.type], message);
}

/**
 * Checks a message against the schema of its kind: `undefined` when valid (or of an unknown kind), else a
 * `ClaudeCodeError` `INVALID_MESSAGE` whose `details.issues` say which fields are wrong.
 *
 * @example
 * ```ts
 * import { validateMessage } from "@claude-stream/sdk/protocol";
 * const error = validateMessage({ type: "result", subtype: "success", is_error: "no" });
 * if (error) console.warn(error.message, error.details.issues);
 * ```
 */
export function validateMessage(message: Message): ClaudeCodeError<"INVALID_MESSAGE"> | undefined {
  if (!isKnownMessage(message)) return undefined;
  const outcome = v.safeParse(MESSAGE_SCHEMAS[message.type], message, { abortEarly: false });
  if (outcome.success) return undefined;
  const issues = outcome.issues.map((issue) => `${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`);
  return invalidMessageError({ subject: `${message.type} message`, issues, type: message.type });
}
