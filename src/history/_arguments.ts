/**
 * The argument checks of the history functions: an id or a path where one is expected, and an options object where
 * the options go, so that `history.listSessions({ configDir })` fails with `INVALID_OPTION` naming `projectPath`
 * instead of a `TypeError` deep inside (`cwd.replace is not a function`).
 * @module
 */
import { invalidOptionError } from "../error_constructors.ts";

/**
 * Throws `INVALID_OPTION` with `details.option` = `name` unless `value` is a string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireString } from "./_arguments.ts";
 * requireString("8ec596a5-375c-46da-9f57-4c8b183c77bc", "sessionId"); // ok
 * assert.throws(() => requireString({ configDir: "/tmp/claude" }, "projectPath"), {
 *   code: "INVALID_OPTION",
 *   details: { option: "projectPath" },
 * });
 * ```
 */
export function requireString(value: unknown, name: string): asserts value is string {
  if (typeof value === "string") return;
  const hint = typeof value === "object" && value !== null ? ": options go in the last argument" : "";
  throw invalidOptionError(name, `${name} must be a string, got ${describe(value)}${hint}`);
}

/**
 * Throws `INVALID_OPTION` unless `options` is an options object (or undefined) whose `configDir` is a string,
 * `onError` a function, `files` an adapter object, `sessionStore` a store (with `append` and `load`) and
 * `projectKey` a non-empty string given with a store, when given. `details.option` names the culprit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkHistoryOptions } from "./_arguments.ts";
 * checkHistoryOptions({ configDir: "/tmp/claude" }); // ok
 * assert.throws(() => checkHistoryOptions("/tmp/claude"), { code: "INVALID_OPTION", details: { option: "options" } });
 * ```
 */
export function checkHistoryOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw invalidOptionError("options", `options must be an object, got ${describe(options)}`);
  }
  const { configDir, onError, files, sessionStore, projectKey } = options as Record<string, unknown>;
  if (configDir !== undefined) requireString(configDir, "configDir");
  if (onError !== undefined && typeof onError !== "function") {
    throw invalidOptionError("onError", `onError must be a function, got ${describe(onError)}`);
  }
  if (files !== undefined && (typeof files !== "object" || files === null)) {
    throw invalidOptionError("files", `files must be a FileAdapter, got ${describe(files)}`);
  }
  if (sessionStore !== undefined && !isStore(sessionStore)) {
    throw invalidOptionError(
      "sessionStore",
      `sessionStore must be a SessionStore (an object with append() and load()), got ${describe(sessionStore)}`,
    );
  }
  if (projectKey !== undefined) {
    requireString(projectKey, "projectKey");
    if (projectKey === "") throw invalidOptionError("projectKey", "projectKey must not be empty");
    if (sessionStore === undefined) {
      throw invalidOptionError("projectKey", "projectKey names a project of a sessionStore: pass the store too");
    }
  }
}

function isStore(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { append, load } = value as Record<string, unknown>;
  return typeof append === "function" && typeof load === "function";
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string" || typeof value === "function") return `a ${typeof value}`;
  return `${typeof value} ${String(value)}`;
}
