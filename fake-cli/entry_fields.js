// @ts-check
/**
 * The fields CLI 2.1.332 adds to the conversation entries of its session file (the `user` and `assistant` entries
 * the fake writes in 2.1.197's shape get them here): where a prompt came from and its position, how a tool call was
 * decided, which request an answer block came from and with what effort.
 * @module
 */
import { thinksAdaptively } from "./model.js";

/** The key order of a 2.1.332 assistant entry (keys it lacks are skipped, the common ones follow). */
export const ASSISTANT_ORDER = [
  "parentUuid",
  "isSidechain",
  "agentId",
  "message",
  "toolInputStreamMs",
  "thinkingDurationMs",
  "thinkingDisplay",
  "apiBlockIndex",
  "requestId",
  "requestRef",
  "requestedModel",
  "promptCacheRequested",
  "attributionAgent",
  "type",
  "uuid",
  "timestamp",
  "isAbortedMidStream",
  "error",
  "isApiErrorMessage",
  "apiErrorStatus",
  "apiErrorType",
  "effort",
  "perTurnEffort",
  "failedResponseHadNoToolCall",
  "madeBy",
];

/**
 * The fields of a prompt's `user` entry: when it was sent, that it was typed here by the SDK, its position in the
 * session, and the uuid it was sent with (`turnAttributionKey`, b4).
 *
 * @example
 * ```js
 * import { promptFields } from "./entry_fields.js";
 * promptFields({ sentAtMs: 1, turnIndex: 2 }).turnPosition; // { promptIndex: 0, turnIndex: 2 }
 * ```
 * @param {{ sentAtMs: number, turnIndex: number, uuid?: string | undefined }} prompt
 */
export function promptFields(prompt) {
  return {
    sentAtMs: prompt.sentAtMs,
    rowSource: "local",
    turnOrigin: "sdk",
    turnPosition: { promptIndex: 0, turnIndex: prompt.turnIndex },
    ...(prompt.uuid ? { turnAttributionKey: prompt.uuid } : {}),
  };
}

/**
 * The fields of the `user` entry a background task's notification starts a turn with (k1).
 *
 * @example
 * ```js
 * import { notificationFields } from "./entry_fields.js";
 * notificationFields({ kind: "task-notification" }, { sentAtMs: 1, turnIndex: 2 }).turnOrigin; // "task_notification"
 * ```
 * @param {object} origin
 * @param {{ sentAtMs: number, turnIndex: number }} prompt
 */
export function notificationFields(origin, prompt) {
  return {
    origin,
    promptSource: "system",
    sentAtMs: prompt.sentAtMs,
    rowSource: "recorded",
    turnOrigin: "task_notification",
    turnPosition: { promptIndex: 0, turnIndex: prompt.turnIndex },
    queueSkipAttachments: true,
  };
}

/**
 * The fields of a tool result's `user` entry for how the call was decided (`decision` as turn.js notes it: a
 * permission reason, `asked-allow`, `asked-deny`, `unasked` or `denied`): whether a Bash command ran sandboxed,
 * why a denied call did not run, and the decision itself.
 *
 * @example
 * ```js
 * import { toolResultFields } from "./entry_fields.js";
 * toolResultFields("mode", false).permissionDecision; // { decision: "accept", source: "config", reasonType: "mode" }
 * ```
 * @param {string} decision
 * @param {boolean} ranCommand whether a shell command ran
 */
export function toolResultFields(decision, ranCommand) {
  // a PreToolUse hook's decision (features/m1, m4)
  if (decision === "hook-deny") {
    return {
      toolDenialKind: "permission-rule",
      permissionDecision: { decision: "reject", source: "hook", reasonType: "hook", reasonCode: "hook:PreToolUse" },
    };
  }
  if (decision === "hook-allow") {
    return {
      ...(ranCommand ? { sandboxed: false } : {}),
      permissionDecision: { decision: "accept", source: "hook", reasonType: "hook" },
    };
  }
  if (decision === "asked-deny") {
    return {
      toolDenialKind: "permission-rule",
      holdsPersonsWords: true,
      permissionDecision: { decision: "reject", source: "user_reject", reasonCode: "unknown" },
    };
  }
  if (decision === "unasked" || decision === "denied") {
    return {
      toolDenialKind: "user-rejected",
      permissionDecision: { decision: "reject", source: "config", reasonCode: "unknown" },
    };
  }
  return { ...(ranCommand ? { sandboxed: false } : {}), permissionDecision: acceptance(decision) };
}

/** @param {string} decision */
function acceptance(decision) {
  if (decision === "asked-allow") {
    return { decision: "accept", source: "user_temporary", grantScope: "once", reasonCode: "unknown" };
  }
  if (decision === "config") return { decision: "accept", source: "config" };
  if (decision === "rule") return { decision: "accept", source: "config", reasonType: "rule", ruleSource: "cliArg" };
  return { decision: "accept", source: "config", reasonType: decision };
}

/**
 * The fields of an `assistant` entry of one answer block: its index in the API message, the `api-request` it
 * answers, the model asked for, the effort (adaptively thinking models only), and how long its input or thinking
 * streamed.
 *
 * @example
 * ```js
 * import { assistantFields } from "./entry_fields.js";
 * assistantFields({ api: "claude-opus-5-5" }, { requestRef: "r", blockIndex: 0, block: { type: "text" } }).effort; // "medium"
 * ```
 * @param {{ api: string }} model
 * @param {{ requestRef: string, blockIndex: number, block: { type: string } }} answer
 */
export function assistantFields(model, answer) {
  const adaptive = thinksAdaptively(model);
  return {
    ...(answer.block.type === "tool_use" ? { toolInputStreamMs: 1 } : {}),
    ...(answer.block.type === "thinking" ? { thinkingDurationMs: 1, thinkingDisplay: "updates" } : {}),
    apiBlockIndex: answer.blockIndex,
    requestRef: answer.requestRef,
    requestedModel: model.api,
    promptCacheRequested: "5m",
    ...(adaptive ? { effort: "medium" } : {}),
    perTurnEffort: adaptive ? "medium" : null,
    madeBy: "model",
  };
}

/**
 * The fields of the synthetic `assistant` entry of an API failure (i1-i5).
 *
 * @example
 * ```js
 * import { apiErrorFields } from "./entry_fields.js";
 * apiErrorFields({ api: "claude-opus-5-5" }, "api_error").failedResponseHadNoToolCall; // true
 * ```
 * @param {{ api: string }} model
 * @param {string} apiErrorType
 */
export function apiErrorFields(model, apiErrorType) {
  return {
    apiErrorType,
    perTurnEffort: thinksAdaptively(model) ? "medium" : null,
    failedResponseHadNoToolCall: true,
    madeBy: "model",
  };
}
