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
import { data197 } from "./recorded_data.js";
import { assistantLine, fullUsage } from "./messages.js";
import { ASSISTANT_ORDER, assistantFields } from "./entry_fields.js";
import { inputTokens, outputTokens } from "./model.js";
import {
  announcements,
  hasSystemTurns,
  promptAttachments,
  promptSnapshot,
  requestShape,
  sessionData,
} from "./prompt_context.js";
import { createRequestLog, requestEntries, requestParams, wireMessages } from "./request_log.js";
import { encodeCwd, inKeyOrder } from "./session_store.js";
import { contextSetup } from "./turn_records.js";
import { emit } from "./output.js";
/** @import { FakeProcess } from "./fake_process.js" */
/** @import { ToolInput } from "./messages.js" */
/** @import { Entry } from "./session_store.js" */

/**
 * A subagent started in the background (2.1.332), run once the turn's answer is out; `notification` is the text its
 * completion sends the model.
 * @typedef {object} BackgroundTask
 * @property {string} agentId
 * @property {string} runId
 * @property {string} agentType
 * @property {string} description
 * @property {string} prompt
 * @property {string} toolUseId
 * @property {string} outputFile
 * @property {string} notification
 */

/**
 * Runs the subagent of a Task call and returns the tool's outcome (tool_result content and `tool_use_result`).
 *
 * @example
 * ```js
 * // Used by turn.js: const outcome = await runSubagent(fake, turn, toolUseBlock);
 * ```
 * @param {FakeProcess} fake
 * @param {{ promptId: string }} turn
 * @param {{ id: string, input: ToolInput }} block
 */
export async function runSubagent(fake, turn, block) {
  const { settings } = fake;
  const started = Date.now();
  const prompt = String(block.input?.prompt ?? "");
  const description = String(block.input?.description ?? "");
  const agentType = String(block.input?.subagent_type ?? "general-purpose");
  const agentId = "a" + randomUUID().replace(/-/g, "").slice(0, 16);
  const sid = fake.store.sessionId;
  await emit(fake, {
    type: "system",
    subtype: "task_started",
    task_id: agentId,
    tool_use_id: block.id,
    description,
    subagent_type: agentType,
    task_type: "local_agent",
    prompt,
    uuid: randomUUID(),
    session_id: sid,
  });
  const promptUuid = randomUUID();
  await emit(fake, {
    type: "user",
    message: { role: "user", content: [{ type: "text", text: prompt }] },
    parent_tool_use_id: block.id,
    session_id: sid,
    uuid: promptUuid,
    timestamp: new Date().toISOString(),
    subagent_type: agentType,
    task_description: description,
  });
  const reply = `turns=1 last=${prompt} history=${prompt.slice(0, 80)}`;
  const input = inputTokens(1, settings.model, fake.config.tools);
  const output = outputTokens([{ type: "text", text: reply }]);
  fake.usage.account(settings.model, input, output);
  writeTranscript(fake, turn, {
    agentId,
    agentType,
    description,
    toolUseId: block.id,
    prompt,
    promptUuid,
    reply,
    input,
    output,
  });
  const durationMs = Date.now() - started;
  await emit(fake, {
    type: "system",
    subtype: "task_updated",
    task_id: agentId,
    patch: { status: "completed", end_time: Date.now() },
    uuid: randomUUID(),
    session_id: sid,
  });
  await emit(fake, {
    type: "system",
    subtype: "task_notification",
    task_id: agentId,
    tool_use_id: block.id,
    status: "completed",
    output_file: "",
    summary: description,
    usage: { total_tokens: input + output, tool_uses: 0, duration_ms: durationMs },
    uuid: randomUUID(),
    session_id: sid,
  });
  const footer =
    `agentId: ${agentId} (use SendMessage with to: '${agentId}', summary: '<5-10 word recap>' to continue this agent)\n` +
    `<usage>subagent_tokens: ${input + output}\ntool_uses: 0\nduration_ms: ${durationMs}</usage>`;
  return {
    content: [{ type: "text", text: reply }, { type: "text", text: footer }],
    isError: false,
    toolUseResult: {
      status: "completed",
      prompt,
      agentId,
      agentType,
      content: [{ type: "text", text: reply }],
      resolvedModel: settings.model.name,
      totalDurationMs: durationMs,
      totalTokens: input + output,
      totalToolUseCount: 0,
      usage: fullUsage(input, output),
    },
  };
}

/**
 * The subagent's own session file (sidechain entries) and its meta file.
 * @param {FakeProcess} fake
 * @param {{ promptId: string }} turn
 * @param {{ agentId: string, agentType: string, description: string, toolUseId: string, prompt: string, promptUuid: string, reply: string, input: number, output: number }} a
 */
function writeTranscript(fake, turn, a) {
  const { store } = fake;
  if (!fake.config.persist || !store.file) return;
  const dir = path.join(path.dirname(store.file), store.sessionId, "subagents");
  fs.mkdirSync(dir, { recursive: true });
  const meta = { agentType: a.agentType, description: a.description, toolUseId: a.toolUseId, spawnDepth: 1 };
  fs.writeFileSync(path.join(dir, `agent-${a.agentId}.meta.json`), JSON.stringify(meta));
  const lines = store.log ? transcript332(fake, turn, a) : transcript197(fake, turn, a);
  const file = path.join(dir, `agent-${a.agentId}.jsonl`);
  fs.appendFileSync(file, lines.map((l) => JSON.stringify(l) + "\n").join(""));
  // `--session-mirror` (not recorded; as the real 2.1.332 does it): the transcript under its own path, the meta file
  // as an `agent_metadata` entry of it
  store.mirror?.record(file, { type: "agent_metadata", ...meta });
  for (const line of lines) store.mirror?.record(file, line);
}

/**
 * The subagent transcript as 2.1.197 wrote it: the prompt, the skill listing, the answer.
 * @param {FakeProcess} fake
 * @param {{ promptId: string }} turn
 * @param {{ agentId: string, agentType: string, prompt: string, promptUuid: string, reply: string, input: number, output: number }} a
 */
function transcript197(fake, turn, a) {
  const { config } = fake;
  const common = () => ({
    userType: "external",
    entrypoint: config.entrypoint,
    cwd: config.cwd,
    sessionId: fake.store.sessionId,
    version: config.cli.version,
    gitBranch: "HEAD",
  });
  const stamp = () => new Date().toISOString();
  const listingUuid = randomUUID();
  return [
    {
      parentUuid: null,
      isSidechain: true,
      promptId: turn.promptId,
      agentId: a.agentId,
      type: "user",
      message: { role: "user", content: a.prompt },
      uuid: a.promptUuid,
      timestamp: stamp(),
      ...common(),
    },
    {
      parentUuid: a.promptUuid,
      isSidechain: true,
      agentId: a.agentId,
      attachment: data197.skillListingAttachment,
      type: "attachment",
      uuid: listingUuid,
      timestamp: stamp(),
      ...common(),
    },
    {
      parentUuid: listingUuid,
      isSidechain: true,
      agentId: a.agentId,
      message: answerMessage(fake, a),
      requestId: `req_fake_${fake.nextId()}`,
      attributionAgent: a.agentType,
      type: "assistant",
      uuid: randomUUID(),
      timestamp: stamp(),
      ...common(),
    },
  ];
}

/** The attachments that open a 2.1.332 subagent's conversation, in the recorded order (k1). */
const SUBAGENT_ANNOUNCED = ["deferred_tools_delta", "environment", "model", "skill_listing"];

/**
 * The subagent transcript as 2.1.332 writes it (k1): the prompt, the subagent's own opening attachments and
 * snapshot, its request, the answer, the full snapshot. The subagent has a smaller tool set and its own system prompt.
 * @param {FakeProcess} fake
 * @param {{ promptId: string }} turn
 * @param {{ agentId: string, agentType: string, prompt: string, promptUuid: string, reply: string, input: number, output: number }} a
 */
function transcript332(fake, turn, a) {
  const { settings } = fake;
  const names = sessionData.subagentTools.map((/** @type {string} */ n) => (n === "Agent" ? "Task" : n));
  const setup = {
    ...contextSetup(fake),
    tools: fake.config.tools.filter((/** @type {string} */ t) => names.includes(t)),
    subagent: true,
    appendSystemPrompt: undefined,
  };
  /** @type {Entry[]} */
  const chain = [];
  const add = (
    /** @type {string} */ type,
    /** @type {Record<string, unknown>} */ fields,
    /** @type {readonly string[]} */ order = SIDECHAIN_ORDER,
  ) => {
    const entry = inKeyOrder(
      fake.store.chainEntry(type, {
        ...fields,
        parentUuid: chain.at(-1)?.uuid ?? null,
        isSidechain: true,
        agentId: a.agentId,
      }),
      order,
    );
    chain.push(entry);
    return entry;
  };
  add("user", {
    promptId: turn.promptId,
    message: { role: "user", content: a.prompt },
    uuid: a.promptUuid,
    rowSource: "recorded",
  });
  for (
    const fields of [
      ...announcements(setup, SUBAGENT_ANNOUNCED),
      ...promptAttachments(setup),
      promptSnapshot(setup, false),
    ]
  ) add("attachment", fields);
  const opening = chain.length;
  const request = requestEntries(createRequestLog(), {
    sessionId: fake.store.sessionId,
    agentId: a.agentId,
    version: fake.config.cli.version,
    querySource: `agent:builtin:${a.agentType}`,
    shape: requestShape(setup),
    params: requestParams(settings.model),
    messages: wireMessages(chain, { systemTurns: hasSystemTurns(settings.model) }),
  });
  const block = { type: "text", text: a.reply };
  add("assistant", {
    message: answerMessage(fake, a),
    requestId: `req_fake_${fake.nextId()}`,
    attributionAgent: a.agentType,
    ...assistantFields(settings.model, { requestRef: request.id, blockIndex: 0, block }),
  }, ASSISTANT_ORDER);
  add("attachment", promptSnapshot(setup, true));
  return [...chain.slice(0, opening), ...request.entries, ...chain.slice(opening)];
}

/** The key order of a sidechain entry's head. */
const SIDECHAIN_ORDER = ["parentUuid", "isSidechain", "promptId", "agentId"];

/** The subagent's answer as its transcript holds it. @param {FakeProcess} fake @param {{ reply: string, input: number, output: number }} a */
function answerMessage(fake, a) {
  return {
    id: `msg_fake_${fake.nextId()}`,
    type: "message",
    role: "assistant",
    model: fake.settings.model.api,
    content: [{ type: "text", text: a.reply }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: fullUsage(a.input, a.output),
    stop_details: null,
  };
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
 * @param {FakeProcess} fake
 * @param {{ promptId: string, backgroundTasks: BackgroundTask[] }} turn
 * @param {{ id: string, input: ToolInput }} block
 */
export async function startBackgroundSubagent(fake, turn, block) {
  const prompt = String(block.input?.prompt ?? "");
  const description = String(block.input?.description ?? "");
  const agentType = String(block.input?.subagent_type ?? "general-purpose");
  const agentId = "a" + randomUUID().replace(/-/g, "").slice(0, 16);
  const runId = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const outputFile = `/tmp/claude-0/${encodeCwd(fake.config.cwd)}/${fake.store.sessionId}/tasks/${agentId}.output`;
  const sid = fake.store.sessionId;
  const task = { agentId, runId, agentType, description, prompt, toolUseId: block.id, outputFile, notification: "" };
  turn.backgroundTasks.push(task);
  fake.usage.subagents.push({ type: agentType, background: true });
  await emit(fake, {
    type: "system",
    subtype: "background_tasks_changed",
    tasks: [{ task_id: agentId, run_id: runId, task_type: "local_agent", subagent_type: agentType, description }],
    uuid: randomUUID(),
    session_id: sid,
  });
  await emit(fake, {
    type: "system",
    subtype: "task_started",
    task_id: agentId,
    run_id: runId,
    tool_use_id: block.id,
    description,
    subagent_type: agentType,
    is_backgrounded: true,
    spawn_depth: 1,
    task_type: "local_agent",
    prompt,
    uuid: randomUUID(),
    session_id: sid,
  });
  const text =
    "Async agent launched successfully. (This tool result is internal metadata — never quote or paste any part of it, including the agentId below, into a user-facing reply.)\n" +
    `agentId: ${agentId} (internal ID - do not mention to user. Use SendMessage with to: '${agentId}', summary: '<5-10 word recap>' to continue this agent.)\n` +
    "The agent is working in the background. You will be notified automatically when it completes. You know nothing about its results until that notification arrives — do not report, assume, or predict them; continue other work or respond to the user in the meantime.\n" +
    "Do not duplicate this agent's work — avoid working with the same files or topics it is using.\n" +
    `output_file: ${outputFile}\n` +
    "Do NOT Read or tail this file via the shell tool — it is the full subagent JSONL transcript and reading it will overflow your context. If the user asks for progress, say the agent is still running; you'll get a completion notification.";
  return {
    content: [{ type: "text", text }],
    isError: false,
    toolUseResult: {
      isAsync: true,
      status: "async_launched",
      agentId,
      description,
      resolvedModel: fake.settings.model.name,
      prompt,
      outputFile,
      canReadOutputFile: true,
      canContinueAgent: true,
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
 * @param {FakeProcess} fake
 * @param {{ promptId: string }} turn
 * @param {BackgroundTask} task
 */
export async function runBackgroundTask(fake, turn, task) {
  const { settings } = fake;
  const started = Date.now();
  const sid = fake.store.sessionId;
  const reply = `turns=1 last=${task.prompt} history=${task.prompt.slice(0, 80)}`;
  const input = inputTokens(1, settings.model, fake.config.tools);
  const output = outputTokens([{ type: "text", text: reply }]);
  fake.usage.account(settings.model, input, output);
  const promptUuid = randomUUID();
  const line = assistantLine({
    id: `msg_fake_${fake.nextId()}`,
    model: settings.model.api,
    block: { type: "text", text: reply },
    inputTokens: input,
    sessionId: sid,
    uuid: randomUUID(),
    requestId: `req_fake_${fake.nextId()}`,
    parentToolUseId: task.toolUseId,
  });
  const { session_id, uuid, request_id, ...head } = line;
  await emit(fake, {
    ...head,
    agent_id: task.agentId,
    session_id,
    uuid,
    timestamp: new Date().toISOString(),
    request_id,
    subagent_type: task.agentType,
    task_description: task.description,
  });
  writeTranscript(fake, turn, {
    agentId: task.agentId,
    agentType: task.agentType,
    description: task.description,
    toolUseId: task.toolUseId,
    prompt: task.prompt,
    promptUuid,
    reply,
    input,
    output,
  });
  const durationMs = Date.now() - started;
  await emit(fake, {
    type: "system",
    subtype: "task_updated",
    task_id: task.agentId,
    run_id: task.runId,
    patch: { status: "completed", end_time: Date.now() },
    uuid: randomUUID(),
    session_id: sid,
  });
  await emit(fake, {
    type: "system",
    subtype: "task_notification",
    task_id: task.agentId,
    run_id: task.runId,
    tool_use_id: task.toolUseId,
    status: "completed",
    output_file: task.outputFile,
    summary: reply,
    summary_is_report: true,
    usage: { total_tokens: input + output, tool_uses: 0, duration_ms: durationMs },
    uuid: randomUUID(),
    session_id: sid,
  });
  await emit(fake, {
    type: "system",
    subtype: "background_tasks_changed",
    tasks: [],
    uuid: randomUUID(),
    session_id: sid,
  });
  task.notification =
    `<task-notification>\n<task-id>${task.agentId}</task-id>\n<tool-use-id>${task.toolUseId}</tool-use-id>\n` +
    `<output-file>${task.outputFile}</output-file>\n<status>completed</status>\n<summary>Agent "${task.description}" finished</summary>\n` +
    "<note>A task-notification fires each time this agent stops with no live background children of its own. The user can send it another message and resume it, so the same task-id may notify more than once.</note>\n" +
    `<result>${reply}</result>\n<usage><subagent_tokens>${
      input + output
    }</subagent_tokens><tool_uses>0</tool_uses><duration_ms>${durationMs}</duration_ms></usage>\n</task-notification>`;
}
