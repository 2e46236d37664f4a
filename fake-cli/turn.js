// @ts-check
/**
 * One turn of the fake CLI: the prompt goes into the conversation, the fake model answers block by block (with
 * stream events, tool calls, API failures and interrupts as recorded), the entries reach the session file, and
 * exactly one `result` closes the turn.
 * @module
 */
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import {
  assistantLine,
  errorResult,
  fullUsage,
  lifecycleLine,
  streamEvent,
  successResult,
  syntheticMessage,
  syntheticMessageV2,
  syntheticUserLine,
  userLine,
} from "./messages.js";
import {
  apiMessages,
  inputTokens,
  INTERRUPT_MARKER,
  MAX_TOKENS_NUDGE,
  outputTokens,
  parseJson,
  promptWords,
  pushMessage,
  replyText,
  resolveModel,
  systemSummary,
  thinkingBlock,
  toBlocks,
  userTexts,
} from "./model.js";
import { turnSpec } from "./scenario.js";
import { noteBeforeEdit } from "./checkpoints.js";
import {
  retriesExhaustedError,
  STRUCTURED_OUTPUT_ATTEMPTS,
  STRUCTURED_OUTPUT_REMINDER,
  STRUCTURED_OUTPUT_TOOL,
  structuredOutputResult,
} from "./structured_output.js";
import { runBackgroundTask, runSubagent, startBackgroundSubagent } from "./subagent.js";
import { isCompactCommand, runCompact } from "./compact.js";
import { answerDanglingInterrupt } from "./dangling_interrupt.js";
import { canUseToolRequest, decidePermission, runTool, unaskedDenial } from "./tools.js";
import {
  apiErrorFields,
  ASSISTANT_ORDER,
  assistantFields,
  notificationFields,
  promptFields,
  toolResultFields,
} from "./entry_fields.js";
import { emit, emitInit, finishTurn } from "./output.js";
import { askSdk } from "./asks.js";
import {
  callMcpTool,
  findMcpTool,
  mcpCanUseToolRequest,
  mcpToolNames,
  mcpToolUseMeta,
  STOPPED_TOOL_CALL,
} from "./mcp.js";
import {
  additionalContexts,
  blockReason,
  finishBlockedPrompt,
  hasHooks,
  postToolUse,
  preToolUse,
  stopHooks,
  userPromptSubmit,
  writeHookContext,
} from "./hooks.js";
import { writeHookSuccesses, writeStartupHookEntries } from "./command_hooks.js";
import { startBackgroundBash } from "./background_bash.js";
import { data197 } from "./recorded_data.js";
import { refreshMetadata, writeMetadata } from "./session_log.js";
import { createTurn } from "./turn_state.js";
import { FakeExit } from "./fake_exit.js";
import { apiErrorType, apiFailure } from "./api_errors.js";
import { modelFallbackLine, modelFallbackText, OVERLOADS_BEFORE_FALLBACK } from "./model_fallback.js";
import {
  announcePrompt,
  atisLatch,
  endTurnOnDisk,
  logRequest,
  noteToolsUsed,
  openPromptContext,
  snapshotOnce,
} from "./turn_records.js";
/** @import { FakeProcess } from "./fake_process.js" */
/** @import { AnswerBlock } from "./messages.js" */
/** @import { Block } from "./model.js" */
/** @import { Line } from "./output.js" */
/** @import { Entry } from "./session_store.js" */
/** @import { Prompt, Turn } from "./turn_state.js" */

/** Thrown when an interrupt stops the turn. */
class Interrupted extends Error {}

/**
 * Runs one turn for a user message from stdin or the `-p` prompt. Resolves when its `result` is out.
 *
 * @example
 * ```js
 * // Used by core.js: await runTurn(fake, { content: "hello" });
 * ```
 * @param {FakeProcess} fake
 * @param {Prompt} prompt
 */
export async function runTurn(fake, prompt) {
  const { store, config } = fake;
  const spec = turnSpec(
    config.scenario,
    fake.turns.index++,
    toBlocks(prompt.content).filter((b) => b.type === "text").map((b) => b.text).join("\n"),
  );
  const userMessageUuids = prompt.uuid && config.cli.has("commandLifecycle") ? [prompt.uuid] : [];
  const turn = createTurn(fake, spec, { abort: new AbortController(), userMessageUuids });
  fake.turns.current = turn;
  // a hanging turn ignores SIGTERM from its first line on, so a test can send it as soon as it sees output
  if (spec.hang && spec.hang.ignoreSigterm !== false) fake.ignoreSigterm(true);
  try {
    for (const line of spec.noise ?? []) await fake.out.stdout(line + "\n");
    for (const line of spec.stderr ?? []) await fake.out.stderr(line + "\n");
    // 2.1.332 writes the session metadata before a compaction starts (k3)
    if (isCompactCommand(prompt.content)) refreshMetadata(store, { force: true });
    openTurnOnDisk(fake, prompt, turn.promptId);
    if (fake.turns.index === 1 && config.cli.has("sessionTitleLine")) {
      const title = config.options.name ?? (store.resumedByTitle ? String(config.options.resume) : undefined);
      if (title) {
        await emit(fake, {
          type: "system",
          subtype: "session_title_changed",
          title,
          uuid: randomUUID(),
          session_id: store.sessionId,
        });
      }
    }
    for (const uuid of turn.userMessageUuids) await emit(fake, lifecycleLine(store, uuid, "started"));
    if (isCompactCommand(prompt.content)) {
      await runCompact(fake, turn);
      return endTurnOnDisk(fake);
    }
    // SDK UserPromptSubmit hooks are asked before system/init; a block ends the turn there (features/m1, m4)
    const promptText = toBlocks(prompt.content).filter((b) => b.type === "text").map((b) => b.text).join("\n");
    const submitted = hasHooks(fake, "UserPromptSubmit") ? await userPromptSubmit(fake, turn, promptText) : [];
    if (submitted === undefined) throw new Interrupted();
    await emitInit(fake);
    const blocked = blockReason(submitted);
    if (blocked !== undefined) {
      await finishBlockedPrompt(fake, turn, promptText, blocked);
      return endTurnOnDisk(fake);
    }
    const userEntry = writeUserPrompt(fake, turn, prompt, additionalContexts(submitted));
    if (config.options.replayUserMessages) {
      await emit(
        fake,
        userLine({ content: prompt.content, sessionId: store.sessionId, uuid: userEntry.uuid, isReplay: true }),
      );
    }
    // a fork's last-prompt names the conversation's first prompt (as recorded in d1, d2), others the latest
    if (!store.forked || store.lastPrompt === undefined) store.lastPrompt = firstText(prompt.content);
    await answer(turn);
  } catch (error) {
    if (error instanceof Interrupted) await finishInterrupted(turn);
    else throw error;
  } finally {
    fake.turns.current = null;
  }
  endTurnOnDisk(fake);
  for (const uuid of turn.userMessageUuids) {
    await emit(fake, lifecycleLine(store, uuid, turn.interrupted ? "cancelled" : "completed"));
  }
}

/**
 * The fields 2.1.332 adds to the lines of a turn whose prompt was sent with a uuid.
 * @param {Turn} turn
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
 * The session-file entries that come before the prompt: title, queue operations, fork copies, the answer to a
 * dangling interrupt (2.1.332), set_model notes.
 * @param {FakeProcess} fake
 * @param {{ content: unknown }} prompt
 * @param {string} promptId
 */
function openTurnOnDisk(fake, prompt, promptId) {
  const { store, config } = fake;
  if (fake.turns.index === 1) {
    // session metadata: 2.1.332 writes it again when it falls out of the file's tail (session_log.js)
    if (store.forked) writeMetadata(store, { type: "mode", mode: "normal", sessionId: store.sessionId });
    if (store.forked && store.log) writeMetadata(store, atisLatch(fake));
    if (config.options.name) {
      writeMetadata(store, { type: "custom-title", customTitle: config.options.name, sessionId: store.sessionId });
      writeMetadata(store, { type: "agent-name", agentName: config.options.name, sessionId: store.sessionId });
    }
  }
  const enqueue = { type: "queue-operation", operation: "enqueue", timestamp: now(), sessionId: store.sessionId };
  if (typeof prompt.content === "string") Object.assign(enqueue, { content: prompt.content });
  store.append(enqueue);
  store.append({ type: "queue-operation", operation: "dequeue", timestamp: now(), sessionId: store.sessionId });
  if (fake.turns.index === 1 && store.forked) {
    for (const entry of store.forkCopies) store.append(forkCopy(fake, entry));
  }
  answerDanglingInterrupt(fake);
  for (const note of store.pendingEntries.splice(0)) {
    store.appendChain(
      store.chainEntry("user", { promptId, message: { role: "user", content: note.content }, isMeta: note.isMeta }),
    );
  }
  writeStartupHookEntries(fake); // the SessionStart command hooks' output (features/m5)
}

/**
 * A fork's copy of a source entry, with the fork's session id; 2.1.332 notes on a copied answer which session
 * requested it (d1).
 * @param {FakeProcess} fake
 * @param {Entry} entry
 */
function forkCopy(fake, entry) {
  /** @type {Entry} */
  const copy = { ...entry, sessionId: fake.store.sessionId };
  if (fake.store.log && entry.type === "assistant" && !entry.requestSessionId) copy.requestSessionId = entry.sessionId;
  return copy;
}

/**
 * @param {FakeProcess} fake
 * @param {Turn} turn
 * @param {Prompt} prompt
 * @param {string[]} [hookContexts] the UserPromptSubmit hooks' additional context
 */
function writeUserPrompt(fake, turn, prompt, hookContexts = []) {
  const { store, config } = fake;
  const entry = store.chainEntry("user", {
    promptId: turn.promptId,
    message: { role: "user", content: prompt.content },
    uuid: prompt.uuid ?? randomUUID(),
    permissionMode: fake.settings.permissionMode,
    promptSource: "sdk",
    ...(store.log
      ? promptFields({ sentAtMs: turn.sentAtMs, turnIndex: ++store.log.turnIndex, uuid: prompt.uuid })
      : {}),
  });
  store.appendChain(entry);
  if (config.checkpointing) {
    turn.snapshot = { messageId: entry.uuid, trackedFileBackups: {}, timestamp: new Date().toISOString() };
  }
  if (store.log) announcePrompt(fake);
  else if (store.isNewSession && fake.turns.index === 1) {
    // the listings describe the Task and Skill tools: without them (e.g. `--tools ""`, h8) none is written
    if (config.tools.includes("Task")) {
      store.appendChain(store.chainEntry("attachment", { attachment: data197.agentListingAttachment }));
    }
    if (config.tools.includes("Skill")) {
      store.appendChain(store.chainEntry("attachment", { attachment: data197.skillListingAttachment }));
    }
  }
  if (turn.snapshot) {
    store.append({
      type: "file-history-snapshot",
      messageId: entry.uuid,
      snapshot: turn.snapshot,
      isSnapshotUpdate: false,
    });
  }
  writeHookContext(fake, hookContexts, {
    hookName: "UserPromptSubmit",
    toolUseID: `hook-${randomUUID()}`,
    hookEvent: "UserPromptSubmit",
  });
  openPromptContext(fake);
  return entry;
}

/**
 * The model loop: API calls until an answer without a tool call, a failure, or the turn limit.
 * @param {Turn} turn
 */
async function answer(turn) {
  const { fake } = turn;
  const { config } = fake;
  /** @type {import("./model.js").ApiMessage[]} */
  const nudges = [];
  for (;;) {
    const messages = apiMessages(fake.store.chain);
    for (const n of nudges) pushMessage(messages, "user", n.content);
    if (config.maxTurns !== undefined && turn.calls >= config.maxTurns) return finishMaxTurns(turn);
    let plan = planCall(turn, messages);
    // `--fallback-model`: the main model overloaded, the CLI switches after the 3rd consecutive 529 (m31)
    if (plan.overloaded && (await fallBackFromOverload(turn))) plan = planCall(turn, messages);
    turn.calls++;
    if (plan.apiError) return finishApiError(turn, plan.apiError);
    const entries = await streamMessage(turn, plan, messages.length);
    turn.injectedLast = false;
    if (plan.stopReason === "max_tokens") {
      if (config.cli.has("syntheticContinuation")) await continueAfterMaxTokens(turn);
      else nudges.push({ role: "user", content: [{ type: "text", text: MAX_TOKENS_NUDGE }] });
      continue;
    }
    const toolUse = entries.find((e) => e.message.content[0].type === "tool_use");
    if (!toolUse) {
      if (await remindOfStructuredOutput(turn)) continue;
      const text = plan.blocks.filter((b) => b.type === "text").map((b) => b.text).join("");
      // SDK Stop hooks: a block makes the model go on once, with the reason as injected feedback (features/m3)
      if (hasHooks(fake, "Stop")) {
        const stop = await stopHooks(fake, turn, text);
        if (stop === undefined) throw new Interrupted();
        if (stop.block !== undefined) {
          turn.injectedLast = true;
          continue;
        }
      }
      snapshotOnce(fake);
      return finishSuccess(turn, text);
    }
    // `--max-budget-usd`: spent past it, the tool call does not run (m32)
    if (overBudget(turn)) return finishMaxBudget(turn);
    if (fake.settings.jsonSchema && toolUse.message.content[0].name === STRUCTURED_OUTPUT_TOOL) {
      if (await callStructuredOutput(turn, toolUse)) return;
      continue;
    }
    await callTool(turn, toolUse);
  }
}

/**
 * 2.1.332's max_tokens continuation: a meta user entry, printed as a `user` line with `isSynthetic` (h12). The
 * model sees it as injected text, not as the user's words.
 * @param {Turn} turn
 */
async function continueAfterMaxTokens(turn) {
  const { fake } = turn;
  const { store } = fake;
  const content = [{ type: "text", text: MAX_TOKENS_NUDGE }];
  const entry = store.chainEntry("user", {
    promptId: turn.promptId,
    message: { role: "user", content: MAX_TOKENS_NUDGE },
    isMeta: true,
    turnCompanion: true,
    ownNote: true,
  });
  store.appendChain(entry, [
    "parentUuid",
    "isSidechain",
    "promptId",
    "type",
    "message",
    "isMeta",
    "turnCompanion",
    "ownNote",
    "uuid",
    "timestamp",
  ]);
  await emit(fake, syntheticUserLine(content, store.sessionId, entry));
  turn.injectedLast = true;
}

/**
 * What the fake model answers to a conversation, the scenario's first answer taking precedence.
 * @param {Turn} turn
 * @param {import("./model.js").ApiMessage[]} messages
 */
function planCall(turn, messages) {
  const { fake, spec } = turn;
  const last = messages.at(-1);
  // a prompt after a turn that ended on a tool result (structured output, m11) shares its message: it comes last
  const afterTool = last?.content.at(-1)?.type === "tool_result";
  const prompt = userTexts(messages).at(-1) ?? "";
  // the stand-in API of the 2.1.332 recordings acts on prompt words only when the user's own text is last
  const words = afterTool || turn.injectedLast ? promptWords("") : promptWords(prompt);
  const first = turn.calls === 0;
  // OVERLOAD_MODEL=<substr>: the stand-in API answers 529 to every request for a model whose name contains it (m31)
  const overload = /\bOVERLOAD_MODEL=(\S+)/.exec(afterTool || turn.injectedLast ? "" : prompt)?.[1];
  const overloaded = overload !== undefined && fake.settings.model.api.includes(overload);
  const apiError = (first && spec.apiError) || words.apiError || (overloaded ? 529 : null);
  /** @type {Block[]} drafts (a scenario's blocks are its JSON) */
  let blocks;
  let stopReason = "end_turn";
  // TOOL_ALWAYS <Name> <json>: every answer of the turn is that tool call, whatever came last (m13)
  const alwaysWord = /\bTOOL_ALWAYS ([A-Za-z_][\w-]*) (\{.*\})\s*$/s.exec(prompt);
  const always = spec.alwaysTool ?? (alwaysWord ? { name: alwaysWord[1], input: parseJson(alwaysWord[2]) } : null);
  if (first && spec.blocks) blocks = spec.blocks.map((b) => ({ ...b }));
  else if (first && spec.text !== undefined) blocks = [{ type: "text", text: spec.text }];
  else if (always) blocks = [{ type: "tool_use", name: always.name, input: always.input ?? {} }];
  else if (turn.injectedLast) blocks = [{ type: "text", text: `(injected-only user message) ${replyText(messages)}` }];
  else if (words.tool) {
    blocks = [{ type: "text", text: `Calling ${words.tool.name}.` }, { type: "tool_use", ...words.tool }];
  } else {
    let text = replyText(messages);
    if (words.showSystem) {
      text += " || " + systemSummary({ ...fake.settings, tools: fake.config.tools, cli: fake.config.cli });
    }
    blocks = [{ type: "text", text }];
    if (words.maxTokens) stopReason = "max_tokens";
  }
  if (first && spec.bigLineMiB) {
    blocks.push({ type: "text", text: "x".repeat(Math.round(spec.bigLineMiB * 1024 * 1024)) });
  }
  if (words.think && !afterTool) blocks.unshift(thinkingBlock(prompt));
  if (blocks.some((b) => b.type === "tool_use")) stopReason = "tool_use";
  return { blocks: blocks.map((b) => completeBlock(fake, b)), stopReason, apiError, overloaded, slow: words.slow };
}

/**
 * A drafted block with what it lacks filled in (a tool call's id and input, a thinking block's signature) and its
 * fields in the recorded order.
 * @param {FakeProcess} fake
 * @param {Block} b
 * @returns {AnswerBlock}
 */
function completeBlock(fake, b) {
  if (b.type === "tool_use") {
    return { type: "tool_use", id: b.id ?? `toolu_fake_${fake.nextId()}`, name: b.name, input: b.input ?? {} };
  }
  if (b.type === "thinking") return { type: "thinking", thinking: b.thinking, signature: b.signature ?? "fakesig_" };
  // a text block, or a scenario's block of another type: as it is
  return /** @type {AnswerBlock} */ (b);
}

/**
 * What one API call answers.
 * @typedef {{ blocks: AnswerBlock[], stopReason: string, apiError: number | null | undefined, overloaded: boolean, slow: boolean }} CallPlan
 */

/**
 * Streams one API message: status and stream events with `--include-partial-messages`, one `assistant` line per
 * block, then the entries (final stop reason and usage) on disk.
 * @param {Turn} turn
 * @param {CallPlan} plan
 * @param {number} messageCount
 */
async function streamMessage(turn, plan, messageCount) {
  const { fake } = turn;
  const { store, config, settings } = fake;
  const partial = Boolean(config.options.includePartialMessages);
  const callStart = Date.now();
  const id = `msg_fake_${fake.nextId()}`;
  const requestId = `req_fake_${fake.nextId()}`;
  const input = inputTokens(messageCount, settings.model, config.tools);
  const output = outputTokens(plan.blocks);
  const sid = store.sessionId;
  if (partial) {
    await emit(fake, { type: "system", subtype: "status", status: "requesting", uuid: randomUUID(), session_id: sid });
  }
  if (partial && config.cli.has("resultV2")) turn.begunMessageIds.push(id);
  const requestRef = recordRequest(turn, plan);
  await pause(turn, plan.slow);
  if (turn.calls === 1) {
    turn.ttftMs = Date.now() - turn.started;
    turn.firstInput = input;
  }
  if (partial) {
    const message = {
      id,
      type: "message",
      role: "assistant",
      model: settings.model.api,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
    };
    await emit(fake, streamEvent({ type: "message_start", message }, sid, { ttft_ms: Date.now() - callStart }));
  }
  const lines = [];
  for (const [index, block] of plan.blocks.entries()) {
    const progress = { block, sent: "" };
    turn.progress = { id, requestId, requestRef, input, progress, lines };
    if (partial) {
      await emit(fake, streamEvent({ type: "content_block_start", index, content_block: emptyBlock(block) }, sid));
    }
    await streamDeltas(turn, block, index, plan.slow, progress);
    const line = assistantLine({
      id,
      model: settings.model.api,
      block,
      inputTokens: input,
      sessionId: sid,
      uuid: randomUUID(),
      requestId,
    });
    const toolUseMeta = mcpToolUseMeta(fake.mcp, block); // features/m6, m10
    await emit(
      fake,
      toolUseMeta
        ? { ...withAssistantFields(turn, line), tool_use_meta: toolUseMeta }
        : withAssistantFields(turn, line),
    );
    lines.push(line);
    if (partial) await emit(fake, streamEvent({ type: "content_block_stop", index }, sid));
  }
  turn.progress = null;
  await scenarioStops(turn); // a short reply still crashes or hangs before the turn ends
  if (partial) {
    await emit(
      fake,
      streamEvent({
        type: "message_delta",
        delta: { stop_reason: plan.stopReason, stop_sequence: null },
        usage: { output_tokens: output },
      }, sid),
    );
    await emit(fake, streamEvent({ type: "message_stop" }, sid));
  }
  turn.usage.input += input;
  turn.usage.output += output;
  turn.apiMs += Date.now() - callStart;
  if (store.log) store.log.totals.apiMs += Date.now() - callStart;
  return lines.map((line, blockIndex) => {
    const { context_management: _, ...provisional } = line.message;
    const message = {
      ...provisional,
      stop_reason: plan.stopReason,
      usage: fullUsage(input, output),
      stop_details: null,
    };
    const block = line.message.content[0];
    const fields = requestRef ? assistantFields(settings.model, { requestRef, blockIndex, block }) : {};
    const entry = store.chainEntry("assistant", { message, requestId, uuid: line.uuid, ...fields });
    store.appendChain(entry, requestRef ? ASSISTANT_ORDER : undefined);
    return entry;
  });
}

/**
 * 2.1.332: the request of an API call in the session file, before its answer streams; its id for the answer's
 * entries. The final answer after a slow tool call is held behind the turn's metadata (see callTool); a slow reply
 * lasts long enough for the metadata refresh (g2).
 * @param {Turn} turn
 * @param {CallPlan} plan
 */
function recordRequest(turn, plan) {
  const { fake } = turn;
  if (!fake.store.log) return null;
  if (turn.holdFinal && !plan.blocks.some((b) => b.type === "tool_use")) fake.store.log.held ??= [];
  turn.holdFinal = false;
  const requestRef = logRequest(fake);
  noteToolsUsed(fake, plan.blocks);
  if (plan.slow) refreshMetadata(fake.store);
  return requestRef;
}

/**
 * An assistant line with what 2.1.332 adds: the prompt's uuid, the thinking display of a thinking block.
 * @param {Turn} turn @param {Line} line
 */
function withAssistantFields(turn, line) {
  const { fake } = turn;
  if (!fake.config.cli.has("newLineFields")) return line;
  /** @type {Line} */
  const out = { ...line, timestamp: new Date().toISOString() };
  const { request_id } = out;
  delete out.request_id;
  Object.assign(out, { request_id }, uuidFields(turn));
  if (line.message.content[0]?.type === "thinking") {
    Object.assign(out, { thinking_duration_ms: 1, thinking_display: "updates" });
  }
  return out;
}

/** @param {AnswerBlock} block */
function emptyBlock(block) {
  if (block.type === "thinking") return { type: "thinking", thinking: "", signature: "" };
  if (block.type === "tool_use") return { type: "tool_use", id: block.id, name: block.name, input: {} };
  return { type: "text", text: "" };
}

/**
 * The deltas of one block, paced by SLOW or the scenario; thinking blocks report `thinking_tokens` as recorded.
 * @param {Turn} turn
 * @param {AnswerBlock} block
 * @param {number} index
 * @param {boolean} slow
 * @param {{ sent: string }} progress
 */
async function streamDeltas(turn, block, index, slow, progress) {
  const { fake, spec } = turn;
  const partial = Boolean(fake.config.options.includePartialMessages);
  const sid = fake.store.sessionId;
  if (block.type === "thinking") {
    const half = Math.ceil(block.thinking.length / 2);
    let estimate = 0;
    for (const piece of [block.thinking.slice(0, half), block.thinking.slice(half)]) {
      const delta = Math.ceil(piece.length / 4);
      estimate += delta;
      await emit(fake, {
        type: "system",
        subtype: "thinking_tokens",
        estimated_tokens: estimate,
        estimated_tokens_delta: delta,
        uuid: randomUUID(),
        session_id: sid,
      });
      if (partial) {
        await emit(
          fake,
          streamEvent({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: piece } }, sid),
        );
      }
      await pause(turn, slow);
    }
    if (partial) {
      await emit(
        fake,
        streamEvent({
          type: "content_block_delta",
          index,
          delta: { type: "signature_delta", signature: block.signature },
        }, sid),
      );
    }
    return;
  }
  const text = block.type === "tool_use" ? JSON.stringify(block.input) : block.text;
  const size = spec.chunkSize ?? (slow ? 2 : Math.max(1, Math.ceil(text.length / 3)));
  for (let at = 0; at < text.length; at += size) {
    const piece = text.slice(at, at + size);
    const delta = block.type === "tool_use"
      ? { type: "input_json_delta", partial_json: piece }
      : { type: "text_delta", text: piece };
    await scenarioStops(turn);
    if (partial) await emit(fake, streamEvent({ type: "content_block_delta", index, delta }, sid));
    progress.sent += piece;
    turn.chunks++;
    if (at + size < text.length) await pause(turn, slow);
  }
}

/**
 * A scenario crash or hang once the turn has sent `afterChunks` deltas.
 * @param {Turn} turn
 */
async function scenarioStops(turn) {
  const { fake, spec } = turn;
  if (spec.crash && turn.chunks >= (spec.crash.afterChunks ?? 0)) {
    if (spec.crash.stderr) await fake.out.stderr(spec.crash.stderr + "\n");
    throw new FakeExit(spec.crash.signal ? null : spec.crash.exitCode ?? 1, spec.crash.signal ?? null);
  }
  // a timer keeps the process alive while it hangs, even with stdin closed; ending the fake clears it
  if (spec.hang && turn.chunks >= (spec.hang.afterChunks ?? 0)) { for (;;) await fake.sleep(2_000_000_000); }
}

/**
 * Waits between deltas; an interrupt ends the wait (and the turn).
 * @param {Turn} turn
 * @param {boolean} slow
 */
async function pause(turn, slow) {
  const { fake, spec } = turn;
  const ms = spec.delayMs ?? (slow ? fake.config.slowDeltaMs : 0);
  await fake.sleep(ms, turn.abort.signal);
  if (turn.abort.signal.aborted) throw new Interrupted();
}

/**
 * The `tool_use_result` of a call that did not run: `Error: <why>`; a `<tool_use_error>` (no such tool) unwrapped, as
 * 2.1.332 gives it (`Error: No such tool available: mcp__bad__echo`, probed with a failed http server).
 * @param {string} denied the tool_result's content
 */
function deniedToolUseResult(denied) {
  const wrapped = /^<tool_use_error>(.*)<\/tool_use_error>$/s.exec(denied);
  return wrapped ? wrapped[1] : `Error: ${denied}`;
}

/**
 * The tool call of an answer: permission (flag, mode, `can_use_tool` or denial), then the result as a user message.
 * @param {Turn} turn
 * @param {Entry} toolEntry the assistant entry of the tool call
 */
async function callTool(turn, toolEntry) {
  const { fake } = turn;
  const { store } = fake;
  const block = toolEntry.message.content[0];
  const mcpTool = findMcpTool(fake.mcp, block.name); // a tool of an MCP server (features/m6-m10)
  let input = block.input;
  // SDK PreToolUse hooks decide first: allow skips the permission check (with their input, if they changed it),
  // deny is the call's error result (features/m1-m4); no verdict leaves it to the permission check
  const hook = hasHooks(fake, "PreToolUse", block.name) ? await preToolUse(fake, turn, block) : null;
  if (hook === undefined) throw new Interrupted();
  if (hook?.decision === "allow" && hook.updatedInput !== undefined) input = hook.updatedInput;
  const permission = hook ?? decidePermission(block.name, input, {
    ...fake.config,
    tools: [...fake.config.tools, ...mcpToolNames(fake.mcp)],
    permissionMode: fake.settings.permissionMode,
  });
  /** @type {string | null} */
  let denied = permission.decision === "deny" ? permission.message : null;
  if (permission.decision === "ask") {
    if (fake.config.options.permissionPromptTool === "stdio" && fake.config.streamInput) {
      const answer = await askSdk(
        fake,
        mcpTool
          ? mcpCanUseToolRequest(mcpTool, block.name, input, block.id)
          : canUseToolRequest(block.name, input, block.id, fake.config.cwd),
        turn.abort.signal,
      );
      if (turn.abort.signal.aborted) {
        turn.waitingForPermission = true;
        throw new Interrupted();
      }
      if (answer?.behavior === "allow") input = answer.updatedInput ?? input;
      else denied = answer?.message ?? "Permission denied";
      turn.decision = answer?.behavior === "allow" ? "asked-allow" : "asked-deny";
    } else {
      denied = unaskedDenial(block.name, input, fake.config.cwd, fake.config.cli.has("permissionDeniedLine"));
      turn.decision = "unasked";
      if (fake.config.cli.has("permissionDeniedLine")) {
        await emit(fake, {
          type: "system",
          subtype: "permission_denied",
          tool_name: block.name,
          tool_use_id: block.id,
          message: denied,
          uuid: randomUUID(),
          session_id: store.sessionId,
        });
      }
    }
  } else turn.decision = permission.decision === "allow" ? permission.reason ?? "config" : "denied";
  if (hook) turn.decision = `hook-${hook.decision}`;
  if (denied === null && EDITS.has(block.name)) snapshotFile(fake, turn, toolEntry.uuid, input?.file_path);
  const started = Date.now();
  const outcome = denied !== null
    ? { content: denied, isError: true, toolUseResult: deniedToolUseResult(denied) }
    : (block.name === "Task" || block.name === "Agent") && fake.config.cli.has("backgroundSubagents") &&
        input?.run_in_background !== false
    ? await startBackgroundSubagent(fake, turn, { id: block.id, input })
    : block.name === "Task" || block.name === "Agent"
    ? await runSubagent(fake, turn, { id: block.id, input })
    : block.name === "Bash" && input?.run_in_background === true && fake.config.cli.has("backgroundBash")
    ? await startBackgroundBash(fake, block, input)
    : mcpTool
    ? await callMcpTool(mcpTool, input, block.id, turn.abort.signal)
    : await runTool(block.name, input, { cwd: fake.config.cwd, env: fake.config.env });
  if (outcome === undefined) return stopToolCall(turn, toolEntry, block); // interrupted while an MCP server ran it
  if (denied !== null) turn.denials.push({ tool_name: block.name, tool_use_id: block.id, tool_input: block.input });
  const ranCommand = block.name === "Bash" && denied === null;
  const linesAdded = block.name === "Write" && denied === null ? String(input?.content ?? "").split("\n").length : 0;
  noteToolCall(turn, { asked: turn.decision.startsWith("asked"), ranCommand, ms: Date.now() - started, linesAdded });
  // SDK PostToolUse (PostToolUseFailure for a call that ran and failed) hooks, before the result line (features/m1)
  const after = denied === null ? await postToolUse(fake, turn, block, input, outcome, Date.now() - started) : [];
  if (after === undefined) throw new Interrupted();
  const result = outcome.isError
    ? { type: "tool_result", content: outcome.content, is_error: true, tool_use_id: block.id }
    : {
      tool_use_id: block.id,
      type: "tool_result",
      content: outcome.content,
      ...(block.name === "Write" || block.name === "Task" || mcpTool ? {} : { is_error: false }),
    };
  await emitToolResult(turn, toolEntry, result, outcome.toolUseResult, ranCommand);
  writeHookSuccesses(fake, after, block.id, { chained: true }); // settings command hooks (features/m5)
  const event = outcome.isError ? "PostToolUseFailure" : "PostToolUse";
  writeHookContext(fake, additionalContexts(after), {
    hookName: `${event}:${block.name}`,
    toolUseID: block.id,
    hookEvent: event,
  });
  snapshotOnce(fake);
}

/**
 * A tool call stopped while it ran (an interrupt during an MCP server's `tools/call`): its result says so, as CLI
 * 2.1.332 writes it, and the turn ends interrupted "for tool use".
 * @param {Turn} turn
 * @param {Entry} toolEntry the assistant entry of the call
 * @param {{ id: string }} block the tool_use block
 * @returns {Promise<never>}
 */
async function stopToolCall(turn, toolEntry, block) {
  const { fake } = turn;
  const { store } = fake;
  const result = { type: "tool_result", content: STOPPED_TOOL_CALL, is_error: true, tool_use_id: block.id };
  const toolUseResult = "User rejected tool use";
  const entry = store.chainEntry("user", {
    promptId: turn.promptId,
    message: { role: "user", content: [result] },
    toolUseResult,
    sourceToolAssistantUUID: toolEntry.uuid,
  });
  const line = userLine({ content: [result], sessionId: store.sessionId, uuid: entry.uuid, toolUseResult });
  if (fake.config.cli.has("newLineFields")) {
    line.tool_result_meta = [{ id: block.id, non_execution_kind: "user-rejected" }];
  }
  await emit(fake, line);
  store.appendChain(entry);
  turn.waitingForPermission = true;
  throw new Interrupted();
}

/**
 * Writes a tool call's result: its user entry, chained to the call, and its stdout line (with `tool_result_meta`
 * from 2.1.332 on).
 * @param {Turn} turn
 * @param {Entry} toolEntry the assistant entry of the call
 * @param {{ tool_use_id: string, [key: string]: unknown }} result the `tool_result` block
 * @param {unknown} toolUseResult the structured result (`toolUseResult` in the file, `tool_use_result` on stdout)
 * @param {boolean} ranCommand whether a shell command ran (the file's permission fields say so)
 */
async function emitToolResult(turn, toolEntry, result, toolUseResult, ranCommand) {
  const { fake } = turn;
  const { store } = fake;
  const entry = store.chainEntry("user", {
    promptId: turn.promptId,
    message: { role: "user", content: [result] },
    toolUseResult,
    sourceToolAssistantUUID: toolEntry.uuid,
    ...(store.log ? toolResultFields(turn.decision, ranCommand) : {}),
  });
  const line = userLine({ content: [result], sessionId: store.sessionId, uuid: entry.uuid, toolUseResult });
  // a call of a tool the CLI does not have gets none (2.1.332, probed: the tool of an http server that failed)
  const noSuchTool = typeof result.content === "string" && result.content.startsWith("<tool_use_error>");
  if (fake.config.cli.has("newLineFields") && !noSuchTool) {
    line.tool_result_meta = [toolResultMeta(result.tool_use_id, turn.decision)];
  }
  await emit(fake, line);
  store.appendChain(entry);
}

/**
 * The model's `StructuredOutput` call, checked against the schema (m11-m13): a valid one ends the turn with the
 * input as `structured_output`; an invalid one is an error result the model sees, and the fifth ends the turn with
 * `error_max_structured_output_retries`. Returns whether the turn is over.
 * @param {Turn} turn
 * @param {Entry} toolEntry the assistant entry of the call
 */
async function callStructuredOutput(turn, toolEntry) {
  const { fake } = turn;
  const { store } = fake;
  const block = toolEntry.message.content[0];
  const outcome = structuredOutputResult(fake.settings.jsonSchema, block.input);
  turn.decision = "config";
  const result = outcome.isError
    ? { type: "tool_result", content: outcome.content, is_error: true, tool_use_id: block.id }
    : { tool_use_id: block.id, type: "tool_result", content: outcome.content };
  await emitToolResult(turn, toolEntry, result, outcome.toolUseResult, false);
  if (!outcome.isError) {
    store.appendChain(store.chainEntry("attachment", {
      attachment: { type: "structured_output", data: block.input, toolUseID: block.id },
    }));
    snapshotOnce(fake);
    await finishSuccess(turn, JSON.stringify(block.input), {
      stopReason: "tool_use",
      numTurns: turn.calls + 1,
      structuredOutput: block.input,
    });
    return true;
  }
  if (++turn.structuredAttempts < STRUCTURED_OUTPUT_ATTEMPTS) return false;
  await finishStructuredOutputRetries(turn, outcome.content);
  return true;
}

/**
 * A turn with a schema whose model answered with text: once per turn, the CLI's synthetic reminder goes into the
 * conversation (a `user` line marked `isSynthetic`), and the model is asked again (m12). Returns whether it was sent.
 * @param {Turn} turn
 */
async function remindOfStructuredOutput(turn) {
  const { fake } = turn;
  const { store } = fake;
  if (!fake.settings.jsonSchema || turn.structuredReminded) return false;
  turn.structuredReminded = true;
  const content = [{ type: "text", text: STRUCTURED_OUTPUT_REMINDER }];
  // the model reads it as a prompt of the user's (m12: `turns=2 last=[structured-output-enforce] ...`)
  const entry = store.chainEntry("user", { promptId: turn.promptId, message: { role: "user", content } });
  store.appendChain(entry);
  await emit(fake, syntheticUserLine(content, store.sessionId, entry));
  return true;
}

/**
 * Whether the process has spent more than `--max-budget-usd`, this turn's calls included.
 * @param {Turn} turn
 */
function overBudget(turn) {
  const { fake } = turn;
  const budget = Number(fake.config.options.maxBudgetUsd);
  if (!(budget > 0)) return false;
  const { model } = fake.settings;
  const turnCost = (turn.usage.input * model.priceIn + turn.usage.output * model.priceOut) / 1_000_000;
  return fake.usage.totalCost() + turnCost > budget;
}

/**
 * The turn that spent past `--max-budget-usd`, ended before its tool call runs (m32).
 * @param {Turn} turn
 */
async function finishMaxBudget(turn) {
  const { fake } = turn;
  const cost = fake.usage.account(fake.settings.model, turn.usage.input, turn.usage.output);
  await finishTurn(
    fake,
    errorResult({
      subtype: "error_max_budget_usd",
      sessionId: fake.store.sessionId,
      errors: [`Reached maximum budget ($${fake.config.options.maxBudgetUsd})`],
      durationMs: Date.now() - turn.started,
      apiMs: turn.apiMs,
      numTurns: turn.calls,
      stopReason: "tool_use",
      costUsd: cost,
      usage: fullUsage(turn.usage.input, turn.usage.output),
      modelUsage: fake.usage.modelUsage(),
      denials: turn.denials,
      terminalReason: "budget_exhausted",
    }),
    uuidFields(turn),
  );
}

/**
 * The fifth invalid `StructuredOutput` call ends the turn (m13).
 * @param {Turn} turn
 * @param {string} lastError
 */
async function finishStructuredOutputRetries(turn, lastError) {
  const { fake } = turn;
  const cost = fake.usage.account(fake.settings.model, turn.usage.input, turn.usage.output);
  await finishTurn(
    fake,
    errorResult({
      subtype: "error_max_structured_output_retries",
      sessionId: fake.store.sessionId,
      errors: [retriesExhaustedError(lastError)],
      durationMs: Date.now() - turn.started,
      apiMs: turn.apiMs,
      numTurns: turn.calls + 1,
      stopReason: "tool_use",
      costUsd: cost,
      usage: fullUsage(turn.usage.input, turn.usage.output),
      modelUsage: fake.usage.modelUsage(),
      denials: turn.denials,
      terminalReason: "structured_output_retry_exhausted",
    }),
    uuidFields(turn),
  );
}

/**
 * 2.1.332 (nothing for 2.1.197): a tool call's time and lines for the `cost-state`, and what its duration does to the
 * order of the session file. In the recordings, asking the SDK and running a shell command each keep the turn waiting about as long as the
 * CLI takes to flush the session metadata: with both (g3) the metadata refresh comes before the tool's result; with
 * one (g4, h5, k5) the next answer's entries are written only after the turn's metadata; with neither (h6, h9, k2)
 * everything is written in order.
 * @param {Turn} turn
 * @param {{ asked: boolean, ranCommand: boolean, ms: number, linesAdded: number }} call
 */
function noteToolCall(turn, call) {
  const { log } = turn.fake.store;
  if (!log) return;
  log.totals.toolMs += call.ms;
  log.totals.linesAdded += call.linesAdded;
  const waits = Number(call.asked) + Number(call.ranCommand);
  if (waits >= 2) refreshMetadata(turn.fake.store);
  turn.holdFinal = waits === 1;
}

/**
 * 2.1.332's account of how a tool call was decided, as `tool_result_meta` of its result line.
 * @param {string} id @param {string} decision
 */
function toolResultMeta(id, decision) {
  if (decision === "hook-allow") {
    return { id, permission_decision: { decision: "accept", source: "hook", reason_type: "hook" } };
  }
  if (decision === "hook-deny") {
    return {
      id,
      non_execution_kind: "permission-rule",
      permission_decision: { decision: "reject", source: "hook", reason_type: "hook" },
    };
  }
  if (decision === "asked-allow") return { id, permission_decision: { decision: "accept", source: "user_temporary" } };
  if (decision === "asked-deny") {
    return {
      id,
      non_execution_kind: "permission-rule",
      permission_decision: { decision: "reject", source: "user_reject" },
    };
  }
  if (decision === "unasked" || decision === "denied") {
    return { id, non_execution_kind: "user-rejected", permission_decision: { decision: "reject", source: "config" } };
  }
  if (decision === "config") return { id, permission_decision: { decision: "accept", source: "config" } };
  return { id, permission_decision: { decision: "accept", source: "config", reason_type: decision } };
}

/** Tools whose files SDK file checkpointing backs up. */
const EDITS = new Set(["Write", "Edit", "MultiEdit", "NotebookEdit"]);

/**
 * With `CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING=1`, the backup noted before an edit (recorded in k2): a snapshot
 * update (2.1.197) or a `file-history-delta` (2.1.332).
 * @param {FakeProcess} fake
 * @param {Turn} turn
 * @param {string} toolAssistantUuid
 * @param {unknown} filePath
 */
function snapshotFile(fake, turn, toolAssistantUuid, filePath) {
  const { store, config } = fake;
  if (!turn.snapshot || typeof filePath !== "string") return;
  noteBeforeEdit(fake, turn.snapshot.messageId, path.resolve(config.cwd, filePath));
  const relative = path.relative(config.cwd, path.resolve(config.cwd, filePath));
  const previous = turn.snapshot.trackedFileBackups[relative];
  const backup = { backupFileName: null, version: (previous?.version ?? 0) + 1, backupTime: new Date().toISOString() };
  turn.snapshot.trackedFileBackups[relative] = backup;
  // 2.1.332 records the one backup as a delta against the prompt's snapshot (k2)
  if (store.log) {
    store.append({
      type: "file-history-delta",
      messageId: toolAssistantUuid,
      snapshotMessageId: turn.snapshot.messageId,
      trackingPath: relative,
      backup: { ...backup, realParentDir: config.cwd },
      timestamp: backup.backupTime,
    });
  } else {store.append({
      type: "file-history-snapshot",
      messageId: toolAssistantUuid,
      snapshot: turn.snapshot,
      isSnapshotUpdate: true,
    });}
}

/**
 * Closes a turn that answered: the `result` line with the turn's usage and the process's cumulative cost. A turn
 * ended by its `StructuredOutput` call (m11) passes `ending`: its stop reason, turn count and the output.
 * @param {Turn} turn
 * @param {string} text
 * @param {{ stopReason: string, numTurns: number, structuredOutput: unknown }} [ending]
 */
async function finishSuccess(turn, text, ending) {
  const { fake } = turn;
  fake.usage.account(fake.settings.model, turn.usage.input, turn.usage.output);
  const result = () => {
    const line = successResult({
      sessionId: fake.store.sessionId,
      text,
      durationMs: Date.now() - turn.started,
      numTurns: ending?.numTurns ?? turn.calls,
      usage: fullUsage(turn.usage.input, turn.usage.output),
      modelUsage: fake.usage.modelUsage(),
      costUsd: fake.usage.totalCost(),
      denials: turn.denials,
      timing: { apiMs: turn.apiMs, ttftMs: turn.ttftMs },
      ...(ending ? { stopReason: ending.stopReason } : {}),
    });
    return ending ? { ...line, structured_output: ending.structuredOutput } : line;
  };
  const extra = { ...uuidFields(turn), ...(turn.userMessageUuids.length ? requestFields(turn) : {}), ...begun(turn) };
  if (!turn.backgroundTasks.length) return finishTurn(fake, result(), extra);
  // 2.1.332 (k1): the turn's result waits for its background tasks; each task's notification starts a turn of its
  // own, and both results come out after that turn's answer
  for (const task of turn.backgroundTasks) await runBackgroundTask(fake, turn, task);
  const followUps = [];
  for (const task of turn.backgroundTasks) followUps.push(await notificationTurn(turn, task, { held: true }));
  await finishTurn(fake, result(), extra);
  for (const f of followUps) await finishTurn(fake, f.result, f.extra);
}

/**
 * A turn started by the notification of a background task that ended after its turn did (a background Bash call,
 * features/m36): queued like a prompt (`turn_queue.js`), its result carries the notification's `origin` (k1).
 *
 * @example
 * ```js
 * // Used by turn_queue.js: await runNotificationTurn(fake, { notification: "<task-notification>…", runId });
 * ```
 * @param {FakeProcess} fake
 * @param {{ notification: string, runId: string }} task
 */
export async function runNotificationTurn(fake, task) {
  const spec = turnSpec(fake.config.scenario, fake.turns.index, task.notification);
  const turn = createTurn(fake, spec, { abort: new AbortController(), userMessageUuids: [] });
  fake.turns.current = turn;
  try {
    const { result, extra } = await notificationTurn(turn, task, { held: false });
    await finishTurn(fake, result, extra);
  } finally {
    fake.turns.current = null;
  }
  endTurnOnDisk(fake);
}

/**
 * A turn started by a background task's notification: a user entry the model sees as injected text, an init,
 * the answer. Returns its result, to be printed after the held one (`held`: the turn that started the task waits
 * for it, k1).
 * @param {Turn} parent
 * @param {{ notification: string, runId: string }} task
 * @param {{ held: boolean }} how
 */
async function notificationTurn(parent, task, how) {
  const { fake } = parent;
  const { store } = fake;
  // the scenario's spec and the interrupt still are the parent's
  const turn = createTurn(fake, parent.spec, { abort: parent.abort, userMessageUuids: [], injectedLast: true });
  const { started } = turn;
  const origin = { kind: "task-notification", producer: "session-task", runId: task.runId };
  store.append({
    type: "queue-operation",
    operation: "enqueue",
    timestamp: now(),
    sessionId: store.sessionId,
    content: task.notification,
  });
  // 2.1.332: the held turn is over on disk once its task has notified (k1)
  if (how.held) endTurnOnDisk(fake);
  store.append({ type: "queue-operation", operation: "dequeue", timestamp: now(), sessionId: store.sessionId });
  const fields = store.log
    ? notificationFields(origin, { sentAtMs: turn.sentAtMs, turnIndex: ++store.log.turnIndex })
    : { origin, promptSource: "system" };
  store.appendChain(store.chainEntry("user", {
    promptId: turn.promptId,
    message: { role: "user", content: task.notification },
    permissionMode: fake.settings.permissionMode,
    ...fields,
  }));
  await emitInit(fake);
  const messages = apiMessages(store.chain);
  const plan = planCall(turn, messages);
  turn.calls++;
  await streamMessage(turn, plan, messages.length + 1);
  fake.usage.account(fake.settings.model, turn.usage.input, turn.usage.output);
  const text = plan.blocks.filter((b) => b.type === "text").map((b) => b.text).join("");
  return {
    result: successResult({
      sessionId: store.sessionId,
      text,
      durationMs: Date.now() - started,
      numTurns: turn.calls,
      usage: fullUsage(turn.usage.input, turn.usage.output),
      modelUsage: fake.usage.modelUsage(),
      costUsd: fake.usage.totalCost(),
      denials: [],
      timing: { apiMs: turn.apiMs, ttftMs: turn.ttftMs },
    }),
    extra: { origin },
  };
}

/**
 * The request figures 2.1.332 adds to the result of a uuid-stamped prompt (b4).
 * @param {Turn} turn
 */
function requestFields(turn) {
  return {
    request_sent_wall_ms: turn.started + 1,
    first_request_input_tokens: turn.firstInput,
    first_request_cache_read_input_tokens: 0,
  };
}

/** @param {Turn} turn */
function begun(turn) {
  return turn.begunMessageIds.length ? { begun_message_ids: [...turn.begunMessageIds] } : {};
}

/**
 * `--fallback-model` with the main model overloaded (m31): the failed requests and their `system/api_retry` notices
 * (`error: "overloaded"`), then after the 3rd consecutive 529 a `system/model_fallback` line and entry, and the
 * process goes on with the fallback model. False (nothing done) without a fallback model or when the retries
 * (`CLAUDE_CODE_MAX_RETRIES`) end before the 3rd 529: the turn then fails like any 529.
 * @param {Turn} turn
 * @returns {Promise<boolean>}
 */
async function fallBackFromOverload(turn) {
  const { fake } = turn;
  const { store, config } = fake;
  const fallbackName = config.options.fallbackModel;
  const retries = config.maxRetries;
  if (fallbackName === undefined || retries < OVERLOADS_BEFORE_FALLBACK - 1) return false;
  const original = fake.settings.model;
  const fallback = resolveModel(fallbackName, config.data);
  const known = apiFailure(529);
  logRequest(fake);
  for (let attempt = 1; attempt < OVERLOADS_BEFORE_FALLBACK; attempt++) {
    await retryAfterFailure(turn, {
      attempt,
      retries,
      status: 529,
      error: "overloaded",
      text: known.text,
      round: true,
    });
  }
  const uuid = randomUUID();
  await emit(fake, modelFallbackLine(original, fallback, { sessionId: store.sessionId, uuid }));
  const entry = store.chainEntry("system", {
    uuid,
    subtype: "model_fallback",
    content: modelFallbackText(original, fallback),
    level: "warning",
    trigger: "overloaded",
    originalModel: original.api,
    fallbackModel: fallback.api,
  });
  entry.isMeta = false; // chainEntry writes only a true isMeta; this entry records the false one
  store.appendChain(entry, [
    "parentUuid",
    "isSidechain",
    "type",
    "subtype",
    "content",
    "level",
    "trigger",
    "originalModel",
    "fallbackModel",
    "isMeta",
    "uuid",
    "timestamp",
  ]);
  fake.settings.model = fallback;
  return true;
}

/**
 * One retry of a failed API request as 2.1.332 makes it: the `system/api_retry` notice (its delay the CLI's backoff,
 * rounded as the recording has it), the retry in the session's records, the pause, and the request again.
 * @param {Turn} turn
 * @param {{ attempt: number, retries: number, status: number, error: string, text: string, round: boolean }} retry
 */
async function retryAfterFailure(turn, { attempt, retries, status, error, text, round }) {
  const { fake } = turn;
  const delay = Math.min(500 * 2 ** (attempt - 1), 32000) * (1 + Math.random() * 0.25);
  await emit(fake, {
    type: "system",
    subtype: "api_retry",
    attempt,
    max_retries: retries,
    retry_delay_ms: round ? Math.round(delay) : delay,
    error_status: status,
    error,
    session_id: fake.store.sessionId,
    uuid: randomUUID(),
  });
  recordRetry(turn, { status, attempt, retries, delay, text, type: apiErrorType(status) });
  await pause(turn, false);
  logRequest(fake);
}

/**
 * The recorded API-failure turn: retry notices, the synthetic assistant message, an `is_error` result.
 * @param {Turn} turn
 * @param {number} status
 */
async function finishApiError(turn, status) {
  const { fake } = turn;
  const { store } = fake;
  const known = apiFailure(status);
  const retries = known.retry ? fake.config.maxRetries : 0;
  const errorType = apiErrorType(status);
  logRequest(fake);
  for (let attempt = 1; attempt <= retries; attempt++) {
    await retryAfterFailure(turn, { attempt, retries, status, error: known.error, text: known.text, round: false });
  }
  // 2.1.332 retries a 400 as a ladder: without the betas, without the thinking display, then with no deferred tools (i4)
  if (status === 400) { for (let rung = 1; rung <= 5; rung++) logRequest(fake, { rung, undeferred: rung >= 3 }); }
  const message = syntheticMessage(known.text);
  const uuid = randomUUID();
  const requestId = `req_fake_${fake.nextId()}`;
  if (fake.config.cli.has("newLineFields")) {
    await emit(fake, {
      type: "assistant",
      message: syntheticMessageV2(message),
      parent_tool_use_id: null,
      session_id: store.sessionId,
      uuid,
      timestamp: new Date().toISOString(),
      error: known.error,
      request_id: requestId,
      is_api_error_message: true,
      api_error_status: status,
      api_error_type: errorType,
    });
  } else {await emit(fake, {
      type: "assistant",
      message,
      parent_tool_use_id: null,
      session_id: store.sessionId,
      uuid,
      error: known.error,
      request_id: requestId,
    });}
  const entry = store.chainEntry("assistant", {
    uuid,
    message,
    requestId,
    error: known.error,
    isApiErrorMessage: true,
    apiErrorStatus: status,
    ...(store.log ? apiErrorFields(fake.settings.model, errorType) : {}),
  });
  store.appendChain(entry, [
    "parentUuid",
    "isSidechain",
    "type",
    "uuid",
    "timestamp",
    "message",
    "requestId",
    ...ASSISTANT_ORDER.slice(ASSISTANT_ORDER.indexOf("error")),
  ]);
  await finishTurn(
    fake,
    successResult({
      sessionId: store.sessionId,
      text: known.text,
      durationMs: Date.now() - turn.started,
      numTurns: turn.calls,
      usage: fullUsage(0, 0),
      modelUsage: {},
      costUsd: 0,
      denials: turn.denials,
      apiErrorStatus: status,
    }),
    uuidFields(turn),
  );
}

/**
 * 2.1.332: a failed request that is retried leaves a `system/api_error` entry, and its wait outlasts the session
 * metadata flush (i1, i2).
 * @param {Turn} turn
 * @param {{ status: number, attempt: number, retries: number, delay: number, text: string, type: string }} r
 */
function recordRetry(turn, r) {
  const { fake } = turn;
  const { store } = fake;
  if (!store.log) return;
  const body = JSON.stringify({
    type: "error",
    error: { type: r.type, message: r.text },
    request_id: `req_fake_err_${r.status}`,
  });
  const error = {
    message: `${r.status} ${body}`,
    status: r.status,
    requestId: `req_fake_${fake.nextId()}`,
    formatted: `${r.status} ${r.text}`,
    connection: null,
    isNetworkDown: false,
    rateLimits: null,
    noResponse: null,
  };
  const entry = store.chainEntry("system", {
    subtype: "api_error",
    level: "error",
    error,
    retryInMs: Math.round(r.delay),
    retryAttempt: r.attempt,
    maxRetries: r.retries,
    source: "request_retry",
  });
  store.appendChain(entry, [
    "parentUuid",
    "isSidechain",
    "type",
    "subtype",
    "level",
    "error",
    "retryInMs",
    "retryAttempt",
    "maxRetries",
    "source",
    "timestamp",
    "uuid",
  ]);
  refreshMetadata(store);
}

/**
 * `--max-turns` reached before the next API call.
 * @param {Turn} turn
 */
async function finishMaxTurns(turn) {
  const { fake } = turn;
  const { store } = fake;
  store.appendChain(
    store.chainEntry("attachment", {
      attachment: { type: "max_turns_reached", maxTurns: fake.config.maxTurns, turnCount: turn.calls + 1 },
    }),
  );
  const cost = fake.usage.account(fake.settings.model, turn.usage.input, turn.usage.output);
  await finishTurn(
    fake,
    errorResult({
      subtype: "error_max_turns",
      sessionId: store.sessionId,
      errors: [`Reached maximum number of turns (${fake.config.maxTurns})`],
      durationMs: Date.now() - turn.started,
      apiMs: turn.apiMs,
      numTurns: turn.calls + 1,
      stopReason: "tool_use",
      costUsd: cost,
      usage: fullUsage(turn.usage.input, turn.usage.output),
      modelUsage: fake.usage.modelUsage(),
      denials: turn.denials,
      terminalReason: "max_turns",
    }),
    uuidFields(turn),
  );
}

/**
 * An interrupted turn: the partial block so far, the marker, `result/error_during_execution`.
 * @param {Turn} turn
 */
async function finishInterrupted(turn) {
  const { fake } = turn;
  const { store } = fake;
  turn.interrupted = true;
  const receipt = fake.config.cli.has("interruptReceipt");
  const p = turn.progress;
  if (p && p.progress.block.type === "text" && p.progress.sent) {
    /** @type {AnswerBlock} */
    const block = { type: "text", text: p.progress.sent };
    const line = assistantLine({
      id: p.id,
      model: fake.settings.model.api,
      block,
      inputTokens: p.input,
      sessionId: store.sessionId,
      uuid: randomUUID(),
      requestId: p.requestId,
    });
    await emit(fake, receipt ? { ...withAssistantFields(turn, line), aborted: true } : line);
    const { context_management: _, ...message } = line.message;
    const fields = p.requestRef
      ? {
        ...assistantFields(fake.settings.model, { requestRef: p.requestRef, blockIndex: p.lines.length, block }),
        isAbortedMidStream: true,
      }
      : {};
    store.appendChain(
      store.chainEntry("assistant", { message, requestId: p.requestId, uuid: line.uuid, ...fields }),
      p.requestRef ? ASSISTANT_ORDER : undefined,
    );
  }
  const content = [{
    type: "text",
    text: turn.waitingForPermission ? `${INTERRUPT_MARKER.slice(0, -1)} for tool use]` : INTERRUPT_MARKER,
  }];
  const entry = store.chainEntry("user", {
    promptId: turn.promptId,
    message: { role: "user", content },
    ...(store.log ? { rowSource: "harness" } : {}),
  });
  await emit(fake, userLine({ content, sessionId: store.sessionId, uuid: entry.uuid }));
  store.appendChain(entry);
  // 2.1.332 closes the aborted stream: the open block, the message (with the blocks it abandoned) (g2)
  if (receipt && p && fake.config.options.includePartialMessages) {
    const sid = store.sessionId;
    await emit(fake, streamEvent({ type: "content_block_stop", index: p.lines.length }, sid));
    await emit(
      fake,
      streamEvent({
        type: "message_delta",
        context_management: null,
        delta: { container: null, stop_details: null, stop_reason: null, stop_sequence: null },
        usage: {
          output_tokens_details: { thinking_tokens: 0 },
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          input_tokens: p.input,
          iterations: [],
          output_tokens: 1,
          server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
          fallback_credit: null,
        },
      }, sid),
    );
    await emit(fake, {
      ...streamEvent({ type: "message_stop" }, sid),
      abandoned_blocks: { api_message_id: p.id, from_block_index: p.lines.length + 1 },
    });
  }
  await finishTurn(
    fake,
    errorResult({
      subtype: "error_during_execution",
      sessionId: store.sessionId,
      durationMs: Date.now() - turn.started,
      numTurns: turn.calls + 1,
      errors: ["[ede_diagnostic] result_type=user last_content_type=n/a stop_reason=null"],
      terminalReason: "aborted_streaming",
    }),
    { ...uuidFields(turn), ...begun(turn) },
  );
}

function now() {
  return new Date().toISOString();
}
