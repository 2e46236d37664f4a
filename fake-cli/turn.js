// @ts-check
/**
 * One turn of the fake CLI: the prompt goes into the conversation, the fake model answers block by block (with
 * stream events, tool calls, API failures and interrupts as recorded), the entries reach the session file, and
 * exactly one `result` closes the turn.
 * @module
 */
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import { agentListingAttachment, skillListingAttachment } from "./data.js";
import {
  assistantLine, errorResult, fullUsage, lifecycleLine, streamEvent, successResult, syntheticMessage, userLine,
} from "./messages.js";
import {
  apiMessages, INTERRUPT_MARKER, inputTokens, MAX_TOKENS_NUDGE, outputTokens, promptWords, pushMessage, replyText,
  systemSummary, thinkingBlock, toBlocks, userTexts,
} from "./model.js";
import { turnSpec } from "./scenario.js";
import { runBackgroundTask, runSubagent, startBackgroundSubagent } from "./subagent.js";
import { isCompactCommand, runCompact } from "./compact.js";
import { canUseToolRequest, decidePermission, runTool, unaskedDenial } from "./tools.js";

/**
 * Thrown inside a turn to end the whole process (scenario crash).
 *
 * @example
 * ```js
 * import { FakeExit } from "./turn.js";
 * throw new FakeExit(3, null); // runFake resolves { code: 3, signal: null }
 * ```
 */
export class FakeExit extends Error {
  /** @param {number | null} code @param {string | null} signal */
  constructor(code, signal) {
    super(`fake exit ${code ?? signal}`);
    this.code = code;
    this.signal = signal;
  }
}

/** The Messages API error types of the recorded failures (2.1.332's `api_error_type`). */
export const API_ERROR_TYPES = { 400: "invalid_request_error", 401: "authentication_error", 429: "rate_limit_error", 500: "api_error", 529: "overloaded_error" };

/** Thrown when an interrupt stops the turn. */
class Interrupted extends Error {}

const API_ERRORS = {
  400: { error: "unknown", text: "API Error: 400 fake error 400", retry: false },
  401: { error: "authentication_failed", text: "Invalid API key · Fix external API key", retry: true },
  429: { error: "rate_limit", text: "API Error: 429 Rate limited (fake). Wait a moment and try again.", retry: true },
  500: {
    error: "server_error",
    text: "API Error: 500 Internal server error (fake). This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:41517).",
    retry: true,
  },
  529: {
    error: "server_error",
    text: "API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:41517).",
    retry: true,
  },
};

/**
 * Runs one turn for a user message from stdin or the `-p` prompt. Resolves when its `result` is out.
 *
 * @example
 * ```js
 * // Used by core.js: await runTurn(fake, { content: "hello" });
 * ```
 * @param {any} fake the process state built by core.js
 * @param {{ content: unknown, uuid?: string }} prompt
 */
export async function runTurn(fake, prompt) {
  const spec = turnSpec(fake.scenario, fake.turnIndex++, toBlocks(prompt.content).filter((b) => b.type === "text").map((b) => b.text).join("\n"));
  const started = Date.now();
  const abort = new AbortController();
  const turn = {
    fake, spec, abort, started, promptId: randomUUID(), calls: 0, apiMs: 0, ttftMs: 0, chunks: 0,
    usage: { input: 0, output: 0 }, denials: /** @type {any[]} */ ([]),
    /** 2.1.332: the uuid the prompt was sent with, echoed on the turn's lines */
    userMessageUuids: prompt.uuid && fake.cli.has("commandLifecycle") ? [prompt.uuid] : [],
    /** 2.1.332 with partial messages: the API messages the turn began */
    begunMessageIds: /** @type {string[]} */ ([]),
    /** 2.1.332: subagents started in the background, run when the turn's answer is out */
    backgroundTasks: /** @type {any[]} */ ([]),
    injectedLast: false,
    interrupted: false,
  };
  fake.current = turn;
  // a hanging turn ignores SIGTERM from its first line on, so a test can send it as soon as it sees output
  if (spec.hang && spec.hang.ignoreSigterm !== false) fake.ignoreSigterm = true;
  try {
    for (const line of spec.noise ?? []) await fake.io.stdout(line + "\n");
    for (const line of spec.stderr ?? []) await fake.io.stderr(line + "\n");
    openTurnOnDisk(fake, prompt, turn.promptId);
    if (fake.turnIndex === 1 && fake.cli.has("sessionTitleLine")) {
      const title = fake.opts.name ?? (fake.resumedByTitle ? String(fake.opts.resume) : undefined);
      if (title) await fake.emit({ type: "system", subtype: "session_title_changed", title, uuid: randomUUID(), session_id: fake.sessionId });
    }
    for (const uuid of turn.userMessageUuids) await fake.emit(lifecycleLine(fake, uuid, "started"));
    if (isCompactCommand(prompt.content)) return await runCompact(fake, turn);
    await fake.emit(fake.initLine());
    const userEntry = writeUserPrompt(fake, turn, prompt);
    if (fake.opts.replayUserMessages) {
      await fake.emit(userLine({ content: prompt.content, sessionId: fake.sessionId, uuid: userEntry.uuid, isReplay: true }));
    }
    // a fork's last-prompt names the conversation's first prompt (as recorded in d1, d2), others the latest
    if (!fake.forked || fake.lastPrompt === undefined) fake.lastPrompt = firstText(prompt.content);
    await answer(turn);
  } catch (error) {
    if (error instanceof Interrupted) await finishInterrupted(turn);
    else throw error;
  } finally {
    fake.current = null;
  }
  for (const uuid of turn.userMessageUuids) await fake.emit(lifecycleLine(fake, uuid, turn.interrupted ? "cancelled" : "completed"));
}

/**
 * The fields 2.1.332 adds to the lines of a turn whose prompt was sent with a uuid.
 * @param {any} turn
 */
function uuidFields(turn) {
  const uuids = turn.userMessageUuids;
  return uuids.length ? { user_message_uuid: uuids[0], user_message_uuids: uuids } : {};
}

/** @param {unknown} content */
function firstText(content) {
  return toBlocks(content).find((b) => b.type === "text")?.text ?? "";
}

/**
 * The session-file entries that come before the prompt: fork copies, title, queue operations, set_model notes.
 * @param {any} fake
 * @param {{ content: unknown }} prompt
 * @param {string} promptId
 */
function openTurnOnDisk(fake, prompt, promptId) {
  if (fake.turnIndex === 1) {
    if (fake.forked) fake.append({ type: "mode", mode: "normal", sessionId: fake.sessionId });
    if (fake.opts.name) {
      fake.append({ type: "custom-title", customTitle: fake.opts.name, sessionId: fake.sessionId });
      fake.append({ type: "agent-name", agentName: fake.opts.name, sessionId: fake.sessionId });
    }
  }
  const enqueue = { type: "queue-operation", operation: "enqueue", timestamp: now(), sessionId: fake.sessionId };
  if (typeof prompt.content === "string") Object.assign(enqueue, { content: prompt.content });
  fake.append(enqueue);
  fake.append({ type: "queue-operation", operation: "dequeue", timestamp: now(), sessionId: fake.sessionId });
  if (fake.turnIndex === 1 && fake.forked) {
    for (const entry of fake.forkCopies) fake.append({ ...entry, sessionId: fake.sessionId });
  }
  for (const note of fake.pendingEntries.splice(0)) {
    fake.appendChain(fake.chainEntry("user", { promptId, message: { role: "user", content: note.content }, isMeta: note.isMeta }));
  }
}

/**
 * @param {any} fake
 * @param {any} turn
 * @param {{ content: unknown, uuid?: string }} prompt
 */
function writeUserPrompt(fake, turn, prompt) {
  const entry = fake.chainEntry("user", {
    promptId: turn.promptId,
    message: { role: "user", content: prompt.content },
    uuid: prompt.uuid ?? randomUUID(),
    permissionMode: fake.permissionMode,
    promptSource: "sdk",
  });
  fake.appendChain(entry);
  if (fake.checkpointing) {
    turn.snapshot = { messageId: entry.uuid, trackedFileBackups: {}, timestamp: new Date().toISOString() };
  }
  if (fake.isNewSession && fake.turnIndex === 1) {
    // the listings describe the Task and Skill tools: without them (e.g. `--tools ""`, h8) none is written
    if (fake.tools.includes("Task")) fake.appendChain(fake.chainEntry("attachment", { attachment: agentListingAttachment }));
    if (fake.tools.includes("Skill")) fake.appendChain(fake.chainEntry("attachment", { attachment: skillListingAttachment }));
  }
  if (turn.snapshot) fake.append({ type: "file-history-snapshot", messageId: entry.uuid, snapshot: turn.snapshot, isSnapshotUpdate: false });
  return entry;
}

/**
 * The model loop: API calls until an answer without a tool call, a failure, or the turn limit.
 * @param {any} turn
 */
async function answer(turn) {
  const { fake } = turn;
  /** @type {import("./model.js").ApiMessage[]} */
  const nudges = [];
  for (;;) {
    const messages = apiMessages(fake.chain);
    for (const n of nudges) pushMessage(messages, "user", n.content);
    if (fake.maxTurns !== undefined && turn.calls >= fake.maxTurns) return finishMaxTurns(turn);
    const plan = planCall(turn, messages);
    turn.calls++;
    if (plan.apiError) return finishApiError(turn, plan.apiError);
    const entries = await streamMessage(turn, plan, messages.length);
    turn.injectedLast = false;
    if (plan.stopReason === "max_tokens") {
      if (fake.cli.has("syntheticContinuation")) await continueAfterMaxTokens(turn);
      else nudges.push({ role: "user", content: [{ type: "text", text: MAX_TOKENS_NUDGE }] });
      continue;
    }
    const toolUse = entries.find((e) => e.message.content[0].type === "tool_use");
    if (!toolUse) return finishSuccess(turn, plan.blocks.filter((b) => b.type === "text").map((b) => b.text).join(""));
    await callTool(turn, toolUse);
  }
}

/**
 * 2.1.332's max_tokens continuation: a meta user entry, printed as a `user` line with `isSynthetic` (h12). The
 * model sees it as injected text, not as the user's words.
 * @param {any} turn
 */
async function continueAfterMaxTokens(turn) {
  const { fake } = turn;
  const content = [{ type: "text", text: MAX_TOKENS_NUDGE }];
  const entry = fake.chainEntry("user", { promptId: turn.promptId, message: { role: "user", content: MAX_TOKENS_NUDGE }, isMeta: true, turnCompanion: true, ownNote: true });
  fake.appendChain(entry, ["parentUuid", "isSidechain", "promptId", "type", "message", "isMeta", "turnCompanion", "ownNote", "uuid", "timestamp"]);
  await fake.emit({
    type: "user", message: { role: "user", content }, parent_tool_use_id: null, session_id: fake.sessionId, uuid: entry.uuid,
    timestamp: entry.timestamp, isSynthetic: true,
  });
  turn.injectedLast = true;
}

/**
 * What the fake model answers to a conversation, the scenario's first answer taking precedence.
 * @param {any} turn
 * @param {import("./model.js").ApiMessage[]} messages
 */
function planCall(turn, messages) {
  const { fake, spec } = turn;
  const last = messages.at(-1);
  const afterTool = last?.content.some((b) => b.type === "tool_result");
  const prompt = userTexts(messages).at(-1) ?? "";
  // the stand-in API of the 2.1.332 recordings acts on prompt words only when the user's own text is last
  const words = afterTool || turn.injectedLast ? promptWords("") : promptWords(prompt);
  const first = turn.calls === 0;
  const apiError = (first && spec.apiError) || words.apiError;
  /** @type {any[]} */
  let blocks;
  let stopReason = "end_turn";
  if (first && spec.blocks) blocks = spec.blocks.map((/** @type {any} */ b) => ({ ...b }));
  else if (first && spec.text !== undefined) blocks = [{ type: "text", text: spec.text }];
  else if (turn.injectedLast) blocks = [{ type: "text", text: `(injected-only user message) ${replyText(messages)}` }];
  else if (words.tool) blocks = [{ type: "text", text: `Calling ${words.tool.name}.` }, { type: "tool_use", ...words.tool }];
  else {
    let text = replyText(messages);
    if (words.showSystem) text += " || " + systemSummary(fake);
    blocks = [{ type: "text", text }];
    if (words.maxTokens) stopReason = "max_tokens";
  }
  if (first && spec.bigLineMiB) blocks.push({ type: "text", text: "x".repeat(Math.round(spec.bigLineMiB * 1024 * 1024)) });
  if (words.think && !afterTool) blocks.unshift(thinkingBlock(prompt));
  for (const block of blocks) {
    if (block.type === "tool_use") {
      block.id ??= `toolu_fake_${fake.nextId()}`;
      block.input ??= {};
      stopReason = "tool_use";
    }
    if (block.type === "thinking") block.signature ??= "fakesig_";
  }
  return { blocks: blocks.map(orderBlock), stopReason, apiError, slow: words.slow };
}

/** Puts block fields in the recorded order. @param {any} b */
function orderBlock(b) {
  if (b.type === "tool_use") return { type: "tool_use", id: b.id, name: b.name, input: b.input };
  if (b.type === "thinking") return { type: "thinking", thinking: b.thinking, signature: b.signature };
  return b;
}

/**
 * Streams one API message: status and stream events with `--include-partial-messages`, one `assistant` line per
 * block, then the entries (final stop reason and usage) on disk.
 * @param {any} turn
 * @param {{ blocks: any[], stopReason: string, slow: boolean }} plan
 * @param {number} messageCount
 */
async function streamMessage(turn, plan, messageCount) {
  const { fake } = turn;
  const partial = Boolean(fake.opts.includePartialMessages);
  const callStart = Date.now();
  const id = `msg_fake_${fake.nextId()}`;
  const requestId = `req_fake_${fake.nextId()}`;
  const input = inputTokens(messageCount, fake.model, fake.tools);
  const output = outputTokens(plan.blocks);
  const sid = fake.sessionId;
  if (partial) await fake.emit({ type: "system", subtype: "status", status: "requesting", uuid: randomUUID(), session_id: sid });
  if (partial && fake.cli.has("resultV2")) turn.begunMessageIds.push(id);
  await pause(turn, plan.slow);
  if (turn.calls === 1) {
    turn.ttftMs = Date.now() - turn.started;
    turn.firstInput = input;
  }
  if (partial) {
    const message = { id, type: "message", role: "assistant", model: fake.model.api, content: [], stop_reason: null, stop_sequence: null,
      usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 } };
    await fake.emit(streamEvent({ type: "message_start", message }, sid, { ttft_ms: Date.now() - callStart }));
  }
  const lines = [];
  for (const [index, block] of plan.blocks.entries()) {
    const progress = { block, sent: "" };
    turn.progress = { id, requestId, input, progress, lines };
    if (partial) await fake.emit(streamEvent({ type: "content_block_start", index, content_block: emptyBlock(block) }, sid));
    await streamDeltas(turn, block, index, plan.slow, progress);
    const line = assistantLine({ id, model: fake.model.api, block, inputTokens: input, sessionId: sid, uuid: randomUUID(), requestId });
    await fake.emit(withAssistantFields(turn, line));
    lines.push(line);
    if (partial) await fake.emit(streamEvent({ type: "content_block_stop", index }, sid));
  }
  turn.progress = null;
  await scenarioStops(turn); // a short reply still crashes or hangs before the turn ends
  if (partial) {
    await fake.emit(streamEvent({ type: "message_delta", delta: { stop_reason: plan.stopReason, stop_sequence: null }, usage: { output_tokens: output } }, sid));
    await fake.emit(streamEvent({ type: "message_stop" }, sid));
  }
  turn.usage.input += input;
  turn.usage.output += output;
  turn.apiMs += Date.now() - callStart;
  return lines.map((line) => {
    const { context_management: _, ...provisional } = line.message;
    const message = { ...provisional, stop_reason: plan.stopReason, usage: fullUsage(input, output), stop_details: null };
    const entry = fake.chainEntry("assistant", { message, requestId, uuid: line.uuid });
    fake.appendChain(entry);
    return entry;
  });
}

/**
 * An assistant line with what 2.1.332 adds: the prompt's uuid, the thinking display of a thinking block.
 * @param {any} turn @param {any} line
 */
function withAssistantFields(turn, line) {
  const { fake } = turn;
  if (!fake.cli.has("newLineFields")) return line;
  const out = { ...line, timestamp: new Date().toISOString() };
  const { request_id } = out;
  delete out.request_id;
  Object.assign(out, { request_id }, uuidFields(turn));
  if (line.message.content[0]?.type === "thinking") Object.assign(out, { thinking_duration_ms: 1, thinking_display: "updates" });
  return out;
}

/** @param {any} block */
function emptyBlock(block) {
  if (block.type === "thinking") return { type: "thinking", thinking: "", signature: "" };
  if (block.type === "tool_use") return { type: "tool_use", id: block.id, name: block.name, input: {} };
  return { type: "text", text: "" };
}

/**
 * The deltas of one block, paced by SLOW or the scenario; thinking blocks report `thinking_tokens` as recorded.
 * @param {any} turn
 * @param {any} block
 * @param {number} index
 * @param {boolean} slow
 * @param {{ sent: string }} progress
 */
async function streamDeltas(turn, block, index, slow, progress) {
  const { fake, spec } = turn;
  const partial = Boolean(fake.opts.includePartialMessages);
  const sid = fake.sessionId;
  if (block.type === "thinking") {
    const half = Math.ceil(block.thinking.length / 2);
    let estimate = 0;
    for (const piece of [block.thinking.slice(0, half), block.thinking.slice(half)]) {
      const delta = Math.ceil(piece.length / 4);
      estimate += delta;
      await fake.emit({ type: "system", subtype: "thinking_tokens", estimated_tokens: estimate, estimated_tokens_delta: delta, uuid: randomUUID(), session_id: sid });
      if (partial) await fake.emit(streamEvent({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: piece } }, sid));
      await pause(turn, slow);
    }
    if (partial) await fake.emit(streamEvent({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: block.signature } }, sid));
    return;
  }
  const text = block.type === "tool_use" ? JSON.stringify(block.input) : block.text;
  const size = spec.chunkSize ?? (slow ? 2 : Math.max(1, Math.ceil(text.length / 3)));
  for (let at = 0; at < text.length; at += size) {
    const piece = text.slice(at, at + size);
    const delta = block.type === "tool_use" ? { type: "input_json_delta", partial_json: piece } : { type: "text_delta", text: piece };
    await scenarioStops(turn);
    if (partial) await fake.emit(streamEvent({ type: "content_block_delta", index, delta }, sid));
    progress.sent += piece;
    turn.chunks++;
    if (at + size < text.length) await pause(turn, slow);
  }
}

/**
 * A scenario crash or hang once the turn has sent `afterChunks` deltas.
 * @param {any} turn
 */
async function scenarioStops(turn) {
  const { fake, spec } = turn;
  if (spec.crash && turn.chunks >= (spec.crash.afterChunks ?? 0)) {
    if (spec.crash.stderr) await fake.io.stderr(spec.crash.stderr + "\n");
    throw new FakeExit(spec.crash.signal ? null : spec.crash.exitCode ?? 1, spec.crash.signal ?? null);
  }
  // a timer keeps the process alive while it hangs, even with stdin closed; ending the fake clears it
  if (spec.hang && turn.chunks >= (spec.hang.afterChunks ?? 0)) for (;;) await fake.sleep(2_000_000_000);
}

/**
 * Waits between deltas; an interrupt ends the wait (and the turn).
 * @param {any} turn
 * @param {boolean} slow
 */
async function pause(turn, slow) {
  const { fake, spec } = turn;
  const ms = spec.delayMs ?? (slow ? fake.slowDeltaMs : 0);
  await fake.sleep(ms, turn.abort.signal);
  if (turn.abort.signal.aborted) throw new Interrupted();
}

/**
 * The tool call of an answer: permission (flag, mode, `can_use_tool` or denial), then the result as a user message.
 * @param {any} turn
 * @param {any} toolEntry
 */
async function callTool(turn, toolEntry) {
  const { fake } = turn;
  const block = toolEntry.message.content[0];
  let input = block.input;
  const permission = decidePermission(block.name, input, fake);
  /** @type {string | null} */
  let denied = permission.decision === "deny" ? permission.message : null;
  if (permission.decision === "ask") {
    if (fake.opts.permissionPromptTool === "stdio" && fake.streamInput) {
      const answer = await fake.askControl(canUseToolRequest(block.name, input, block.id, fake.cwd), turn.abort.signal);
      if (turn.abort.signal.aborted) {
        turn.waitingForPermission = true;
        throw new Interrupted();
      }
      if (answer?.behavior === "allow") input = answer.updatedInput ?? input;
      else denied = answer?.message ?? "Permission denied";
      turn.decision = answer?.behavior === "allow" ? "asked-allow" : "asked-deny";
    } else {
      denied = unaskedDenial(block.name, input, fake.cwd, fake.cli.has("permissionDeniedLine"));
      turn.decision = "unasked";
      if (fake.cli.has("permissionDeniedLine")) {
        await fake.emit({ type: "system", subtype: "permission_denied", tool_name: block.name, tool_use_id: block.id, message: denied, uuid: randomUUID(), session_id: fake.sessionId });
      }
    }
  } else turn.decision = permission.decision === "allow" ? permission.reason ?? "config" : "denied";
  if (denied === null && EDITS.has(block.name)) snapshotFile(fake, turn, toolEntry.uuid, input?.file_path);
  const outcome = denied !== null
    ? { content: denied, isError: true, toolUseResult: `Error: ${denied}` }
    : (block.name === "Task" || block.name === "Agent") && fake.cli.has("backgroundSubagents") && input?.run_in_background !== false
    ? await startBackgroundSubagent(fake, turn, { id: block.id, input })
    : block.name === "Task" || block.name === "Agent"
    ? await runSubagent(fake, turn, { id: block.id, input })
    : await runTool(block.name, input, { cwd: fake.cwd, env: fake.env });
  if (denied !== null) turn.denials.push({ tool_name: block.name, tool_use_id: block.id, tool_input: block.input });
  const result = outcome.isError
    ? { type: "tool_result", content: outcome.content, is_error: true, tool_use_id: block.id }
    : { tool_use_id: block.id, type: "tool_result", content: outcome.content, ...(block.name === "Write" || block.name === "Task" ? {} : { is_error: false }) };
  const entry = fake.chainEntry("user", {
    promptId: turn.promptId,
    message: { role: "user", content: [result] },
    toolUseResult: outcome.toolUseResult,
    sourceToolAssistantUUID: toolEntry.uuid,
  });
  const line = userLine({ content: [result], sessionId: fake.sessionId, uuid: entry.uuid, toolUseResult: outcome.toolUseResult });
  if (fake.cli.has("newLineFields")) line.tool_result_meta = [toolResultMeta(block.id, turn.decision)];
  await fake.emit(line);
  fake.appendChain(entry);
}

/**
 * 2.1.332's account of how a tool call was decided, as `tool_result_meta` of its result line.
 * @param {string} id @param {string} decision
 */
function toolResultMeta(id, decision) {
  if (decision === "asked-allow") return { id, permission_decision: { decision: "accept", source: "user_temporary" } };
  if (decision === "asked-deny") return { id, non_execution_kind: "permission-rule", permission_decision: { decision: "reject", source: "user_reject" } };
  if (decision === "unasked" || decision === "denied") return { id, non_execution_kind: "user-rejected", permission_decision: { decision: "reject", source: "config" } };
  if (decision === "config") return { id, permission_decision: { decision: "accept", source: "config" } };
  return { id, permission_decision: { decision: "accept", source: "config", reason_type: decision } };
}

/** Tools whose files SDK file checkpointing backs up. */
const EDITS = new Set(["Write", "Edit", "MultiEdit", "NotebookEdit"]);

/**
 * With `CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING=1`, the snapshot update written before an edit (recorded in k2).
 * @param {any} fake
 * @param {any} turn
 * @param {string} toolAssistantUuid
 * @param {unknown} filePath
 */
function snapshotFile(fake, turn, toolAssistantUuid, filePath) {
  if (!turn.snapshot || typeof filePath !== "string") return;
  const relative = path.relative(fake.cwd, path.resolve(fake.cwd, filePath));
  const previous = turn.snapshot.trackedFileBackups[relative];
  turn.snapshot.trackedFileBackups[relative] = { backupFileName: null, version: (previous?.version ?? 0) + 1, backupTime: new Date().toISOString() };
  fake.append({ type: "file-history-snapshot", messageId: toolAssistantUuid, snapshot: turn.snapshot, isSnapshotUpdate: true });
}

/**
 * Closes a turn that answered: the `result` line with the turn's usage and the process's cumulative cost.
 * @param {any} turn
 * @param {string} text
 */
async function finishSuccess(turn, text) {
  const { fake } = turn;
  fake.account(turn.usage.input, turn.usage.output);
  const result = () => successResult({
    sessionId: fake.sessionId, text, durationMs: Date.now() - turn.started, numTurns: turn.calls,
    usage: fullUsage(turn.usage.input, turn.usage.output), modelUsage: fake.modelUsage(), costUsd: fake.totalCost(),
    denials: turn.denials, timing: { apiMs: turn.apiMs, ttftMs: turn.ttftMs },
  });
  const extra = { ...uuidFields(turn), ...(turn.userMessageUuids.length ? requestFields(turn) : {}), ...begun(turn) };
  if (!turn.backgroundTasks.length) return fake.finishTurn(result(), extra);
  // 2.1.332 (k1): the turn's result waits for its background tasks; each task's notification starts a turn of its
  // own, and both results come out after that turn's answer
  for (const task of turn.backgroundTasks) await runBackgroundTask(fake, turn, task);
  const followUps = [];
  for (const task of turn.backgroundTasks) followUps.push(await notificationTurn(turn, task));
  await fake.finishTurn(result(), extra);
  for (const f of followUps) await fake.finishTurn(f.result, f.extra);
}

/**
 * A turn started by a background task's notification: a user entry the model sees as injected text, an init,
 * the answer. Returns its result, to be printed after the held one.
 * @param {any} parent
 * @param {any} task
 */
async function notificationTurn(parent, task) {
  const { fake } = parent;
  const started = Date.now();
  const turn = {
    ...parent, started, promptId: randomUUID(), calls: 0, apiMs: 0, ttftMs: 0, chunks: 0, usage: { input: 0, output: 0 },
    denials: [], userMessageUuids: [], begunMessageIds: [], backgroundTasks: [], injectedLast: true,
  };
  const origin = { kind: "task-notification", producer: "session-task", runId: task.runId };
  fake.append({ type: "queue-operation", operation: "enqueue", timestamp: now(), sessionId: fake.sessionId, content: task.notification });
  fake.append({ type: "queue-operation", operation: "dequeue", timestamp: now(), sessionId: fake.sessionId });
  fake.appendChain(fake.chainEntry("user", {
    promptId: turn.promptId, message: { role: "user", content: task.notification }, permissionMode: fake.permissionMode, origin,
    promptSource: "system",
  }));
  await fake.emit(fake.initLine());
  const messages = apiMessages(fake.chain);
  const plan = planCall(turn, messages);
  turn.calls++;
  await streamMessage(turn, plan, messages.length + 1);
  fake.account(turn.usage.input, turn.usage.output);
  const text = plan.blocks.filter((b) => b.type === "text").map((b) => b.text).join("");
  return {
    result: successResult({
      sessionId: fake.sessionId, text, durationMs: Date.now() - started, numTurns: turn.calls, usage: fullUsage(turn.usage.input, turn.usage.output),
      modelUsage: fake.modelUsage(), costUsd: fake.totalCost(), denials: [], timing: { apiMs: turn.apiMs, ttftMs: turn.ttftMs },
    }),
    extra: { origin },
  };
}

/**
 * The request figures 2.1.332 adds to the result of a uuid-stamped prompt (b4).
 * @param {any} turn
 */
function requestFields(turn) {
  return { request_sent_wall_ms: turn.started + 1, first_request_input_tokens: turn.firstInput ?? 0, first_request_cache_read_input_tokens: 0 };
}

/** @param {any} turn */
function begun(turn) {
  return turn.begunMessageIds.length ? { begun_message_ids: [...turn.begunMessageIds] } : {};
}

/**
 * The recorded API-failure turn: retry notices, the synthetic assistant message, an `is_error` result.
 * @param {any} turn
 * @param {number} status
 */
async function finishApiError(turn, status) {
  const { fake } = turn;
  const known = API_ERRORS[/** @type {keyof typeof API_ERRORS} */ (status)] ??
    { error: "unknown", text: `API Error: ${status} fake error ${status}`, retry: false };
  const retries = known.retry ? fake.maxRetries : 0;
  for (let attempt = 1; attempt <= retries; attempt++) {
    const delay = Math.min(500 * 2 ** (attempt - 1), 32000) * (1 + Math.random() * 0.25);
    await fake.emit({ type: "system", subtype: "api_retry", attempt, max_retries: retries, retry_delay_ms: delay, error_status: status, error: known.error, session_id: fake.sessionId, uuid: randomUUID() });
    await pause(turn, false);
  }
  const message = syntheticMessage(known.text);
  const uuid = randomUUID();
  const requestId = `req_fake_${fake.nextId()}`;
  if (fake.cli.has("newLineFields")) {
    await fake.emit({
      type: "assistant", message: { diagnostics: null, ...message, usage: { output_tokens_details: null, ...message.usage, fallback_credit: null } },
      parent_tool_use_id: null, session_id: fake.sessionId, uuid, timestamp: new Date().toISOString(), error: known.error, request_id: requestId,
      is_api_error_message: true, api_error_status: status, api_error_type: API_ERROR_TYPES[/** @type {keyof typeof API_ERROR_TYPES} */ (status)] ?? "api_error",
    });
  } else await fake.emit({ type: "assistant", message, parent_tool_use_id: null, session_id: fake.sessionId, uuid, error: known.error, request_id: requestId });
  const entry = fake.chainEntry("assistant", { uuid, message, requestId, error: known.error, isApiErrorMessage: true, apiErrorStatus: status });
  fake.appendChain(entry, ["parentUuid", "isSidechain", "type", "uuid", "timestamp", "message", "requestId", "error", "isApiErrorMessage", "apiErrorStatus"]);
  await fake.finishTurn(successResult({
    sessionId: fake.sessionId, text: known.text, durationMs: Date.now() - turn.started, numTurns: turn.calls,
    usage: fullUsage(0, 0), modelUsage: {}, costUsd: 0, denials: turn.denials, apiErrorStatus: status,
  }), uuidFields(turn));
}

/**
 * `--max-turns` reached before the next API call.
 * @param {any} turn
 */
async function finishMaxTurns(turn) {
  const { fake } = turn;
  fake.appendChain(fake.chainEntry("attachment", { attachment: { type: "max_turns_reached", maxTurns: fake.maxTurns, turnCount: turn.calls + 1 } }));
  const cost = fake.account(turn.usage.input, turn.usage.output);
  await fake.finishTurn(errorResult({
    subtype: "error_max_turns", sessionId: fake.sessionId, errors: [`Reached maximum number of turns (${fake.maxTurns})`],
    durationMs: Date.now() - turn.started, apiMs: turn.apiMs, numTurns: turn.calls + 1, stopReason: "tool_use", costUsd: cost,
    usage: fullUsage(turn.usage.input, turn.usage.output), modelUsage: fake.modelUsage(), denials: turn.denials, terminalReason: "max_turns",
  }), uuidFields(turn));
}

/**
 * An interrupted turn: the partial block so far, the marker, `result/error_during_execution`.
 * @param {any} turn
 */
async function finishInterrupted(turn) {
  const { fake } = turn;
  turn.interrupted = true;
  const receipt = fake.cli.has("interruptReceipt");
  const p = turn.progress;
  if (p && p.progress.block.type === "text" && p.progress.sent) {
    const block = { type: "text", text: p.progress.sent };
    const line = assistantLine({ id: p.id, model: fake.model.api, block, inputTokens: p.input, sessionId: fake.sessionId, uuid: randomUUID(), requestId: p.requestId });
    await fake.emit(receipt ? { ...withAssistantFields(turn, line), aborted: true } : line);
    const { context_management: _, ...message } = line.message;
    fake.appendChain(fake.chainEntry("assistant", { message, requestId: p.requestId, uuid: line.uuid }));
  }
  const content = [{ type: "text", text: turn.waitingForPermission ? `${INTERRUPT_MARKER.slice(0, -1)} for tool use]` : INTERRUPT_MARKER }];
  const entry = fake.chainEntry("user", { promptId: turn.promptId, message: { role: "user", content } });
  await fake.emit(userLine({ content, sessionId: fake.sessionId, uuid: entry.uuid }));
  fake.appendChain(entry);
  // 2.1.332 closes the aborted stream: the open block, the message (with the blocks it abandoned) (g2)
  if (receipt && p && fake.opts.includePartialMessages) {
    const sid = fake.sessionId;
    await fake.emit(streamEvent({ type: "content_block_stop", index: p.lines.length }, sid));
    await fake.emit(streamEvent({
      type: "message_delta", context_management: null, delta: { container: null, stop_details: null, stop_reason: null, stop_sequence: null },
      usage: { output_tokens_details: { thinking_tokens: 0 }, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, input_tokens: p.input, iterations: [], output_tokens: 1, server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 }, fallback_credit: null },
    }, sid));
    await fake.emit({ ...streamEvent({ type: "message_stop" }, sid), abandoned_blocks: { api_message_id: p.id, from_block_index: p.lines.length + 1 } });
  }
  await fake.finishTurn(errorResult({
    subtype: "error_during_execution", sessionId: fake.sessionId, durationMs: Date.now() - turn.started, numTurns: turn.calls + 1,
    errors: ["[ede_diagnostic] result_type=user last_content_type=n/a stop_reason=null"], terminalReason: "aborted_streaming",
  }), { ...uuidFields(turn), ...begun(turn) });
}

function now() {
  return new Date().toISOString();
}
