/** The session layer: `Session`, named sessions and the supervisor. @module */
export * from "./session.ts";
export type { CanUseTool, CanUseToolContext, PermissionMode, SessionOptions } from "./session_options.ts";
export { DEFAULT_TIMEOUT_MS, parseSessionOptions } from "./session_options.ts";
// What `session.conversation()` returns, by name at the top level too (the same types as `history.ConversationMessage`
// and `history.ContentBlock`; the latter renamed, as the protocol has its own `ContentBlock`).
export type { ConversationMessage } from "../history/build_conversation.ts";
export type { ContentBlock as HistoryContentBlock } from "../history/session_entry.ts";
export { CLI_PATH_ENV } from "./cli_command.ts";
// Registering a name is the Session's own business (`new Session({ name })`): only the lookups are public.
export { namedSession, sessionNames } from "./registry.ts";
export * from "./supervisor.ts";
export { DEBUG_ENV } from "./debug_log.ts";
export { MIN_CLI_VERSION } from "./cli_version.ts";
