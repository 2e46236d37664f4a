// @ts-check
/**
 * Bash calls with `run_in_background: true` (features/m36 of the 2.1.332 recordings): the command runs as a
 * background task (`system/background_tasks_changed`, `system/task_started` with `is_backgrounded: true` and
 * `task_type: "local_bash"`), the tool's result says where its output goes, and the turn ends without waiting for it.
 * A `stop_task` control request kills it (`task_updated` killed, `task_notification` stopped, the task list without
 * it, then the answer `{}`); a task that ends by itself notifies the same way (`completed`) and starts a turn of
 * its own with the notification (as a background subagent's does, k1/m26). Tasks still running when the process
 * ends are killed without a word.
 * @module
 */
import { spawn } from "node:child_process";
import { randomInt, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { controlSuccess } from "./messages.js";
import { emit } from "./output.js";
import { encodeCwd } from "./session_store.js";
/** @import { FakeProcess } from "./fake_process.js" */

/** The letters and digits of a task id after its `b`. */
const ID_LETTERS = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * A running background Bash task.
 * @typedef {object} BackgroundShell
 * @property {string} taskId `b` and 8 letters or digits, as recorded
 * @property {string} runId
 * @property {string} toolUseId
 * @property {string} description
 * @property {string} outputFile where the command's stdout and stderr go
 * @property {import("node:child_process").ChildProcess} child
 * @property {boolean} stopped killed by `stop_task` (or the process's end): no notification of its own end
 */

/**
 * Starts a background Bash call: its lines, the child (its own process group, output to the task's file), and the
 * tool outcome the CLI returns at once.
 *
 * @example
 * ```js
 * // Used by turn.js for a Bash call with run_in_background: const outcome = await startBackgroundBash(fake, block, input);
 * ```
 * @param {FakeProcess} fake
 * @param {{ id: string }} block the tool_use block
 * @param {Record<string, any>} input the call's input
 * @returns {Promise<import("./tools.js").ToolOutcome>}
 */
export async function startBackgroundBash(fake, block, input) {
  const { config, store } = fake;
  const taskId = "b" + Array.from({ length: 8 }, () => ID_LETTERS[randomInt(ID_LETTERS.length)]).join("");
  const runId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const description = String(input.description ?? input.command ?? "");
  const outputFile = `/tmp/claude-0/${encodeCwd(config.cwd)}/${store.sessionId}/tasks/${taskId}.output`;
  const child = spawnShell(String(input.command ?? ""), config.cwd, config.env, outputFile);
  /** @type {BackgroundShell} */
  const task = { taskId, runId, toolUseId: block.id, description, outputFile, child, stopped: false };
  fake.backgroundShells.set(taskId, task);
  child.on("close", (code) => {
    if (!task.stopped) void taskEnded(fake, task, code ?? 1);
  });
  await emitTaskList(fake);
  await emit(fake, {
    type: "system",
    subtype: "task_started",
    task_id: taskId,
    run_id: runId,
    tool_use_id: block.id,
    description,
    is_backgrounded: true,
    task_type: "local_bash",
    uuid: randomUUID(),
    session_id: store.sessionId,
  });
  return {
    content: `Command running in background with ID: ${taskId}. Output is being written to: ${outputFile}. ` +
      "You will be notified when it completes. To check interim output, use Read on that file path.",
    isError: false,
    toolUseResult: {
      stdout: "",
      stderr: "",
      interrupted: false,
      isImage: false,
      noOutputExpected: false,
      backgroundTaskId: taskId,
    },
  };
}

/**
 * Answers a `stop_task` control request: a running background task is killed, and its lines come before the
 * answer `{}`; any other id is answered `{}` too (m36).
 *
 * @example
 * ```js
 * // Used by control.js: await stopTask(fake, "st1", request.task_id);
 * ```
 * @param {FakeProcess} fake
 * @param {string} requestId the control request's id
 * @param {unknown} taskId
 */
export async function stopTask(fake, requestId, taskId) {
  const task = typeof taskId === "string" ? fake.backgroundShells.get(taskId) : undefined;
  if (task) {
    const sid = fake.store.sessionId;
    task.stopped = true;
    killGroup(task.child);
    fake.backgroundShells.delete(task.taskId);
    await emit(fake, {
      type: "system",
      subtype: "task_updated",
      task_id: task.taskId,
      run_id: task.runId,
      patch: { status: "killed", end_time: Date.now() },
      uuid: randomUUID(),
      session_id: sid,
    });
    await emit(fake, {
      type: "system",
      subtype: "task_notification",
      task_id: task.taskId,
      run_id: task.runId,
      tool_use_id: task.toolUseId,
      status: "stopped",
      output_file: task.outputFile,
      summary: task.description,
      uuid: randomUUID(),
      session_id: sid,
    });
    await emitTaskList(fake);
  }
  await emit(fake, controlSuccess(requestId, {}));
}

/**
 * Kills the background tasks still running, without a line (the process is ending).
 *
 * @example
 * ```js
 * // Used by run_process.js when the process ends: killBackgroundShells(fake);
 * ```
 * @param {FakeProcess} fake
 */
export function killBackgroundShells(fake) {
  for (const task of fake.backgroundShells.values()) {
    task.stopped = true;
    killGroup(task.child);
  }
  fake.backgroundShells.clear();
}

/**
 * A task that ended by itself: `task_updated` completed (or failed), `task_notification`, the task list without
 * it, then a turn started by the notification. The notification's wording is the fake's own (2.1.332's was seen
 * only in a scratch run).
 * @param {FakeProcess} fake @param {BackgroundShell} task @param {number} code
 */
async function taskEnded(fake, task, code) {
  if (!fake.backgroundShells.delete(task.taskId)) return;
  const sid = fake.store.sessionId;
  const status = code === 0 ? "completed" : "failed";
  const summary = `Background command "${task.description}" ${status} (exit code ${code})`;
  await emit(fake, {
    type: "system",
    subtype: "task_updated",
    task_id: task.taskId,
    run_id: task.runId,
    patch: { status, end_time: Date.now() },
    uuid: randomUUID(),
    session_id: sid,
  });
  await emit(fake, {
    type: "system",
    subtype: "task_notification",
    task_id: task.taskId,
    run_id: task.runId,
    tool_use_id: task.toolUseId,
    status,
    output_file: task.outputFile,
    summary,
    uuid: randomUUID(),
    session_id: sid,
  });
  await emitTaskList(fake);
  const notification = `<task-notification>\n<task-id>${task.taskId}</task-id>\n` +
    `<tool-use-id>${task.toolUseId}</tool-use-id>\n<output-file>${task.outputFile}</output-file>\n` +
    `<status>${status}</status>\n<summary>${summary}</summary>\n</task-notification>`;
  // imported here: the turn queue runs turns, and a turn starts background tasks
  const { queueNotificationTurn } = await import("./turn_queue.js");
  await queueNotificationTurn(fake, { notification, runId: task.runId });
}

/** @param {FakeProcess} fake */
function emitTaskList(fake) {
  return emit(fake, {
    type: "system",
    subtype: "background_tasks_changed",
    tasks: [...fake.backgroundShells.values()].map((t) => ({
      task_id: t.taskId,
      run_id: t.runId,
      task_type: "local_bash",
      description: t.description,
    })),
    uuid: randomUUID(),
    session_id: fake.store.sessionId,
  });
}

/**
 * `sh -c command` in its own process group, stdout and stderr to the task's output file (none when it cannot be
 * made).
 * @param {string} command @param {string} cwd @param {Record<string, string | undefined>} hostEnv
 * @param {string} outputFile
 */
function spawnShell(command, cwd, hostEnv, outputFile) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [k, v] of Object.entries(hostEnv)) if (v !== undefined) env[k] = v;
  /** @type {number | "ignore"} */
  let out = "ignore";
  try {
    fs.mkdirSync(path.dirname(outputFile), { recursive: true });
    out = fs.openSync(outputFile, "a");
  } catch {
    // no output file: the command runs all the same
  }
  const child = spawn("/bin/sh", ["-c", command], { cwd, env, stdio: ["ignore", out, out], detached: true });
  if (typeof out === "number") fs.closeSync(out);
  child.on("error", () => {});
  return child;
}

/** @param {import("node:child_process").ChildProcess} child */
function killGroup(child) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
}
