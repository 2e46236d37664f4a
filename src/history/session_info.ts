/**
 * What a listing shows of a session, read from the first and last bytes of its file only.
 * @module
 */
import type { FileAdapter, FileEnds } from "../runtime/types.ts";
import { messageText } from "./message_text.ts";
import type { ContentBlock, SessionEntry } from "./session_entry.ts";

/**
 * Bytes first read at each end of a session file for a listing: the prompt and metadata are near the ends.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * console.log(history.ENDS_LENGTH, history.WIDE_ENDS_LENGTH); // 16384 262144
 * ```
 */
export const ENDS_LENGTH = 16 * 1024;
/**
 * Bytes read at each end when the first read found no prompt or title (a huge first line, say).
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * history.WIDE_ENDS_LENGTH / history.ENDS_LENGTH; // 16
 * ```
 */
export const WIDE_ENDS_LENGTH = 256 * 1024;

/** A session as listings show it. */
export interface SessionInfo {
  /** The session's id: its file name without `.jsonl`. */
  sessionId: string;
  /** The session file. */
  path: string;
  /** The project folder holding it. */
  projectDir: string;
  /** Custom title, else summary or AI title, else the first prompt; null when the file shows none. */
  title: string | null;
  /** The title the user gave (`-n/--name`, `/rename`), if any. */
  customTitle: string | null;
  /** The first prompt the user typed (commands, meta entries and tool results skipped). */
  firstPrompt: string | null;
  /** The working directory the session ran in, from its entries. */
  cwd: string | null;
  /** The git branch last recorded. */
  gitBranch: string | null;
  /** The first entry's timestamp, else the file's birth or modification time. */
  createdAt: Date;
  /** The file's last modification. */
  modifiedAt: Date;
  /** File size in bytes. */
  size: number;
}

/**
 * A session's listing facts, reading 16 KiB at each end of its file, and 256 KiB only when those held no prompt
 * or title. Host errors (`ENOENT`, `EACCES`...) are passed on.
 *
 * @example
 * ```ts
 * import { history, defaultFileAdapter } from "@claude-stream/sdk";
 * const files = await defaultFileAdapter();
 * const { info } = await history.readSessionInfo(files, { sessionId: "s", path: "/tmp/p/s.jsonl", projectDir: "/tmp/p" });
 * console.log(info?.title);
 * ```
 */
export async function readSessionInfo(
  files: FileAdapter,
  where: { sessionId: string; path: string; projectDir: string },
): Promise<{ info: SessionInfo | null; ends: FileEnds }> {
  const ends = await files.readEnds(where.path, ENDS_LENGTH);
  const info = sessionInfoFromEnds(ends, where);
  const complete = ends.head.length + ends.tail.length >= ends.info.size;
  if (complete || (info !== null && (info.firstPrompt !== null || info.customTitle !== null))) return { info, ends };
  const wide = await files.readEnds(where.path, WIDE_ENDS_LENGTH);
  return { info: sessionInfoFromEnds(wide, where), ends: wide };
}

/** The facts gathered while scanning lines. */
interface Facts {
  customTitle: string | null;
  summaryTitle: string | null;
  firstPrompt: string | null;
  queuedPrompt: string | null;
  lastPrompt: string | null;
  cwd: string | null;
  gitBranch: string | null;
  firstTimestamp: string | null;
  entries: number;
}

/**
 * A session's listing facts from the two ends of its file (see `FileAdapter.readEnds`). Returns null when
 * neither end holds a single entry (an empty or corrupt file).
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const head = new TextEncoder().encode('{"type":"user","uuid":"u","parentUuid":null,"message":{"content":"hi"}}\n');
 * const info = history.sessionInfoFromEnds(
 *   { head, tail: new Uint8Array(), info: { size: head.length, mtimeMs: 0, birthtimeMs: null, isFile: true, isDirectory: false } },
 *   { sessionId: "s", path: "/p/s.jsonl", projectDir: "/p" },
 * );
 * console.log(info?.title); // "hi"
 * ```
 */
export function sessionInfoFromEnds(
  ends: FileEnds,
  where: { sessionId: string; path: string; projectDir: string },
): SessionInfo | null {
  const facts: Facts = {
    customTitle: null, summaryTitle: null, firstPrompt: null, queuedPrompt: null, lastPrompt: null,
    cwd: null, gitBranch: null, firstTimestamp: null, entries: 0,
  };
  const whole = ends.head.length >= ends.info.size;
  for (const entry of entriesOf(ends.head, false, !whole)) note(facts, entry);
  if (ends.tail.length > 0) for (const entry of entriesOf(ends.tail, true, false)) note(facts, entry);
  if (facts.entries === 0) return null;
  const firstPrompt = facts.firstPrompt ?? facts.queuedPrompt ?? facts.lastPrompt;
  const created = facts.firstTimestamp !== null ? Date.parse(facts.firstTimestamp) : NaN;
  return {
    ...where,
    title: facts.customTitle ?? facts.summaryTitle ?? firstPrompt,
    customTitle: facts.customTitle,
    firstPrompt,
    cwd: facts.cwd,
    gitBranch: facts.gitBranch,
    createdAt: new Date(Number.isNaN(created) ? ends.info.birthtimeMs ?? ends.info.mtimeMs : created),
    modifiedAt: new Date(ends.info.mtimeMs),
    size: ends.info.size,
  };
}

/** Parses the complete lines of a window; a cut first (tail) or last (head) line is dropped, bad lines ignored. */
function entriesOf(bytes: Uint8Array, cutStart: boolean, cutEnd: boolean): SessionEntry[] {
  const lines = new TextDecoder().decode(bytes).split("\n");
  if (cutStart) lines.shift();
  if (cutEnd) lines.pop();
  const entries: SessionEntry[] = [];
  for (const line of lines) {
    const trimmed = line.replace(/^\0+|[\0\r]+$/g, "");
    if (trimmed === "") continue;
    try {
      const value = JSON.parse(trimmed);
      if (value !== null && typeof value === "object" && typeof value.type === "string") entries.push(value);
    } catch { /* a listing skips what it cannot read; readSession reports it */ }
  }
  return entries;
}

function note(facts: Facts, entry: SessionEntry): void {
  facts.entries++;
  const e = entry as Record<string, unknown>;
  if (typeof e.cwd === "string") facts.cwd ??= e.cwd;
  if (typeof e.gitBranch === "string") facts.gitBranch = e.gitBranch;
  if (typeof e.timestamp === "string") facts.firstTimestamp ??= e.timestamp;
  if (entry.type === "custom-title" && typeof e.customTitle === "string") facts.customTitle = e.customTitle;
  if (entry.type === "summary" && typeof e.summary === "string") facts.summaryTitle = e.summary;
  if (entry.type === "ai-title") {
    const title = typeof e.aiTitle === "string" ? e.aiTitle : typeof e.title === "string" ? e.title : null;
    if (title !== null) facts.summaryTitle = title;
  }
  if (entry.type === "last-prompt" && typeof e.lastPrompt === "string") facts.lastPrompt = e.lastPrompt;
  if (entry.type === "queue-operation" && e.operation === "enqueue" && typeof e.content === "string") {
    facts.queuedPrompt ??= e.content;
  }
  if (entry.type === "user" && facts.firstPrompt === null) facts.firstPrompt = promptOf(e);
}

/** The text of a user entry a person typed, or null for meta, sidechain, summaries, commands and tool results. */
function promptOf(entry: Record<string, unknown>): string | null {
  if (entry.isMeta === true || entry.isSidechain === true || entry.isCompactSummary === true) return null;
  const content = (entry.message as { content?: unknown } | undefined)?.content;
  if (Array.isArray(content) && content.some((block) => block?.type === "tool_result")) return null;
  const text = messageText(content as string | ContentBlock[]).trim();
  if (text === "" || /^<(?:command-|local-command-|bash-|user-prompt-submit-hook)/.test(text)) return null;
  if (text.startsWith("[Request interrupted")) return null;
  return text;
}
