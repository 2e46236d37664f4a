// @ts-check
/**
 * A `Task` tool call as the recorded CLI ran it (k1): a one-turn subagent of the fake model, reported on stdout with
 * `system/task_*` lines and the subagent's prompt, and written to `<project>/<sessionId>/subagents/agent-<id>.jsonl`
 * with its `.meta.json`.
 * @module
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { skillListingAttachment } from "./data.js";
import { assistantLine, fullUsage } from "./messages.js";
import { inputTokens, outputTokens } from "./model.js";
import { encodeCwd } from "./session_store.js";

/**
 * Runs the subagent of a Task call and returns the tool's outcome (tool_result content and `tool_use_result`).
 *
 * @example
 * ```js
 * // Used by turn.js: const outcome = await runSubagent(fake, turn, toolUseBlock);
 * ```
 * @param {any} fake
 * @param {{ promptId: string }} turn
 * @param {{ id: string, input: any }} block
 */
export async function runSubagent(fake, turn, block) {
  const started = Date.now();
  const prompt = String(block.input?.prompt ?? "");
  const description = String(block.input?.description ?? "");
  const agentType = String(block.input?.subagent_type ?? "general-purpose");
  const agentId = "a" + randomUUID().replace(/-/g, "").slice(0, 16);
  const sid = fake.sessionId;
  await fake.emit({
    type: "system", subtype: "task_started", task_id: agentId, tool_use_id: block.id, description, subagent_type: agentType,
    task_type: "local_agent", prompt, uuid: randomUUID(), session_id: sid,
  });
  const promptUuid = randomUUID();
  await fake.emit({
    type: "user", message: { role: "user", content: [{ type: "text", text: prompt }] }, parent_tool_use_id: block.id,
    session_id: sid, uuid: promptUuid, timestamp: new Date().toISOString(), subagent_type: agentType, task_description: description,
  });
  const reply = `turns=1 last=${prompt} history=${prompt.slice(0, 80)}`;
  const input = inputTokens(1, fake.model, fake.tools);
  const output = outputTokens([{ type: "text", text: reply }]);
  fake.account(input, output);
  writeTranscript(fake, turn, { agentId, agentType, description, toolUseId: block.id, prompt, promptUuid, reply, input, output });
  const durationMs = Date.now() - started;
  await fake.emit({ type: "system", subtype: "task_updated", task_id: agentId, patch: { status: "completed", end_time: Date.now() }, uuid: randomUUID(), session_id: sid });
  await fake.emit({
    type: "system", subtype: "task_notification", task_id: agentId, tool_use_id: block.id, status: "completed", output_file: "",
    summary: description, usage: { total_tokens: input + output, tool_uses: 0, duration_ms: durationMs }, uuid: randomUUID(), session_id: sid,
  });
  const footer = `agentId: ${agentId} (use SendMessage with to: '${agentId}', summary: '<5-10 word recap>' to continue this agent)\n` +
    `<usage>subagent_tokens: ${input + output}\ntool_uses: 0\nduration_ms: ${durationMs}</usage>`;
  return {
    content: [{ type: "text", text: reply }, { type: "text", text: footer }],
    isError: false,
    toolUseResult: {
      status: "completed", prompt, agentId, agentType, content: [{ type: "text", text: reply }], resolvedModel: fake.model.name,
      totalDurationMs: durationMs, totalTokens: input + output, totalToolUseCount: 0, usage: fullUsage(input, output),
    },
  };
}

/**
 * The subagent's own session file (sidechain entries) and its meta file.
 * @param {any} fake
 * @param {{ promptId: string }} turn
 * @param {{ agentId: string, agentType: string, description: string, toolUseId: string, prompt: string, promptUuid: string, reply: string, input: number, output: number }} a
 */
function writeTranscript(fake, turn, a) {
  if (!fake.persist || !fake.file) return;
  const dir = path.join(path.dirname(fake.file), fake.sessionId, "subagents");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `agent-${a.agentId}.meta.json`), JSON.stringify({ agentType: a.agentType, description: a.description, toolUseId: a.toolUseId, spawnDepth: 1 }));
  const common = () => ({ userType: "external", entrypoint: fake.entrypoint, cwd: fake.cwd, sessionId: fake.sessionId, version: fake.cli.version, gitBranch: "HEAD" });
  const stamp = () => new Date().toISOString();
  const listingUuid = randomUUID();
  const lines = [
    { parentUuid: null, isSidechain: true, promptId: turn.promptId, agentId: a.agentId, type: "user", message: { role: "user", content: a.prompt }, uuid: a.promptUuid, timestamp: stamp(), ...common() },
    { parentUuid: a.promptUuid, isSidechain: true, agentId: a.agentId, attachment: skillListingAttachment, type: "attachment", uuid: listingUuid, timestamp: stamp(), ...common() },
    {
      parentUuid: listingUuid, isSidechain: true, agentId: a.agentId,
      message: { id: `msg_fake_${fake.nextId()}`, type: "message", role: "assistant", model: fake.model.api, content: [{ type: "text", text: a.reply }], stop_reason: "end_turn", stop_sequence: null, usage: fullUsage(a.input, a.output), stop_details: null },
      requestId: `req_fake_${fake.nextId()}`, attributionAgent: a.agentType, type: "assistant", uuid: randomUUID(), timestamp: stamp(), ...common(),
    },
  ];
  fs.appendFileSync(path.join(dir, `agent-${a.agentId}.jsonl`), lines.map((l) => JSON.stringify(l) + "\n").join(""));
}

/**
 * Starts a Task subagent in the background, as CLI 2.1.332 does by default (k1): `background_tasks_changed` and
 * `task_started` now, the tool's outcome is the launch notice; the subagent itself runs when the turn's answer is
 * out ({@link runBackgroundTask}).
 *
 * @example
 * ```js
 * // Used by turn.js: const outcome = await startBackgroundSubagent(fake, turn, toolUseBlock);
 * ```
 * @param {any} fake
 * @param {{ promptId: string, backgroundTasks: any[] }} turn
 * @param {{ id: string, input: any }} block
 */
export async function startBackgroundSubagent(fake, turn, block) {
  const prompt = String(block.input?.prompt ?? "");
  const description = String(block.input?.description ?? "");
  const agentType = String(block.input?.subagent_type ?? "general-purpose");
  const agentId = "a" + randomUUID().replace(/-/g, "").slice(0, 16);
  const runId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const outputFile = `/tmp/claude-0/${encodeCwd(fake.cwd)}/${fake.sessionId}/tasks/${agentId}.output`;
  const sid = fake.sessionId;
  const task = { agentId, runId, agentType, description, prompt, toolUseId: block.id, outputFile, notification: "" };
  turn.backgroundTasks.push(task);
  fake.subagents.push({ type: agentType, background: true });
  await fake.emit({
    type: "system", subtype: "background_tasks_changed",
    tasks: [{ task_id: agentId, run_id: runId, task_type: "local_agent", subagent_type: agentType, description }], uuid: randomUUID(), session_id: sid,
  });
  await fake.emit({
    type: "system", subtype: "task_started", task_id: agentId, run_id: runId, tool_use_id: block.id, description, subagent_type: agentType,
    is_backgrounded: true, spawn_depth: 1, task_type: "local_agent", prompt, uuid: randomUUID(), session_id: sid,
  });
  const text = "Async agent launched successfully. (This tool result is internal metadata — never quote or paste any part of it, including the agentId below, into a user-facing reply.)\n" +
    `agentId: ${agentId} (internal ID - do not mention to user. Use SendMessage with to: '${agentId}', summary: '<5-10 word recap>' to continue this agent.)\n` +
    "The agent is working in the background. You will be notified automatically when it completes. You know nothing about its results until that notification arrives — do not report, assume, or predict them; continue other work or respond to the user in the meantime.\n" +
    "Do not duplicate this agent's work — avoid working with the same files or topics it is using.\n" +
    `output_file: ${outputFile}\n` +
    "Do NOT Read or tail this file via the shell tool — it is the full subagent JSONL transcript and reading it will overflow your context. If the user asks for progress, say the agent is still running; you'll get a completion notification.";
  return {
    content: [{ type: "text", text }],
    isError: false,
    toolUseResult: {
      isAsync: true, status: "async_launched", agentId, description, resolvedModel: fake.model.name, prompt, outputFile,
      canReadOutputFile: true, canContinueAgent: true,
    },
  };
}

/**
 * Runs a background subagent started by {@link startBackgroundSubagent}: its answer (an assistant line with
 * `agent_id`), `task_updated`, `task_notification`, and `background_tasks_changed` with no task left. Sets the
 * task's `notification`, the text the CLI then sends the model.
 *
 * @example
 * ```js
 * // Used by turn.js once the turn's answer is out: await runBackgroundTask(fake, turn, task);
 * ```
 * @param {any} fake
 * @param {{ promptId: string }} turn
 * @param {{ agentId: string, runId: string, agentType: string, description: string, prompt: string, toolUseId: string, outputFile: string, notification: string }} task
 */
export async function runBackgroundTask(fake, turn, task) {
  const started = Date.now();
  const sid = fake.sessionId;
  const reply = `turns=1 last=${task.prompt} history=${task.prompt.slice(0, 80)}`;
  const input = inputTokens(1, fake.model, fake.tools);
  const output = outputTokens([{ type: "text", text: reply }]);
  fake.account(input, output);
  const promptUuid = randomUUID();
  const line = assistantLine({
    id: `msg_fake_${fake.nextId()}`, model: fake.model.api, block: { type: "text", text: reply }, inputTokens: input, sessionId: sid,
    uuid: randomUUID(), requestId: `req_fake_${fake.nextId()}`, parentToolUseId: task.toolUseId,
  });
  const { session_id, uuid, request_id, ...head } = line;
  await fake.emit({
    ...head, agent_id: task.agentId, session_id, uuid, timestamp: new Date().toISOString(), request_id, subagent_type: task.agentType,
    task_description: task.description,
  });
  writeTranscript(fake, turn, {
    agentId: task.agentId, agentType: task.agentType, description: task.description, toolUseId: task.toolUseId, prompt: task.prompt,
    promptUuid, reply, input, output,
  });
  const durationMs = Date.now() - started;
  await fake.emit({ type: "system", subtype: "task_updated", task_id: task.agentId, run_id: task.runId, patch: { status: "completed", end_time: Date.now() }, uuid: randomUUID(), session_id: sid });
  await fake.emit({
    type: "system", subtype: "task_notification", task_id: task.agentId, run_id: task.runId, tool_use_id: task.toolUseId, status: "completed",
    output_file: task.outputFile, summary: reply, summary_is_report: true, usage: { total_tokens: input + output, tool_uses: 0, duration_ms: durationMs },
    uuid: randomUUID(), session_id: sid,
  });
  await fake.emit({ type: "system", subtype: "background_tasks_changed", tasks: [], uuid: randomUUID(), session_id: sid });
  task.notification = `<task-notification>\n<task-id>${task.agentId}</task-id>\n<tool-use-id>${task.toolUseId}</tool-use-id>\n` +
    `<output-file>${task.outputFile}</output-file>\n<status>completed</status>\n<summary>Agent "${task.description}" finished</summary>\n` +
    "<note>A task-notification fires each time this agent stops with no live background children of its own. The user can send it another message and resume it, so the same task-id may notify more than once.</note>\n" +
    `<result>${reply}</result>\n<usage><subagent_tokens>${input + output}</subagent_tokens><tool_uses>0</tool_uses><duration_ms>${durationMs}</duration_ms></usage>\n</task-notification>`;
}
