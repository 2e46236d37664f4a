/**
 * The history layer: the CLI's saved transcripts under `<config>/projects/`, listed from the ends of each file,
 * read entry by entry, and rebuilt into the visible conversation.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const [latest] = await history.listSessions();
 * if (latest) for (const message of await history.conversation(latest.sessionId)) console.log(message.type, message.text);
 * ```
 * @module
 */
export * from "./session_entry.ts";
export * from "./encode_project_path.ts";
export * from "./history_options.ts";
export * from "./read_entries.ts";
export * from "./message_text.ts";
export * from "./build_conversation.ts";
export * from "./listing_bounds.ts";
export * from "./session_info.ts";
export { findSession } from "./find_session.ts";
export type { SessionLocation } from "./find_session.ts";
export { listSessions } from "./list_sessions.ts";
export * from "./list_projects.ts";
export { readSession } from "./read_session.ts";
export type { SessionOptions } from "./read_session.ts";
export * from "./conversation.ts";
export * from "./summary.ts";
export * from "./subagents.ts";
