/**
 * How the CLI says that the conversation a session asked for (`--resume`) does not exist. The one place that knows
 * those texts: the session reads them from a `result`'s `errors` and from the stderr tail of a CLI that exited.
 * @module
 */
import { ClaudeCodeError, type ErrorDetails } from "../errors.ts";

/**
 * The texts of an unresumable `--resume`, each with where the value asked for sits in it. Recorded (2.1.197 and
 * 2.1.332, `result/error_during_execution` plus the same line on stderr, exit 1): `c4` for an unknown UUID and
 * `c5` for a value that is neither a UUID nor a session title.
 */
const NOT_FOUND = [
  /No conversation found with session ID: (\S+)/,
  /--resume requires a valid session ID or session title\b.*?Provided value "(.*)" is not a UUID and does not match any session title\.?/,
];

/**
 * A `SESSION_NOT_FOUND` error when `text` (an entry of a result's `errors`, or a stderr tail) is the CLI's answer to
 * a `--resume` it cannot honour, else undefined. `details.sessionId` is the id or title that was asked for;
 * `details` are merged in (an exit's code and stderr tail).
 *
 * @example
 * ```ts
 * import { sessionNotFound } from "./session_not_found.ts";
 * sessionNotFound("No conversation found with session ID: 00000000-0000-4000-8000-000000000000")?.details.sessionId;
 * // "00000000-0000-4000-8000-000000000000"
 * sessionNotFound('Error: --resume requires a valid session ID or session title when used with --print. Usage: claude -p --resume <session-id|title>. Provided value "my-chat" is not a UUID and does not match any session title.')?.code;
 * // "SESSION_NOT_FOUND"
 * ```
 */
export function sessionNotFound(text: string, details: ErrorDetails = {}): ClaudeCodeError | undefined {
  for (const line of text.split("\n")) {
    for (const pattern of NOT_FOUND) {
      const match = pattern.exec(line);
      if (match !== null) return new ClaudeCodeError("SESSION_NOT_FOUND", line.trim(), { ...details, sessionId: match[1] });
    }
  }
  return undefined;
}
