/**
 * The history layer: the CLI's saved transcripts under `<config>/projects/` (or in a `SessionStore`), listed from the
 * ends of each file, read entry by entry, rebuilt into the visible conversation, and changed without a CLI (rename,
 * tag, archive, delete, fork). Reached as `history` from the main entry; the
 * functions here are the whole public face of the layer (the rest of the folder is how they work).
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const [latest] = await history.listSessions();
 * if (latest) for (const message of await history.conversation(latest.sessionId)) console.log(message.type, message.text);
 * ```
 * @module
 */
export { archiveSession, unarchiveSession } from "./archive_session.ts";
export { buildConversation } from "./build_conversation.ts";
export type { BuildConversationOptions, ConversationMessage } from "./build_conversation.ts";
export { conversation } from "./conversation.ts";
export { deleteSession } from "./delete_session.ts";
export { encodeProjectPath } from "./encode_project_path.ts";
export { findSession } from "./find_session.ts";
export type { SessionLocation } from "./find_session.ts";
export { forkSession } from "./fork_session.ts";
export type { HistoryOptions } from "./history_options.ts";
export { listProjects } from "./list_projects.ts";
export type { ProjectInfo } from "./list_projects.ts";
export { listSessions } from "./list_sessions.ts";
export { messageText } from "./message_text.ts";
export type { ForkSessionOptions, ForkSessionResult, SessionMutationOptions } from "./mutation_options.ts";
export { readEntries } from "./read_entries.ts";
export type { EntrySource, ReadEntriesOptions } from "./read_entries.ts";
export { readSession } from "./read_session.ts";
export type { SessionLookupOptions } from "./read_session.ts";
export { renameSession } from "./rename_session.ts";
export type {
  AiTitleEntry,
  AssistantEntry,
  AttachmentEntry,
  ChainFields,
  CustomTitleEntry,
  EntryMessage,
  HistoryContentBlock,
  LastPromptEntry,
  QueueOperationEntry,
  SessionEntry,
  SummaryEntry,
  SystemEntry,
  UnknownEntry,
  UserEntry,
} from "./session_entry.ts";
export type { SessionInfo } from "./session_info.ts";
export { listSubagents, readSubagent, subagentConversation } from "./subagents.ts";
export type { SubagentInfo } from "./subagents.ts";
export { sessionInfo, summary } from "./summary.ts";
export { tagSession } from "./tag_session.ts";
