/**
 * What a listing shows of a session, read from the first and last bytes of its file (and from more of its head only
 * while no typed prompt was found).
 * @module
 */
import type { FileAdapter, FileEnds } from "../runtime/types.ts";
import { factsOfEnds, infoFromFacts, readSessionFacts } from "./session_facts.ts";

/** A session as listings show it. */
export interface SessionInfo {
  /** The session's id: its file name without `.jsonl`. */
  sessionId: string;
  /** The session file; from a store, `sessionStore:/projects/<projectKey>/<sessionId>.jsonl`, naming its key. */
  path: string;
  /** The project folder holding it; from a store, `sessionStore:/projects/<projectKey>`. */
  projectDir: string;
  /**
   * Custom title, else AI title or the session's own summary (one whose `leafUuid` names an entry of this session),
   * else the first prompt, else the latest prompt seen; null when the file shows none.
   */
  title: string | null;
  /** The title the user gave (`-n/--name`, `/rename`), if any. */
  customTitle: string | null;
  /**
   * The first prompt the user typed, in file order (meta entries, hook output, command echoes and caveats, tool
   * results and interrupt markers skipped); null when the first `FIRST_PROMPT_SCAN_LENGTH` bytes hold none.
   */
  firstPrompt: string | null;
  /** The working directory the session ran in, from its entries. */
  cwd: string | null;
  /** The git branch last recorded. */
  gitBranch: string | null;
  /** The tag the user gave (`history.tagSession`), if any. */
  tag: string | null;
  /**
   * Whether the session is archived (`history.archiveSession`): false when it was unarchived, or a prompt was typed in
   * it since; absent when it never was.
   */
  archived?: boolean;
  /** The first entry's timestamp, else the file's birth or modification time. */
  createdAt: Date;
  /** The file's last modification; from a store, the store's last write. */
  modifiedAt: Date;
  /** File size in bytes; null for a session read from a store (there is no file). */
  size: number | null;
}

/**
 * A session's listing facts, reading 16 KiB at each end of its file; 256 KiB at each end when the head held no
 * typed prompt; and when that head held none either, on from the head up to `FIRST_PROMPT_SCAN_LENGTH` (4 MiB)
 * until one is found. The title uses only summaries that are the session's own (their `leafUuid` names an entry read
 * from this file); `listSessions` also finds those written into the project's other files. Host errors
 * (`ENOENT`, `EACCES`...) are passed on.
 *
 * @example
 * ```ts
 * import { defaultFileAdapter } from "../runtime/current.ts";
 * import { readSessionInfo } from "./session_info.ts";
 * const files = await defaultFileAdapter();
 * const { info } = await readSessionInfo(files, { sessionId: "s", path: "/tmp/p/s.jsonl", projectDir: "/tmp/p" });
 * console.log(info?.title);
 * ```
 */
export async function readSessionInfo(
  files: FileAdapter,
  where: { sessionId: string; path: string; projectDir: string },
): Promise<{ info: SessionInfo | null; ends: FileEnds }> {
  const { facts, ends } = await readSessionFacts(files, where.path);
  return { info: infoFromFacts(facts, ends.info, where), ends };
}

/**
 * A session's listing facts from the two ends of its file (see `FileAdapter.readEnds`), reading nothing more: the
 * first prompt is the first typed prompt of the head (of the whole file when the ends meet), never one of the tail.
 * Returns null when neither end holds a single entry (an empty or corrupt file).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sessionInfoFromEnds } from "./session_info.ts";
 * const head = new TextEncoder().encode('{"type":"user","uuid":"u","parentUuid":null,"message":{"content":"hi"}}\n');
 * const info = sessionInfoFromEnds(
 *   { head, tail: new Uint8Array(), info: { size: head.length, mtimeMs: 0, birthtimeMs: null, isFile: true, isDirectory: false } },
 *   { sessionId: "s", path: "/p/s.jsonl", projectDir: "/p" },
 * );
 * assert.equal(info?.title, "hi");
 * ```
 */
export function sessionInfoFromEnds(
  ends: FileEnds,
  where: { sessionId: string; path: string; projectDir: string },
): SessionInfo | null {
  return infoFromFacts(factsOfEnds(ends), ends.info, where);
}
