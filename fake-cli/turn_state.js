// @ts-check
/**
 * The state of one turn while it runs (turn.js): its scenario spec, its API calls and what they cost, its tool
 * calls' denials and decisions, the block being streamed (for an interrupt), the background tasks it started.
 * @module
 */
import { randomUUID } from "node:crypto";

/**
 * A prompt: a user message from stdin, or the `-p` prompt. `uuid` is the one it was sent with, if any.
 * @typedef {{ content: unknown, uuid?: string }} Prompt
 */

/**
 * A tool call the turn denied, as the result's `permission_denials` lists it.
 * @typedef {{ tool_name: string, tool_use_id: string, tool_input: unknown }} Denial
 */

/**
 * A file backup SDK file checkpointing noted before an edit.
 * @typedef {{ backupFileName: null, version: number, backupTime: string }} FileBackup
 */

/**
 * The `file-history-snapshot` of the turn's prompt (with `CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING=1`).
 * @typedef {{ messageId: string, trackedFileBackups: Record<string, FileBackup>, timestamp: string }} FileSnapshot
 */

/**
 * The API message being streamed: its ids and input tokens, the lines of its finished blocks, and how much of the
 * current block is out (what an interrupt keeps).
 * @typedef {object} StreamProgress
 * @property {string} id
 * @property {string} requestId
 * @property {string | null} requestRef 2.1.332's `api-request` id; null for 2.1.197
 * @property {number} input
 * @property {{ block: import("./messages.js").AnswerBlock, sent: string }} progress
 * @property {import("./output.js").Line[]} lines
 */

/**
 * @typedef {object} Turn
 * @property {import("./fake_process.js").FakeProcess} fake
 * @property {import("./scenario.js").TurnSpec} spec what the scenario asks of this turn
 * @property {AbortController} abort aborted by an interrupt
 * @property {number} started when the turn started (ms)
 * @property {string} promptId the `promptId` of the turn's entries
 * @property {number} calls the API calls so far
 * @property {number} apiMs the time spent in API calls
 * @property {number} ttftMs time to the first token of the first call
 * @property {number} firstInput the input tokens of the first call
 * @property {number} chunks the deltas streamed so far (a scenario crashes or hangs after some)
 * @property {{ input: number, output: number }} usage the tokens of the turn's calls
 * @property {Denial[]} denials
 * @property {string} decision how the last tool call was decided: a permission reason, `asked-allow`,
 *   `asked-deny`, `unasked` or `denied` (entry_fields.js)
 * @property {boolean} waitingForPermission an interrupt came while a `can_use_tool` request waited
 * @property {FileSnapshot | null} snapshot
 * @property {StreamProgress | null} progress
 * @property {string[]} userMessageUuids 2.1.332: the uuid the prompt was sent with, echoed on the turn's lines
 * @property {number} sentAtMs when the prompt was taken (2.1.332's `sentAtMs`)
 * @property {boolean} holdFinal 2.1.332: the next answer's entries wait behind the turn's metadata (see callTool)
 * @property {string[]} begunMessageIds 2.1.332 with partial messages: the API messages the turn began
 * @property {import("./subagent.js").BackgroundTask[]} backgroundTasks 2.1.332: subagents started in the
 *   background, run when the turn's answer is out
 * @property {boolean} injectedLast the last user message is text the CLI injected, not the user's
 * @property {boolean} interrupted
 * @property {boolean} [stopHookActive] a Stop hook blocked the turn's end: the next Stop input says so (m3)
 * @property {number} structuredAttempts the turn's invalid `StructuredOutput` calls so far
 * @property {boolean} structuredReminded the turn got the CLI's reminder to call `StructuredOutput`
 */

/**
 * A turn that has not called the API yet.
 *
 * @example
 * ```js
 * // createTurn(fake, spec, { abort: new AbortController(), userMessageUuids: [] }).calls; // 0
 * ```
 * @param {import("./fake_process.js").FakeProcess} fake
 * @param {import("./scenario.js").TurnSpec} spec
 * @param {{ abort: AbortController, userMessageUuids: string[], injectedLast?: boolean }} start
 * @returns {Turn}
 */
export function createTurn(fake, spec, start) {
  const now = Date.now();
  return {
    fake,
    spec,
    abort: start.abort,
    started: now,
    promptId: randomUUID(),
    calls: 0,
    apiMs: 0,
    ttftMs: 0,
    firstInput: 0,
    chunks: 0,
    usage: { input: 0, output: 0 },
    denials: [],
    decision: "",
    waitingForPermission: false,
    snapshot: null,
    progress: null,
    userMessageUuids: start.userMessageUuids,
    sentAtMs: now,
    holdFinal: false,
    begunMessageIds: [],
    backgroundTasks: [],
    injectedLast: start.injectedLast ?? false,
    interrupted: false,
    structuredAttempts: 0,
    structuredReminded: false,
  };
}
