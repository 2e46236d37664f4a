/**
 * One constructor per error code: the only place that words each code's message and fills its `details`, so every
 * error of a code reads the same wherever it is raised. Internal: users match on `code` and `details`
 * (see `errors.ts`), they do not build these.
 * @module
 */
import { ClaudeCodeError, type ErrorDetailsByCode } from "./errors.ts";

/** How much of a bad stdout line a message quotes. */
const EXCERPT_CHARS = 200;
/** How much of a bad stdout line `details.text` keeps. */
const TEXT_CHARS = 1000;

/**
 * `CLI_NOT_FOUND`: the CLI could not be found or started; `message` says where it was looked for or why it did not
 * start (`session/find_cli.ts`, `runtime/spawn_failure.ts`).
 *
 * @example
 * ```ts
 * import { cliNotFoundError } from "./error_constructors.ts";
 * cliNotFoundError("cannot start /opt/claude: ENOENT (no such file)", { path: "/opt/claude", cwd: undefined, osCode: "ENOENT", reason: "no such file" });
 * ```
 */
export function cliNotFoundError(
  message: string,
  details: ErrorDetailsByCode["CLI_NOT_FOUND"],
  cause?: unknown,
): ClaudeCodeError<"CLI_NOT_FOUND"> {
  return new ClaudeCodeError("CLI_NOT_FOUND", message, details, causeOption(cause));
}

/**
 * `UNSUPPORTED_CLI_VERSION`: the CLI at `details.path` is older than `details.minVersion`; the message also names the
 * newest tested version, and `install` is the command that installs a newer one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unsupportedCliVersionError } from "./error_constructors.ts";
 * const details = { path: "claude", version: "1.0.128", minVersion: "2.0.0", newestTested: "2.1.332" };
 * assert.equal(
 *   unsupportedCliVersionError(details, "npm install -g @anthropic-ai/claude-code").message,
 *   "claude is Claude Code 1.0.128; claude-stream needs 2.0.0 or newer, and is tested up to 2.1.332 (npm install -g @anthropic-ai/claude-code)",
 * );
 * ```
 */
export function unsupportedCliVersionError(
  details: ErrorDetailsByCode["UNSUPPORTED_CLI_VERSION"],
  install: string,
): ClaudeCodeError<"UNSUPPORTED_CLI_VERSION"> {
  const { path, version, minVersion, newestTested } = details;
  const message =
    `${path} is Claude Code ${version}; claude-stream needs ${minVersion} or newer, and is tested up to ${newestTested} (${install})`;
  return new ClaudeCodeError("UNSUPPORTED_CLI_VERSION", message, details);
}

/**
 * `PROCESS_EXIT`: the CLI ended while `what` was under way; the message adds the exit code or signal and the last
 * three lines of stderr.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processExitError } from "./error_constructors.ts";
 * const error = processExitError("the CLI ended during the turn", { exitCode: 3, signal: null, stderrTail: "boom\n" });
 * assert.equal(error.message, "the CLI ended during the turn: exit code 3 (stderr: boom)");
 * ```
 */
export function processExitError(
  what: string,
  details: ErrorDetailsByCode["PROCESS_EXIT"],
): ClaudeCodeError<"PROCESS_EXIT"> {
  const how = details.signal !== null ? `signal ${details.signal}` : `exit code ${details.exitCode}`;
  const stderr = details.stderrTail.trim().split("\n").slice(-3).join(" | ");
  return new ClaudeCodeError("PROCESS_EXIT", `${what}: ${how}${stderr ? ` (stderr: ${stderr})` : ""}`, details);
}

/**
 * `NO_RESULT`: a turn ended without its `result`; `message` says how (a stream that ended, a CLI that exited).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noResultError } from "./error_constructors.ts";
 * assert.equal(noResultError("the stream ended before the turn's result", { sessionId: undefined }).code, "NO_RESULT");
 * ```
 */
export function noResultError(message: string, details: ErrorDetailsByCode["NO_RESULT"]): ClaudeCodeError<"NO_RESULT"> {
  return new ClaudeCodeError("NO_RESULT", message, details);
}

/**
 * `TIMEOUT`: the turn (or `what`: a control request's answer, an idle wait) took longer than `timeoutMs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { timeoutError } from "./error_constructors.ts";
 * assert.equal(timeoutError(5).message, "the turn took longer than 5 ms");
 * ```
 */
export function timeoutError(timeoutMs: number, what = "the turn"): ClaudeCodeError<"TIMEOUT"> {
  return new ClaudeCodeError("TIMEOUT", `${what} took longer than ${timeoutMs} ms`, { timeoutMs });
}

/**
 * `ABORTED`: the turn (or `what` else: a lease's wait...) was aborted for `reason` (the signal's reason), which is
 * also the cause; `details.reason` is its message when it is an `Error`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { abortedError } from "./error_constructors.ts";
 * assert.equal(abortedError(new Error("user left")).details.reason, "user left");
 * assert.equal(abortedError("gone", "the wait for the lease").message, "the wait for the lease was aborted");
 * ```
 */
export function abortedError(reason: unknown, what = "the turn"): ClaudeCodeError<"ABORTED"> {
  return new ClaudeCodeError("ABORTED", `${what} was aborted`, {
    reason: reason instanceof Error ? reason.message : reason,
  }, causeOption(reason));
}

/**
 * `SESSION_NOT_FOUND`: the conversation `details.sessionId` does not exist; `message` is the CLI's own line, or says
 * where history looked.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sessionNotFoundError } from "./error_constructors.ts";
 * const error = sessionNotFoundError("no session file for 8ec596a5 under /tmp/claude/projects", { sessionId: "8ec596a5" });
 * assert.equal(error.code, "SESSION_NOT_FOUND");
 * ```
 */
export function sessionNotFoundError(
  message: string,
  details: ErrorDetailsByCode["SESSION_NOT_FOUND"],
): ClaudeCodeError<"SESSION_NOT_FOUND"> {
  return new ClaudeCodeError("SESSION_NOT_FOUND", message, details);
}

/**
 * `UNKNOWN_SESSION_NAME`: no running session is registered under `name`; `holder` names what was asked when it is not
 * the process-wide registry (`"the supervisor"`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unknownSessionNameError } from "./error_constructors.ts";
 * assert.equal(unknownSessionNameError("assistant").message, "no session is named assistant");
 * assert.equal(unknownSessionNameError("assistant", "the supervisor").message, "the supervisor has no session named assistant");
 * ```
 */
export function unknownSessionNameError(name: string, holder?: string): ClaudeCodeError<"UNKNOWN_SESSION_NAME"> {
  const message = holder === undefined ? `no session is named ${name}` : `${holder} has no session named ${name}`;
  return new ClaudeCodeError("UNKNOWN_SESSION_NAME", message, { name });
}

/**
 * `SESSION_STOPPED`: the session was stopped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sessionStoppedError } from "./error_constructors.ts";
 * assert.equal(sessionStoppedError().message, "the session was stopped");
 * ```
 */
export function sessionStoppedError(): ClaudeCodeError<"SESSION_STOPPED"> {
  return new ClaudeCodeError("SESSION_STOPPED", "the session was stopped", {});
}

/**
 * `NAME_TAKEN`: another running session is named `name`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nameTakenError } from "./error_constructors.ts";
 * assert.equal(nameTakenError("assistant").message, "a session named assistant is already running");
 * ```
 */
export function nameTakenError(name: string): ClaudeCodeError<"NAME_TAKEN"> {
  return new ClaudeCodeError("NAME_TAKEN", `a session named ${name} is already running`, { option: "name", name });
}

/**
 * `INVALID_OPTION`: the option or argument `option` is wrong, as `message` says.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { invalidOptionError } from "./error_constructors.ts";
 * assert.equal(invalidOptionError("model", "model must be a string").details.option, "model");
 * ```
 */
export function invalidOptionError(
  option: string,
  message: string,
  cause?: unknown,
): ClaudeCodeError<"INVALID_OPTION"> {
  return new ClaudeCodeError("INVALID_OPTION", message, { option }, causeOption(cause));
}

/**
 * `INVALID_JSON`: stdout line `line` (its text `text`) is not JSON; `cause` is the parser's error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { invalidJsonError } from "./error_constructors.ts";
 * assert.equal(invalidJsonError(2, "oops").message, "line 2 is not JSON: oops");
 * ```
 */
export function invalidJsonError(line: number, text: string, cause?: unknown): ClaudeCodeError<"INVALID_JSON"> {
  return new ClaudeCodeError("INVALID_JSON", `line ${line} is not JSON: ${text.slice(0, EXCERPT_CHARS)}`, {
    line,
    text: text.slice(0, TEXT_CHARS),
  }, causeOption(cause));
}

/**
 * What is not a message, for {@link invalidMessageError}: a stdout line that is JSON but not an object with a string
 * `type`; a message or result whose fields are wrong (`subject` is what, `issues` say how); or a value with no JSON
 * form given to a stdin encoder (`cause` is what `JSON.stringify` threw, if it threw).
 */
type NotAMessage =
  | { line: number; text: string }
  | { subject: string; issues: string[]; type?: string }
  | { value: unknown; cause?: unknown };

/**
 * `INVALID_MESSAGE`: a value is not the message expected (see {@link NotAMessage}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { invalidMessageError } from "./error_constructors.ts";
 * assert.equal(invalidMessageError({ line: 3, text: "[1]" }).message, "line 3 is not a message object: [1]");
 * assert.equal(
 *   invalidMessageError({ subject: "the turn's result", issues: ["usage: Invalid type"] }).message,
 *   "the turn's result does not have the expected shape: usage: Invalid type",
 * );
 * assert.equal(invalidMessageError({ value: undefined }).message, "a value of type undefined has no JSON form");
 * ```
 */
export function invalidMessageError(what: NotAMessage): ClaudeCodeError<"INVALID_MESSAGE"> {
  if ("line" in what) {
    const { line, text } = what;
    return new ClaudeCodeError(
      "INVALID_MESSAGE",
      `line ${line} is not a message object: ${text.slice(0, EXCERPT_CHARS)}`,
      { line, text: text.slice(0, TEXT_CHARS) },
    );
  }
  if ("subject" in what) {
    const { subject, issues, type } = what;
    return new ClaudeCodeError(
      "INVALID_MESSAGE",
      `${subject} does not have the expected shape: ${issues.join("; ")}`,
      type === undefined ? { issues } : { type, issues },
    );
  }
  if ("cause" in what) {
    return new ClaudeCodeError("INVALID_MESSAGE", `value cannot be encoded as JSON: ${String(what.cause)}`, {}, {
      cause: what.cause,
    });
  }
  return new ClaudeCodeError("INVALID_MESSAGE", `a value of type ${typeof what.value} has no JSON form`, {});
}

/**
 * `INVALID_UTF8`: stdout line `line`, `bytes` long, is not valid UTF-8 (it was decoded with U+FFFD).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { invalidUtf8Error } from "./error_constructors.ts";
 * assert.equal(invalidUtf8Error(2, 17).message, "line 2 is not valid UTF-8; decoded with U+FFFD");
 * ```
 */
export function invalidUtf8Error(line: number, bytes: number): ClaudeCodeError<"INVALID_UTF8"> {
  return new ClaudeCodeError("INVALID_UTF8", `line ${line} is not valid UTF-8; decoded with U+FFFD`, { line, bytes });
}

/**
 * `LINE_TOO_LONG`: stdout line `line`, `bytes` long, is longer than `maxLineBytes` and was dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineTooLongError } from "./error_constructors.ts";
 * assert.equal(lineTooLongError(4, 119, 100).message, "line 4 is longer than 100 bytes; dropped");
 * ```
 */
export function lineTooLongError(line: number, bytes: number, maxLineBytes: number): ClaudeCodeError<"LINE_TOO_LONG"> {
  return new ClaudeCodeError("LINE_TOO_LONG", `line ${line} is longer than ${maxLineBytes} bytes; dropped`, {
    line,
    bytes,
  });
}

/**
 * `CONTROL_ERROR`: the CLI answered control request `requestId` with an error; `message` is the CLI's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { controlError } from "./error_constructors.ts";
 * assert.equal(controlError("req_1", undefined).message, "control request failed");
 * ```
 */
export function controlError(requestId: string, message: string | undefined): ClaudeCodeError<"CONTROL_ERROR"> {
  return new ClaudeCodeError("CONTROL_ERROR", message ?? "control request failed", { requestId });
}

/**
 * `CALLBACK_ERROR`: the callback given as option `callback` threw `cause` (its message is the error's).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { callbackError } from "./error_constructors.ts";
 * const error = callbackError("stderr", new Error("disk full"));
 * assert.equal(error.message, "the stderr callback failed: disk full");
 * ```
 */
export function callbackError(callback: string, cause: unknown): ClaudeCodeError<"CALLBACK_ERROR"> {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ClaudeCodeError("CALLBACK_ERROR", `the ${callback} callback failed: ${reason}`, { callback }, { cause });
}

/** The message of each `CORRUPT_HISTORY` reason. */
const CORRUPT_HISTORY_MESSAGES: Record<
  ErrorDetailsByCode["CORRUPT_HISTORY"]["reason"],
  (details: ErrorDetailsByCode["CORRUPT_HISTORY"]) => string
> = {
  "invalid-json": ({ line }) => `line ${line} is not valid JSON`,
  "not-an-entry": ({ line }) => `line ${line} is not an entry (a JSON object with a string "type")`,
  "nul-bytes": ({ line }) => `line ${line} is padded with NUL bytes`,
  "truncated-line": ({ line }) => `the last line (${line}) is incomplete`,
  "dangling-parent": ({ uuid }) => `parentUuid ${uuid} points nowhere`,
  "parent-loop": ({ uuid }) => `parentUuid loop at ${uuid}`,
  "empty-file": ({ path }) => `${path} holds no readable entry`,
  "no-entries": ({ path }) => `${path} holds no readable entry`,
};

/**
 * `CORRUPT_HISTORY`: a part of a history file is damaged; the message follows from `details.reason`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { corruptHistoryError } from "./error_constructors.ts";
 * assert.equal(corruptHistoryError({ path: "/s.jsonl", line: 3, reason: "invalid-json" }).message, "line 3 is not valid JSON");
 * ```
 */
export function corruptHistoryError(
  details: ErrorDetailsByCode["CORRUPT_HISTORY"],
): ClaudeCodeError<"CORRUPT_HISTORY"> {
  return new ClaudeCodeError("CORRUPT_HISTORY", CORRUPT_HISTORY_MESSAGES[details.reason](details), details);
}

/**
 * `UNREADABLE_HISTORY`: `path` cannot be read; `osCode` is the host's code (`EACCES`...), `cause` its error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unreadableHistoryError } from "./error_constructors.ts";
 * assert.equal(unreadableHistoryError("/x.jsonl", "EACCES", new Error("denied")).message, "cannot read /x.jsonl (EACCES)");
 * ```
 */
export function unreadableHistoryError(
  path: string,
  osCode: string | undefined,
  cause: unknown,
): ClaudeCodeError<"UNREADABLE_HISTORY"> {
  return new ClaudeCodeError("UNREADABLE_HISTORY", `cannot read ${path}${osCode ? ` (${osCode})` : ""}`, {
    path,
    osCode,
  }, causeOption(cause));
}

/**
 * `UNWRITABLE_HISTORY`: a change to a saved session could not be written to `path`; `osCode` is the host's code
 * (`EACCES`, `ENOSPC`...), `cause` its error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unwritableHistoryError } from "./error_constructors.ts";
 * assert.equal(unwritableHistoryError("/x.jsonl", "EROFS", new Error("read-only")).message, "cannot write /x.jsonl (EROFS)");
 * ```
 */
export function unwritableHistoryError(
  path: string,
  osCode: string | undefined,
  cause: unknown,
): ClaudeCodeError<"UNWRITABLE_HISTORY"> {
  return new ClaudeCodeError("UNWRITABLE_HISTORY", `cannot write ${path}${osCode ? ` (${osCode})` : ""}`, {
    path,
    osCode,
  }, causeOption(cause));
}

/**
 * `RESTART_LIMIT`: a supervised session crashed more than `details.maxRestarts` times within `details.withinMs`;
 * `cause` is its last crash.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { restartLimitError } from "./error_constructors.ts";
 * const error = restartLimitError({ name: "assistant", maxRestarts: 3, withinMs: 5000 }, new Error("crash"));
 * assert.equal(error.message, "session assistant crashed more than 3 times within 5000 ms");
 * ```
 */
export function restartLimitError(
  details: ErrorDetailsByCode["RESTART_LIMIT"],
  cause: unknown,
): ClaudeCodeError<"RESTART_LIMIT"> {
  const { name, maxRestarts, withinMs } = details;
  const who = name === undefined ? "a supervised session" : `session ${name}`;
  return new ClaudeCodeError(
    "RESTART_LIMIT",
    `${who} crashed more than ${maxRestarts} times within ${withinMs} ms`,
    details,
    causeOption(cause),
  );
}

/** The `Error` options for a cause, none when there is no cause (so that `error.cause` is not even set). */
function causeOption(cause: unknown): { cause: unknown } | undefined {
  return cause === undefined ? undefined : { cause };
}

/**
 * `STRUCTURED_OUTPUT_FAILED`: a structured-output turn gave no output that fits (`details.errors` say why).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { structuredOutputFailedError } from "./error_constructors.ts";
 * const error = structuredOutputFailedError({ subtype: "success", errors: ["answer: Invalid type"], sessionId: "s" });
 * assert.equal(error.message, "the turn gave no structured output that fits: answer: Invalid type");
 * ```
 */
export function structuredOutputFailedError(
  details: ErrorDetailsByCode["STRUCTURED_OUTPUT_FAILED"],
): ClaudeCodeError<"STRUCTURED_OUTPUT_FAILED"> {
  const reason = details.errors.join("; ") || details.subtype;
  return new ClaudeCodeError(
    "STRUCTURED_OUTPUT_FAILED",
    `the turn gave no structured output that fits: ${reason}`,
    details,
  );
}

/**
 * `STORE_ERROR`: a `SessionStore` call (`details.operation`, about `details.key`) failed for `cause`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { storeError } from "./error_constructors.ts";
 * const key = { projectKey: "p", sessionId: "s1" };
 * const error = storeError("the store did not take 3 mirrored entries: down", { operation: "append", key, entries: 3 });
 * assert.equal(error.details.entries, 3);
 * ```
 */
export function storeError(
  message: string,
  details: ErrorDetailsByCode["STORE_ERROR"],
  cause?: unknown,
): ClaudeCodeError<"STORE_ERROR"> {
  return new ClaudeCodeError("STORE_ERROR", message, details, causeOption(cause));
}

/**
 * `LEASE_TIMEOUT`: the lease of conversation `sessionId` stayed held by another holder for all of `waitMs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { leaseTimeoutError } from "./error_constructors.ts";
 * assert.equal(leaseTimeoutError("s1", 500).message, "the lease of session s1 stayed held by another holder for 500 ms");
 * ```
 */
export function leaseTimeoutError(sessionId: string, waitMs: number): ClaudeCodeError<"LEASE_TIMEOUT"> {
  return new ClaudeCodeError(
    "LEASE_TIMEOUT",
    `the lease of session ${sessionId} stayed held by another holder for ${waitMs} ms`,
    { sessionId, waitMs },
  );
}

/**
 * `LEASE_LOST`: the lease of `details.sessionId` with fence `details.fence` is no longer held, for `details.reason`;
 * `cause` is what made it so, if anything did (the database's error, for `unreachable`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { leaseLostError } from "./error_constructors.ts";
 * const error = leaseLostError({ sessionId: "s1", fence: 3, reason: "taken-over" });
 * assert.equal(error.message, "the lease of session s1 (fence 3) was taken over by another holder");
 * ```
 */
export function leaseLostError(
  details: ErrorDetailsByCode["LEASE_LOST"],
  cause?: unknown,
): ClaudeCodeError<"LEASE_LOST"> {
  const how = {
    released: "was released",
    expired: "expired before it was renewed",
    "taken-over": "was taken over by another holder",
    unreachable: "could not be renewed in time: the database was unreachable",
  }[details.reason];
  return new ClaudeCodeError(
    "LEASE_LOST",
    `the lease of session ${details.sessionId} (fence ${details.fence}) ${how}`,
    details,
    causeOption(cause),
  );
}
