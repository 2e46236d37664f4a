/**
 * The entries of a fork, as the official SDK's `forkSession` builds them: the source's conversation entries (user,
 * assistant, attachment, system; progress entries only as links) up to a cut, each with a fresh `uuid`, its
 * `parentUuid` (and a compact boundary's `logicalParentUuid` and kept-message anchors) remapped so the chain is the
 * same, the new `sessionId`, `forkedFrom` naming the original, and a `custom-title`. Snapshots, queue entries and
 * request logs are not copied (a fork starts without undo history); subagent transcripts stay with the source.
 * @module
 */
import { invalidOptionError } from "../error_constructors.ts";
import { typedPrompt } from "./typed_prompt.ts";

/** One transcript entry, as read from a file or a store. */
export type ForkSourceEntry = { type: string; [field: string]: unknown };

/** What {@link forkEntries} needs besides the entries. */
export interface ForkEntriesOptions {
  /** The entry to cut after (inclusive); the whole transcript without. */
  upToMessageId?: string | undefined;
  /** The fork's title; else the source's + " (fork)". */
  title?: string | undefined;
  /** The fork's id; a fresh UUID by default. */
  sessionId?: string | undefined;
  /** The time written on the fork's last entry and its title; now by default. */
  now?: Date | undefined;
  /** Makes the fresh uuids; `crypto.randomUUID` by default. */
  newUuid?: (() => string) | undefined;
}

/** Entry kinds a fork copies (progress entries are links only: the entries after them are re-parented past them). */
const FORK_KINDS: ReadonlySet<string> = new Set(["user", "assistant", "attachment", "system", "progress"]);

/** Fields that describe the source's own run, not the conversation: the SDK clears them on a fork. */
const RUN_FIELDS = [
  "teamName",
  "agentName",
  "sessionKind",
  "entrypointInherited",
  "slug",
  "sourceToolAssistantUUID",
  "summarizedTurnPromptUuids",
  "droppedPromptUuids",
  "sentAsUuid",
  "turnAttributionKey",
];

/**
 * The fork of a transcript: its new id and its entries, in order. The last copied entry is stamped `now`, so that it
 * is the fork's newest. `INVALID_OPTION` when `upToMessageId` names no conversation entry (`upToMessageId`), or when
 * the fork would hold no user or assistant message (`sessionId` for a transcript without any, `upToMessageId` for a
 * cut before the first one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { forkEntries } from "./fork_entries.ts";
 * const source = [
 *   { type: "user", uuid: "u1", parentUuid: null, sessionId: "s", message: { role: "user", content: "one" } },
 *   { type: "assistant", uuid: "a1", parentUuid: "u1", sessionId: "s", message: { content: [{ type: "text", text: "1" }] } },
 *   { type: "user", uuid: "u2", parentUuid: "a1", sessionId: "s", message: { role: "user", content: "two" } },
 * ];
 * const fork = forkEntries(source, "s", { upToMessageId: "a1" });
 * assert.deepEqual(fork.entries.map((e) => e.type), ["user", "assistant", "custom-title"]);
 * assert.equal(fork.entries[1].parentUuid, fork.entries[0].uuid);
 * assert.deepEqual(fork.entries[1].forkedFrom, { sessionId: "s", messageUuid: "a1" });
 * assert.equal(fork.entries[2].customTitle, "one (fork)");
 * ```
 */
export function forkEntries(
  entries: readonly ForkSourceEntry[],
  sourceId: string,
  options: ForkEntriesOptions = {},
): { sessionId: string; entries: ForkSourceEntry[] } {
  const newUuid = options.newUuid ?? (() => crypto.randomUUID());
  const sessionId = options.sessionId ?? newUuid();
  const now = (options.now ?? new Date()).toISOString();
  const transcript = conversationEntries(entries);
  if (!transcript.some(isMessage)) {
    throw invalidOptionError("sessionId", `session ${sourceId} has no messages to fork`);
  }
  const { slice, target } = cut(transcript, sourceId, options.upToMessageId);

  const ids = new Map(slice.map((entry) => [entry.uuid, newUuid()]));
  const byUuid = new Map(slice.map((entry) => [entry.uuid, entry]));
  const copied = slice.filter((entry) => entry.type !== "progress");
  const forked: ForkSourceEntry[] = copied.map((entry, i) => {
    const copy: ForkSourceEntry = { ...entry };
    for (const field of RUN_FIELDS) delete copy[field];
    copy.uuid = ids.get(entry.uuid);
    copy.parentUuid = parentOf(entry, byUuid, ids);
    if ("logicalParentUuid" in entry) {
      const logical = entry.logicalParentUuid;
      copy.logicalParentUuid = typeof logical === "string" ? ids.get(logical) ?? null : logical;
    }
    copy.sessionId = sessionId;
    copy.isSidechain = false;
    if (i === copied.length - 1) copy.timestamp = now;
    if (isObject(entry.compactMetadata)) {
      copy.compactMetadata = remapCompaction(entry.compactMetadata, ids, target?.uuid);
    }
    if (entry.type === "assistant") {
      const from = isObject(entry.forkedFrom) ? entry.forkedFrom.sessionId : undefined;
      const request = [entry.requestSessionId, from, entry.sessionId].find((id) => typeof id === "string");
      if (request !== undefined) copy.requestSessionId = request;
    }
    copy.forkedFrom = { sessionId: sourceId, messageUuid: entry.uuid };
    return copy;
  });

  const stamp = () => ({ uuid: newUuid(), timestamp: now });
  const carried = carriedState(entries, sourceId, sessionId, stamp);
  const title = options.title?.trim() || `${sourceTitle(entries) ?? "Forked session"} (fork)`;
  const named = { type: "custom-title", sessionId, customTitle: title, ...stamp() };
  return { sessionId, entries: [...forked, ...carried, named] };
}

type ChainEntry = ForkSourceEntry & { uuid: string };

/** The entries of the main conversation (not sidechains), each uuid once, in order. */
function conversationEntries(entries: readonly ForkSourceEntry[]): ChainEntry[] {
  const seen = new Set<string>();
  const chain: ChainEntry[] = [];
  for (const entry of entries) {
    const uuid = entry.uuid;
    if (!FORK_KINDS.has(entry.type) || typeof uuid !== "string" || entry.isSidechain === true || seen.has(uuid)) {
      continue;
    }
    seen.add(uuid);
    chain.push({ ...entry, uuid });
  }
  return chain;
}

/**
 * The entries up to the cut, and the entry cut at. A cut at a compact boundary, or between a boundary and its summary
 * (the compaction was not finished at that point), ends before the boundary.
 */
function cut(
  transcript: ChainEntry[],
  sourceId: string,
  upTo: string | undefined,
): { slice: ChainEntry[]; target: ChainEntry | undefined } {
  if (upTo === undefined) return { slice: transcript, target: undefined };
  const at = transcript.findIndex((entry) => entry.uuid === upTo);
  if (at < 0) {
    throw invalidOptionError("upToMessageId", `session ${sourceId} has no conversation entry ${upTo}`);
  }
  let slice = transcript.slice(0, at + 1);
  const boundary = slice.findLastIndex(isBoundary);
  if (boundary >= 0) {
    const boundaryUuid = slice[boundary].uuid;
    const summary = transcript.findIndex((entry) =>
      entry.isCompactSummary === true && entry.parentUuid === boundaryUuid
    );
    if (boundary === at || summary > at) slice = slice.slice(0, boundary);
  }
  if (!slice.some(isMessage)) {
    throw invalidOptionError(
      "upToMessageId",
      `a fork of session ${sourceId} up to ${upTo} would hold no messages (the cut falls before the first one, or in a compaction that comes first)`,
    );
  }
  return { slice, target: transcript[at] };
}

/** The new uuid of an entry's parent, past progress entries; null at a root or when the parent was not copied. */
function parentOf(entry: ChainEntry, byUuid: Map<string, ChainEntry>, ids: Map<string, string>): string | null {
  let parent = entry.parentUuid;
  const passed = new Set<string>();
  while (typeof parent === "string") {
    const found = byUuid.get(parent);
    if (found === undefined) return null;
    if (found.type !== "progress") return ids.get(parent) ?? null;
    if (passed.has(parent)) return null;
    passed.add(parent);
    parent = found.parentUuid;
  }
  return null;
}

/**
 * A compact boundary's metadata with the uuids of the messages it kept remapped; at a fork cut at the summary those
 * messages were kept after (the anchor), they are left out, so the kept segment goes.
 */
function remapCompaction(
  metadata: Record<string, unknown>,
  ids: Map<string, string>,
  cutAt: string | undefined,
): Record<string, unknown> {
  const { preservedMessages, preservedSegment, ...rest } = metadata;
  const anchor = (isObject(preservedMessages) ? preservedMessages : isObject(preservedSegment) ? preservedSegment : {})
    .anchorUuid;
  if (cutAt !== undefined && anchor === cutAt) {
    const { postTokens: _postTokens, ...kept } = rest;
    return kept;
  }
  const remap = (value: unknown) => typeof value === "string" ? ids.get(value) ?? value : value;
  const remapFields = (value: unknown, fields: string[]) => {
    if (!isObject(value)) return value;
    const copy: Record<string, unknown> = { ...value };
    for (const field of fields) {
      if (!(field in copy)) continue;
      const item = copy[field];
      copy[field] = Array.isArray(item) ? item.map(remap) : remap(item);
    }
    return copy;
  };
  const result: Record<string, unknown> = { ...rest };
  if (preservedMessages !== undefined) {
    result.preservedMessages = remapFields(preservedMessages, ["anchorUuid", "uuids", "allUuids"]);
  }
  if (preservedSegment !== undefined) {
    result.preservedSegment = remapFields(preservedSegment, ["headUuid", "anchorUuid", "tailUuid"]);
  }
  return result;
}

/** The source's session state a resumed fork needs too: content replacements, a relocated cwd, the CLI's latches. */
function carriedState(
  entries: readonly ForkSourceEntry[],
  sourceId: string,
  sessionId: string,
  stamp: () => { uuid: string; timestamp: string },
): ForkSourceEntry[] {
  const replacements: unknown[] = [];
  const last = new Map<string, ForkSourceEntry>();
  for (const entry of entries) {
    const own = entry.sessionId === sourceId || entry.sessionId === undefined;
    if (entry.type === "content-replacement" && own && Array.isArray(entry.replacements)) {
      replacements.push(...entry.replacements);
    }
    if ((entry.type === "atis-latch" || entry.type === "tools-used") && own) last.set(entry.type, entry);
    if (entry.type === "relocated" && typeof entry.relocatedCwd === "string" && entry.relocatedCwd !== "") {
      last.set(entry.type, entry);
    }
  }
  const carried: ForkSourceEntry[] = [];
  if (replacements.length > 0) carried.push({ type: "content-replacement", sessionId, replacements, ...stamp() });
  for (const entry of last.values()) carried.push({ ...entry, sessionId });
  return carried;
}

/** The source's title: its last custom title, else its last AI title, else its first typed prompt. */
function sourceTitle(entries: readonly ForkSourceEntry[]): string | undefined {
  let custom: string | undefined;
  let ai: string | undefined;
  let prompt: string | undefined;
  for (const entry of entries) {
    if (entry.type === "custom-title" && typeof entry.customTitle === "string" && entry.customTitle !== "") {
      custom = entry.customTitle;
    }
    if (entry.type === "ai-title") {
      const title = typeof entry.aiTitle === "string" ? entry.aiTitle : entry.title;
      if (typeof title === "string" && title !== "") ai = title;
    }
    if (prompt === undefined && entry.isSidechain !== true) prompt = typedPrompt(entry) ?? undefined;
  }
  return custom ?? ai ?? prompt;
}

function isMessage(entry: ForkSourceEntry): boolean {
  return entry.type === "user" || entry.type === "assistant";
}

function isBoundary(entry: ForkSourceEntry): boolean {
  return entry.type === "system" && entry.subtype === "compact_boundary";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
