/** Helpers of the history tests: a temp config dir holding the recorded sessions, and what each recorded case said. */
import { cp, mkdtemp, rm, utimes } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClaudeCodeErrorOf, ErrorDetails } from "../../src/errors.ts";
import { currentRuntime } from "../../src/runtime/current.ts";
import type { FileAdapter } from "../../src/runtime/types.ts";

/** The recorded `projects-sample/` and transcripts (see `tests/fixtures.ts`). */
export { PROJECTS_SAMPLE_DIR as SAMPLE_PROJECTS, TRANSCRIPTS_DIR as TRANSCRIPTS } from "../fixtures.ts";
import { PROJECTS_SAMPLE_DIR as SAMPLE_PROJECTS, TRANSCRIPTS_DIR as TRANSCRIPTS } from "../fixtures.ts";

/**
 * Synthetic session files in the entry shapes of older and newer CLIs (`tests/history/fixtures/projects/`): summaries
 * of other sessions (1.0.x), a first prompt behind hook output (2.0.x), a file cut after `compact_boundary` (2.1.x).
 */
export const FIXTURE_PROJECTS: string = fileURLToPath(new URL("./fixtures/projects/", import.meta.url));

/** The sessions of `FIXTURE_PROJECTS`, by what each shows. */
export const FIXTURE = {
  /** `-home-dev-work-legacy`: A, B and C in that order; B's file summarises A, C's file summarises B. */
  legacyA: "0fa4d8c9-673f-5d55-a929-48c30fb0039d",
  legacyB: "a48ca66f-0655-5cfa-be0b-255184b296a5",
  legacyC: "f0efb3ff-9b0a-59c7-8687-bd33617701c8",
  /** `-home-dev-work-hooks`: the first typed prompt at byte 25 656, a later one in the tail. */
  hooks: "cd6f8034-3362-5369-9fff-1e8d8ef42f42",
  /** `-home-dev-work-compact`: two turns, `/compact`, the boundary, and nothing more. */
  cutCompaction: "3f382534-da80-5c36-ab95-f6ce2a4906f7",
} as const;

/** A temp config dir whose `projects/` is a copy of the fixtures, the legacy files dated A < B < C as written. */
export async function withFixtureConfig<T>(run: (configDir: string) => Promise<T>): Promise<T> {
  return await withTempDir(async (configDir) => {
    const projects = join(configDir, "projects");
    await cp(FIXTURE_PROJECTS, projects, { recursive: true });
    const legacy = [FIXTURE.legacyA, FIXTURE.legacyB, FIXTURE.legacyC];
    for (const [i, id] of legacy.entries()) {
      const day = new Date(Date.UTC(2025, 6, 1 + i, 12));
      await utimes(join(projects, "-home-dev-work-legacy", `${id}.jsonl`), day, day);
    }
    return await run(configDir);
  });
}

/** A fresh temp dir, removed afterwards. */
export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "cs-history-"));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A temp config dir whose `projects/` is a copy of the recorded sample. */
export async function withSampleConfig<T>(run: (configDir: string) => Promise<T>): Promise<T> {
  return await withTempDir(async (configDir) => {
    await cp(SAMPLE_PROJECTS, join(configDir, "projects"), { recursive: true });
    return await run(configDir);
  });
}

/** A history error as these tests read it: any key of either code's details, without narrowing on `code` first. */
export type ReportedError = ClaudeCodeErrorOf<"CORRUPT_HISTORY" | "UNREADABLE_HISTORY"> & {
  details: Partial<ErrorDetails<"CORRUPT_HISTORY"> & ErrorDetails<"UNREADABLE_HISTORY">>;
};

/** Collects what an `onError` option is told. */
export function errorSink(): {
  errors: ReportedError[];
  onError: (error: ClaudeCodeErrorOf<"CORRUPT_HISTORY" | "UNREADABLE_HISTORY">) => void;
} {
  const errors: ReportedError[] = [];
  return { errors, onError: (error) => errors.push(error) };
}

/** One entry of `transcripts/INDEX.json`. */
export interface CaseIndex {
  exit: string;
  line_types: string[];
  session_ids: string[];
  session_files: string[];
}

export function caseIndex(): Record<string, CaseIndex> {
  return JSON.parse(readFileSync(join(TRANSCRIPTS, "INDEX.json"), "utf8"));
}

/** What one turn of a recorded case showed: the prompt sent, then the texts the CLI printed for it. */
export interface RecordedTurn {
  prompt: string;
  /** Assistant texts of the main conversation and interrupt markers, in stdout order. */
  replies: string[];
}

/** The turns of a case, from its command line or scripted stdin and its recorded stdout. */
export function recordedTurns(name: string): RecordedTurn[] {
  const prompts = promptsOf(name);
  const stdout = readLines(join(TRANSCRIPTS, `${name}.jsonl`));
  const turns: RecordedTurn[] = [];
  let replies: string[] = [];
  for (const message of stdout) {
    if (message.type === "assistant" && message.parent_tool_use_id == null) {
      const text = textOf(message.message?.content);
      if (text !== "") replies.push(text);
    }
    if (message.type === "user" && textOf(message.message?.content).startsWith("[Request interrupted")) {
      replies.push(textOf(message.message?.content));
    }
    if (message.type === "result") {
      // `--output-format json` prints only the result: its text is the reply.
      if (replies.length === 0 && typeof message.result === "string" && message.result !== "") {
        replies.push(message.result);
      }
      turns.push({ prompt: prompts[turns.length] ?? "", replies });
      replies = [];
    }
  }
  return turns;
}

/** The prompts of a case: the `user` lines of its scripted stdin, else the `-p` argument of its command. */
export function promptsOf(name: string): string[] {
  const stdinPath = join(TRANSCRIPTS, `${name}.stdin.jsonl`);
  let stdin: TranscriptLine[] = [];
  try {
    stdin = readLines(stdinPath);
  } catch { /* not a driven case */ }
  const users = stdin.filter((line) => line.type === "user").map((line) => textOf(line.message?.content));
  if (users.length > 0) return users;
  const command = readFileSync(join(TRANSCRIPTS, `${name}.cmd.txt`), "utf8").split("    # cwd=")[0];
  const words = shellWords(command);
  const p = words.indexOf("-p");
  return p >= 0 && p + 1 < words.length ? [words[p + 1]] : [];
}

/** Bash words: backslash escapes and single quotes, as the recorder printed them. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") {
      word += line[++i] ?? "";
      inWord = true;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === " ") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Text blocks joined by newlines, or the string itself. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.filter((block) => block?.type === "text").map((block) => block.text).join("\n");
}

/** A line of a transcript (recorded stdout, scripted stdin) as these helpers read it: every field may be missing. */
interface TranscriptLine {
  type?: unknown;
  parent_tool_use_id?: unknown;
  message?: { content?: unknown };
  result?: unknown;
  [key: string]: unknown;
}

function readLines(path: string): TranscriptLine[] {
  return readFileSync(path, "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line));
}

/** Whether `wanted` appears in `have` in order (other items may come between). */
export function isSubsequence(wanted: readonly string[], have: readonly string[]): boolean {
  let i = 0;
  for (const item of have) if (i < wanted.length && item === wanted[i]) i++;
  return i === wanted.length;
}

/** The host adapter, counting the bytes it hands out (ends and ranges) and the whole-file streams it opens. */
export async function countingFiles(): Promise<{ files: FileAdapter; bytes: () => number; streams: () => number }> {
  const host = (await currentRuntime()).files;
  let bytes = 0;
  let streams = 0;
  const files: FileAdapter = {
    ...host,
    readStream: (path) => {
      streams++;
      return host.readStream(path);
    },
    readEnds: async (path, length) => {
      const ends = await host.readEnds(path, length);
      bytes += ends.head.length + ends.tail.length;
      return ends;
    },
    readRange: async (path, offset, length) => {
      const range = await host.readRange(path, offset, length);
      bytes += range.length;
      return range;
    },
  };
  return { files, bytes: () => bytes, streams: () => streams };
}

/**
 * Builders of session-file chain entries as a CLI of `version` writes them (its field order: `message` before `uuid`,
 * which the listing relies on to see a leaf's uuid at the end of a cut line), and JSON Lines of them.
 */
export function entryBuilders(version: string, timestamp: string, assistantMessage: Record<string, unknown> = {}) {
  type Fields = Record<string, unknown>;
  const entry = (type: string, uuid: string, parentUuid: string | null, fields: Fields) => ({
    parentUuid,
    isSidechain: false,
    userType: "external",
    cwd: "/p",
    sessionId: "s",
    version,
    type,
    ...fields,
    uuid,
    timestamp,
  });
  return {
    entry,
    user: (uuid: string, parentUuid: string | null, content: unknown, extra: Fields = {}) =>
      entry("user", uuid, parentUuid, { message: { role: "user", content }, ...extra }),
    assistant: (uuid: string, parentUuid: string | null, text: string) =>
      entry("assistant", uuid, parentUuid, {
        message: { role: "assistant", content: [{ type: "text", text }], ...assistantMessage },
      }),
  };
}

/** Entries as a JSON Lines file's text. */
export const jsonl = (entries: object[]): string => entries.map((e) => JSON.stringify(e)).join("\n") + "\n";
