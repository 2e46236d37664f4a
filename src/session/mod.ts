/** The session layer: `Session`, named sessions and the supervisor. @module */
export { Session } from "./session.ts";
export type { StreamOptions } from "./session.ts";
export type { CanUseTool, CanUseToolContext, PermissionMode, SessionOptions } from "./session_options.ts";
// What `session.conversation()` returns, by name at the top level too (the same types as `history.ConversationMessage`
// and `history.HistoryContentBlock`).
export type { ConversationMessage } from "../history/build_conversation.ts";
export type { HistoryContentBlock } from "../history/session_entry.ts";
// Registering a name is the Session's own business (`new Session({ name })`): only the lookups are public.
export { namedSession, sessionNames } from "./registry.ts";
export { startSupervisor } from "./supervisor.ts";
export type { Supervisor, SupervisorOptions } from "./supervisor.ts";
