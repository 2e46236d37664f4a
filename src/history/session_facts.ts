/**
 * What a listing reads from a session file before it becomes a {@link SessionInfo}: the facts of its head, of more
 * of its head while no typed prompt was found (up to {@link FIRST_PROMPT_SCAN_LENGTH}), and of its tail, noted in
 * file order. Kept apart from `session_info.ts` so that a listing can settle titles across a project's files
 * (`summary_owner.ts`) once it has read them all.
 * @module
 */
import { LineSplitter } from "../protocol/line_splitter.ts";
import { isTypedObject } from "../protocol/typed_object.ts";
import type { FileAdapter, FileEnds, FileInfo } from "../runtime/types.ts";
import { ENDS_LENGTH, FIRST_PROMPT_SCAN_LENGTH, WIDE_ENDS_LENGTH } from "./listing_bounds.ts";
import type { SessionEntry } from "./session_entry.ts";
import type { SessionInfo } from "./session_info.ts";
import type { SummaryEvidence } from "./summary_owner.ts";
import { ownSummary } from "./summary_owner.ts";
import type { ArchiveMark } from "./archive_mark.ts";
import { archivedState } from "./archive_mark.ts";
import { typedPrompt } from "./typed_prompt.ts";
import { trimNul } from "./trim_nul.ts";

/** The facts gathered while reading a file's windows; the summaries and uuids decide which summaries are its own. */
export interface SessionFacts extends SummaryEvidence {
  /** The last `custom-title`. */
  customTitle: string | null;
  /** The last `ai-title`. */
  aiTitle: string | null;
  /** The first typed prompt in file order: taken from the head only, as the tail's are later ones. */
  firstPrompt: string | null;
  /** The first queued prompt of the head, for a session whose user entry was never written. */
  queuedPrompt: string | null;
  /** The latest prompt seen (`last-prompt`, typed prompts): a title of last resort when the head showed none. */
  laterPrompt: string | null;
  /** The first `cwd` recorded. */
  cwd: string | null;
  /** The last `gitBranch` recorded. */
  gitBranch: string | null;
  /** The first entry's timestamp. */
  firstTimestamp: string | null;
  /** The last `tag` entry's tag; null when it cleared the tag (an empty tag) or there is none. */
  tag: string | null;
  /** The latest timestamp (ms) of the typed prompts read: what unarchives a session archived before it. */
  lastPromptAt: number | null;
  /** Entries read (an entry read twice, where the head read on into the tail, counts twice). */
  entries: number;
}

/** A session file as listings name it. */
type Where = { sessionId: string; path: string; projectDir: string };

/**
 * Reads a session file's facts: 16 KiB at each end; when the head holds no typed prompt, 256 KiB at each end; when
 * that head holds none either, on from the head in doubling steps up to {@link FIRST_PROMPT_SCAN_LENGTH}. Host errors
 * are passed on.
 *
 * @example
 * ```ts
 * import { readSessionFacts } from "./session_facts.ts";
 * import { defaultFileAdapter } from "../runtime/current.ts";
 * const { facts } = await readSessionFacts(await defaultFileAdapter(), "/tmp/p/s.jsonl");
 * console.log(facts.firstPrompt);
 * ```
 */
export async function readSessionFacts(
  files: FileAdapter,
  path: string,
): Promise<{ facts: SessionFacts; ends: FileEnds }> {
  let ends = await files.readEnds(path, ENDS_LENGTH);
  let head = readHead(ends);
  if (head.facts.firstPrompt === null && !isWhole(ends)) {
    ends = await files.readEnds(path, WIDE_ENDS_LENGTH);
    head = readHead(ends);
    if (head.facts.firstPrompt === null && !isWhole(ends)) await readOnFromHead(files, path, ends, head);
  }
  head.end();
  noteTail(head.facts, ends);
  return { facts: head.facts, ends };
}

/**
 * The facts of the two ends of a file alone (see `FileAdapter.readEnds`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { factsOfEnds } from "./session_facts.ts";
 * const head = new TextEncoder().encode('{"type":"user","uuid":"u","parentUuid":null,"message":{"content":"hi"}}\n');
 * const info = { size: head.length, mtimeMs: 0, birthtimeMs: null, isFile: true, isDirectory: false };
 * assert.equal(factsOfEnds({ head, tail: new Uint8Array(), info }).firstPrompt, "hi");
 * ```
 */
export function factsOfEnds(ends: FileEnds): SessionFacts {
  const head = readHead(ends);
  head.end();
  noteTail(head.facts, ends);
  return head.facts;
}

/**
 * The listing's view of a session from its facts; null when no entry was read. The title is the custom title, else
 * the AI title, else the summary that is the session's own ({@link ownSummary}, looking in `project` too when given),
 * else the first prompt, else the latest prompt seen. `archived` is set when the session has an archive `mark`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { factsOfEnds, infoFromFacts } from "./session_facts.ts";
 * const head = new TextEncoder().encode('{"type":"user","uuid":"u","parentUuid":null,"message":{"content":"hi"}}\n');
 * const file = { size: head.length, mtimeMs: 0, birthtimeMs: null, isFile: true, isDirectory: false };
 * const facts = factsOfEnds({ head, tail: new Uint8Array(), info: file });
 * const location = { sessionId: "s", path: "/p/s.jsonl", projectDir: "/p" };
 * assert.equal(infoFromFacts(facts, file, location, new Map([["u", "Greeting"]]))?.title, "Greeting");
 * ```
 */
export function infoFromFacts(
  facts: SessionFacts,
  file: FileInfo,
  where: Where,
  project?: ReadonlyMap<string, string>,
  mark?: ArchiveMark,
): SessionInfo | null {
  if (facts.entries === 0) return null;
  const firstPrompt = facts.firstPrompt ?? facts.queuedPrompt;
  const created = facts.firstTimestamp !== null ? Date.parse(facts.firstTimestamp) : NaN;
  const info: SessionInfo = {
    ...where,
    title: facts.customTitle ?? facts.aiTitle ?? ownSummary(facts, project) ?? firstPrompt ?? facts.laterPrompt,
    customTitle: facts.customTitle,
    firstPrompt,
    cwd: facts.cwd,
    gitBranch: facts.gitBranch,
    tag: facts.tag,
    createdAt: new Date(Number.isNaN(created) ? file.birthtimeMs ?? file.mtimeMs : created),
    modifiedAt: new Date(file.mtimeMs),
    size: file.size,
  };
  const archived = archivedState(mark, facts.lastPromptAt);
  if (archived !== undefined) info.archived = archived;
  return info;
}

/** Whether the two ends hold the whole file. */
function isWhole(ends: FileEnds): boolean {
  return ends.head.length + ends.tail.length >= ends.info.size;
}

/** How a window of a session file is split: as `readEntries` splits the file (a BOM at the start tolerated). */
const SPLIT = { dropBom: true };

/**
 * The head of a file as it is read, in file order: the facts of its complete lines so far; the line the last read
 * cut is kept until more of the head completes it, or `end` settles it.
 */
interface Head {
  readonly facts: SessionFacts;
  /** Notes the complete lines of the next bytes of the head. */
  push(bytes: Uint8Array): void;
  /**
   * Settles the line the head was cut in: parsed when the head reached the end of the file, else only its uuids are
   * kept (a long leaf entry is still an entry of this file).
   */
  end(): void;
}

/** Starts reading the head of a file with its first window; the whole file, when the ends meet. */
function readHead(ends: FileEnds): Head {
  const facts: SessionFacts = {
    customTitle: null,
    aiTitle: null,
    firstPrompt: null,
    queuedPrompt: null,
    laterPrompt: null,
    cwd: null,
    gitBranch: null,
    firstTimestamp: null,
    tag: null,
    lastPromptAt: null,
    entries: 0,
    summaries: [],
    uuids: new Map(),
  };
  const lines = new LineSplitter(SPLIT);
  const noteHeadLine = (line: string) => noteLine(facts, line, "head");
  let read = 0;
  const head: Head = {
    facts,
    push(bytes) {
      read += bytes.length;
      lines.push(bytes, noteHeadLine);
    },
    end() {
      lines.end((line) => (read >= ends.info.size ? noteHeadLine(line) : noteUuidsOf(facts, line)));
    },
  };
  head.push(ends.head);
  // Ends that meet are split as one: the line across them is not lost, and every prompt is in file order.
  if (isWhole(ends)) head.push(ends.tail);
  return head;
}

/** Notes the tail's complete lines; its first line is cut, so only the uuids it shows are kept. */
function noteTail(facts: SessionFacts, ends: FileEnds): void {
  if (isWhole(ends)) return;
  const lines = new LineSplitter(SPLIT);
  const noteTailLine = (
    line: string,
    number: number,
  ) => (number === 1 ? noteUuidsOf(facts, line) : noteLine(facts, line, "tail"));
  lines.push(ends.tail, noteTailLine);
  lines.end(noteTailLine);
}

/**
 * Reads on from where the head stopped until a typed prompt is seen, the file ends or the bound is reached. Each step
 * doubles, so a prompt just past the head costs one small read and a deep one a few; the cut line the head ended with
 * is kept and completed, not read again.
 */
async function readOnFromHead(files: FileAdapter, path: string, ends: FileEnds, head: Head): Promise<void> {
  const limit = Math.min(ends.info.size, FIRST_PROMPT_SCAN_LENGTH);
  let next = ends.head.length;
  let step = ends.head.length;
  while (head.facts.firstPrompt === null && next < limit) {
    const bytes = await files.readRange(path, next, Math.min(step, limit - next));
    if (bytes.length === 0) break;
    next += bytes.length;
    step *= 2;
    head.push(bytes);
  }
}

/**
 * A top-level `uuid` key, found without parsing. Inside a JSON string every quote is escaped, so this can only be a
 * key; the CLI writes `uuid` after `message`, so the end of a long line shows it.
 */
const UUID_KEY = /"uuid":"([^"\\]+)"/g;

/** Notes one complete line of a window; a bad line is skipped (readSession reports it). */
function noteLine(facts: SessionFacts, line: string, at: "head" | "tail"): void {
  const trimmed = trimNul(line);
  if (trimmed === "") return;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (isTypedObject(value)) note(facts, value, at);
  } catch { /* a listing skips what it cannot read; readSession reports it */ }
}

function noteUuidsOf(facts: SessionFacts, partial: string): void {
  for (const match of partial.matchAll(UUID_KEY)) facts.uuids.set(match[1], facts.entries);
}

function note(facts: SessionFacts, entry: SessionEntry, at: "head" | "tail"): void {
  facts.entries++;
  const e = entry as Record<string, unknown>;
  if (typeof e.uuid === "string") facts.uuids.set(e.uuid, facts.entries);
  if (typeof e.cwd === "string") facts.cwd ??= e.cwd;
  if (typeof e.gitBranch === "string") facts.gitBranch = e.gitBranch;
  if (typeof e.timestamp === "string") facts.firstTimestamp ??= e.timestamp;
  if (entry.type === "custom-title" && typeof e.customTitle === "string") facts.customTitle = e.customTitle;
  if (entry.type === "summary" && typeof e.summary === "string") {
    facts.summaries.push({ summary: e.summary, leafUuid: typeof e.leafUuid === "string" ? e.leafUuid : null });
  }
  if (entry.type === "ai-title") {
    const title = typeof e.aiTitle === "string" ? e.aiTitle : typeof e.title === "string" ? e.title : null;
    if (title !== null) facts.aiTitle = title;
  }
  if (entry.type === "last-prompt" && typeof e.lastPrompt === "string") facts.laterPrompt = e.lastPrompt;
  if (entry.type === "tag") facts.tag = typeof e.tag === "string" && e.tag !== "" ? e.tag : null;
  if (at === "head" && entry.type === "queue-operation" && e.operation === "enqueue" && typeof e.content === "string") {
    facts.queuedPrompt ??= e.content;
  }
  const prompt = typedPrompt(e);
  if (prompt !== null) {
    if (at === "head") facts.firstPrompt ??= prompt;
    facts.laterPrompt = prompt;
    const sent = typeof e.timestamp === "string" ? Date.parse(e.timestamp) : NaN;
    if (!Number.isNaN(sent) && (facts.lastPromptAt === null || sent > facts.lastPromptAt)) facts.lastPromptAt = sent;
  }
}
