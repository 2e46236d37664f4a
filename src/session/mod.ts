/** The session layer: `Session`, named sessions and the supervisor. @module */
export * from "./session.ts";
export type { CanUseTool, CanUseToolContext, SessionOptions } from "./session_options.ts";
export { DEFAULT_TIMEOUT_MS, parseSessionOptions } from "./session_options.ts";
export { CLI_PATH_ENV } from "./cli_command.ts";
export * from "./registry.ts";
export * from "./supervisor.ts";
export { DEBUG_ENV } from "./debug_log.ts";
export { MIN_CLI_VERSION } from "./cli_version.ts";
