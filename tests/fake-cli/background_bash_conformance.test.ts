/**
 * Conformance of the fake CLI's background Bash tasks with the 2.1.332 feature recording m36 (`stop_task`): the
 * case's command line and stdin script (the task id saved from `task_started` and sent back in `stop_task`), and the
 * fake's stdout compared with the recording: the sequence of line kinds, the fields of each line, the task lines'
 * facts (ids, types, statuses, the task list), the tool result's text and the answers, which come after the lines.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { drive, fakeEnv, isObject, parse, sandbox, type Step } from "./_support.ts";
import { kindSequence, lineKind } from "./_conformance.ts";
import { shellWords } from "./_transcripts.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";

const FEATURES = path.join(PROTOCOL_DIR, "cli-2.1.332", "features");

function readCase(name: string): { args: string[]; steps: Step[]; lines: string[] } {
  const cmd = fs.readFileSync(path.join(FEATURES, `${name}.cmd.txt`), "utf8").trim();
  const cut = cmd.indexOf("    # cwd=");
  return {
    args: shellWords(cmd.slice(0, cut)).slice(1),
    steps: JSON.parse(/stdin scripted by drive\.mjs : (\[.*\])$/.exec(cmd.slice(cut))![1]) as Step[],
    lines: fs.readFileSync(path.join(FEATURES, `${name}.jsonl`), "utf8").split("\n").filter(Boolean),
  };
}

function fieldsOf(line: string): string {
  const m = parse(line);
  if (!isObject(m)) return "";
  const fields = Object.keys(m);
  for (const nested of ["message", "response", "request", "patch"]) {
    const value = m[nested];
    if (isObject(value)) fields.push(...Object.keys(value).map((k) => `${nested}.${k}`));
  }
  return fields.sort().join(",");
}

/**
 * What must match line by line beyond the fields, with the run's own ids (task, run, session, tool call, the cwd in
 * the output path) replaced by placeholders.
 */
function keyFacts(line: string, ids: Record<string, string>): unknown {
  let text = line.replace(/toolu_fake_\d+/g, "TOOLU").replace(/"end_time":\d+/g, '"end_time":0');
  for (const [id, placeholder] of Object.entries(ids)) text = text.split(id).join(placeholder);
  const m = parse(text);
  if (!isObject(m)) return undefined;
  if (m.type === "system" && m.subtype !== "init") {
    const { uuid: _u, ...facts } = m;
    return facts;
  }
  if (m.type === "user" && isObject(m.message)) return { content: m.message.content, result: m.tool_use_result };
  if (m.type === "control_response" && isObject(m.response) && m.response.request_id !== "init1") return m.response;
  return undefined;
}

/** The ids of a run: its task's, its run's, its session's and its cwd's encoded form in the task output path. */
function idsOf(lines: string[]): Record<string, string> {
  const started = lines.map(parse).find((m) => isObject(m) && m.subtype === "task_started");
  const init = lines.map(parse).find((m) => isObject(m) && m.subtype === "init");
  assert.ok(isObject(started) && isObject(init), "task_started and init");
  const cwd = String(init.cwd);
  return {
    [String(started.task_id)]: "TASK",
    [String(started.run_id)]: "RUN",
    [String(init.session_id)]: "SESSION",
    [cwd.replace(/[^a-zA-Z0-9]/g, "-")]: "CWD",
  };
}

test("fake CLI background Bash and stop_task conform with the 2.1.332 recording (features/m36)", async () => {
  const recorded = readCase("m36_stop_task");
  const box = sandbox();
  try {
    const run = await drive({
      args: recorded.args,
      cwd: box.cwd,
      env: fakeEnv(box.config, { CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.332" }),
      steps: recorded.steps,
      maxSleepMs: 300,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(kindSequence(run.lines), kindSequence(recorded.lines), "line kinds");
    const runIds = idsOf(run.lines);
    const recordedIds = idsOf(recorded.lines);
    recorded.lines.forEach((line, i) => {
      assert.equal(fieldsOf(run.lines[i]), fieldsOf(line), `fields of line ${i} (${lineKind(line)})`);
      assert.deepEqual(keyFacts(run.lines[i], runIds), keyFacts(line, recordedIds), `line ${i} (${lineKind(line)})`);
    });
    const taskId = Object.keys(runIds)[0];
    assert.match(taskId, /^b[a-z0-9]{8}$/, "a task id like the recorded ones");
    // the stop_task request carried the saved task id
    assert.ok(run.stdin.includes(`"task_id":"${taskId}"`), "stop_task names the started task");
  } finally {
    box.cleanup();
  }
});

test("fake CLI: a background Bash task that ends by itself notifies and starts a notification turn (as k1/m26)", async () => {
  const box = sandbox();
  try {
    const input = { command: "echo bg-output", description: "quick echo", run_in_background: true };
    const prompt = `TOOL Bash ${JSON.stringify(input)}`;
    const run = await drive({
      args: ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--allowedTools", "Bash"],
      cwd: box.cwd,
      env: fakeEnv(box.config, { CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.332" }),
      steps: [
        { send: { type: "user", message: { role: "user", content: prompt } } },
        { wait: { type: "result" } },
        { wait: { type: "result" } },
        { close: true },
      ],
    });
    assert.equal(run.code, 0, run.stderr);
    const messages = run.lines.map(parse).filter(isObject);
    const kinds = messages.map((m) => m.subtype ? `${m.type}/${m.subtype}` : String(m.type));
    // the task may end before or after its turn's result; its notification turn comes after both
    const first = kinds.indexOf("result/success");
    const notified = kinds.indexOf("system/task_notification");
    assert.deepEqual(kinds.slice(notified - 1, notified + 2), [
      "system/task_updated",
      "system/task_notification",
      "system/background_tasks_changed",
    ]);
    const turn = Math.max(first, notified + 1);
    assert.deepEqual(kinds.slice(turn + 1), [
      "system/init",
      "assistant",
      "result/success",
    ]);
    const started = messages.find((m) => m.subtype === "task_started");
    const notification = messages.find((m) => m.subtype === "task_notification");
    const results = messages.filter((m) => m.type === "result");
    assert.ok(isObject(started) && isObject(notification));
    assert.equal(notification.task_id, started.task_id);
    assert.equal(notification.status, "completed");
    assert.deepEqual(results.map((r) => r.result_index), [0, 1]);
    assert.deepEqual(results[1].origin, { kind: "task-notification", producer: "session-task", runId: started.run_id });
    // the command's output went to the task's output file, which the notification names
    const outputFile = String(notification.output_file);
    if (fs.existsSync(outputFile)) assert.equal(fs.readFileSync(outputFile, "utf8"), "bg-output\n");
  } finally {
    box.cleanup();
  }
});
