// The errors: one constructor per code (src/error_constructors.ts), each checked for its code, message and details,
// and the typing of `details` per code. The `@ts-expect-error` lines are the type tests: tsc (and deno test, which
// type-checks) fails on such a line once it compiles, so a loosening of the types breaks the build.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ClaudeCodeError,
  type ClaudeCodeErrorOf,
  type ErrorCode,
  type ErrorDetailsByCode,
  isClaudeCodeError,
} from "../src/errors.ts";
import {
  abortedError,
  callbackError,
  cliNotFoundError,
  controlError,
  corruptHistoryError,
  invalidJsonError,
  invalidMessageError,
  invalidOptionError,
  invalidUtf8Error,
  leaseLostError,
  leaseTimeoutError,
  lineTooLongError,
  nameTakenError,
  noResultError,
  processExitError,
  restartLimitError,
  sessionNotFoundError,
  sessionStoppedError,
  storeError,
  structuredOutputFailedError,
  timeoutError,
  unknownSessionNameError,
  unreadableHistoryError,
  unsupportedCliVersionError,
  unwritableHistoryError,
} from "../src/error_constructors.ts";

const EXIT = { exitCode: 1, signal: null, stderrTail: "line one\nline two\n" } as const;
const crash = new Error("crash");

/** What each constructor gives. One entry per code: a code without a constructor (or a case here) does not compile. */
const CASES: { [C in ErrorCode]: { error: ClaudeCodeError<C>; message: string; details: ErrorDetailsByCode[C] } } = {
  CLI_NOT_FOUND: {
    error: cliNotFoundError("cannot start /opt/claude: ENOENT (no such file)", {
      path: "/opt/claude",
      cwd: undefined,
      osCode: "ENOENT",
      reason: "no such file",
    }),
    message: "cannot start /opt/claude: ENOENT (no such file)",
    details: { path: "/opt/claude", cwd: undefined, osCode: "ENOENT", reason: "no such file" },
  },
  UNSUPPORTED_CLI_VERSION: {
    error: unsupportedCliVersionError({
      path: "claude",
      version: "1.0.128",
      minVersion: "2.0.0",
      newestTested: "2.1.332",
    }, "npm install -g @anthropic-ai/claude-code"),
    message:
      "claude is Claude Code 1.0.128; claude-stream needs 2.0.0 or newer, and is tested up to 2.1.332 (npm install -g @anthropic-ai/claude-code)",
    details: { path: "claude", version: "1.0.128", minVersion: "2.0.0", newestTested: "2.1.332" },
  },
  PROCESS_EXIT: {
    error: processExitError("the CLI ended during the turn", { ...EXIT, sessionId: "s1" }),
    message: "the CLI ended during the turn: exit code 1 (stderr: line one | line two)",
    details: { ...EXIT, sessionId: "s1" },
  },
  NO_RESULT: {
    error: noResultError("the stream ended before the turn's result", { sessionId: undefined }),
    message: "the stream ended before the turn's result",
    details: { sessionId: undefined },
  },
  TIMEOUT: { error: timeoutError(5), message: "the turn took longer than 5 ms", details: { timeoutMs: 5 } },
  ABORTED: {
    error: abortedError(new Error("user left")),
    message: "the turn was aborted",
    details: { reason: "user left" },
  },
  SESSION_NOT_FOUND: {
    error: sessionNotFoundError("session s1 has no subagent a1", { sessionId: "s1", agentId: "a1" }),
    message: "session s1 has no subagent a1",
    details: { sessionId: "s1", agentId: "a1" },
  },
  UNKNOWN_SESSION_NAME: {
    error: unknownSessionNameError("assistant"),
    message: "no session is named assistant",
    details: { name: "assistant" },
  },
  SESSION_STOPPED: { error: sessionStoppedError(), message: "the session was stopped", details: {} },
  NAME_TAKEN: {
    error: nameTakenError("assistant"),
    message: "a session named assistant is already running",
    details: { option: "name", name: "assistant" },
  },
  INVALID_OPTION: {
    error: invalidOptionError("model", "model must be a string"),
    message: "model must be a string",
    details: { option: "model" },
  },
  INVALID_JSON: {
    error: invalidJsonError(2, "oops"),
    message: "line 2 is not JSON: oops",
    details: { line: 2, text: "oops" },
  },
  INVALID_MESSAGE: {
    error: invalidMessageError({ subject: "result message", issues: ["is_error: Invalid type"], type: "result" }),
    message: "result message does not have the expected shape: is_error: Invalid type",
    details: { type: "result", issues: ["is_error: Invalid type"] },
  },
  INVALID_UTF8: {
    error: invalidUtf8Error(3, 17),
    message: "line 3 is not valid UTF-8; decoded with U+FFFD",
    details: { line: 3, bytes: 17 },
  },
  LINE_TOO_LONG: {
    error: lineTooLongError(4, 119, 100),
    message: "line 4 is longer than 100 bytes; dropped",
    details: { line: 4, bytes: 119 },
  },
  CONTROL_ERROR: {
    error: controlError("req_1", "no such model"),
    message: "no such model",
    details: { requestId: "req_1" },
  },
  CALLBACK_ERROR: {
    error: callbackError("stderr", crash),
    message: "the stderr callback failed: crash",
    details: { callback: "stderr" },
  },
  CORRUPT_HISTORY: {
    error: corruptHistoryError({ path: "/s.jsonl", reason: "parent-loop", uuid: "u1" }),
    message: "parentUuid loop at u1",
    details: { path: "/s.jsonl", reason: "parent-loop", uuid: "u1" },
  },
  UNREADABLE_HISTORY: {
    error: unreadableHistoryError("/x.jsonl", "EACCES", crash),
    message: "cannot read /x.jsonl (EACCES)",
    details: { path: "/x.jsonl", osCode: "EACCES" },
  },
  UNWRITABLE_HISTORY: {
    error: unwritableHistoryError("/x.jsonl", "ENOSPC", crash),
    message: "cannot write /x.jsonl (ENOSPC)",
    details: { path: "/x.jsonl", osCode: "ENOSPC" },
  },
  RESTART_LIMIT: {
    error: restartLimitError({ name: "assistant", maxRestarts: 3, withinMs: 5000 }, crash),
    message: "session assistant crashed more than 3 times within 5000 ms",
    details: { name: "assistant", maxRestarts: 3, withinMs: 5000 },
  },
  STRUCTURED_OUTPUT_FAILED: {
    error: structuredOutputFailedError({ subtype: "success", errors: ["answer: Invalid type"], sessionId: "s" }),
    message: "the turn gave no structured output that fits: answer: Invalid type",
    details: { subtype: "success", errors: ["answer: Invalid type"], sessionId: "s" },
  },
  STORE_ERROR: {
    error: storeError("the store did not take 3 mirrored entries: down", {
      operation: "append",
      key: { projectKey: "p", sessionId: "s1" },
      entries: 3,
    }, crash),
    message: "the store did not take 3 mirrored entries: down",
    details: { operation: "append", key: { projectKey: "p", sessionId: "s1" }, entries: 3 },
  },
  LEASE_TIMEOUT: {
    error: leaseTimeoutError("s1", 500),
    message: "the lease of session s1 stayed held by another holder for 500 ms",
    details: { sessionId: "s1", waitMs: 500 },
  },
  LEASE_LOST: {
    error: leaseLostError({ sessionId: "s1", fence: 3, reason: "unreachable" }, crash),
    message: "the lease of session s1 (fence 3) could not be renewed in time: the database was unreachable",
    details: { sessionId: "s1", fence: 3, reason: "unreachable" },
  },
};

test("errors: each code's constructor gives that code, its message and its details", () => {
  for (const [code, { error, message, details }] of Object.entries(CASES)) {
    assert.ok(error instanceof ClaudeCodeError && error instanceof Error, code);
    assert.equal(error.name, "ClaudeCodeError", code);
    assert.equal(error.code, code);
    assert.equal(error.message, message, code);
    assert.deepEqual(error.details, details, code);
  }
});

test("errors: the constructors that take a cause keep it, the others set none", () => {
  assert.equal(CASES.UNREADABLE_HISTORY.error.cause, crash);
  assert.equal(CASES.RESTART_LIMIT.error.cause, crash);
  assert.equal(invalidJsonError(1, "{", crash).cause, crash);
  assert.equal(invalidOptionError("prompt", "prompt cannot be encoded as JSON", crash).cause, crash);
  const reason = new Error("user left");
  assert.equal(abortedError(reason).cause, reason);
  assert.equal(abortedError("gone").details.reason, "gone");
  assert.equal(abortedError("gone", "the wait for the lease").message, "the wait for the lease was aborted");
  assert.equal(CASES.LEASE_LOST.error.cause, crash);
  assert.equal(CASES.STORE_ERROR.error.cause, crash);
  assert.equal("cause" in leaseLostError({ sessionId: "s1", fence: 1, reason: "released" }), false);
  assert.equal("cause" in CASES.TIMEOUT.error, false);
  assert.equal("cause" in cliNotFoundError("not found", { path: "claude", cwd: "/" }), false);
});

test("errors: the situations of one code, each worded in one place", () => {
  assert.equal(
    unknownSessionNameError("assistant", "the supervisor").message,
    "the supervisor has no session named assistant",
  );
  assert.equal(
    processExitError("the CLI exited", { exitCode: null, signal: "SIGKILL", stderrTail: "" }).message,
    "the CLI exited: signal SIGKILL",
  );
  assert.equal(
    restartLimitError({ name: undefined, maxRestarts: 1, withinMs: 10 }, crash).message,
    "a supervised session crashed more than 1 times within 10 ms",
  );
  assert.equal(controlError("req_2", undefined).message, "control request failed");
  assert.equal(unreadableHistoryError("/d", undefined, crash).message, "cannot read /d");
  assert.deepEqual(
    (["released", "expired", "taken-over"] as const).map((reason) =>
      leaseLostError({ sessionId: "s", fence: 2, reason }).message
    ),
    [
      "the lease of session s (fence 2) was released",
      "the lease of session s (fence 2) expired before it was renewed",
      "the lease of session s (fence 2) was taken over by another holder",
    ],
  );

  const long = "x".repeat(1500);
  const notJson = invalidJsonError(7, long);
  assert.equal(notJson.message, `line 7 is not JSON: ${"x".repeat(200)}`);
  assert.equal(notJson.details.text.length, 1000);
  const notAMessage = invalidMessageError({ line: 8, text: long });
  assert.equal(notAMessage.message, `line 8 is not a message object: ${"x".repeat(200)}`);
  assert.deepEqual(notAMessage.details, { line: 8, text: "x".repeat(1000) });
  assert.deepEqual(invalidMessageError({ subject: "the turn's result", issues: ["usage: Invalid type"] }).details, {
    issues: ["usage: Invalid type"],
  });
  const cycle = new TypeError("Converting circular structure to JSON");
  const unencodable = invalidMessageError({ value: {}, cause: cycle });
  assert.equal(
    unencodable.message,
    "value cannot be encoded as JSON: TypeError: Converting circular structure to JSON",
  );
  assert.equal(unencodable.cause, cycle);
  assert.equal(invalidMessageError({ value: undefined }).message, "a value of type undefined has no JSON form");

  const corrupt = (details: ErrorDetailsByCode["CORRUPT_HISTORY"]) => corruptHistoryError(details).message;
  assert.deepEqual(
    [
      corrupt({ path: "/s", line: 2, reason: "invalid-json" }),
      corrupt({ path: "/s", line: 3, reason: "not-an-entry" }),
      corrupt({ path: "/s", line: 4, reason: "nul-bytes" }),
      corrupt({ path: "/s", line: 5, reason: "truncated-line" }),
      corrupt({ path: "/s", reason: "dangling-parent", uuid: "p9" }),
      corrupt({ path: "/s", reason: "empty-file" }),
      corrupt({ path: "/s", reason: "no-entries" }),
    ],
    [
      "line 2 is not valid JSON",
      'line 3 is not an entry (a JSON object with a string "type")',
      "line 4 is padded with NUL bytes",
      "the last line (5) is incomplete",
      "parentUuid p9 points nowhere",
      "/s holds no readable entry",
      "/s holds no readable entry",
    ],
  );
});

test("errors: isClaudeCodeError and instanceof tell the code, and narrow details to it", () => {
  const unknown: unknown = CASES.PROCESS_EXIT.error;
  assert.equal(isClaudeCodeError(unknown), true);
  assert.equal(isClaudeCodeError(unknown, "PROCESS_EXIT"), true);
  assert.equal(isClaudeCodeError(unknown, "TIMEOUT"), false);
  assert.equal(isClaudeCodeError(new Error("plain")), false);
  assert.equal(new Error("plain") instanceof ClaudeCodeError, false);
  assert.equal(Object.create(ClaudeCodeError.prototype) instanceof ClaudeCodeError, true);

  if (isClaudeCodeError(unknown, "PROCESS_EXIT")) {
    const exitCode: number | null = unknown.details.exitCode;
    const stderrTail: string = unknown.details.stderrTail;
    assert.equal(exitCode, 1);
    assert.equal(stderrTail, EXIT.stderrTail);
    // @ts-expect-error a key no code declares
    assert.equal(unknown.details.nonsense, undefined);
    // @ts-expect-error a key of another code (TIMEOUT)
    assert.equal(unknown.details.timeoutMs, undefined);
  }
  if (unknown instanceof ClaudeCodeError) {
    // @ts-expect-error before its code is checked, an error has only the keys every code has (none)
    assert.equal(unknown.details.exitCode, 1);
    if (unknown.code === "PROCESS_EXIT") assert.equal(unknown.details.exitCode, 1);
    // @ts-expect-error the code is an ErrorCode, not any
    const notACode: number = unknown.code;
    assert.equal(notACode, "PROCESS_EXIT");
  }
});

test("errors: what the types refuse (the @ts-expect-error lines are the test)", () => {
  // @ts-expect-error a details key the code does not declare
  assert.equal(new ClaudeCodeError("TIMEOUT", "slow", { timeoutMs: 5, nonsense: true }).code, "TIMEOUT");
  // @ts-expect-error a code's details must be given, with their required keys
  assert.equal(new ClaudeCodeError("PROCESS_EXIT", "ended", {}).code, "PROCESS_EXIT");
  // @ts-expect-error details of the wrong type
  assert.equal(new ClaudeCodeError("INVALID_OPTION", "bad", { option: 42 }).code, "INVALID_OPTION");
  // @ts-expect-error not a code
  assert.equal(isClaudeCodeError(CASES.TIMEOUT.error, "NOT_A_CODE"), false);
  // @ts-expect-error a CORRUPT_HISTORY reason that does not exist (not called: it has no message)
  assert.equal(typeof (() => corruptHistoryError({ path: undefined, reason: "bad-luck" })), "function");
  // @ts-expect-error a constructor's error has its own code's details only
  assert.equal(timeoutError(5).details.exitCode, undefined);
  // @ts-expect-error the codes are the keys of ErrorDetailsByCode, and no other string
  const codes: ErrorCode[] = ["TIMEOUT", "UNKNOWN_SESSION_NAME", "SOMETHING_ELSE"];
  assert.equal(codes.length, 3);

  // A union of codes, as callbacks are told: checking `code` narrows `details`.
  const describe = (error: ClaudeCodeErrorOf<"TIMEOUT" | "PROCESS_EXIT">): string => {
    // @ts-expect-error only PROCESS_EXIT has an exit code
    assert.notEqual(error.details.exitCode, "x");
    return error.code === "TIMEOUT" ? `after ${error.details.timeoutMs} ms` : `exit code ${error.details.exitCode}`;
  };
  assert.equal(describe(CASES.TIMEOUT.error), "after 5 ms");
  assert.equal(describe(CASES.PROCESS_EXIT.error), "exit code 1");
  // A specific error is an error of any code; not the other way round.
  const any: ClaudeCodeError = CASES.TIMEOUT.error;
  // @ts-expect-error an error of any code is not one of code TIMEOUT
  const timeout: ClaudeCodeError<"TIMEOUT"> = any as ClaudeCodeError;
  assert.equal(timeout, any);
});
