/**
 * The entries of a session file (`<config>/projects/<encoded cwd>/<id>.jsonl`), one JSON object per line,
 * typed by their `type` field. Only the fields the history layer reads are named; every entry keeps all of
 * its fields, and kinds this version does not know are kept whole as {@link UnknownEntry}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history } from "@claude-stream/sdk";
 * const entry: history.SessionEntry = JSON.parse('{"type":"mode","mode":"normal","sessionId":"s"}');
 * assert.equal(entry.type, "mode");
 * assert.equal(entry.mode, "normal");
 * ```
 * @module
 */

/** Fields every conversation entry (`user`, `assistant`, `attachment`, `system`) carries. */
export interface ChainFields {
  /** Id of this entry; the next entry of the chain names it as its `parentUuid`. */
  uuid: string;
  /** The previous entry of the conversation chain; null at a root (and at a compact boundary). */
  parentUuid: string | null;
  /** True for subagent entries: not part of the visible conversation. */
  isSidechain?: boolean;
  /** True for entries the CLI adds for the model only (caveats, reminders): not shown. */
  isMeta?: boolean;
  /** When the entry was written, as an ISO 8601 string. */
  timestamp?: string;
  /** Id of the session this entry belongs to (a fork's copies carry the new id). */
  sessionId?: string;
  /** Working directory of the CLI: the true path, which the project folder name encodes lossily. */
  cwd?: string;
  /** Git branch of the working directory when the entry was written. */
  gitBranch?: string;
  /** Version of the CLI that wrote the entry. */
  version?: string;
  /** Kind of user, e.g. `external`. */
  userType?: string;
  /** How the CLI was started, e.g. `sdk-cli`. */
  entrypoint?: string;
  /** Any other field of the entry, kept as written. */
  [field: string]: unknown;
}

/** A content block of a user or assistant message (`text`, `thinking`, `tool_use`, `tool_result`, `image`...). */
export interface HistoryContentBlock {
  /** Kind of block: `text`, `thinking`, `tool_use`, `tool_result`, `image`... */
  type: string;
  /** The text, on a `text` block. */
  text?: string;
  /** Any other field of the block, kept as written. */
  [field: string]: unknown;
}

/** A message as the Messages API shapes it. */
export interface EntryMessage {
  /** `user` or `assistant`. */
  role?: string;
  /** A prompt string, or content blocks. */
  content?: string | HistoryContentBlock[];
  /** Any other field of the message (`model`, `usage`...), kept as written. */
  [field: string]: unknown;
}

/** A user turn, a tool result, an interrupt marker, a compact summary or a meta entry. */
export interface UserEntry extends ChainFields {
  /** Always `"user"`. */
  type: "user";
  /** The user message: a prompt string, or content blocks (tool results, text). */
  message: EntryMessage;
  /** The summary `/compact` wrote, right after a compact boundary. */
  isCompactSummary?: boolean;
}

/** One content block of an assistant reply (the CLI writes one line per block). */
export interface AssistantEntry extends ChainFields {
  /** Always `"assistant"`. */
  type: "assistant";
  /** The API message with one content block, its final `stop_reason` and `usage`. */
  message: EntryMessage;
  /** True for the message the CLI wrote in place of a reply after an API error. */
  isApiErrorMessage?: boolean;
}

/** Context the CLI attached to a turn (agent and skill listings, max turns reached...). */
export interface AttachmentEntry extends ChainFields {
  /** Always `"attachment"`. */
  type: "attachment";
  /** What was attached; its `type` names it (`agent_listing_delta`, `skill_listing`, `max_turns_reached`...). */
  attachment: { type: string; [field: string]: unknown };
}

/** A system entry; `compact_boundary` starts the conversation over after `/compact`. */
export interface SystemEntry extends ChainFields {
  /** Always `"system"`. */
  type: "system";
  /** Kind of system entry, e.g. `compact_boundary`. */
  subtype?: string;
  /** On a compact boundary: the leaf of the conversation before compaction. */
  logicalParentUuid?: string | null;
}

/** The session's last prompt and the leaf of its chain at that time. */
export interface LastPromptEntry {
  /** Always `"last-prompt"`. */
  type: "last-prompt";
  /** Text of the last prompt. */
  lastPrompt?: string;
  /** Uuid of the chain's leaf when the prompt was recorded. */
  leafUuid?: string;
  /** Id of the session this line belongs to. */
  sessionId?: string;
  /** Any other field of the entry, kept as written. */
  [field: string]: unknown;
}

/** A title the user gave (`-n/--name`, `/rename`). */
export interface CustomTitleEntry {
  /** Always `"custom-title"`. */
  type: "custom-title";
  /** The title the user gave. */
  customTitle: string;
  /** Id of the session this line belongs to. */
  sessionId?: string;
  /** Any other field of the entry, kept as written. */
  [field: string]: unknown;
}

/** A summary of a conversation, as older CLIs wrote them. */
export interface SummaryEntry {
  /** Always `"summary"`. */
  type: "summary";
  /** The summary text. */
  summary: string;
  /** Uuid of the leaf of the conversation it summarises. */
  leafUuid?: string;
  /** Any other field of the entry, kept as written. */
  [field: string]: unknown;
}

/** A title the CLI generated. */
export interface AiTitleEntry {
  /** Always `"ai-title"`. */
  type: "ai-title";
  /** The generated title. */
  aiTitle?: string;
  /** The generated title, under the name some versions use (read when `aiTitle` is absent). */
  title?: string;
  /** Id of the session this line belongs to. */
  sessionId?: string;
  /** Any other field of the entry, kept as written. */
  [field: string]: unknown;
}

/** Prompts queued and dequeued by the CLI. */
export interface QueueOperationEntry {
  /** Always `"queue-operation"`. */
  type: "queue-operation";
  /** `enqueue` or `dequeue`. */
  operation: string;
  /** The queued prompt text (on `enqueue`). */
  content?: string;
  /** When it happened, as an ISO 8601 string. */
  timestamp?: string;
  /** Id of the session this line belongs to. */
  sessionId?: string;
  /** Any other field of the entry, kept as written. */
  [field: string]: unknown;
}

/** Any kind not named above (`mode`, `agent-name`, `file-history-snapshot`, `tag`, `progress`, newer kinds...). */
export interface UnknownEntry {
  /** The entry's kind, one this version does not name. */
  type: string;
  /** Any other field of the entry, kept as written. */
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
 * import assert from "node:assert/strict";
 * import { CHAIN_KINDS } from "./session_entry.ts";
 * assert.ok(CHAIN_KINDS.has("attachment"));
 * ```
 */
export const CHAIN_KINDS: ReadonlySet<string> = new Set(["user", "assistant", "attachment", "system"]);

/**
 * Whether an entry is part of a conversation chain (has a `uuid` and is a user, assistant, attachment or
 * system entry).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isChainEntry } from "./session_entry.ts";
 * assert.ok(isChainEntry({ type: "user", uuid: "u1", parentUuid: null, message: { content: "hi" } }));
 * assert.ok(!isChainEntry({ type: "mode", mode: "normal" }));
 * ```
 */
export function isChainEntry(entry: SessionEntry): entry is UserEntry | AssistantEntry | AttachmentEntry | SystemEntry {
  return CHAIN_KINDS.has(entry.type) && typeof (entry as { uuid?: unknown }).uuid === "string";
}
