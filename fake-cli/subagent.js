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
import { fullUsage, VERSION } from "./messages.js";
import { inputTokens, outputTokens } from "./model.js";

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
  const common = () => ({ userType: "external", entrypoint: fake.entrypoint, cwd: fake.cwd, sessionId: fake.sessionId, version: VERSION, gitBranch: "HEAD" });
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
