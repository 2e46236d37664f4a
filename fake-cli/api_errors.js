// @ts-check
/**
 * The recorded API failures the fake model imitates (ERR400, ERR401, ERR429, ERR500, ERR529, a scenario's
 * `apiError`): what the CLI prints for each and whether it retries.
 * @module
 */

/**
 * How the recorded CLI reports a failed request: the `error` of its lines, the text of its synthetic answer, and
 * whether it retries.
 * @typedef {{ error: string, text: string, retry: boolean }} ApiFailure
 */

/** @type {Record<number, ApiFailure>} */
const FAILURES = {
  400: { error: "unknown", text: "API Error: 400 fake error 400", retry: false },
  401: { error: "authentication_failed", text: "Invalid API key · Fix external API key", retry: true },
  429: { error: "rate_limit", text: "API Error: 429 Rate limited (fake). Wait a moment and try again.", retry: true },
  500: {
    error: "server_error",
    text:
      "API Error: 500 Internal server error (fake). This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:41517).",
    retry: true,
  },
  529: {
    error: "server_error",
    text:
      "API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:41517).",
    retry: true,
  },
};

/** The Messages API error types of the recorded failures (2.1.332's `api_error_type`). @type {Record<number, string>} */
const ERROR_TYPES = {
  400: "invalid_request_error",
  401: "authentication_error",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/**
 * The recorded failure of an HTTP status (a status not recorded fails like a 400).
 *
 * @example
 * ```js
 * import { apiFailure } from "./api_errors.js";
 * apiFailure(529).retry; // true
 * apiFailure(418).text; // "API Error: 418 fake error 418"
 * ```
 * @param {number} status
 * @returns {ApiFailure}
 */
export function apiFailure(status) {
  return FAILURES[status] ?? { error: "unknown", text: `API Error: ${status} fake error ${status}`, retry: false };
}

/**
 * The Messages API error type of an HTTP status (`api_error` when not recorded).
 *
 * @example
 * ```js
 * import { apiErrorType } from "./api_errors.js";
 * apiErrorType(429); // "rate_limit_error"
 * ```
 * @param {number} status
 */
export function apiErrorType(status) {
  return ERROR_TYPES[status] ?? "api_error";
}
