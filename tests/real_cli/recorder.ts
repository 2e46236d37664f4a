/**
 * The recorder: runs a CLI binary through the protocol cases (`protocol_cases.json`) in order, in one fresh config
 * dir and work root (so resumes find their sessions), driven like the recordings, and writes a recording set in the
 * layout of tests/fixtures/protocol/cli-2.1.332: `transcripts/<case>.{jsonl,stderr.txt,cmd.txt,exit,stdin.jsonl}`,
 * `transcripts/INDEX.json` and `projects-sample/` (the config dir's `projects/` after the last case). So
 * `recordedCases` and `replayAll` of tests/fake-cli read it unchanged.
 *
 * The cases run under a temporary root `<tmp>/cs-record-XXXXXX` holding `work/` (the cases' cwds) and `home/` (the
 * CLI's HOME, config dir `home/.claude`). Everything written out names that root `/home/dev`, as the shared
 * recordings do (their cwds are under `/home/dev/work/`, their config dir `/home/dev/home/.claude`): paths in text,
 * and the project folder names that encode them.
 * @module
 */
import { Buffer } from "node:buffer";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { fieldOf, isObject, parse, type Step } from "../fake-cli/_support.ts";
import { encodeProjectPath } from "../../src/history/encode_project_path.ts";
import { drive, type RunResult } from "../fake-cli/_support.ts";
import {
  loadProtocolCases,
  type ProtocolCase,
  type ProtocolCases,
  resolveCase,
  selectCases,
} from "./protocol_cases.ts";

/** The root the recordings name in place of the recorder's temporary one. */
export const RECORDED_ROOT = "/home/dev";

/** The work root of the recordings: the cases' cwds are relative to it. */
export const RECORDED_WORK = `${RECORDED_ROOT}/work`;

/** The repo's faithful copy of the shared protocol folder, which no recording may be written into. */
const PROTOCOL_COPY = fileURLToPath(new URL("../fixtures/protocol/", import.meta.url));

/** Options of {@link recordCases}. */
export interface RecordOptions {
  /** The CLI binary to record. */
  cli: string;
  /** The stand-in Messages API the CLI talks to; it must be on 127.0.0.1. */
  baseUrl: string;
  /** The cases to record (their prerequisites come along); all when empty. */
  names?: string[];
  /** The case scripts; the repo's `protocol_cases.json` by default. */
  protocolCases?: ProtocolCases;
  /** Told one line per recorded case. */
  log?: (line: string) => void;
}

/** What recording one case gave. */
export interface CaseResult {
  name: string;
  exit: number | null;
  signal: string | null;
  durationMs: number;
}

/** What a recording run did: where it wrote, and each case's outcome, in order. */
export interface RecordingResult {
  dir: string;
  cases: CaseResult[];
  durationMs: number;
}

/** One `INDEX.json` entry, as in the shared recordings. */
export interface IndexEntry {
  exit: string;
  stderr_bytes: number;
  line_types: string[];
  session_ids: string[];
  session_files: string[];
}

/**
 * Records the cases into `outDir` (its `transcripts/` and `projects-sample/` are replaced) and returns what each case
 * did. Throws when the stand-in is not on 127.0.0.1 or `outDir` is inside the copy of the shared protocol folder.
 */
export async function recordCases(outDir: string, options: RecordOptions): Promise<RecordingResult> {
  requireLoopback(options.baseUrl);
  requireOutsideProtocolCopy(outDir);
  const started = Date.now();
  const spec = options.protocolCases ?? loadProtocolCases();
  const cases = selectCases(spec.cases, options.names);
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "cs-record-")));
  const toRecorded = recordedPaths(root);
  const transcripts = path.join(outDir, "transcripts");
  const projects = path.join(root, "home", ".claude", "projects");
  try {
    prepareWorkRoot(path.join(root, "work"), spec.workRoot);
    fs.mkdirSync(path.join(root, "home"));
    for (const folder of [transcripts, path.join(outDir, "projects-sample")]) {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    fs.mkdirSync(transcripts, { recursive: true });
    const index: Record<string, IndexEntry> = {};
    const results: CaseResult[] = [];
    const firstSessions = new Map<string, string>();
    const sessionOf = (name: string) => firstSessions.get(name);
    for (const c of cases) {
      const before = sessionFileStates(projects);
      const run = await runCase(resolveCase(c, { work: path.join(root, "work"), sessionOf }), root, options);
      const sessionIds = sessionIdsIn(run.lines);
      if (sessionIds[0]) firstSessions.set(c.name, sessionIds[0]);
      const changed = changedSessionFiles(before, sessionFileStates(projects)).map(toRecorded);
      index[c.name] = writeTranscript(
        transcripts,
        resolveCase(c, { work: RECORDED_WORK, sessionOf }),
        run,
        sessionIds,
        changed,
        toRecorded,
      );
      results.push({ name: c.name, exit: run.code, signal: run.signal, durationMs: run.durationMs });
      options.log?.(`${c.name}: exit ${run.code ?? run.signal} in ${run.durationMs} ms`);
    }
    fs.writeFileSync(path.join(transcripts, "INDEX.json"), JSON.stringify(index, null, 1) + "\n");
    copyRecorded(projects, path.join(outDir, "projects-sample"), toRecorded);
    return { dir: outDir, cases: results, durationMs: Date.now() - started };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Throws unless `baseUrl` is an http URL on 127.0.0.1: the stand-in must never be reached anywhere else. */
export function requireLoopback(baseUrl: string): void {
  let host: string | undefined;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    host = undefined;
  }
  if (host !== "127.0.0.1") throw new Error(`the stand-in API must be on 127.0.0.1, not ${JSON.stringify(baseUrl)}`);
}

function requireOutsideProtocolCopy(outDir: string): void {
  const relative = path.relative(PROTOCOL_COPY, path.resolve(outDir));
  if (!relative.startsWith("..") && !path.isAbsolute(relative)) {
    throw new Error(
      `${outDir} is inside tests/fixtures/protocol, the faithful copy of the shared recordings: record elsewhere`,
    );
  }
}

/**
 * A function that names `root` as {@link RECORDED_ROOT} in a text or a relative path: the root itself, and its
 * encoding in project folder names (`-tmp-cs-record-XXXXXX-work-proj` -> `-home-dev-work-proj`).
 */
export function recordedPaths(root: string): (text: string) => string {
  const encodedRoot = encodeProjectPath(root);
  const encodedRecorded = encodeProjectPath(RECORDED_ROOT);
  return (text) => text.split(root).join(RECORDED_ROOT).split(encodedRoot).join(encodedRecorded);
}

function prepareWorkRoot(work: string, layout: ProtocolCases["workRoot"]): void {
  for (const dir of layout.dirs) fs.mkdirSync(path.join(work, dir), { recursive: true });
  for (const [link, target] of Object.entries(layout.symlinks)) {
    fs.symlinkSync(path.join(work, target), path.join(work, link));
  }
}

/** Runs one resolved case in the temporary root. */
function runCase(c: ProtocolCase, root: string, options: RecordOptions): Promise<RunResult> {
  // Sleeps last as long as the script says; the real CLI is slower than the fake, so waits and the run get longer.
  return drive({
    command: [options.cli],
    waitTimeoutMs: 60_000,
    timeoutMs: 120_000,
    args: c.args,
    cwd: path.join(root, "work", c.cwd),
    env: cliEnv(path.join(root, "home"), options.baseUrl, c.env),
    steps: c.steps,
    permissions: c.permissions,
  });
}

/**
 * The CLI's environment: nothing inherited but PATH (and TMPDIR); HOME the recorder's; the stand-in with a dummy key;
 * no traffic beyond the API (telemetry, updates, error reports off); then the case's own variables.
 */
export function cliEnv(home: string, baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: "dummy",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_ERROR_REPORTING: "1",
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return { ...env, ...extra };
}

/** Writes a case's transcript files and returns its INDEX entry. */
function writeTranscript(
  dir: string,
  recorded: ProtocolCase,
  run: RunResult,
  sessionIds: string[],
  sessionFiles: string[],
  toRecorded: (text: string) => string,
): IndexEntry {
  const file = (ext: string) => path.join(dir, `${recorded.name}.${ext}`);
  const stderr = toRecorded(run.stderr);
  fs.writeFileSync(file("cmd.txt"), commandLine(recorded) + "\n");
  fs.writeFileSync(file("jsonl"), toRecorded(run.stdout));
  fs.writeFileSync(file("stderr.txt"), stderr);
  fs.writeFileSync(file("exit"), `${run.code ?? `signal ${run.signal}`}\n`);
  if (recorded.steps) fs.writeFileSync(file("stdin.jsonl"), toRecorded(run.stdin));
  return {
    exit: String(run.code ?? `signal ${run.signal}`),
    stderr_bytes: Buffer.byteLength(stderr),
    line_types: run.lines.filter((l) => l !== "").map(indexLineType),
    session_ids: sessionIds,
    session_files: sessionFiles,
  };
}

/**
 * A case's `cmd.txt` line (without the newline), in the recordings' format: `[env [VAR=value...]] claude <args>`
 * quoted like bash's `printf %q`, then `    # cwd=<cwd>`, then for a driven case
 * `; stdin scripted by drive.mjs[ --auto-allow|--auto-deny]: <steps as JSON>`. Placeholders must be filled in.
 */
export function commandLine(c: ProtocolCase): string {
  const env = Object.entries(c.env ?? {}).map(([key, value]) => `${key}=${shellQuote(value)}`);
  const prefix = c.steps && env.length === 0 ? [] : ["env", ...env];
  const command = [...prefix, "claude", ...c.args.map(shellQuote)].join(" ");
  const cwd = `    # cwd=${path.posix.join(RECORDED_WORK, c.cwd)}`;
  return command + cwd + (c.steps ? drivenBy(c.steps, c.permissions) : "");
}

function drivenBy(steps: Step[], permissions: ProtocolCase["permissions"]): string {
  return `; stdin scripted by drive.mjs${permissions ? ` --auto-${permissions}` : " "}: ${JSON.stringify(steps)}`;
}

/**
 * A word quoted like bash's `printf %q` (backslashes before the shell's special characters, `''` for the empty
 * word). A word with control characters is single-quoted instead of bash's `$'...'`, which the transcript reader's
 * `shellWords` does not know.
 */
export function shellQuote(word: string): string {
  if (word === "") return "''";
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f]/.test(word)) return `'${word.split("'").join(`'\\''`)}'`;
  let out = "";
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    const special = /[ \t'"\\|&;()<>!{}*[\]?^$`,]/.test(ch) ||
      (ch === "~" && (i === 0 || word[i - 1] === "=" || word[i - 1] === ":")) || (ch === "#" && i === 0);
    out += special ? `\\${ch}` : ch;
  }
  return out;
}

/** The type of a stdout line as INDEX.json lists it: `type` or `type/subtype`, `(text)` for a non-JSON line. */
export function indexLineType(line: string): string {
  const m = parse(line);
  if (!isObject(m)) return "(text)";
  return m.subtype ? `${m.type}/${m.subtype}` : String(m.type);
}

/** The distinct `session_id` values of stdout lines, in order of first appearance. */
export function sessionIdsIn(lines: string[]): string[] {
  const ids: string[] = [];
  for (const message of lines.map(parse)) {
    const id = fieldOf(message, "session_id");
    if (typeof id === "string" && id !== "" && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Size and modification time of every session file (`*.jsonl`, subagents' too) under a `projects/` folder. */
function sessionFileStates(projects: string): Map<string, string> {
  const states = new Map<string, string>();
  if (!fs.existsSync(projects)) return states;
  for (const relative of fs.readdirSync(projects, { recursive: true }) as string[]) {
    if (!relative.endsWith(".jsonl")) continue;
    const stat = fs.statSync(path.join(projects, relative));
    if (stat.isFile()) states.set(relative.split(path.sep).join("/"), `${stat.size}:${stat.mtimeMs}`);
  }
  return states;
}

/** The session files created or changed between two snapshots, sorted. */
function changedSessionFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([file, state]) => before.get(file) !== state).map(([file]) => file).sort();
}

/** Copies a folder with every name and every file's text passed through `map`. */
function copyRecorded(from: string, to: string, map: (text: string) => string): void {
  fs.mkdirSync(to, { recursive: true });
  if (!fs.existsSync(from)) return;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, map(entry.name));
    if (entry.isDirectory()) copyRecorded(source, target, map);
    else if (entry.isFile()) fs.writeFileSync(target, map(fs.readFileSync(source, "utf8")));
  }
}
