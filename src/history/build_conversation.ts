/**
 * The visible conversation of a session file: the chain of entries from the latest leaf back to the root through
 * `parentUuid`, keeping user and assistant entries that are neither sidechain nor meta.
 *
 * Compaction: `/compact` writes a `system` `compact_boundary` entry (no parent, `logicalParentUuid` = the leaf
 * before compaction) followed by the summary (`isCompactSummary`). When the active chain runs through a boundary
 * or through the leaf it compacted, everything on the chain written before that boundary is replaced by the
 * boundary's summary: what is left is the summary and the turns after it, which is what the model sees. A boundary
 * with no summary after it (the CLI was killed mid-compaction, or the file is read while the CLI writes it) compacted
 * nothing: the chain goes on through it to the leaf it names, and the turns before it stay.
 * @module
 */
import { corruptHistoryError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import { forEachEntry } from "./read_entries.ts";
import type { EntrySource } from "./read_entries.ts";
import type { HistoryContentBlock, SessionEntry } from "./session_entry.ts";
import { CHAIN_KINDS } from "./session_entry.ts";
import { messageText } from "./message_text.ts";

/** One user or assistant entry of the visible conversation. */
export interface ConversationMessage {
  /** Whether the entry is a user or an assistant entry. */
  type: "user" | "assistant";
  /** The entry's uuid. */
  uuid: string;
  /** The uuid of the entry before it in the chain; null at the root. */
  parentUuid: string | null;
  /** When the entry was written (ISO 8601); null when the entry has none. */
  timestamp: string | null;
  /** `message.content` as written: a string or content blocks (assistant entries hold one block each). */
  content: string | HistoryContentBlock[];
  /** The plain text: the string content, or the `text` blocks joined by newlines. */
  text: string;
  /** The summary `/compact` wrote in place of the earlier turns. */
  isCompactSummary?: boolean;
  /** An API error the CLI recorded as an assistant entry. */
  isApiErrorMessage?: boolean;
}

/** Options of {@link buildConversation}. */
export interface BuildConversationOptions {
  /** Told of corrupt lines and of broken chains (`CORRUPT_HISTORY`, `details.reason` `"dangling-parent"` or `"parent-loop"`). */
  onError?: (error: ClaudeCodeError<"CORRUPT_HISTORY">) => void;
  /** Named in reported errors. */
  path?: string;
  /** Keep sidechain entries: for subagent transcripts, whose entries all are. Default false. */
  sidechain?: boolean;
}

/** What is kept per chain entry: links, order, and the message only for entries that may be shown. */
interface ChainNode {
  uuid: string;
  parent: string | null;
  seq: number;
  message?: ConversationMessage;
  isCompactSummary: boolean;
}

interface Boundary {
  uuid: string;
  seq: number;
  logicalParent: string | null;
}

/** Lines of kinds that never join the chain: skipped unparsed (the CLI writes `type` first on these). */
const NOT_CHAIN =
  /^\s*\{"type":"(?:file-history-snapshot|queue-operation|last-prompt|custom-title|agent-name|mode|summary|ai-title|tag)"/;

/**
 * Rebuilds the visible conversation from a session file's bytes, its text, or its entries. Memory holds one line
 * at a time plus the user and assistant messages; snapshots, attachments, progress and other entries are dropped
 * as soon as their links are noted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history } from "@claude-stream/sdk";
 * const text = [
 *   '{"type":"user","uuid":"u1","parentUuid":null,"message":{"role":"user","content":"hi"}}',
 *   '{"type":"assistant","uuid":"a1","parentUuid":"u1","message":{"content":[{"type":"text","text":"hello"}]}}',
 * ].join("\n");
 * const messages = await history.buildConversation(text);
 * assert.deepEqual(messages.map((m) => `${m.type}: ${m.text}`), ["user: hi", "assistant: hello"]);
 * ```
 */
export async function buildConversation(
  source: EntrySource | Iterable<SessionEntry> | AsyncIterable<SessionEntry>,
  options: BuildConversationOptions = {},
): Promise<ConversationMessage[]> {
  const index = new ChainIndex(options.sidechain === true);
  if (typeof source === "string" || source instanceof ReadableStream) {
    await forEachEntry(source, (entry) => index.add(entry), { ...options, skipLine: (line) => NOT_CHAIN.test(line) });
  } else {
    for await (const entry of source as AsyncIterable<SessionEntry>) index.add(entry);
  }
  return index.conversation(options);
}

class ChainIndex {
  readonly nodes = new Map<string, ChainNode>();
  readonly order: string[] = [];
  readonly parents = new Set<string>();
  readonly boundaries: Boundary[] = [];
  readonly boundaryOf = new Map<string, Boundary>();
  readonly summaries: ChainNode[] = [];
  /** The parents of the compact summaries: the boundaries whose compaction happened. */
  readonly summarised = new Set<string>();

  constructor(readonly sidechain: boolean) {}

  add(entry: SessionEntry): void {
    // Any entry with a uuid and a parentUuid field is a link: chains may run through kinds this version does not know.
    if (!("parentUuid" in entry) && !CHAIN_KINDS.has(entry.type)) return;
    const uuid = entry.uuid;
    if (typeof uuid !== "string" || this.nodes.has(uuid)) return;
    if ((entry.isSidechain === true) !== this.sidechain) return;
    const parent = typeof entry.parentUuid === "string" ? entry.parentUuid : null;
    const node: ChainNode = { uuid, parent, seq: this.order.length, isCompactSummary: entry.isCompactSummary === true };
    node.message = toMessage(entry, uuid, parent);
    this.nodes.set(uuid, node);
    this.order.push(uuid);
    if (parent !== null) this.parents.add(parent);
    if (node.isCompactSummary) {
      this.summaries.push(node);
      if (parent !== null) this.summarised.add(parent);
    }
    if (entry.type === "system" && entry.subtype === "compact_boundary") {
      const logical = typeof entry.logicalParentUuid === "string" ? entry.logicalParentUuid : null;
      const boundary = { uuid, seq: node.seq, logicalParent: logical };
      this.boundaries.push(boundary);
      this.boundaryOf.set(uuid, boundary);
    }
  }

  conversation(options: BuildConversationOptions): ConversationMessage[] {
    const leaf = this.latestLeaf();
    if (leaf === undefined) return [];
    const chain = this.walk(leaf, options);
    return this.compacted(chain).flatMap((node) => node.message === undefined ? [] : [node.message]);
  }

  /** The last entry written that no other entry continues. */
  latestLeaf(): ChainNode | undefined {
    for (let i = this.order.length - 1; i >= 0; i--) {
      if (!this.parents.has(this.order[i])) return this.nodes.get(this.order[i]);
    }
    return this.order.length > 0 ? this.nodes.get(this.order[this.order.length - 1]) : undefined;
  }

  /** The entry before a node: its parent, or for a boundary whose summary was never written, the leaf it names. */
  parentOf(node: ChainNode): string | null {
    if (node.parent !== null) return node.parent;
    const boundary = this.boundaryOf.get(node.uuid);
    if (boundary === undefined || this.summarised.has(node.uuid) || boundary.logicalParent === null) return null;
    // Followed only when that leaf was read: a boundary of a compaction in another file stays a root, as before.
    return this.nodes.has(boundary.logicalParent) ? boundary.logicalParent : null;
  }

  /** Root-to-leaf chain; stops at a parent that is missing or already seen, and reports it. */
  walk(leaf: ChainNode, options: BuildConversationOptions): ChainNode[] {
    const report = options.onError ?? (() => {});
    const chain: ChainNode[] = [];
    const seen = new Set<string>();
    let node: ChainNode | undefined = leaf;
    while (node !== undefined) {
      seen.add(node.uuid);
      chain.push(node);
      const parent = this.parentOf(node);
      if (parent === null) break;
      if (seen.has(parent)) {
        report(corruptHistoryError({ path: options.path, reason: "parent-loop", uuid: node.uuid }));
        break;
      }
      node = this.nodes.get(parent);
      if (node === undefined) {
        report(corruptHistoryError({ path: options.path, reason: "dangling-parent", uuid: parent }));
      }
    }
    return chain.reverse();
  }

  /** Cuts the chain at the latest summarised compact boundary it runs through, putting that boundary's summary first. */
  compacted(chain: ChainNode[]): ChainNode[] {
    const onChain = new Set(chain.map((node) => node.uuid));
    for (let i = this.boundaries.length - 1; i >= 0; i--) {
      const boundary = this.boundaries[i];
      if (!this.summarised.has(boundary.uuid)) continue;
      const crosses = onChain.has(boundary.uuid) ||
        (boundary.logicalParent !== null && onChain.has(boundary.logicalParent));
      if (!crosses) continue;
      const after = chain.filter((node) => node.seq > boundary.seq);
      const summaries = this.summaries.filter((node) => node.parent === boundary.uuid && !onChain.has(node.uuid));
      return [...summaries, ...after];
    }
    return chain;
  }
}

function toMessage(entry: SessionEntry, uuid: string, parent: string | null): ConversationMessage | undefined {
  if (entry.type !== "user" && entry.type !== "assistant") return undefined;
  if (entry.isMeta === true) return undefined;
  const message = entry.message as { content?: unknown } | undefined;
  const content = message?.content;
  if (typeof content !== "string" && !Array.isArray(content)) return undefined;
  const result: ConversationMessage = {
    type: entry.type,
    uuid,
    parentUuid: parent,
    timestamp: typeof entry.timestamp === "string" ? entry.timestamp : null,
    content: content as string | HistoryContentBlock[],
    text: messageText(content as string | HistoryContentBlock[]),
  };
  if (entry.isCompactSummary === true) result.isCompactSummary = true;
  if (entry.isApiErrorMessage === true) result.isApiErrorMessage = true;
  return result;
}
