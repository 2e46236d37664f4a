/**
 * What a listing reads from a session file before it becomes a {@link SessionInfo}: the facts of its head, of more
 * of its head while no typed prompt was found (up to {@link FIRST_PROMPT_SCAN_LENGTH}), and of its tail, noted in
 * file order. Kept apart from `session_info.ts` so that a listing can settle titles across a project's files
 * (`summary_owner.ts`) once it has read them all.
 * @module
 */
import type { FileAdapter, FileEnds, FileInfo } from "../runtime/types.ts";
import { ENDS_LENGTH, FIRST_PROMPT_SCAN_LENGTH, WIDE_ENDS_LENGTH } from "./listing_bounds.ts";
import type { SessionEntry } from "./session_entry.ts";
import type { SessionInfo } from "./session_info.ts";
import type { SummaryEvidence } from "./summary_owner.ts";
import { ownSummary } from "./summary_owner.ts";
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
  /** Entries read (an entry read twice, where the head read on into the tail, counts twice). */
  entries: number;
}

/** A session file as listings name it. */
type Where = { sessionId: string; path: string; projectDir: string };

const NEWLINE = 0x0a;

/**
 * Reads a session file's facts: 16 KiB at each end; when the head holds no typed prompt, 256 KiB at each end; when
 * that head holds none either, on from the head in doubling steps up to {@link FIRST_PROMPT_SCAN_LENGTH}. Host errors
 * are passed on.
 *
 * @example
 * ```ts
 * import { readSessionFacts } from "./session_facts.ts";
 * import { defaultFileAdapter } from "@claude-stream/sdk";
 * const { facts } = await readSessionFacts(await defaultFileAdapter(), "/tmp/p/s.jsonl");
 * console.log(facts.firstPrompt);
 * ```
 */
export async function readSessionFacts(files: FileAdapter, path: string): Promise<{ facts: SessionFacts; ends: FileEnds }> {
  let ends = await files.readEnds(path, ENDS_LENGTH);
  let facts = factsOfHead(ends);
  if (facts.firstPrompt === null && !isWhole(ends)) {
    ends = await files.readEnds(path, WIDE_ENDS_LENGTH);
    facts = factsOfHead(ends);
    if (facts.firstPrompt === null && !isWhole(ends)) await readOnFromHead(files, path, ends, facts);
  }
  noteTail(facts, ends);
  return { facts, ends };
}

/**
 * The facts of the two ends of a file alone (see `FileAdapter.readEnds`).
 *
 * @example
 * ```ts
 * import { factsOfEnds } from "./session_facts.ts";
 * const head = new TextEncoder().encode('{"type":"user","uuid":"u","parentUuid":null,"message":{"content":"hi"}}\n');
 * const info = { size: head.length, mtimeMs: 0, birthtimeMs: null, isFile: true, isDirectory: false };
 * factsOfEnds({ head, tail: new Uint8Array(), info }).firstPrompt; // "hi"
 * ```
 */
export function factsOfEnds(ends: FileEnds): SessionFacts {
  const facts = factsOfHead(ends);
  noteTail(facts, ends);
  return facts;
}

/**
 * The listing's view of a session from its facts; null when no entry was read. The title is the custom title, else
 * the AI title, else the summary that is the session's own ({@link ownSummary}, looking in `project` too when given),
 * else the first prompt, else the latest prompt seen.
 *
 * @example
 * ```ts
 * import { factsOfEnds, infoFromFacts } from "./session_facts.ts";
 * const head = new TextEncoder().encode('{"type":"user","uuid":"u","parentUuid":null,"message":{"content":"hi"}}\n');
 * const file = { size: head.length, mtimeMs: 0, birthtimeMs: null, isFile: true, isDirectory: false };
 * const facts = factsOfEnds({ head, tail: new Uint8Array(), info: file });
 * infoFromFacts(facts, file, { sessionId: "s", path: "/p/s.jsonl", projectDir: "/p" }, new Map([["u", "Greeting"]]))?.title; // "Greeting"
 * ```
 */
export function infoFromFacts(
  facts: SessionFacts,
  file: FileInfo,
  where: Where,
  project?: ReadonlyMap<string, string>,
): SessionInfo | null {
  if (facts.entries === 0) return null;
  const firstPrompt = facts.firstPrompt ?? facts.queuedPrompt;
  const created = facts.firstTimestamp !== null ? Date.parse(facts.firstTimestamp) : NaN;
  return {
    ...where,
    title: facts.customTitle ?? facts.aiTitle ?? ownSummary(facts, project) ?? firstPrompt ?? facts.laterPrompt,
    customTitle: facts.customTitle,
    firstPrompt,
    cwd: facts.cwd,
    gitBranch: facts.gitBranch,
    createdAt: new Date(Number.isNaN(created) ? file.birthtimeMs ?? file.mtimeMs : created),
    modifiedAt: new Date(file.mtimeMs),
    size: file.size,
  };
}

/** Whether the two ends hold the whole file. */
function isWhole(ends: FileEnds): boolean {
  return ends.head.length + ends.tail.length >= ends.info.size;
}

/** The facts of the head; of the whole file when the ends meet. */
function factsOfHead(ends: FileEnds): SessionFacts {
  const facts: SessionFacts = {
    customTitle: null, aiTitle: null, firstPrompt: null, queuedPrompt: null, laterPrompt: null,
    cwd: null, gitBranch: null, firstTimestamp: null, entries: 0, summaries: [], uuids: new Map(),
  };
  // Ends that meet are read as one text: the line across them is not lost, and every prompt is in file order.
  if (isWhole(ends)) noteLines(facts, ends.tail.length === 0 ? ends.head : joined(ends.head, ends.tail), "head", false, false);
  else noteLines(facts, ends.head, "head", false, true);
  return facts;
}

function noteTail(facts: SessionFacts, ends: FileEnds): void {
  if (!isWhole(ends)) noteLines(facts, ends.tail, "tail", true, false);
}

/**
 * Reads on from where the head stopped until a typed prompt is seen, the file ends or the bound is reached. Each step
 * doubles, so a prompt just past the head costs one small read and a deep one a few; the cut line the head ended with
 * is kept and completed, not read again.
 */
async function readOnFromHead(files: FileAdapter, path: string, ends: FileEnds, facts: SessionFacts): Promise<void> {
  const size = ends.info.size;
  const limit = Math.min(size, FIRST_PROMPT_SCAN_LENGTH);
  let pending = ends.head.slice(ends.head.lastIndexOf(NEWLINE) + 1);
  let next = ends.head.length;
  let step = ends.head.length;
  while (facts.firstPrompt === null && next < limit) {
    const bytes = await files.readRange(path, next, Math.min(step, limit - next));
    if (bytes.length === 0) break;
    next += bytes.length;
    step *= 2;
    const text = joined(pending, bytes);
    const end = next >= size ? text.length : text.lastIndexOf(NEWLINE) + 1;
    noteLines(facts, text.subarray(0, end), "head", false, false);
    pending = text.slice(end);
  }
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(a.length + b.length);
  bytes.set(a);
  bytes.set(b, a.length);
  return bytes;
}

/**
 * A top-level `uuid` key, found without parsing. Inside a JSON string every quote is escaped, so this can only be a
 * key; the CLI writes `uuid` after `message`, so the end of a long line shows it.
 */
const UUID_KEY = /"uuid":"([^"\\]+)"/g;

/**
 * Notes the complete lines of a window in order; a cut first (tail) or last (head) line is not parsed, but the uuids
 * it shows are kept (a long leaf entry is still an entry of this file). Bad lines are skipped: readSession reports them.
 */
function noteLines(facts: SessionFacts, bytes: Uint8Array, at: "head" | "tail", cutStart: boolean, cutEnd: boolean): void {
  const lines = new TextDecoder().decode(bytes).split("\n");
  if (cutStart) noteUuidsOf(facts, lines.shift()!);
  const cut = cutEnd ? lines.pop() : undefined;
  for (const line of lines) {
    const trimmed = trimNul(line);
    if (trimmed === "") continue;
    try {
      const value = JSON.parse(trimmed);
      if (value !== null && typeof value === "object" && typeof value.type === "string") note(facts, value, at);
    } catch { /* a listing skips what it cannot read; readSession reports it */ }
  }
  if (cut !== undefined) noteUuidsOf(facts, cut);
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
  if (at === "head" && entry.type === "queue-operation" && e.operation === "enqueue" && typeof e.content === "string") {
    facts.queuedPrompt ??= e.content;
  }
  const prompt = typedPrompt(e);
  if (prompt !== null) {
    if (at === "head") facts.firstPrompt ??= prompt;
    facts.laterPrompt = prompt;
  }
}
