/**
 * Replaying the recorded cases against the fake CLI and comparing: exit code, the sequence of line kinds (runs of
 * deltas collapsed), the top-level fields of each line, the first stderr line, and the session files (entry kinds
 * and fields). One recording set at a time, with the fake in that set's CLI version.
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { drive, fakeEnv, fieldOf, isObject, parse, type RunResult, sandbox, type Step } from "./_support.ts";
import { type RecordedCase, recordedCases, type RecordingSet, sampleSession } from "./_transcripts.ts";

/** One replayed case: the recording, the fake's run, and what differs. */
export interface Outcome {
  recorded: RecordedCase;
  run: RunResult;
  problems: string[];
  /** The recorded session files the case is compared with: its INDEX entry's, and those the INDEX leaves out. */
  sessionFiles: string[];
}

/** Replays every case of a set in one sandbox, in recorded order so resumes find their sessions. */
export async function replayAll(set: RecordingSet): Promise<Map<string, Outcome>> {
  const box = sandbox();
  try {
    fs.symlinkSync(path.join(box.root, "work", "proj"), path.join(box.root, "work", "link-to-proj"));
    const ids = new Map<string, string>();
    const fakeWork = path.join(box.root, "work");
    const substitute = (text: string) => {
      let out = text.split("/home/dev/work/").join(fakeWork + "/");
      for (const [recorded, fake] of ids) out = out.split(recorded).join(fake);
      return out;
    };
    const results = new Map<string, Outcome>();
    for (const recorded of recordedCases(set)) {
      const before = sessionFiles(box.config);
      const run = await drive({
        args: recorded.args.map(substitute),
        cwd: substitute(recorded.cwd + "/"),
        env: fakeEnv(box.config, { ...recorded.env, CLAUDE_STREAM_FAKE_CLI_VERSION: set.fakeVersion }),
        steps: recorded.steps ? (JSON.parse(substitute(JSON.stringify(recorded.steps))) as Step[]) : undefined,
        permissions: recorded.permissions,
        maxSleepMs: 400,
      });
      const seen = sessionIdsOf(run.lines);
      recorded.sessionIds.forEach((id, i) => seen[i] && ids.set(id, seen[i]));
      const files = [...recorded.sessionFiles, ...(set.unlistedSessionFiles?.[recorded.name] ?? [])];
      const created = sessionFiles(box.config).filter((f) => !before.includes(f));
      pairUnprinted(files, created, ids);
      const problems = compareRun(recorded, run, substitute);
      const expectedNew = files.filter((f) => !f.includes("/subagents/")).length;
      if (isNewSessionCase(recorded) && created.length !== expectedNew) {
        problems.push(`created ${created.length} session files, recorded ${expectedNew}`);
      }
      results.set(recorded.name, { recorded, run, problems, sessionFiles: files });
    }
    compareSessionFiles(results, box.config, ids, set);
    return results;
  } finally {
    box.cleanup();
  }
}

/** Cases that start a session (not resume or continue one): the number of files they create must match. */
function isNewSessionCase(recorded: RecordedCase): boolean {
  return !recorded.args.some((a) =>
    a === "--resume" || a.startsWith("--resume=") || a === "-c" || a === "--continue"
  ) ||
    recorded.args.includes("--fork-session");
}

/**
 * Maps the recorded sessions whose id no stdout line printed (plain-text output) to the files the fake created for
 * the case, in order.
 */
function pairUnprinted(files: string[], created: string[], ids: Map<string, string>) {
  const unprinted = files.filter((f) => !f.includes("/subagents/")).map((f) => path.basename(f, ".jsonl")).filter((
    id,
  ) => !ids.has(id));
  const known = new Set(ids.values());
  const fresh = created.map((f) => path.basename(f, ".jsonl")).filter((id) => !known.has(id));
  unprinted.forEach((id, i) => fresh[i] && ids.set(id, fresh[i]));
}

function sessionFiles(config: string): string[] {
  const root = path.join(config, "projects");
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((dir) =>
    fs.statSync(path.join(root, dir)).isDirectory()
      ? fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith(".jsonl")).map((f) => `${dir}/${f}`)
      : []
  );
}

function sessionIdsOf(lines: string[]): string[] {
  const ids: string[] = [];
  for (const message of lines.map(parse)) {
    const id = fieldOf(message, "session_id");
    if (typeof id === "string" && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The kind of a stdout line: type, subtype, stream event type; `(text)` for a non-JSON line. */
export function lineKind(line: string): string {
  const m = parse(line);
  if (!isObject(m)) return "(text)";
  let kind = String(m.type);
  if (m.subtype) kind += `/${m.subtype}`;
  if (m.type === "stream_event") kind += `/${fieldOf(m.event, "type")}`;
  if (m.type === "control_response") kind += `/${fieldOf(m.response, "subtype")}`;
  if (m.type === "control_request") kind += `/${fieldOf(m.request, "subtype")}`;
  return kind;
}

/** Kinds with runs of deltas collapsed (their number depends on pacing). */
export function kindSequence(lines: string[]): string[] {
  const out: string[] = [];
  for (const kind of lines.map(lineKind)) {
    if (kind === "stream_event/content_block_delta" && out.at(-1) === kind) continue;
    out.push(kind);
  }
  return out;
}

function fieldsOf(line: string): string[] {
  const m = parse(line);
  if (!isObject(m)) return [];
  const fields = Object.keys(m).map((k) => k);
  for (const nested of ["message", "event", "response", "request"]) {
    const value = m[nested];
    if (isObject(value) && !Array.isArray(value)) fields.push(...Object.keys(value).map((k) => `${nested}.${k}`));
  }
  return fields.sort();
}

function compareRun(recorded: RecordedCase, run: RunResult, substitute: (s: string) => string): string[] {
  const problems: string[] = [];
  if (run.code !== recorded.exit) problems.push(`exit ${run.code} (signal ${run.signal}), recorded ${recorded.exit}`);
  const want = kindSequence(recorded.lines);
  const got = kindSequence(run.lines);
  if (want.join(" ") !== got.join(" ")) {
    problems.push(`line kinds\n  fake:     ${got.join(" ")}\n  recorded: ${want.join(" ")}`);
  } else {
    const wantLines = collapse(recorded.lines);
    const gotLines = collapse(run.lines);
    wantLines.forEach((line, i) => {
      const a = fieldsOf(line).join(",");
      const b = fieldsOf(gotLines[i]).join(",");
      if (a !== b) problems.push(`fields of line ${i} (${lineKind(line)})\n  fake:     ${b}\n  recorded: ${a}`);
    });
  }
  const firstErr = (text: string) => text.split("\n")[0] ?? "";
  if (firstErr(run.stderr) !== substitute(firstErr(recorded.stderr))) {
    problems.push(`first stderr line\n  fake:     ${firstErr(run.stderr)}\n  recorded: ${firstErr(recorded.stderr)}`);
  }
  return problems;
}

function collapse(lines: string[]): string[] {
  return lines.filter((line, i) =>
    !(lineKind(line) === "stream_event/content_block_delta" && i > 0 && lineKind(lines[i - 1]) === lineKind(line))
  );
}

/** The kind of a session entry: type plus subtype, attachment type or queue operation. */
export function entryKind(entry: Record<string, unknown>): string {
  const sub = entry.subtype ?? fieldOf(entry.attachment, "type") ?? entry.operation;
  return sub ? `${entry.type}/${sub}` : String(entry.type);
}

function compareSessionFiles(
  results: Map<string, Outcome>,
  config: string,
  ids: Map<string, string>,
  set: RecordingSet,
) {
  const byFile = new Map<string, Outcome[]>();
  for (const outcome of results.values()) {
    for (const file of outcome.sessionFiles) byFile.set(file, [...(byFile.get(file) ?? []), outcome]);
  }
  for (const [file, owners] of byFile) {
    const fakeFile = file.includes("/subagents/")
      ? fakeSubagentFile(config, file, ids)
      : fakeSessionFile(config, file, ids);
    const untimed = (entries: Record<string, unknown>[]) =>
      entries.filter((entry) => !set.timingPlacedKinds?.includes(entryKind(entry)));
    const problems = compareEntries(untimed(sampleSession(file, set)), untimed(readJsonl(fakeFile)));
    for (const owner of owners) owner.problems.push(...problems.map((p) => `session file ${file}: ${p}`));
  }
}

function fakeSessionFile(config: string, recorded: string, ids: Map<string, string>): string {
  const id = path.basename(recorded, ".jsonl");
  const fakeName = `${ids.get(id) ?? id}.jsonl`;
  const found = sessionFiles(config).find((f) => path.basename(f) === fakeName);
  return path.join(config, "projects", found ?? fakeName);
}

/** A subagent file has its own random agent id: the fake's is the only one under the mapped session's folder. */
function fakeSubagentFile(config: string, recorded: string, ids: Map<string, string>): string {
  const [folder, session] = recorded.split("/");
  const dir = path.join(
    path.dirname(fakeSessionFile(config, `${folder}/${session}.jsonl`, ids)),
    ids.get(session) ?? session,
    "subagents",
  );
  const name = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith(".jsonl")) : undefined;
  return path.join(dir, name ?? "missing.jsonl");
}

function readJsonl(file: string): Record<string, unknown>[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}

function compareEntries(recorded: Record<string, unknown>[], fake: Record<string, unknown>[]): string[] {
  const want = recorded.map(entryKind).join(" ");
  const got = fake.map(entryKind).join(" ");
  if (want !== got) return [`entry kinds\n  fake:     ${got}\n  recorded: ${want}`];
  const problems: string[] = [];
  recorded.forEach((entry, i) => {
    // `slug` names a plan-mode slug the recording sessions happened to carry; the fake has none
    const a = Object.keys(entry).filter((k) => k !== "slug").sort().join(",");
    const b = Object.keys(fake[i]).sort().join(",");
    if (a !== b) problems.push(`fields of entry ${i} (${entryKind(entry)})\n  fake:     ${b}\n  recorded: ${a}`);
  });
  return problems;
}
