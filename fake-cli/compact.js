// @ts-check
/**
 * The `/compact` slash command as recorded (k3): the fake model summarises the conversation, a `compact_boundary`
 * starts a new chain whose summary message stands for everything before it, and the last answer is kept as the
 * preserved segment. Later turns (and resumes) send the model the summary, the preserved answer and what follows.
 * @module
 */
import { randomUUID } from "node:crypto";
import { data197 } from "./recorded_data.js";
import { fullUsage, LOCAL_COMMAND_CAVEAT } from "./messages.js";
import { apiMessages, inputTokens, outputTokens, pushMessage, replyText, toBlocks } from "./model.js";
import { sessionData } from "./prompt_context.js";
import { compactedOnDisk } from "./turn_records.js";
import { emit, emitInit, finishTurn } from "./output.js";
/** @import { FakeProcess } from "./fake_process.js" */

/** What the CLI asks the model when compacting (shortened; the reply shows it as `last=`). */
const COMPACT_PROMPT = "CRITICAL: Respond with TEXT ONLY. Do NOT call any tools. Summarize the conversation so far.";

/**
 * Whether a prompt is the `/compact` command.
 *
 * @example
 * ```js
 * import { isCompactCommand } from "./compact.js";
 * isCompactCommand("/compact"); // true
 * ```
 * @param {unknown} content
 */
export function isCompactCommand(content) {
  const text = toBlocks(content).filter((b) => b.type === "text").map((b) => b.text).join("").trim();
  return text === "/compact" || text.startsWith("/compact ");
}

/**
 * Runs `/compact`: status lines, the boundary and summary on stdout and on disk, a result with no answer.
 *
 * @example
 * ```js
 * // Used by turn.js for a "/compact" prompt: await runCompact(fake, turn);
 * ```
 * @param {FakeProcess} fake
 * @param {{ promptId: string, started: number }} turn
 */
export async function runCompact(fake, turn) {
  const { store, config, settings } = fake;
  const sid = store.sessionId;
  await emit(fake, { type: "system", subtype: "status", status: "compacting", session_id: sid, uuid: randomUUID() });
  const messages = apiMessages(store.chain);
  const preTokens = inputTokens(messages.length, settings.model, config.tools);
  pushMessage(messages, "user", [{ type: "text", text: COMPACT_PROMPT }]);
  const summary = replyText(messages);
  fake.usage.account(
    settings.model,
    inputTokens(messages.length, settings.model, config.tools),
    outputTokens([{ type: "text", text: summary }]),
  );
  const preserved = [...store.chain].reverse().find((e) => e.type === "assistant");
  const leaf = store.chain.at(-1);
  await emit(fake, {
    type: "system",
    subtype: "status",
    status: null,
    compact_result: "success",
    session_id: sid,
    uuid: randomUUID(),
  });
  await emitInit(fake);

  const summaryUuid = randomUUID();
  const kept = preserved ? [preserved.uuid] : [];
  const segment = { headUuid: preserved?.uuid ?? null, anchorUuid: summaryUuid, tailUuid: preserved?.uuid ?? null };
  const durationMs = Date.now() - turn.started;
  store.chain = [];
  const boundary = store.chainEntry("system", {});
  Object.assign(boundary, { logicalParentUuid: leaf?.uuid ?? null });
  const ordered = {
    parentUuid: null,
    logicalParentUuid: leaf?.uuid ?? null,
    isSidechain: false,
    type: "system",
    subtype: "compact_boundary",
    content: "Conversation compacted",
    isMeta: false,
    timestamp: boundary.timestamp,
    uuid: boundary.uuid,
    level: "info",
    compactMetadata: {
      trigger: "manual",
      preTokens,
      durationMs,
      preservedSegment: segment,
      preservedMessages: { anchorUuid: summaryUuid, uuids: kept, allUuids: kept },
      postTokens: preTokens,
      cumulativeDroppedTokens: 0,
    },
    userType: boundary.userType,
    entrypoint: boundary.entrypoint,
    cwd: boundary.cwd,
    sessionId: sid,
    version: boundary.version,
    gitBranch: boundary.gitBranch,
  };
  store.appendChain(ordered);
  await emit(fake, {
    type: "system",
    subtype: "compact_boundary",
    session_id: sid,
    uuid: ordered.uuid,
    compact_metadata: {
      trigger: "manual",
      pre_tokens: preTokens,
      post_tokens: preTokens,
      cumulative_dropped_tokens: 0,
      duration_ms: durationMs,
      preserved_segment: { head_uuid: segment.headUuid, anchor_uuid: summaryUuid, tail_uuid: segment.tailUuid },
      preserved_messages: { anchor_uuid: summaryUuid, uuids: kept, all_uuids: kept },
    },
  });

  const text = summaryMessage(summary, store.file ?? "");
  const summaryEntry = store.chainEntry("user", {
    promptId: turn.promptId,
    message: { role: "user", content: text },
    uuid: summaryUuid,
  });
  const { uuid: _u, timestamp: _t, ...rest } = summaryEntry;
  // 2.1.332 notes where the summary row came from and which prompt's turn it closes
  const position = store.log
    ? { rowSource: "local", sentAtMs: Date.now(), turnPosition: { promptIndex: 0, turnIndex: store.log.turnIndex } }
    : {};
  store.appendChain({
    ...rest,
    isVisibleInTranscriptOnly: true,
    isCompactSummary: true,
    uuid: summaryUuid,
    timestamp: summaryEntry.timestamp,
    ...position,
    ...tail(summaryEntry),
  });
  await emit(fake, {
    type: "user",
    message: { role: "user", content: text },
    session_id: sid,
    parent_tool_use_id: null,
    uuid: summaryUuid,
    timestamp: new Date().toISOString(),
    isReplay: true,
    isSynthetic: true,
  });

  // the preserved answer hangs under the summary (the anchor); the command's notes follow it
  if (preserved) store.chain.push(preserved);
  const stdout = "<local-command-stdout>Compacted </local-command-stdout>";
  for (
    const note of [
      { isMeta: true, content: store.log ? sessionData.compactCaveat : LOCAL_COMMAND_CAVEAT, rowSource: "harness" },
      {
        content:
          "<command-name>/compact</command-name>\n            <command-message>compact</command-message>\n            <command-args></command-args>",
        rowSource: "local",
      },
      { content: stdout, rowSource: "local" },
    ]
  ) {
    const source = store.log ? { rowSource: note.rowSource } : {};
    const entry = store.chainEntry("user", {
      promptId: turn.promptId,
      message: { role: "user", content: note.content },
      isMeta: note.isMeta,
      ...source,
    });
    store.appendChain(entry);
    if (note.content === stdout) {
      await emit(fake, {
        type: "user",
        message: { role: "user", content: stdout },
        session_id: sid,
        parent_tool_use_id: null,
        uuid: entry.uuid,
        timestamp: entry.timestamp,
        isReplay: true,
      });
    }
  }
  if (store.log) compactedOnDisk(fake, preserved?.uuid);
  else if (config.tools.includes("Task")) {
    store.appendChain(store.chainEntry("attachment", { attachment: data197.agentListingAttachment }));
  }
  await finishTurn(fake, {
    type: "result",
    subtype: "success",
    is_error: false,
    duration_ms: Date.now() - turn.started,
    duration_api_ms: 0,
    num_turns: 0,
    result: "",
    stop_reason: null,
    session_id: sid,
    total_cost_usd: fake.usage.totalCost(),
    usage: fullUsage(0, 0),
    modelUsage: fake.usage.modelUsage(),
    permission_denials: [],
    fast_mode_state: "off",
    uuid: randomUUID(),
  }, { local_command: "compact" });
}

/** The common trailing fields of an entry, kept in their order. @param {Record<string, unknown>} entry */
function tail(entry) {
  const { userType, entrypoint, cwd, sessionId, version, gitBranch } = entry;
  return { userType, entrypoint, cwd, sessionId, version, gitBranch };
}

/** @param {string} summary @param {string} file */
function summaryMessage(summary, file) {
  return "This session is being continued from a previous conversation that ran out of context. The summary below covers the earlier portion of the conversation.\n\n" +
    summary +
    `\n\nIf you need specific details from before compaction (like exact code snippets, error messages, or content you generated), read the full transcript at: ${file}\n` +
    'Continue the conversation from where it left off without asking the user any further questions. Resume directly — do not acknowledge the summary, do not recap what was happening, do not preface with "I\'ll continue" or similar. Pick up the last task as if the break never happened.';
}
