/**
 * Conformance of the fake CLI's hooks with the 2.1.332 feature recordings m1–m5 (m5: command hooks from `--settings`
 * with `--include-hook-events`, beside an SDK callback): each case's command line and
 * stdin script, its hook_callback requests answered by the recorded respond rules (answers and error answers), and
 * the fake's stdout compared with the recording: the sequence of line kinds, the fields of each line, the hook
 * requests (callback ids, input fields), the tool results, denials and results; then the hook entries of the session
 * file (kinds, order, fields) and the first stderr line's start.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { drive, fakeEnv, isObject, matches, parse, type RunResult, sandbox, type Step } from "./_support.ts";
import { kindSequence, lineKind } from "./_conformance.ts";
import { shellWords } from "./_transcripts.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";

const FEATURES = path.join(PROTOCOL_DIR, "cli-2.1.332", "features");
const CASES = [
  "m1_hooks_allow_context",
  "m2_hooks_deny",
  "m3_hooks_modify_input_stop_block",
  "m4_hooks_block_and_callback_error",
  "m5_include_hook_events",
];

/** m5's hook scripts (`/home/dev/work/hooks/`), as their recorded output shows them; pre.sh keeps its stdin. */
function writeHookScripts(work: string): void {
  const dir = path.join(work, "hooks");
  fs.mkdirSync(dir, { recursive: true });
  const post = JSON.stringify({
    hookSpecificOutput: { hookEventName: "PostToolUse", additionalContext: "CMD-POST-CONTEXT" },
  });
  const scripts = {
    "pre.sh": `#!/bin/sh\ncat > "${dir}/pre-input.json"\necho cmd-hook-stdout\necho cmd-hook-stderr >&2\n`,
    "post.sh": `#!/bin/sh\necho '${post}'\n`,
  };
  for (const [name, text] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 });
}

/** A recorded respond rule of drive.mjs: the first unused rule matching a request answers it. */
interface Rule {
  match: Record<string, unknown>;
  response?: unknown;
  error?: string;
  times?: number;
}

interface FeatureCase {
  args: string[];
  steps: Step[];
  rules: Rule[];
  lines: string[];
  stderr: string;
  sessionFile: string;
}

function readCase(name: string): FeatureCase {
  const cmd = fs.readFileSync(path.join(FEATURES, `${name}.cmd.txt`), "utf8").trim();
  const cut = cmd.indexOf("    # cwd=");
  const args = shellWords(cmd.slice(0, cut)).slice(1);
  const comment = cmd.slice(cut);
  const steps = JSON.parse(/\.respond\.json: (\[.*\]); --respond rules: /.exec(comment)![1]) as Step[];
  const rules = JSON.parse(/--respond rules: (\[.*\])$/.exec(comment)![1]) as Rule[];
  const index = JSON.parse(fs.readFileSync(path.join(FEATURES, "INDEX.json"), "utf8"));
  return {
    args,
    steps,
    rules,
    lines: fs.readFileSync(path.join(FEATURES, `${name}.jsonl`), "utf8").split("\n").filter(Boolean),
    stderr: fs.readFileSync(path.join(FEATURES, `${name}.stderr.txt`), "utf8"),
    sessionFile: path.join(FEATURES, "projects-sample", index[name].session_files[0]),
  };
}

/** Answers hook_callback requests as drive.mjs did with the case's rules. */
function responder(rules: Rule[]): (line: string) => string | undefined {
  const used = rules.map(() => 0);
  return (line) => {
    const message = parse(line);
    if (!isObject(message) || message.type !== "control_request") return undefined;
    const i = rules.findIndex((rule, n) =>
      (rule.times === undefined || used[n] < rule.times) && matches(message, rule.match)
    );
    if (i === -1) return undefined;
    used[i]++;
    const id = message.request_id;
    const rule = rules[i];
    const response = rule.error !== undefined
      ? { subtype: "error", request_id: id, error: rule.error }
      : { subtype: "success", request_id: id, response: rule.response };
    return JSON.stringify({ type: "control_response", response }) + "\n";
  };
}

function fieldsOf(line: string): string {
  const m = parse(line);
  if (!isObject(m)) return "";
  const fields = Object.keys(m);
  for (const nested of ["message", "event", "response", "request"]) {
    const value = m[nested];
    if (isObject(value) && !Array.isArray(value)) fields.push(...Object.keys(value).map((k) => `${nested}.${k}`));
  }
  return fields.sort().join(",");
}

/** What must match line by line beyond the fields: the hook requests, tool results, denials, results. */
function keyFacts(line: string): unknown {
  // the fake numbers its tool calls from a random start
  const m = parse(line.replace(/toolu_fake_\d+/g, "toolu_fake_N"));
  if (!isObject(m)) return undefined;
  if (m.type === "control_request" && isObject(m.request)) {
    const input = isObject(m.request.input) ? m.request.input : {};
    const { session_id: _s, transcript_path: _t, cwd: _c, prompt_id: _p, duration_ms: _d, ...facts } = input;
    return { callback_id: m.request.callback_id, inputKeys: Object.keys(input), facts };
  }
  if (m.type === "user" && isObject(m.message)) {
    return { content: m.message.content, tool_use_result: m.tool_use_result, meta: m.tool_result_meta };
  }
  if (m.type === "system" && m.subtype !== "init") {
    const { uuid: _u, session_id: _s, hook_id: _h, ...facts } = m;
    return facts;
  }
  if (m.type === "result") {
    return { num_turns: m.num_turns, result: m.result, denials: m.permission_denials, is_error: m.is_error };
  }
  return undefined;
}

/** The hook entries of a session file, in order, with their fields and hook facts. */
function hookEntries(file: string): unknown[] {
  if (!fs.existsSync(file)) return [];
  const entries = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  return entries.filter((e) =>
    e.subtype === "stop_hook_summary" || e.subtype === "informational" || e.isMeta === true ||
    String(e.attachment?.type ?? "").startsWith("hook_")
  ).map((e) => {
    const { toolUseID: _t, durationMs: _d, ...attachment } = e.attachment ?? {};
    if (typeof attachment.command === "string") attachment.command = attachment.command.replace(/^.*\/work\//, "WORK/");
    return {
      kind: e.attachment ? `attachment/${e.attachment.type}` : e.subtype ? `system/${e.subtype}` : e.type,
      keys: Object.keys(e).sort().join(","),
      attachment,
      rendered: e.rendered,
      summary: e.subtype === "stop_hook_summary" ? { errors: e.hookErrors, hasOutput: e.hasOutput } : undefined,
      content: e.message?.content ?? e.content,
    };
  });
}

function sessionFileOf(config: string, run: RunResult): string {
  const init = run.lines.map(parse).find((m) => isObject(m) && typeof m.session_id === "string");
  const id = isObject(init) ? String(init.session_id) : "";
  const projects = path.join(config, "projects");
  for (const dir of fs.existsSync(projects) ? fs.readdirSync(projects) : []) {
    const file = path.join(projects, dir, `${id}.jsonl`);
    if (fs.existsSync(file)) return file;
  }
  return path.join(projects, `${id}.jsonl`);
}

describe("fake CLI hooks conform with the 2.1.332 recordings (features/m1-m5)", () => {
  for (const name of CASES) {
    test(name, async () => {
      const recorded = readCase(name);
      const box = sandbox();
      try {
        const work = path.join(box.root, "work") + "/";
        const steps = JSON.parse(JSON.stringify(recorded.steps).split("/home/dev/work/").join(work)) as Step[];
        writeHookScripts(work);
        const run = await drive({
          args: recorded.args.map((arg) => arg.split("/home/dev/work/").join(work)),
          cwd: box.cwd,
          env: fakeEnv(box.config, { CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.332" }),
          steps: steps.filter((s) => !("shell" in s)),
          respond: responder(recorded.rules),
        });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(kindSequence(run.lines), kindSequence(recorded.lines), "line kinds");
        recorded.lines.forEach((line, i) => {
          assert.equal(fieldsOf(run.lines[i]), fieldsOf(line), `fields of line ${i} (${lineKind(line)})`);
          assert.deepEqual(keyFacts(run.lines[i]), keyFacts(line), `line ${i} (${lineKind(line)})`);
        });
        // the real CLI goes on with a dump of its minified source
        const firstErr = (text: string) => text.split("\n")[0].split(": ")[0];
        assert.equal(firstErr(run.stderr), firstErr(recorded.stderr), "the first stderr line, up to its colon");
        assert.deepEqual(
          hookEntries(sessionFileOf(box.config, run)),
          hookEntries(recorded.sessionFile),
          "hook entries",
        );
        if (name === "m1_hooks_allow_context") {
          assert.ok(fs.existsSync(path.join(box.cwd, "m1-hook-allowed.txt")), "the allowed touch ran");
        }
        if (name === "m2_hooks_deny") assert.ok(!fs.existsSync(path.join(box.cwd, "m2-hook-denied.txt")), "not run");
        // each hook_response answers the hook_started before it
        const hookIds = (subtype: string) =>
          run.lines.map(parse).filter((m) => isObject(m) && m.subtype === subtype).map((m) => isObject(m) && m.hook_id);
        assert.deepEqual(hookIds("hook_response"), hookIds("hook_started"), "hook ids");
        if (name === "m5_include_hook_events") {
          // the command got the hook input on stdin: the same fields as the SDK callback of the same event
          const input = JSON.parse(fs.readFileSync(path.join(work, "hooks", "pre-input.json"), "utf8"));
          const request = run.lines.map(parse).find((m) => isObject(m) && m.type === "control_request");
          assert.ok(isObject(request) && isObject(request.request) && isObject(request.request.input));
          assert.deepEqual(input, request.request.input, "the command hook's stdin");
          assert.equal(input.hook_event_name, "PreToolUse");
          assert.equal(input.cwd, box.cwd);
        }
      } finally {
        box.cleanup();
      }
    });
  }
});
