// @ts-check
/**
 * Builders of the lines the fake prints and the entries it writes, with the recorded field sets and order.
 * @module
 */
import { randomUUID } from "node:crypto";
import { agents, skills, slashCommands } from "./data.js";

/**
 * The CLI version of the reference recordings (`version.js` picks the version the fake imitates).
 *
 * @example
 * ```js
 * import { VERSION } from "./messages.js";
 * console.log(`${VERSION} (Claude Code)`);
 * ```
 */
export const VERSION = "2.1.197";

/**
 * Usage as the result line and the session file carry it.
 *
 * @example
 * ```js
 * import { fullUsage } from "./messages.js";
 * fullUsage(23, 8).output_tokens; // 8
 * ```
 * @param {number} input
 * @param {number} output
 */
export function fullUsage(input, output) {
  return {
    input_tokens: input,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: output,
    server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
    service_tier: "standard",
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
    inference_geo: "",
    iterations: [],
    speed: "standard",
  };
}

/**
 * The `system/init` line that opens every turn.
 *
 * @example
 * ```js
 * import { initLine } from "./messages.js";
 * initLine({ cwd: "/w", sessionId: "s", tools: [], model: "claude-opus-4-8[1m]", permissionMode: "default", memoryDir: "/m/" }).subtype; // "init"
 * ```
 * @param {{ cwd: string, sessionId: string, tools: string[], model: string, permissionMode: string, memoryDir: string, apiKeySource?: string, version?: string, data?: { slashCommands: string[], agents: string[], skills: string[] } }} s
 */
export function initLine(s) {
  return {
    type: "system",
    subtype: "init",
    cwd: s.cwd,
    session_id: s.sessionId,
    tools: s.tools,
    mcp_servers: [],
    model: s.model,
    permissionMode: s.permissionMode,
    slash_commands: s.data?.slashCommands ?? slashCommands,
    apiKeySource: s.apiKeySource ?? "ANTHROPIC_API_KEY",
    claude_code_version: s.version ?? VERSION,
    output_style: "default",
    agents: s.data?.agents ?? agents,
    skills: s.data?.skills ?? skills,
    plugins: [],
    analytics_disabled: true,
    product_feedback_disabled: true,
    uuid: randomUUID(),
    memory_paths: { auto: s.memoryDir },
    fast_mode_state: "off",
  };
}

/**
 * An API message (one content block) as the CLI prints it: provisional usage, no stop reason yet.
 *
 * @example
 * ```js
 * import { assistantLine } from "./messages.js";
 * assistantLine({ id: "msg_1", model: "m", block: { type: "text", text: "hi" }, inputTokens: 23, sessionId: "s", uuid: "u", requestId: "r" }).type; // "assistant"
 * ```
 * @param {{ id: string, model: string, block: any, inputTokens: number, sessionId: string, uuid: string, requestId: string, parentToolUseId?: string | null }} a
 */
export function assistantLine(a) {
  return {
    type: "assistant",
    message: {
      id: a.id,
      type: "message",
      role: "assistant",
      model: a.model,
      content: [a.block],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: a.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
      context_management: null,
    },
    parent_tool_use_id: a.parentToolUseId ?? null,
    session_id: a.sessionId,
    uuid: a.uuid,
    request_id: a.requestId,
  };
}

/**
 * The synthetic assistant message of an API failure.
 *
 * @example
 * ```js
 * import { syntheticMessage } from "./messages.js";
 * syntheticMessage("API Error: 400 fake error 400").model; // "<synthetic>"
 * ```
 * @param {string} text
 */
export function syntheticMessage(text) {
  return {
    id: randomUUID(),
    container: null,
    model: "<synthetic>",
    role: "assistant",
    stop_details: null,
    stop_reason: "stop_sequence",
    stop_sequence: "",
    type: "message",
    usage: {
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
      service_tier: null,
      cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
      inference_geo: null,
      iterations: null,
      speed: null,
    },
    content: [{ type: "text", text }],
    context_management: null,
  };
}

/**
 * A `stream_event` line wrapping a raw Messages API event.
 *
 * @example
 * ```js
 * import { streamEvent } from "./messages.js";
 * streamEvent({ type: "message_stop" }, "s").type; // "stream_event"
 * ```
 * @param {object} event
 * @param {string} sessionId
 * @param {object} [extra] fields after `uuid` (message_start carries `ttft_ms`)
 */
export function streamEvent(event, sessionId, extra = {}) {
  return { type: "stream_event", event, session_id: sessionId, parent_tool_use_id: null, uuid: randomUUID(), ...extra };
}

/**
 * A `user` line on stdout (tool results, replays, the interrupt marker).
 *
 * @example
 * ```js
 * import { userLine } from "./messages.js";
 * userLine({ content: "hi", sessionId: "s", uuid: "u", isReplay: true }).isReplay; // true
 * ```
 * @param {{ content: unknown, sessionId: string, uuid: string, toolUseResult?: unknown, isReplay?: boolean }} u
 */
export function userLine(u) {
  /** @type {Record<string, unknown>} */
  const line = u.isReplay
    ? { type: "user", message: { role: "user", content: u.content }, session_id: u.sessionId, parent_tool_use_id: null }
    : { type: "user", message: { role: "user", content: u.content }, parent_tool_use_id: null, session_id: u.sessionId };
  line.uuid = u.uuid;
  line.timestamp = new Date().toISOString();
  if (u.isReplay) line.isReplay = true;
  if (u.toolUseResult !== undefined) line.tool_use_result = u.toolUseResult;
  return line;
}

/**
 * A `result` line that closes a turn normally (`is_error` is true after an API failure).
 *
 * @example
 * ```js
 * import { successResult } from "./messages.js";
 * successResult({ sessionId: "s", text: "hi", durationMs: 5, numTurns: 1, usage: {}, modelUsage: {}, costUsd: 0, denials: [] }).subtype; // "success"
 * ```
 * @param {{ sessionId: string, text: string, durationMs: number, numTurns: number, usage: object, modelUsage: object, costUsd: number, denials: object[], apiErrorStatus?: number | null, stopReason?: string, timing?: { apiMs: number, ttftMs: number } }} r
 */
export function successResult(r) {
  const apiError = r.apiErrorStatus ?? null;
  /** @type {Record<string, unknown>} */
  const line = {
    type: "result",
    subtype: "success",
    is_error: apiError !== null,
    api_error_status: apiError,
    duration_ms: r.durationMs,
    duration_api_ms: apiError !== null ? 0 : r.timing?.apiMs ?? 0,
  };
  if (apiError === null) {
    const ttft = r.timing?.ttftMs ?? 0;
    Object.assign(line, { ttft_ms: ttft, ttft_stream_ms: Math.max(0, ttft - 1), time_to_request_ms: Math.max(0, ttft - 5) });
  }
  Object.assign(line, {
    num_turns: r.numTurns,
    result: r.text,
    stop_reason: r.stopReason ?? (apiError !== null ? "stop_sequence" : "end_turn"),
    session_id: r.sessionId,
    total_cost_usd: r.costUsd,
    usage: r.usage,
    modelUsage: r.modelUsage,
    permission_denials: r.denials,
    terminal_reason: "completed",
    fast_mode_state: "off",
    uuid: randomUUID(),
  });
  return line;
}

/**
 * A `result` line of a failed turn: `error_during_execution` (interrupt, unknown resume id) or `error_max_turns`.
 *
 * @example
 * ```js
 * import { errorResult } from "./messages.js";
 * errorResult({ subtype: "error_during_execution", sessionId: "s", errors: ["boom"] }).is_error; // true
 * ```
 * @param {{ subtype: string, sessionId: string, errors: string[], durationMs?: number, apiMs?: number, numTurns?: number, stopReason?: string | null, costUsd?: number, usage?: object, modelUsage?: object, denials?: object[], terminalReason?: string }} r
 */
export function errorResult(r) {
  /** @type {Record<string, unknown>} */
  const line = {
    type: "result",
    subtype: r.subtype,
    duration_ms: r.durationMs ?? 0,
    duration_api_ms: r.apiMs ?? 0,
    is_error: true,
    num_turns: r.numTurns ?? 0,
    stop_reason: r.stopReason ?? null,
    session_id: r.sessionId,
    total_cost_usd: r.costUsd ?? 0,
    usage: r.usage ?? fullUsage(0, 0),
    modelUsage: r.modelUsage ?? {},
    permission_denials: r.denials ?? [],
  };
  if (r.terminalReason) Object.assign(line, { terminal_reason: r.terminalReason, fast_mode_state: "off" });
  line.uuid = randomUUID();
  line.errors = r.errors;
  return line;
}

/**
 * A successful control response.
 *
 * @example
 * ```js
 * import { controlSuccess } from "./messages.js";
 * controlSuccess("r1", { mode: "plan" }).response.subtype; // "success"
 * ```
 * @param {string} requestId
 * @param {object} [body]
 */
export function controlSuccess(requestId, body) {
  /** @type {Record<string, unknown>} */
  const response = { subtype: "success", request_id: requestId };
  if (body !== undefined) response.response = body;
  return { type: "control_response", response };
}

/**
 * A control error response.
 *
 * @example
 * ```js
 * import { controlError } from "./messages.js";
 * controlError("r6", "Unsupported control request subtype: bogus").response.error;
 * ```
 * @param {string} requestId
 * @param {string} error
 */
export function controlError(requestId, error) {
  return { type: "control_response", response: { subtype: "error", request_id: requestId, error } };
}

/**
 * A `command_lifecycle` line (CLI 2.1.332) for a user message sent with a uuid: `queued`, `started`, `completed`
 * or `cancelled`.
 *
 * @example
 * ```js
 * import { lifecycleLine } from "./messages.js";
 * lifecycleLine({ sessionId: "s" }, "u1", "queued").state; // "queued"
 * ```
 * @param {{ sessionId: string }} fake
 * @param {string} commandUuid
 * @param {string} state
 */
export function lifecycleLine(fake, commandUuid, state) {
  return { type: "command_lifecycle", command_uuid: commandUuid, state, uuid: randomUUID(), session_id: fake.sessionId };
}
