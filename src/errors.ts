/**
 * The one error type of claude-stream. Every failure the library raises is a
 * `ClaudeCodeError` whose `code` is a stable string, plus the facts needed to act, typed per code
 * ({@link ErrorDetailsByCode}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ClaudeCodeError, isClaudeCodeError } from "@claude-stream/sdk";
 * try {
 *   throw new ClaudeCodeError("TIMEOUT", "turn took longer than 1000 ms", { timeoutMs: 1000 });
 * } catch (error) {
 *   if (isClaudeCodeError(error, "TIMEOUT")) assert.equal(error.details.timeoutMs, 1000);
 *   if (error instanceof ClaudeCodeError && error.code === "TIMEOUT") assert.equal(error.details.timeoutMs, 1000);
 * }
 * ```
 * @module
 */

/**
 * The facts each error code carries in `details`: one entry per code, saying when the code is raised. Keys marked
 * optional are set in some of the situations of their code only.
 *
 * @example
 * ```ts
 * import type { ErrorDetailsByCode } from "@claude-stream/sdk";
 * const exit: ErrorDetailsByCode["PROCESS_EXIT"] = { exitCode: 1, signal: null, stderrTail: "boom" };
 * ```
 */
export interface ErrorDetailsByCode {
  /** The CLI could not be found (`cliPath`, `$CLAUDE_STREAM_CLI_PATH`, the npm package, `PATH`) or not started. */
  CLI_NOT_FOUND: {
    /** The command that could not be started; `"claude"` when none was found. */
    path: string;
    /** The child's working directory (a start), or where the search began. */
    cwd: string | undefined;
    /** The errno code of a start that failed (`ENOENT`, `EACCES`, `EISDIR`...), undefined when nothing told. */
    osCode?: string | undefined;
    /** Why the start failed, in words. */
    reason?: string;
    /** Every place the search looked at, in order. */
    tried?: string[];
    /** The commands that install the CLI: globally, then in the project. */
    install?: string[];
    /** The `@anthropic-ai/claude-code` package that was found without a usable binary. */
    packageDir?: string;
    /** What is wrong with that package. */
    problem?: string;
    /** The platform package that binary was looked for in (`linux-x64`...). */
    platform?: string;
  };
  /** The CLI's `--version` is older than the oldest version supported. */
  UNSUPPORTED_CLI_VERSION: {
    /** The executable that was asked. */
    path: string;
    /** The version it reported. */
    version: string;
    /** The oldest version supported. */
    minVersion: string;
    /** The newest version claude-stream is tested with. */
    newestTested: string;
  };
  /** The CLI exited (or was killed) during a turn or a control request. */
  PROCESS_EXIT: {
    /** Exit code of the CLI process; null when a signal ended it. */
    exitCode: number | null;
    /** Signal that ended the CLI process, or null. */
    signal: string | null;
    /** The last lines the CLI wrote to stderr. */
    stderrTail: string;
    /** The conversation's id, when the CLI had named it. */
    sessionId?: string;
  };
  /**
   * A turn ended without its `result`: the stream given to `collectTurn()` ended, or the CLI ended normally or
   * closed stdout (then the same facts as `PROCESS_EXIT`).
   */
  NO_RESULT: Partial<ErrorDetailsByCode["PROCESS_EXIT"]>;
  /** The turn took longer than its timeout. */
  TIMEOUT: {
    /** The timeout that elapsed, in ms. */
    timeoutMs: number;
  };
  /** The turn's `signal` was aborted. */
  ABORTED: {
    /** The abort reason: its message when it is an `Error`, else the reason itself. */
    reason: unknown;
  };
  /**
   * The conversation does not exist: the CLI could not resume it (then with the facts of its exit when it said so on
   * stderr), or history has no file for it or for the subagent asked for.
   */
  SESSION_NOT_FOUND: Partial<ErrorDetailsByCode["PROCESS_EXIT"]> & {
    /** The session id asked for, or the `resume` value the CLI resolved to nothing (a title, say). */
    sessionId: string;
    /** The subagent asked for (`history.readSubagent()`...). */
    agentId?: string;
  };
  /** No running session is registered under the name asked for (`namedSession()`, `supervisor.get()`). */
  UNKNOWN_SESSION_NAME: {
    /** The name asked for. */
    name: string;
  };
  /** The session was stopped: its pending and later turns fail. */
  SESSION_STOPPED: Record<never, never>;
  /** Another running session already has the `name` option's value. */
  NAME_TAKEN: {
    /** Always `"name"`: the option at fault. */
    option: "name";
    /** The name that is taken. */
    name: string;
  };
  /** An option or argument has a wrong value or type. */
  INVALID_OPTION: {
    /** The option or argument at fault (`timeout`, `prompt`, `projectPath`, `options`...). */
    option: string;
  };
  /** A stdout line is not JSON (reported and skipped). */
  INVALID_JSON: {
    /** 1-based line number in the stream. */
    line: number;
    /** The line, cut to its first 1000 characters. */
    text: string;
  };
  /**
   * A value is not the message expected: a stdout line that is not an object with a string `type`, a message or a
   * turn's `result` of the wrong shape, or a value with no JSON form given to a stdin encoder.
   */
  INVALID_MESSAGE: {
    /** 1-based line number in the stream (a stdout line). */
    line?: number;
    /** The line, cut to its first 1000 characters (a stdout line). */
    text?: string;
    /** The message's `type` (`validateMessage()`). */
    type?: string;
    /** Each wrong field, as `path: what is wrong` (a message or result of the wrong shape). */
    issues?: string[];
  };
  /** A stdout line is not valid UTF-8: reported, and decoded with U+FFFD. */
  INVALID_UTF8: {
    /** 1-based line number in the stream. */
    line: number;
    /** Byte length of the line. */
    bytes: number;
  };
  /** A stdout line is longer than `maxLineBytes` (reported and dropped). */
  LINE_TOO_LONG: {
    /** 1-based line number in the stream. */
    line: number;
    /** Byte length of the line. */
    bytes: number;
  };
  /** The CLI answered a control request (`interrupt`, `set_model`...) with an error. */
  CONTROL_ERROR: {
    /** The id of the request that failed. */
    requestId: string;
  };
  /**
   * A callback given to the session (`onCrash`, `stderr`, `onProtocolError`, `canUseTool`, a hook, a tool handler)
   * threw or rejected: reported to `onError` (else `console.error`); the session and its turn go on.
   */
  CALLBACK_ERROR: {
    /** The option the callback was given as (`stderr`, `canUseTool`, `hooks.PreToolUse`...). */
    callback: string;
  };
  /** A part of a history file is damaged (reported and skipped). */
  CORRUPT_HISTORY: {
    /** The file, when the reader was told it. */
    path: string | undefined;
    /** What is wrong. */
    reason:
      | "invalid-json"
      | "not-an-entry"
      | "nul-bytes"
      | "truncated-line"
      | "dangling-parent"
      | "parent-loop"
      | "empty-file"
      | "no-entries";
    /** 1-based line number in the file (the reasons about one line). */
    line?: number;
    /** The entry's `uuid` where a chain loops, or the missing parent's (`parent-loop`, `dangling-parent`). */
    uuid?: string;
  };
  /** A history file or folder cannot be read. */
  UNREADABLE_HISTORY: {
    /** The file or folder. */
    path: string;
    /** The host's error code (`EACCES`, `EISDIR`...), if any. */
    osCode: string | undefined;
  };
  /** A change to a saved session (rename, tag, archive, delete, fork) could not be written to its file or folder. */
  UNWRITABLE_HISTORY: {
    /** The file or folder. */
    path: string;
    /** The host's error code (`EACCES`, `ENOSPC`, `EROFS`...), if any. */
    osCode: string | undefined;
  };
  /** A supervised session crashed more than `maxRestarts` times within `withinMs`; the supervisor gave up. */
  RESTART_LIMIT: {
    /** The session's name, if it has one. */
    name: string | undefined;
    /** The restarts allowed. */
    maxRestarts: number;
    /** The window they are counted in, in ms. */
    withinMs: number;
  };
  /**
   * A turn with structured output (`outputFormat`) gave none that fits: the CLI ran out of attempts
   * (`error_max_structured_output_retries`), or `collectTurn`'s `schema` refused the output or found none.
   */
  STRUCTURED_OUTPUT_FAILED: {
    /** The result's subtype (`error_max_structured_output_retries`, `success`...). */
    subtype: string;
    /** The CLI's reasons (its result's `errors`), or the schema's issues as `path: message`. */
    errors: string[];
    /** The turn's session id. */
    sessionId: string;
  };
  /**
   * A `SessionStore` call failed or took too long: a batch of mirrored entries given up on after its attempts (they
   * stay in the CLI's local file), or the `load` of a transcript to resume. `cause` is the store's error.
   */
  STORE_ERROR: {
    /** The store method: `append`, `load` or `listSubkeys`. */
    operation: "append" | "load" | "listSubkeys";
    /** The transcript it was about. */
    key: { projectKey: string; sessionId: string; subpath?: string };
    /** With `append`: how many entries the batch had. */
    entries?: number;
  };
  /** `acquire(sessionId, { waitMs })` found the conversation's lease held by another holder for all of `waitMs`. */
  LEASE_TIMEOUT: {
    /** The conversation whose lease was asked for. */
    sessionId: string;
    /** How long the wait was allowed to be, in ms. */
    waitMs: number;
  };
  /**
   * A lease is no longer held (the reason of its `lost` signal), or a fenced append was refused because the lease it
   * was fenced with is no longer the conversation's current one.
   */
  LEASE_LOST: {
    /** The conversation of the lease. */
    sessionId: string;
    /** The lease's fencing token. */
    fence: number;
    /**
     * `released` (by its holder, or `close()`), `expired` (its time ran out un-renewed), `taken-over` (another
     * holder has it now, with a higher fence) or `unreachable` (the database could not be reached to renew it in
     * time: the holder must stop before the lease can run out).
     */
    reason: "released" | "expired" | "taken-over" | "unreachable";
  };
}

/**
 * Stable error codes: the keys of {@link ErrorDetailsByCode}. New codes may be added; existing ones keep their meaning.
 *
 * @example
 * ```ts
 * import type { ErrorCode } from "@claude-stream/sdk";
 * const retryable: ErrorCode[] = ["PROCESS_EXIT", "TIMEOUT"];
 * ```
 */
export type ErrorCode = keyof ErrorDetailsByCode;

/**
 * The details of an error with code `C` (of any code: the union of them all).
 *
 * @example
 * ```ts
 * import type { ErrorDetails } from "@claude-stream/sdk";
 * const details: ErrorDetails<"INVALID_OPTION"> = { option: "timeout" };
 * ```
 */
export type ErrorDetails<C extends ErrorCode = ErrorCode> = ErrorDetailsByCode[C];

/**
 * The base of every error claude-stream raises. `ClaudeCodeError<"TIMEOUT">` is one of code `TIMEOUT`, whose
 * `details` are `ErrorDetailsByCode["TIMEOUT"]`; narrow an unknown error with {@link isClaudeCodeError}, or with
 * `instanceof` and a check of `code`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ClaudeCodeError } from "@claude-stream/sdk";
 * const error = new ClaudeCodeError("INVALID_OPTION", "timeout must be a number", { option: "timeout" });
 * assert.equal(error.code, "INVALID_OPTION");
 * assert.equal(error.details.option, "timeout");
 * ```
 */
export class ClaudeCodeError<C extends ErrorCode = ErrorCode> extends Error {
  /** Stable machine-readable code. */
  readonly code: C;
  /** Facts about the failure: which ones depends on the code. */
  readonly details: ErrorDetailsByCode[C];

  /** An error with its code, message and details; `options.cause` is the underlying error, if any. */
  constructor(code: C, message: string, details: ErrorDetailsByCode[C], options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ClaudeCodeError";
    this.code = code;
    this.details = details;
  }

  /**
   * What `instanceof` does by default. Declared so that `error instanceof ClaudeCodeError` narrows to
   * {@link ClaudeCodeErrorOf} (a union that a check of `code` narrows on), not to `ClaudeCodeError<any>`.
   */
  static override [Symbol.hasInstance](value: unknown): value is ClaudeCodeErrorOf {
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/**
 * A `ClaudeCodeError` of one of the codes `C` (by default any code), as a union of one type per code: checking
 * `error.code` narrows `error.details`. The type of the errors handed to callbacks such as `onError`.
 *
 * @example
 * ```ts
 * import type { ClaudeCodeErrorOf } from "@claude-stream/sdk";
 * function describe(error: ClaudeCodeErrorOf<"TIMEOUT" | "PROCESS_EXIT">): string {
 *   return error.code === "TIMEOUT" ? `after ${error.details.timeoutMs} ms` : `exit code ${error.details.exitCode}`;
 * }
 * ```
 */
export type ClaudeCodeErrorOf<C extends ErrorCode = ErrorCode> = C extends ErrorCode ? ClaudeCodeError<C> : never;

/**
 * Whether a value is a `ClaudeCodeError`, optionally with the given code; narrows its `details` to that code's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ClaudeCodeError, isClaudeCodeError } from "@claude-stream/sdk";
 * const error: unknown = new ClaudeCodeError("TIMEOUT", "slow", { timeoutMs: 5 });
 * assert.ok(isClaudeCodeError(error, "TIMEOUT"));
 * assert.equal(error.details.timeoutMs, 5);
 * ```
 */
export function isClaudeCodeError<C extends ErrorCode = ErrorCode>(
  value: unknown,
  code?: C,
): value is ClaudeCodeErrorOf<C> {
  return value instanceof ClaudeCodeError && (code === undefined || value.code === code);
}
