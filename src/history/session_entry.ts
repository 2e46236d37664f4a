/**
 * The entries of a session file (`<config>/projects/<encoded cwd>/<id>.jsonl`), one JSON object per line,
 * typed by their `type` field. Only the fields the history layer reads are named; every entry keeps all of
 * its fields, and kinds this version does not know are kept whole as {@link UnknownEntry}.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const entry: history.SessionEntry = JSON.parse('{"type":"mode","mode":"normal","sessionId":"s"}');
 * if (entry.type === "mode") console.log(entry.mode);
 * ```
 * @module
 */

/** Fields every conversation entry (`user`, `assistant`, `attachment`, `system`) carries. */
export interface ChainFields {
  uuid: string;
  /** The previous entry of the conversation chain; null at a root (and at a compact boundary). */
  parentUuid: string | null;
  /** True for subagent entries: not part of the visible conversation. */
  isSidechain?: boolean;
  /** True for entries the CLI adds for the model only (caveats, reminders): not shown. */
  isMeta?: boolean;
  timestamp?: string;
  sessionId?: string;
  cwd?: string;
  gitBranch?: string;
  version?: string;
  userType?: string;
  entrypoint?: string;
  [field: string]: unknown;
}

/** A content block of a user or assistant message (`text`, `thinking`, `tool_use`, `tool_result`, `image`...). */
export interface ContentBlock {
  type: string;
  text?: string;
  [field: string]: unknown;
}

/** A message as the Messages API shapes it. */
export interface EntryMessage {
  role?: string;
  content?: string | ContentBlock[];
  [field: string]: unknown;
}

/** A user turn, a tool result, an interrupt marker, a compact summary or a meta entry. */
export interface UserEntry extends ChainFields {
  type: "user";
  message: EntryMessage;
  /** The summary `/compact` wrote, right after a compact boundary. */
  isCompactSummary?: boolean;
}

/** One content block of an assistant reply (the CLI writes one line per block). */
export interface AssistantEntry extends ChainFields {
  type: "assistant";
  message: EntryMessage;
  isApiErrorMessage?: boolean;
}

/** Context the CLI attached to a turn (agent and skill listings, max turns reached...). */
export interface AttachmentEntry extends ChainFields {
  type: "attachment";
  attachment: { type: string; [field: string]: unknown };
}

/** A system entry; `compact_boundary` starts the conversation over after `/compact`. */
export interface SystemEntry extends ChainFields {
  type: "system";
  subtype?: string;
  /** On a compact boundary: the leaf of the conversation before compaction. */
  logicalParentUuid?: string | null;
}

/** The session's last prompt and the leaf of its chain at that time. */
export interface LastPromptEntry {
  type: "last-prompt";
  lastPrompt?: string;
  leafUuid?: string;
  sessionId?: string;
  [field: string]: unknown;
}

/** A title the user gave (`-n/--name`, `/rename`). */
export interface CustomTitleEntry {
  type: "custom-title";
  customTitle: string;
  sessionId?: string;
  [field: string]: unknown;
}

/** A summary of a conversation, as older CLIs wrote them. */
export interface SummaryEntry {
  type: "summary";
  summary: string;
  leafUuid?: string;
  [field: string]: unknown;
}

/** A title the CLI generated. */
export interface AiTitleEntry {
  type: "ai-title";
  aiTitle?: string;
  title?: string;
  sessionId?: string;
  [field: string]: unknown;
}

/** Prompts queued and dequeued by the CLI. */
export interface QueueOperationEntry {
  type: "queue-operation";
  operation: string;
  content?: string;
  timestamp?: string;
  sessionId?: string;
  [field: string]: unknown;
}

/** Any kind not named above (`mode`, `agent-name`, `file-history-snapshot`, `tag`, `progress`, newer kinds...). */
export interface UnknownEntry {
  type: string;
  [field: string]: unknown;
}

/** One line of a session file. */
export type SessionEntry =
  | UserEntry
  | AssistantEntry
  | AttachmentEntry
  | SystemEntry
  | LastPromptEntry
  | CustomTitleEntry
  | SummaryEntry
  | AiTitleEntry
  | QueueOperationEntry
  | UnknownEntry;

/**
 * The entry kinds that form the conversation chain.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * history.CHAIN_KINDS.has("attachment"); // true
 * ```
 */
export const CHAIN_KINDS: ReadonlySet<string> = new Set(["user", "assistant", "attachment", "system"]);

/**
 * Whether an entry is part of a conversation chain (has a `uuid` and is a user, assistant, attachment or
 * system entry).
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * history.isChainEntry({ type: "user", uuid: "u1", parentUuid: null, message: { content: "hi" } }); // true
 * history.isChainEntry({ type: "mode", mode: "normal" }); // false
 * ```
 */
export function isChainEntry(entry: SessionEntry): entry is UserEntry | AssistantEntry | AttachmentEntry | SystemEntry {
  return CHAIN_KINDS.has(entry.type) && typeof (entry as { uuid?: unknown }).uuid === "string";
}
