/**
 * The one error type of claude-stream. Every failure the library raises is a
 * `ClaudeCodeError` whose `code` is a stable string, plus the facts needed to act.
 *
 * @example
 * ```ts
 * import { ClaudeCodeError } from "@claude-stream/sdk";
 * try {
 *   throw new ClaudeCodeError("TIMEOUT", "turn took longer than 1000 ms", { timeoutMs: 1000 });
 * } catch (error) {
 *   if (error instanceof ClaudeCodeError && error.code === "TIMEOUT") console.log(error.details.timeoutMs);
 * }
 * ```
 * @module
 */

/** Stable error codes. New codes may be added; existing ones keep their meaning. */
export type ErrorCode =
  | "CLI_NOT_FOUND"
  | "PROCESS_EXIT"
  | "TIMEOUT"
  | "ABORTED"
  | "SESSION_NOT_FOUND"
  | "SESSION_STOPPED"
  | "NAME_TAKEN"
  | "INVALID_OPTION"
  | "INVALID_JSON"
  | "INVALID_MESSAGE"
  | "INVALID_UTF8"
  | "LINE_TOO_LONG"
  | "NO_RESULT"
  | "CONTROL_ERROR"
  | "CORRUPT_HISTORY"
  | "UNREADABLE_HISTORY"
  | "UNSUPPORTED_CLI_VERSION"
  | "RESTART_LIMIT";

/** Facts attached to an error; which ones are set depends on the code. */
export interface ErrorDetails {
  /** Exit code of the CLI process (`PROCESS_EXIT`). */
  exitCode?: number | null;
  /** Signal that ended the CLI process (`PROCESS_EXIT`). */
  signal?: string | null;
  /** The last lines the CLI wrote to stderr. */
  stderrTail?: string;
  /** The option at fault (`INVALID_OPTION`). */
  option?: string;
  /** The session id concerned (`SESSION_NOT_FOUND`, `PROCESS_EXIT`). */
  sessionId?: string;
  /** The path concerned (`CLI_NOT_FOUND`, `CORRUPT_HISTORY`). */
  path?: string;
  /** 1-based line number in a stream or file. */
  line?: number;
  /** Byte length of the offending line (`LINE_TOO_LONG`). */
  bytes?: number;
  /** Timeout that elapsed, in ms (`TIMEOUT`). */
  timeoutMs?: number;
  /** Anything else worth knowing. */
  [key: string]: unknown;
}

/**
 * The base of every error claude-stream raises.
 *
 * @example
 * ```ts
 * import { ClaudeCodeError } from "@claude-stream/sdk";
 * const error = new ClaudeCodeError("INVALID_OPTION", "timeout must be a number", { option: "timeout" });
 * console.log(error.code, error.details.option); // INVALID_OPTION timeout
 * ```
 */
export class ClaudeCodeError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** Facts about the failure. */
  readonly details: ErrorDetails;

  /** An error with its code, message and details; `options.cause` is the underlying error, if any. */
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ClaudeCodeError";
    this.code = code;
    this.details = details;
  }
}

/**
 * Whether a value is a `ClaudeCodeError`, optionally with the given code.
 *
 * @example
 * ```ts
 * import { ClaudeCodeError, isClaudeCodeError } from "@claude-stream/sdk";
 * isClaudeCodeError(new ClaudeCodeError("TIMEOUT", "slow"), "TIMEOUT"); // true
 * ```
 */
export function isClaudeCodeError(value: unknown, code?: ErrorCode): value is ClaudeCodeError {
  return value instanceof ClaudeCodeError && (code === undefined || value.code === code);
}
