/**
 * The debug log: with `CLAUDE_STREAM_DEBUG` set (to anything but `0` or `false`), every CLI a session starts is
 * logged to stderr with its argv, then every line sent to it and received from it, its stderr lines and the
 * stdout lines that were skipped. Each line is prefixed with `[claude-stream <n>]`, `<n>` counting the CLIs.
 * @module
 */
import type { Runtime } from "../runtime/types.ts";

/** The environment variable that turns the debug log on. */
export const DEBUG_ENV = "CLAUDE_STREAM_DEBUG";

let spawned = 0;

/**
 * A trace function for one CLI when the debug log is on, else undefined (and nothing is formatted).
 *
 * @example
 * ```ts
 * import { debugTrace } from "./debug_log.ts";
 * import { currentRuntime } from "../runtime/current.ts";
 * const trace = debugTrace(await currentRuntime());
 * trace?.("> {\"type\":\"user\"}");
 * ```
 */
export function debugTrace(
  runtime: Runtime,
  write: (line: string) => void = console.error,
): ((line: string) => void) | undefined {
  const value = runtime.env(DEBUG_ENV);
  if (value === undefined || value === "" || value === "0" || value.toLowerCase() === "false") return undefined;
  const prefix = `[claude-stream ${++spawned}]`;
  return (line) => write(`${prefix} ${line}`);
}
