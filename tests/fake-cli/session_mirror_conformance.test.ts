/**
 * The fake CLI's `--session-mirror` held to the 2.1.332 recordings m15 (a new session, two turns) and m16 (its resume):
 * the recorded command lines and stdin scripts replayed in one sandbox, and compared frame by frame: where each
 * `transcript_mirror` line sits among the other lines, the entry kinds and fields of each frame, its `filePath` (the
 * session file), and its entries against the session file line by line (the file's lines less the request records).
 * Then what no recording shows, on the fake and, under `scripts/test_real.sh`, on the real CLI too: a subagent's
 * transcript under its own path, no frame without persistence or outside stream-json; the fake's own knobs
 * (`crashAfterResult`, the 2.1.197 mode); and, as a property over random conversations run in memory, that every
 * entry written before a `result` was mirrored before it.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import fc from "fast-check";
import { runFake } from "../../fake-cli/core.js";
import { fakeCli } from "../../testing.ts";
import { REAL_CLI } from "../cli_under_test.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";
import { entryKind, kindSequence, lineKind } from "./_conformance.ts";
import { drive, fakeEnv, isObject, parse, type RunResult, type Sandbox, sandbox, type Step } from "./_support.ts";
import { shellWords } from "./_transcripts.ts";

const FEATURES = path.join(PROTOCOL_DIR, "cli-2.1.332", "features");
/** The recorded session (m15 wrote it, m16 appended to it) and where the recording's config dir was. */
const RECORDED_SESSION = "7239b723-4e18-4bba-bb3b-dcad7b5de53b";
const RECORDED_PROJECTS = "/home/dev/home/.claude/projects";
/** The entry kinds a mirror leaves out. */
const REQUEST_RECORDS = new Set(["api-request", "api-request-shape", "api-request-blob"]);
const STREAM = ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose"];

type Entry = Record<string, unknown>;

interface Frame {
  filePath: string;
  entries: Entry[];
}

interface RecordedCase {
  args: string[];
  steps: Step[];
  lines: string[];
}

function readCase(name: string): RecordedCase {
  const cmd = fs.readFileSync(path.join(FEATURES, `${name}.cmd.txt`), "utf8").trim();
  const cut = cmd.indexOf("    # cwd=");
  const script = /drive\.mjs\s*:\s*(\[.*\])$/.exec(cmd.slice(cut));
  assert.ok(script, `the stdin script of ${name}`);
  return {
    args: shellWords(cmd.slice(0, cut)).slice(1),
    steps: JSON.parse(script[1]) as Step[],
    lines: fs.readFileSync(path.join(FEATURES, `${name}.jsonl`), "utf8").split("\n").filter(Boolean),
  };
}

function framesOf(lines: string[]): Frame[] {
  return lines.map(parse).filter((m) => isObject(m) && m.type === "transcript_mirror").map((m) => {
    assert.ok(isObject(m) && typeof m.filePath === "string" && Array.isArray(m.entries), "a transcript_mirror line");
    return { filePath: m.filePath, entries: m.entries };
  });
}

/** A file's lines that a mirror sends: all but the request records. */
function mirroredLines(text: string): string[] {
  return text.split("\n").filter(Boolean).filter((line) => !REQUEST_RECORDS.has(String(JSON.parse(line).type)));
}

function readText(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/** The entries of the frames of one file, as JSON lines (the way the file holds them). */
function linesOfFrames(frames: Frame[], filePath: string): string[] {
  return frames.filter((f) => f.filePath === filePath).flatMap((f) => f.entries.map((e) => JSON.stringify(e)));
}

/** Each frame's entry kinds and, per entry, its sorted keys (`slug`: a plan-mode slug the recording carried). */
function frameShapes(frames: Frame[]): { kinds: string[]; keys: string[] }[] {
  return frames.map((f) => ({
    kinds: f.entries.map(entryKind),
    keys: f.entries.map((e) => Object.keys(e).filter((k) => k !== "slug").sort().join(",")),
  }));
}

function lineFields(line: string): string {
  const m = parse(line);
  if (!isObject(m)) return "";
  const fields = Object.keys(m);
  for (const nested of ["message", "event"]) {
    const value = m[nested];
    if (isObject(value) && !Array.isArray(value)) fields.push(...Object.keys(value).map((k) => `${nested}.${k}`));
  }
  return fields.sort().join(",");
}

function sessionIdOf(lines: string[]): string {
  const init = lines.map(parse).find((m) => isObject(m) && typeof m.session_id === "string");
  assert.ok(isObject(init) && typeof init.session_id === "string", "a line with the session id");
  return init.session_id;
}

/** The session files (and subagent transcripts) under a config dir, absolute. */
function jsonlFiles(config: string): string[] {
  const root = path.join(config, "projects");
  if (!fs.existsSync(root)) return [];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else if (name.endsWith(".jsonl")) found.push(file);
    }
  };
  walk(root);
  return found.sort();
}

/** The recorded m15 and m16 replayed in one sandbox, once for the tests that read them. */
const replay = (() => {
  let box: Sandbox | undefined;
  let runs: Promise<{ box: Sandbox; m15: RunResult; m16: RunResult; m15File: string }> | undefined;
  after(() => box?.cleanup());
  return () =>
    runs ??= (async () => {
      box = sandbox();
      const env = fakeEnv(box.config, { CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.332" });
      const first = readCase("m15_session_mirror");
      const m15 = await drive({ args: first.args, cwd: box.cwd, env, steps: first.steps });
      const sid = sessionIdOf(m15.lines);
      const m15File = readText(path.join(box.config, "projects", encoded(box.cwd), `${sid}.jsonl`));
      const resume = readCase("m16_session_mirror_resume");
      const args = resume.args.map((a) => a.replace(RECORDED_SESSION, sid));
      const m16 = await drive({ args, cwd: box.cwd, env, steps: resume.steps });
      return { box, m15, m16, m15File };
    })();
})();

/** The CLI's project folder name of a cwd (short cwds: every character outside `[a-zA-Z0-9]` becomes `-`). */
function encoded(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, "-");
}

/** The recorded session file: m15's part (up to its `cost-state`) and m16's. */
function recordedFile(): { m15: string; m16: string } {
  const text = fs.readFileSync(
    path.join(FEATURES, "projects-sample", "-home-dev-work-proj", `${RECORDED_SESSION}.jsonl`),
    "utf8",
  );
  const lines = text.split("\n").filter(Boolean);
  const end = lines.findIndex((l) => JSON.parse(l).type === "cost-state") + 1;
  return { m15: lines.slice(0, end).join("\n") + "\n", m16: lines.slice(end).join("\n") + "\n" };
}

describe("fake CLI --session-mirror conforms with the 2.1.332 recordings (features/m15, m16)", () => {
  test("the recordings: the frames carry the session file's lines less the request records, in order", () => {
    const file = recordedFile();
    for (const [name, part] of [["m15_session_mirror", file.m15], ["m16_session_mirror_resume", file.m16]]) {
      const frames = framesOf(readCase(name).lines);
      const filePath = `${RECORDED_PROJECTS}/-home-dev-work-proj/${RECORDED_SESSION}.jsonl`;
      assert.deepEqual(new Set(frames.map((f) => f.filePath)), new Set([filePath]), name);
      assert.deepEqual(linesOfFrames(frames, filePath), mirroredLines(part), name);
    }
  });

  for (const name of ["m15_session_mirror", "m16_session_mirror_resume"] as const) {
    test(name, async () => {
      const { box, m15, m16, m15File } = await replay();
      const run = name === "m15_session_mirror" ? m15 : m16;
      const recorded = readCase(name);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, "");
      // where the frames sit: after the assistant line, before and after the result, at exit
      assert.deepEqual(kindSequence(run.lines), kindSequence(recorded.lines), "line kinds");
      recorded.lines.forEach((line, i) => {
        assert.equal(lineFields(run.lines[i]), lineFields(line), `fields of line ${i} (${lineKind(line)})`);
      });
      const frames = framesOf(run.lines);
      assert.deepEqual(frameShapes(frames), frameShapes(framesOf(recorded.lines)), "frame by frame");
      // every frame names the session file, the resumed one the same file
      const sid = sessionIdOf(m15.lines);
      const file = path.join(box.config, "projects", encoded(box.cwd), `${sid}.jsonl`);
      for (const frame of frames) assert.equal(frame.filePath, file);
      assert.ok(path.isAbsolute(file));
      // its entries are the lines the run appended to the file, less the request records, in order
      const appended = name === "m15_session_mirror" ? m15File : readText(file).slice(m15File.length);
      assert.deepEqual(linesOfFrames(frames, file), mirroredLines(appended));
      assert.ok(linesOfFrames(frames, file).length > 0);
    });
  }

  test("without the flag: the same lines and session file, no frame", async () => {
    const { m15, m15File } = await replay();
    const box = sandbox();
    try {
      const recorded = readCase("m15_session_mirror");
      const run = await drive({
        args: recorded.args.filter((a) => a !== "--session-mirror"),
        cwd: box.cwd,
        env: fakeEnv(box.config),
        steps: recorded.steps,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(framesOf(run.lines), []);
      const withoutFrames = (lines: string[]) => kindSequence(lines).filter((k) => k !== "transcript_mirror");
      assert.deepEqual(kindSequence(run.lines), withoutFrames(m15.lines));
      const kinds = (text: string) => text.split("\n").filter(Boolean).map((l) => entryKind(JSON.parse(l)));
      assert.deepEqual(
        kinds(readText(path.join(box.config, "projects", encoded(box.cwd), `${sessionIdOf(run.lines)}.jsonl`))),
        kinds(m15File),
      );
    } finally {
      box.cleanup();
    }
  });
});

/** The CLIs the unrecorded cases run on: the fake, and the real CLI under `scripts/test_real.sh`. */
const CLIS: { name: string; command?: string[]; env(config: string): Record<string, string> }[] = [
  { name: "fake", env: (config) => fakeEnv(config) },
  ...(REAL_CLI
    ? [{
      name: "real",
      command: [REAL_CLI],
      env: (config: string) => ({ ...stringEnv(), CLAUDE_CONFIG_DIR: config }),
    }]
    : []),
];

function stringEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

function userLine(content: string): { send: unknown } {
  return { send: { type: "user", message: { role: "user", content } } };
}

describe("--session-mirror where no recording shows it: the fake does what the real CLI 2.1.332 does", () => {
  for (const cli of CLIS) {
    test(`${cli.name}: a subagent's transcript is mirrored under its own path, its meta file as agent_metadata`, async () => {
      const box = sandbox();
      try {
        const input = { description: "review job", prompt: "sub hi", subagent_type: "general-purpose" };
        const run = await drive({
          command: cli.command,
          args: [...STREAM, "--session-mirror"],
          cwd: box.cwd,
          env: cli.env(box.config),
          steps: [
            userLine(`TOOL Task ${JSON.stringify({ ...input, run_in_background: false })}`),
            { wait: { type: "result" } },
            { close: true },
          ],
        });
        assert.equal(run.code, 0, run.stderr);
        const frames = framesOf(run.lines);
        const sid = sessionIdOf(run.lines);
        const main = path.join(box.config, "projects", encoded(box.cwd), `${sid}.jsonl`);
        const files = jsonlFiles(box.config);
        const subagent = files.find((f) => f.includes(`${path.sep}subagents${path.sep}`));
        assert.ok(subagent, "a subagent transcript");
        assert.equal(path.dirname(subagent), path.join(path.dirname(main), sid, "subagents"));
        assert.deepEqual(new Set(frames.map((f) => f.filePath)), new Set([main, subagent]));
        assert.deepEqual(linesOfFrames(frames, main), mirroredLines(readText(main)));
        // the subagent's frames: its file's lines, and its meta file as `agent_metadata` entries (the last one as
        // the file is now)
        const ofSubagent = frames.filter((f) => f.filePath === subagent).flatMap((f) => f.entries);
        const transcript = ofSubagent.filter((e) => e.type !== "agent_metadata").map((e) => JSON.stringify(e));
        assert.deepEqual(transcript, mirroredLines(readText(subagent)));
        const meta = ofSubagent.filter((e) => e.type === "agent_metadata").at(-1);
        assert.ok(meta, "an agent_metadata entry");
        const { type: _, ...fields } = meta;
        assert.deepEqual(fields, JSON.parse(readText(subagent.replace(/\.jsonl$/, ".meta.json"))));
      } finally {
        box.cleanup();
      }
    });

    test(`${cli.name}: with --no-session-persistence nothing is written, so nothing is mirrored`, async () => {
      const box = sandbox();
      try {
        const run = await drive({
          command: cli.command,
          args: [...STREAM, "--session-mirror", "--no-session-persistence"],
          cwd: box.cwd,
          env: cli.env(box.config),
          steps: [userLine("hello"), { wait: { type: "result" } }, { close: true }],
        });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(kindSequence(run.lines), ["system/init", "assistant", "result/success"]);
        assert.deepEqual(jsonlFiles(box.config), []);
      } finally {
        box.cleanup();
      }
    });

    test(`${cli.name}: -p with json or text output prints no frame, and still writes the file`, async () => {
      for (const format of ["json", "text"]) {
        const box = sandbox();
        try {
          const run = await drive({
            command: cli.command,
            args: ["-p", "hello", "--output-format", format, "--session-mirror"],
            cwd: box.cwd,
            env: cli.env(box.config),
          });
          assert.equal(run.code, 0, run.stderr);
          assert.equal(run.lines.length, 1, run.stdout);
          assert.equal(
            format === "json" ? lineKind(run.lines[0]) : run.lines[0],
            format === "json" ? "result/success" : "turns=1 last=hello history=hello",
          );
          assert.equal(jsonlFiles(box.config).length, 1);
        } finally {
          box.cleanup();
        }
      }
    });
  }
});

describe("the fake's own knobs for --session-mirror", () => {
  test("crashAfterResult: every entry was mirrored before the result, then SIGKILL; nothing written at exit", async () => {
    const box = sandbox();
    try {
      const run = await drive({
        args: [...STREAM, "--session-mirror"],
        cwd: box.cwd,
        env: fakeEnv(box.config, fakeCli.scenario().turn().crashAfterResult().env()),
        steps: [
          userLine("one"),
          { wait: { type: "result" } },
          userLine("two"),
          { wait: { type: "result" } },
          userLine("three"),
          { close: true },
        ],
      });
      assert.deepEqual([run.code, run.signal], [null, "SIGKILL"]);
      assert.equal(lineKind(run.lines.at(-1)!), "result/success", "the result is the last line");
      assert.equal(run.lines.filter((l) => lineKind(l) === "result/success").length, 2);
      const [file] = jsonlFiles(box.config);
      assert.ok(file);
      const frames = framesOf(run.lines);
      assert.deepEqual(linesOfFrames(frames, file), mirroredLines(readText(file)));
      const kinds = mirroredLines(readText(file)).map((l) => JSON.parse(l).type);
      assert.ok(!kinds.includes("cost-state"), "the process died before its exit entries");
      assert.equal(kinds.filter((k) => k === "user").length, 2, "turn three never started");
    } finally {
      box.cleanup();
    }
  });

  test("crashAfterResult with an exit code and a stderr line", async () => {
    const box = sandbox();
    try {
      const run = await drive({
        args: [...STREAM, "--session-mirror"],
        cwd: box.cwd,
        env: fakeEnv(box.config, fakeCli.scenario().crashAfterResult({ exitCode: 3, stderr: "gone" }).env()),
        steps: [userLine("one"), { wait: { type: "result" } }, { close: true }],
      });
      assert.deepEqual([run.code, run.signal, run.stderr], [3, null, "gone\n"]);
      assert.equal(lineKind(run.lines.at(-1)!), "result/success");
    } finally {
      box.cleanup();
    }
  });

  test("CLI 2.1.197 does not know the flag", async () => {
    const box = sandbox();
    try {
      const run = await drive({
        args: [...STREAM, "--session-mirror"],
        cwd: box.cwd,
        env: fakeEnv(box.config, { CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.197" }),
      });
      assert.deepEqual([run.code, run.stdout, run.stderr], [1, "", "error: unknown option '--session-mirror'\n"]);
    } finally {
      box.cleanup();
    }
  });
});

/** What an in-memory run of the fake showed: its stdout lines, and what differed whenever a result was printed. */
interface MirroredRun {
  lines: string[];
  problems: string[];
}

/**
 * Runs the fake in this process with the prompts on stdin; whenever it prints a result (the fake waits for the
 * write), compares every transcript under the config dir with what was mirrored so far.
 */
async function runInMemory(
  box: Sandbox,
  prompts: string[],
  args: string[],
  before: Map<string, string>,
): Promise<MirroredRun> {
  const lines: string[] = [];
  const problems: string[] = [];
  let pending = "";
  const check = (when: string) => {
    const frames = framesOf(lines);
    for (const frame of frames) {
      if (frame.entries.length === 0) problems.push(`${when}: an empty frame`);
      if (!path.isAbsolute(frame.filePath)) problems.push(`${when}: a relative filePath ${frame.filePath}`);
    }
    for (const file of jsonlFiles(box.config)) {
      const text = readText(file).slice(before.get(file)?.length ?? 0);
      const sent = linesOfFrames(frames, file).filter((l) => JSON.parse(l).type !== "agent_metadata");
      const want = mirroredLines(text);
      if (JSON.stringify(sent) !== JSON.stringify(want)) {
        problems.push(`${when}: ${path.basename(file)} mirrored ${sent.length} of ${want.length} entries`);
      }
    }
  };
  const stdin = (async function* () {
    for (const prompt of prompts) {
      yield JSON.stringify({ type: "user", message: { role: "user", content: prompt } }) + "\n";
    }
  })();
  const run = runFake({
    argv: [...STREAM, "--session-mirror", ...args],
    env: { PATH: process.env.PATH, HOME: box.root, CLAUDE_CONFIG_DIR: box.config, CLAUDE_STREAM_FAKE_SLOW_MS: "1" },
    cwd: box.cwd,
    stdin,
    stdout: (text) => {
      pending += text;
      for (let nl = pending.indexOf("\n"); nl !== -1; nl = pending.indexOf("\n")) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        lines.push(line);
        if (lineKind(line).startsWith("result/")) check(`at result ${lines.length}`);
      }
    },
    stderr: () => {},
  });
  const status = await run.exited;
  if (status.code !== 0) problems.push(`exit ${status.code} ${status.signal}`);
  check("at exit");
  return { lines, problems };
}

const TASK = JSON.stringify({ description: "d", prompt: "sub task", subagent_type: "general-purpose" });
const word = fc.stringMatching(/^[a-z]{1,12}$/);
/** Prompts that pick the fake model's behaviours: plain, a Bash call, a (background or foreground) subagent... */
const prompt = fc.oneof(
  word.map((w) => `plain ${w}`),
  word.map((w) => `TOOL_BASH echo ${w}`),
  fc.constant(`TOOL Task ${TASK}`),
  fc.constant(`TOOL Task ${JSON.stringify({ ...JSON.parse(TASK), run_in_background: false })}`),
  word.map((w) => `please be SLOW ${w}`),
  word.map((w) => `THINK about ${w}`),
  word.map((w) => `MAXTOK ${w}`),
);

test("property: whatever the turns, every entry written is mirrored before the next result, and a resume only sends what it appends", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(prompt, { minLength: 1, maxLength: 4 }),
      fc.array(prompt, { maxLength: 2 }),
      fc.boolean(),
      async (first, second, partial) => {
        const box = sandbox();
        try {
          const flags = [...(partial ? ["--include-partial-messages"] : []), "--allowedTools", "Bash"];
          const a = await runInMemory(box, first, flags, new Map());
          assert.deepEqual(a.problems, []);
          if (second.length === 0) return;
          const sid = sessionIdOf(a.lines);
          const before = new Map(jsonlFiles(box.config).map((f) => [f, readText(f)]));
          const b = await runInMemory(box, second, [...flags, `--resume=${sid}`], before);
          assert.deepEqual(b.problems, []);
          assert.ok(framesOf(b.lines).length > 0);
        } finally {
          box.cleanup();
        }
      },
    ),
    { numRuns: 25 },
  );
});
