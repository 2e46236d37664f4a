/**
 * Reading the recorded cases (`tests/fixtures/protocol`, see `tests/fixtures.ts`): each case's command
 * line, cwd and stdin script, its stdout, stderr and exit code, and the session files of `projects-sample/`.
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Step } from "./_support.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";

/** Where the recordings live. */
export const protocolDir: string = PROTOCOL_DIR;

/**
 * A set of recordings of the same cases with one CLI version: its folder (holding `transcripts/` and
 * `projects-sample/`) and the `CLAUDE_STREAM_FAKE_CLI_VERSION` that makes the fake behave like that CLI.
 */
export interface RecordingSet {
  name: string;
  dir: string;
  fakeVersion: string;
  /**
   * Session files of `projects-sample/` that a case wrote but its INDEX entry leaves out, by case name: the shared
   * sets' recorder listed the files of the session ids printed on stdout, and plain-text `-p` output (a3) prints none.
   */
  unlistedSessionFiles?: Record<string, string[]>;
  /**
   * Session-file entry kinds whose place in the file depends on the recording machine's timing (where the CLI
   * appends its metadata again): compared without them. The shared sets have none: the fake follows their timing.
   */
  timingPlacedKinds?: string[];
}

/** The reference recordings (CLI 2.1.197) and their re-recording with the newest CLI (2.1.332). */
export const recordingSets: RecordingSet[] = [
  {
    name: "2.1.197",
    dir: protocolDir,
    fakeVersion: "2.1.197",
    unlistedSessionFiles: { a3_print_text: ["-home-dev-work-proj/61589b95-2d09-4a94-9fd7-c5764279b2c8.jsonl"] },
  },
  {
    name: "2.1.332",
    dir: path.join(protocolDir, "cli-2.1.332"),
    fakeVersion: "2.1.332",
    unlistedSessionFiles: { a3_print_text: ["-home-dev-work-proj/39cf7ae4-f7f8-4414-8e43-d5d6d5f38492.jsonl"] },
  },
];

/** One recorded case. */
export interface RecordedCase {
  name: string;
  env: Record<string, string>;
  args: string[];
  cwd: string;
  steps?: Step[];
  permissions?: "allow" | "deny";
  exit: number;
  lines: string[];
  stderr: string;
  sessionIds: string[];
  sessionFiles: string[];
}

/** One case of `transcripts/INDEX.json`: the fields read here. */
interface IndexEntry {
  /** The exit code, as a string. */
  exit: string;
  session_ids: string[];
  session_files: string[];
}

/** Every recorded case of a set, in INDEX order (which is also an order where each case's prerequisites come first). */
export function recordedCases(set: RecordingSet = recordingSets[0]): RecordedCase[] {
  const transcripts = path.join(set.dir, "transcripts");
  const index: Record<string, IndexEntry> = JSON.parse(fs.readFileSync(path.join(transcripts, "INDEX.json"), "utf8"));
  return Object.entries(index).map(([name, info]) => {
    const cmd = fs.readFileSync(path.join(transcripts, `${name}.cmd.txt`), "utf8").trim();
    const cut = cmd.indexOf("    # cwd=");
    const words = shellWords(cmd.slice(0, cut));
    const comment = cmd.slice(cut + "    # cwd=".length);
    const semicolon = comment.indexOf(";");
    const cwd = semicolon === -1 ? comment : comment.slice(0, semicolon);
    const script = /drive\.mjs( --auto-(allow|deny))?\s*:\s*(\[.*\])$/.exec(comment);
    const env: Record<string, string> = {};
    if (words[0] === "env") words.shift();
    while (/^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
      const [key, ...value] = words.shift()!.split("=");
      env[key] = value.join("=");
    }
    words.shift(); // claude
    const stdout = fs.readFileSync(path.join(transcripts, `${name}.jsonl`), "utf8");
    return {
      name,
      env,
      args: words,
      cwd,
      steps: script ? JSON.parse(script[3]) : undefined,
      permissions: script?.[2] as "allow" | "deny" | undefined,
      exit: Number(info.exit),
      lines: stdout.split("\n").filter((l) => l !== ""),
      stderr: fs.readFileSync(path.join(transcripts, `${name}.stderr.txt`), "utf8"),
      sessionIds: info.session_ids,
      sessionFiles: info.session_files,
    };
  });
}

/** A recorded session file's entries (`projects-sample/<relative>` of a set). */
export function sampleSession(relative: string, set: RecordingSet = recordingSets[0]): Record<string, unknown>[] {
  const text = fs.readFileSync(path.join(set.dir, "projects-sample", relative), "utf8");
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** Splits a bash command line: backslash escapes, single and double quotes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "\\" && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      current += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') {
        if (line[j] === "\\" && j + 1 < line.length) j++;
        current += line[j++];
      }
      i = j;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
