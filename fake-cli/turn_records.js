// @ts-check
/**
 * What a turn of CLI 2.1.332 writes to the session file besides the conversation: the attachments that open a
 * conversation (announced with its first prompt, and again after a compaction), each request (`request_log.js`),
 * `tools-used`, the full `prompt_snapshot` after the conversation's first completed request, and the metadata refresh
 * at the end of the turn. Every function does nothing for CLI 2.1.197 (no `fake.store.log`).
 * @module
 */
import {
  announcements,
  hasSystemTurns,
  promptAttachments,
  promptSnapshot,
  requestShape,
  wireToolName,
} from "./prompt_context.js";
import { createRequestLog, requestEntries, requestParams, wireMessages } from "./request_log.js";
import { refreshMetadata, releaseHeld, writeMetadata } from "./session_log.js";
/** @import { FakeProcess } from "./fake_process.js" */
/** @import { AnswerBlock } from "./messages.js" */

/** The attachments announced with the first prompt of a session, in the recorded order. */
const FIRST_PROMPT = [
  "environment",
  "model",
  "deferred_tools_delta",
  "agent_listing_delta",
  "skill_listing",
  "total_tokens_reminder",
];

/** The attachments a compaction announces again, in the recorded order (k3). */
const AFTER_COMPACTION = ["deferred_tools_delta", "agent_listing_delta", "skill_listing", "environment", "model"];

/**
 * What the prompt context is made from: the process's cwd, tools, model and system prompt.
 *
 * @example
 * ```js
 * // contextSetup(fake).tools; // the tools the process offers
 * ```
 * @param {FakeProcess} fake
 */
export function contextSetup(fake) {
  const { config, settings } = fake;
  return {
    cwd: config.cwd,
    tools: config.tools,
    model: settings.model,
    addDirs: config.options.addDir ?? [],
    systemPrompt: settings.systemPrompt,
    appendSystemPrompt: settings.appendSystemPrompt,
  };
}

/**
 * After a new session's first prompt: the announced attachments (environment, model, deferred tools, listings).
 *
 * @example
 * ```js
 * // Used by turn.js right after the prompt's entry: announcePrompt(fake);
 * ```
 * @param {FakeProcess} fake
 */
export function announcePrompt(fake) {
  if (!fake.store.log?.announcePending) return;
  fake.store.log.announcePending = false;
  appendAttachments(fake, announcements(contextSetup(fake), FIRST_PROMPT));
}

/**
 * The rest of a conversation's opening: the new session's `atis-latch`, then `session_context`, `date`, the commit
 * attribution and the first `prompt_snapshot` (also for the first prompt after a compaction).
 *
 * @example
 * ```js
 * // Used by turn.js after the announced attachments: openPromptContext(fake);
 * ```
 * @param {FakeProcess} fake
 */
export function openPromptContext(fake) {
  const log = fake.store.log;
  if (!log) return;
  if (log.latchPending) {
    log.latchPending = false;
    writeMetadata(fake.store, atisLatch(fake));
  }
  if (!log.contextPending) return;
  log.contextPending = false;
  const setup = contextSetup(fake);
  appendAttachments(fake, [...promptAttachments(setup), promptSnapshot(setup, false)]);
}

/**
 * The `atis-latch` metadata entry (written with a new session's first prompt, and at a fork's start).
 *
 * @example
 * ```js
 * // atisLatch(fake); // { type: "atis-latch", atis: "", sessionId }
 * ```
 * @param {FakeProcess} fake
 */
export function atisLatch(fake) {
  return { type: "atis-latch", atis: "", sessionId: fake.store.sessionId };
}

/**
 * Writes the request of an API call (shape and blobs the file lacks, then `api-request`) and returns its id, the
 * `requestRef` of the answer's entries; null for CLI 2.1.197. `rung` and `undeferred` describe a 400 retry.
 *
 * @example
 * ```js
 * // Used by turn.js before each answer streams: const requestRef = logRequest(fake);
 * ```
 * @param {FakeProcess} fake
 * @param {{ rung?: number, undeferred?: boolean }} [options]
 * @returns {string | null}
 */
export function logRequest(fake, options = {}) {
  const { store } = fake;
  const log = store.log;
  if (!log) return null;
  const undeferred = options.undeferred ?? false;
  const { entries, id } = requestEntries(log.requests, {
    sessionId: store.sessionId,
    version: fake.config.cli.version,
    querySource: "sdk",
    shape: requestShape(contextSetup(fake), { undeferred }),
    params: requestParams(fake.settings.model, options.rung ?? 0, fake.config.options),
    messages: wireMessages(store.chain, {
      systemTurns: hasSystemTurns(fake.settings.model),
      undeferred,
      preserved: log.preserved,
    }),
  });
  for (const entry of entries) store.append(entry);
  return id;
}

/**
 * `tools-used` when an answer calls a tool the process had not called yet (the list of all it called).
 *
 * @example
 * ```js
 * // Used by turn.js after the request of an answer: noteToolsUsed(fake, plan.blocks);
 * ```
 * @param {FakeProcess} fake
 * @param {AnswerBlock[]} blocks the answer's blocks
 */
export function noteToolsUsed(fake, blocks) {
  const { store } = fake;
  const log = store.log;
  if (!log) return;
  const fresh = blocks.filter((b) => b.type === "tool_use").map((b) => wireToolName(b.name)).filter((n) =>
    !log.toolsUsed.includes(n)
  );
  if (!fresh.length) return;
  log.toolsUsed.push(...new Set(fresh));
  store.append({ type: "tools-used", tools: [...log.toolsUsed], sessionId: store.sessionId });
}

/**
 * The full `prompt_snapshot`, once per conversation, when its first request has completed (after the answer, or
 * after the results of the tools it called).
 *
 * @example
 * ```js
 * // Used by turn.js: snapshotOnce(fake);
 * ```
 * @param {FakeProcess} fake
 */
export function snapshotOnce(fake) {
  const log = fake.store.log;
  if (!log || log.snapshotDone) return;
  log.snapshotDone = true;
  appendAttachments(fake, [promptSnapshot(contextSetup(fake), true)]);
}

/**
 * The end of a turn on disk: the metadata refresh when due, then what was held back behind it.
 *
 * @example
 * ```js
 * // Used by turn.js when a turn is over: endTurnOnDisk(fake);
 * ```
 * @param {FakeProcess} fake
 */
export function endTurnOnDisk(fake) {
  refreshMetadata(fake.store);
  releaseHeld(fake.store);
}

/**
 * After a compaction: the attachments announced again, and a fresh start for what the next prompt records (its
 * opening attachments, every request's shape and blobs, the snapshots). The preserved answer's messages need blobs.
 *
 * @example
 * ```js
 * // Used by compact.js once the compaction's entries are written: compactedOnDisk(fake, preservedUuid);
 * ```
 * @param {FakeProcess} fake
 * @param {string | undefined} preservedUuid
 */
export function compactedOnDisk(fake, preservedUuid) {
  const log = fake.store.log;
  if (!log) return;
  appendAttachments(fake, announcements(contextSetup(fake), AFTER_COMPACTION));
  Object.assign(log, {
    requests: createRequestLog(),
    contextPending: true,
    snapshotDone: false,
    preserved: new Set(preservedUuid ? [preservedUuid] : []),
  });
}

/** @param {FakeProcess} fake @param {import("./prompt_context.js").AttachmentFields[]} list */
function appendAttachments(fake, list) {
  for (const fields of list) fake.store.appendChain(fake.store.chainEntry("attachment", fields));
}
