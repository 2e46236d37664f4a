// @ts-check
/**
 * The bookkeeping CLI 2.1.332 keeps for a session file beyond the conversation: the session metadata
 * (`last-prompt`, and `custom-title`, `agent-name`, `mode`, `atis-latch` as this process wrote them) is written again
 * once enough was appended since that a reader of the file's tail would miss it; at exit the last `last-prompt`
 * and a `cost-state` with the session's totals close the file. Which requests the file already holds is the
 * request log's (`request_log.js`).
 * @module
 */
import { createRequestLog, requestLogOf } from "./request_log.js";
/** @import { Entry } from "./session_store.js" */
/** @import { FakeStore } from "./store.js" */
/** @import { FakeUsage } from "./usage.js" */

/**
 * How many bytes may be appended before the metadata is written again. The recordings re-append it at ≥ 60 KB and
 * leave it at ≤ 27 KB since it was written (`h8`); 48 KiB lies between.
 */
export const METADATA_TAIL_BYTES = 48 * 1024;

/** The metadata kinds a refresh writes again, in the order they were first written. */
const METADATA_KINDS = new Set(["custom-title", "agent-name", "mode", "atis-latch"]);

/**
 * @typedef {object} SessionLog
 * @property {import("./request_log.js").RequestLog} requests
 * @property {number} bytes appended since the metadata was last written
 * @property {Entry[]} metadata the entries a refresh writes again
 * @property {string | null} lastPromptKey prompt and leaf of the last `last-prompt` written
 * @property {object[] | null} held entries kept back until the turn's metadata is out (flush order, see turn.js)
 * @property {string[]} toolsUsed tool names the process's answers called (`tools-used`)
 * @property {boolean} announcePending the next prompt announces environment, model, tools and listings
 * @property {boolean} contextPending the next prompt gets session_context, date, attribution and a snapshot
 * @property {boolean} latchPending the `atis-latch` of a new session is still to be written
 * @property {boolean} snapshotDone the full `prompt_snapshot` of this conversation is written
 * @property {Set<string>} preserved uuids of the segment a compaction preserved (their requests need blobs)
 * @property {number} turnIndex prompts of the session so far (`turnPosition.turnIndex`)
 * @property {{ startTime: number, processStart: number, durationMs: number, costUSD: number, apiMs: number, toolMs: number, linesAdded: number, linesRemoved: number, modelUsage: Record<string, Record<string, number>> }} totals
 *   what earlier processes of the session spent (restored from the file's last `cost-state`), and this one's times
 */

/**
 * The log of a new session file.
 *
 * @example
 * ```js
 * import { createSessionLog } from "./session_log.js";
 * createSessionLog(0).announcePending; // true
 * ```
 * @param {number} [now]
 * @returns {SessionLog}
 */
export function createSessionLog(now = Date.now()) {
  return {
    requests: createRequestLog(),
    bytes: 0,
    metadata: [],
    lastPromptKey: null,
    held: null,
    toolsUsed: [],
    announcePending: true,
    contextPending: true,
    latchPending: true,
    snapshotDone: false,
    preserved: new Set(),
    turnIndex: 0,
    totals: {
      startTime: now,
      processStart: now,
      durationMs: 0,
      costUSD: 0,
      apiMs: 0,
      toolMs: 0,
      linesAdded: 0,
      linesRemoved: 0,
      modelUsage: {},
    },
  };
}

/**
 * Prepares a log for a resumed (`fork: false`) or forked session: nothing is announced again, prompts go on
 * counting, the totals go on from the source's last `cost-state`; a resumed file keeps its requests and metadata.
 *
 * @example
 * ```js
 * import { createSessionLog, resumeSessionLog } from "./session_log.js";
 * const log = createSessionLog();
 * resumeSessionLog(log, [{ type: "user", turnPosition: { turnIndex: 3 } }], false);
 * log.turnIndex; // 3
 * ```
 * @param {SessionLog} log
 * @param {Entry[]} entries the source file's entries
 * @param {boolean} fork
 */
export function resumeSessionLog(log, entries, fork) {
  Object.assign(log, { announcePending: false, contextPending: false, latchPending: false, snapshotDone: true });
  log.turnIndex = Math.max(0, ...entries.map((e) => Number(e.turnPosition?.turnIndex) || 0));
  const cost = entries.findLast((e) => e.type === "cost-state");
  if (cost) {
    Object.assign(log.totals, {
      startTime: cost.startTime ?? log.totals.startTime,
      durationMs: cost.totalDuration ?? 0,
      costUSD: cost.totalCostUSD ?? 0,
      apiMs: cost.totalAPIDuration ?? 0,
      toolMs: cost.totalToolDuration ?? 0,
      linesAdded: cost.totalLinesAdded ?? 0,
      linesRemoved: cost.totalLinesRemoved ?? 0,
      modelUsage: cost.modelUsage ?? {},
    });
  }
  if (fork) return;
  log.requests = requestLogOf(entries);
  for (const e of entries) if (METADATA_KINDS.has(e.type) && e.type !== "mode") rememberMetadata(log, e);
}

/**
 * Notes a metadata entry the process wrote (or found), so that refreshes write it again; a later one of the same
 * kind replaces it in place.
 *
 * @example
 * ```js
 * import { createSessionLog, rememberMetadata } from "./session_log.js";
 * const log = createSessionLog();
 * rememberMetadata(log, { type: "atis-latch", atis: "", sessionId: "s" });
 * log.metadata.length; // 1
 * ```
 * @param {SessionLog} log
 * @param {Entry} entry
 */
export function rememberMetadata(log, entry) {
  const at = log.metadata.findIndex((e) => e.type === entry.type);
  if (at === -1) log.metadata.push(entry);
  else log.metadata[at] = entry;
}

/**
 * Writes a metadata entry to the file now (past any held entries) and remembers it.
 *
 * @example
 * ```js
 * // Used by turn.js for the fork's `mode` and the new session's `atis-latch`: writeMetadata(fake.store, entry);
 * ```
 * @param {FakeStore} store
 * @param {Entry} entry
 */
export function writeMetadata(store, entry) {
  store.appendNow(entry);
  if (!store.log) return;
  rememberMetadata(store.log, entry);
  store.log.bytes = 0;
}

/**
 * The metadata refresh: when enough was appended since the metadata was written (or `force`, as a compaction does),
 * `last-prompt` and the remembered metadata entries are written again. Does nothing without a 2.1.332 log.
 *
 * @example
 * ```js
 * // Used by turn.js at the end of a turn and while it waits: refreshMetadata(fake.store);
 * ```
 * @param {FakeStore} store
 * @param {{ force?: boolean }} [options]
 */
export function refreshMetadata(store, options = {}) {
  const log = store.log;
  if (!log || (!options.force && log.bytes < METADATA_TAIL_BYTES)) return;
  writeLastPrompt(store, log);
  for (const entry of log.metadata) store.appendNow({ ...entry, sessionId: store.sessionId });
  log.bytes = 0;
}

/**
 * Writes the entries held back while the turn's metadata was due (see `refreshMetadata`).
 *
 * @example
 * ```js
 * // Used by turn.js once a turn's metadata is out: releaseHeld(fake.store);
 * ```
 * @param {FakeStore} store
 */
export function releaseHeld(store) {
  const log = store.log;
  const held = log?.held;
  if (!log || !held) return;
  log.held = null;
  for (const entry of held) store.appendNow(entry);
}

/**
 * What a 2.1.332 process writes when it exits: the metadata when due, else `last-prompt` if it changed since it
 * was written; `mode` the first time a session is resumed; then `cost-state`. Does nothing without a log.
 *
 * @example
 * ```js
 * // Used by core.js when the process ends: closeSessionLog(fake.store, fake.usage);
 * ```
 * @param {FakeStore} store
 * @param {FakeUsage} usage the process's accounting, for the `cost-state`
 */
export function closeSessionLog(store, usage) {
  const log = store.log;
  if (!log) return;
  releaseHeld(store);
  // `--session-mirror` sends each of these writes in a frame of its own (features/m15, m16)
  store.mirror?.cut();
  if (log.bytes >= METADATA_TAIL_BYTES) refreshMetadata(store);
  else if (lastPromptKey(store) !== log.lastPromptKey) writeLastPrompt(store, log);
  store.mirror?.cut();
  if (store.resumed && !store.hadMode) store.appendNow({ type: "mode", mode: "normal", sessionId: store.sessionId });
  store.mirror?.cut();
  store.appendNow(costState(store, log, usage));
}

/** @param {FakeStore} store @param {SessionLog} log */
function writeLastPrompt(store, log) {
  const leaf = store.chain.at(-1)?.uuid;
  if (!leaf || store.lastPrompt === undefined) return;
  store.appendNow({ type: "last-prompt", lastPrompt: store.lastPrompt, leafUuid: leaf, sessionId: store.sessionId });
  log.lastPromptKey = lastPromptKey(store);
}

/** @param {FakeStore} store */
function lastPromptKey(store) {
  return store.lastPrompt === undefined ? null : `${store.chain.at(-1)?.uuid}\u0000${store.lastPrompt}`;
}

/**
 * The `cost-state` entry: the session's cost, times, lines and usage per model, earlier processes included.
 * @param {FakeStore} store
 * @param {SessionLog} log
 * @param {FakeUsage} usage
 */
function costState(store, log, usage) {
  const t = log.totals;
  const byModel = { ...t.modelUsage };
  for (const [name, u] of Object.entries(usage.modelUsage())) {
    const before = byModel[name] ?? {};
    byModel[name] = {
      inputTokens: (before.inputTokens ?? 0) + u.inputTokens,
      outputTokens: (before.outputTokens ?? 0) + u.outputTokens,
      thinkingTokens: 0,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      cacheCreationEphemeral5mInputTokens: 0,
      cacheCreationEphemeral1hInputTokens: 0,
      webSearchRequests: 0,
      costUSD: (before.costUSD ?? 0) + u.costUSD,
    };
  }
  return {
    type: "cost-state",
    sessionId: store.sessionId,
    totalCostUSD: t.costUSD + usage.totalCost(),
    totalAPIDuration: t.apiMs,
    totalAPIDurationWithoutRetries: t.apiMs,
    totalToolDuration: t.toolMs,
    totalLinesAdded: t.linesAdded,
    totalLinesRemoved: t.linesRemoved,
    totalDuration: t.durationMs + Date.now() - t.processStart,
    startTime: t.startTime,
    modelUsage: byModel,
    hasUnknownModelCost: false,
  };
}
