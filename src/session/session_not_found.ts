/**
 * How the CLI says that the conversation a session asked for (`--resume`) does not exist. The one place that knows
 * those texts: the session hands it a turn's `result` and the exit of every CLI that ended.
 * @module
 */
import { sessionNotFoundError } from "../error_constructors.ts";
import type { ClaudeCodeError, ErrorDetailsByCode } from "../errors.ts";
import type { Message } from "../protocol/messages.ts";

/**
 * The texts of an unresumable `--resume`, each with where the value asked for sits in it. Recorded (2.1.197 and
 * 2.1.332, `tests/fixtures/protocol/{,cli-2.1.332/}transcripts/c4_*` and `c5_*`): the CLI prints a
 * `result/error_during_execution` whose `errors` hold the line, writes the same line to stderr and exits 1.
 * - c4, an unknown UUID: `No conversation found with session ID: 00000000-0000-4000-8000-000000000000`
 * - c5, neither a UUID nor a session title: `Error: --resume requires a valid session ID or session title when used
 *   with --print. Usage: claude -p --resume <session-id|title>. Provided value "not-a-uuid" is not a UUID and does
 *   not match any session title.`
 */
const NOT_FOUND = [
  /No conversation found with session ID: (\S+)/,
  /--resume requires a valid session ID or session title\b.*?Provided value "(.*)" is not a UUID and does not match any session title\.?/,
];

/**
 * A `SESSION_NOT_FOUND` error when the CLI answered a `--resume` it cannot honour, else undefined. It reads the
 * `errors` of a turn's `result` (`{ result }`), or the stderr tail of a CLI that exited (`{ exit }`, whose facts
 * become the details). The message is the CLI's line; `details.sessionId` is the id or title that was asked for.
 *
 * @example
 * ```ts
 * import { sessionNotFound } from "./session_not_found.ts";
 * const result = { type: "result", subtype: "error_during_execution", errors: ["No conversation found with session ID: 00000000-0000-4000-8000-000000000000"] };
 * sessionNotFound({ result })?.details.sessionId; // "00000000-0000-4000-8000-000000000000"
 * const stderrTail = 'Error: --resume requires a valid session ID or session title when used with --print. Usage: claude -p --resume <session-id|title>. Provided value "my-chat" is not a UUID and does not match any session title.\n';
 * sessionNotFound({ exit: { exitCode: 1, signal: null, stderrTail } })?.details.sessionId; // "my-chat"
 * ```
 */
export function sessionNotFound(
  said: { result: Message } | { exit: ErrorDetailsByCode["PROCESS_EXIT"] },
): ClaudeCodeError<"SESSION_NOT_FOUND"> | undefined {
  const texts = "result" in said ? errorsOf(said.result) : [said.exit.stderrTail];
  const details = "result" in said ? {} : said.exit;
  for (const line of texts.flatMap((text) => text.split("\n"))) {
    const asked = askedFor(line);
    if (asked !== undefined) return sessionNotFoundError(line.trim(), { ...details, sessionId: asked });
  }
  return undefined;
}

/** The id or title a line of the CLI says it could not resume, if it is such a line. */
function askedFor(line: string): string | undefined {
  for (const pattern of NOT_FOUND) {
    const match = pattern.exec(line);
    if (match !== null) return match[1];
  }
  return undefined;
}

/** The text entries of a result's `errors`. */
function errorsOf(result: Message): string[] {
  return Array.isArray(result.errors)
    ? result.errors.filter((error): error is string => typeof error === "string")
    : [];
}
