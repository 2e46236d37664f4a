// @ts-check
/**
 * The field sets that changed between the recorded CLI versions, applied in one place: the builders of
 * `messages.js` make lines as CLI 2.1.197 printed them, and `shapeLine` / `shapeResult` add what CLI 2.1.332
 * prints besides (init's new fields, `timestamp` on assistant lines, `api_message_id` on stream events, the
 * result's new fields and key order). With `CLAUDE_STREAM_FAKE_CLI_VERSION=2.1.197` lines pass unchanged.
 * @module
 */
import { capabilities, plugins, terminalSlashCommands } from "./data_2_1_332.js";
import { API_ERROR_TYPES } from "./turn.js";

/**
 * A line as the imitated CLI prints it. Keeps per-process state on `fake` (the open API message of stream events).
 *
 * @example
 * ```js
 * // Used by core.js for every stdout line: line = shapeLine(fake, line);
 * ```
 * @param {any} fake
 * @param {any} line
 * @returns {any}
 */
export function shapeLine(fake, line) {
  if (!fake.cli.has("newLineFields") || !line || typeof line !== "object") return line;
  if (line.type === "system" && line.subtype === "init") return shapeInit(fake, line);
  if (line.type === "assistant" && !("timestamp" in line)) return insertAfter(line, "uuid", { timestamp: new Date().toISOString() });
  if (line.type === "stream_event") return shapeStreamEvent(fake, line);
  if (line.type === "system" && line.subtype === "compact_boundary" && !("logical_parent_uuid" in line)) {
    return { ...line, logical_parent_uuid: fake.chain.find((/** @type {any} */ e) => e.subtype === "compact_boundary")?.logicalParentUuid ?? null };
  }
  return line;
}

/** @param {any} fake @param {any} line */
function shapeInit(fake, line) {
  const { uuid, memory_paths, fast_mode_state, ...head } = line;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(head)) {
    out[key] = key === "plugins" ? plugins : value;
    if (key === "slash_commands") out.terminal_slash_commands = terminalSlashCommands;
    if (key === "plugins") out.capabilities = capabilities;
    if (key === "product_feedback_disabled") out.served_by_anthropic = false;
  }
  Object.assign(out, {
    uuid, sandbox_enabled: false, memory_paths, original_cwd: fake.cwd, additional_directories: [],
    messaging_socket_path: `/tmp/cc-socks/${fake.pid}.sock`, fast_mode_state, fast_mode_disabled_reason: "sdk_opt_in_required",
    per_turn_effort_active: true, ultrathink_available: false, ultrathink_typed_raises: false, view_mode: "default",
  });
  const uuids = fake.current?.userMessageUuids;
  if (uuids?.length) out.user_message_uuids = uuids;
  return out;
}

/** @param {any} fake @param {any} line */
function shapeStreamEvent(fake, line) {
  const event = line.event ?? {};
  if (event.type === "message_start") fake.streamMessage = { id: event.message?.id, thinking: new Set() };
  const open = fake.streamMessage ?? { id: null, thinking: new Set() };
  if (event.type === "content_block_start" && event.content_block?.type === "thinking") open.thinking.add(event.index);
  const thinking = event.type === "message_start" ||
    (event.type === "content_block_start" && event.content_block?.type === "thinking") ||
    (event.type === "content_block_delta" && event.delta?.type === "thinking_delta");
  const { abandoned_blocks, ...rest } = line;
  const out = { ...rest, ...(thinking ? { thinking_display: "updates" } : {}), api_message_id: open.id };
  if (abandoned_blocks) out.abandoned_blocks = abandoned_blocks;
  return out;
}

/** The result keys of CLI 2.1.332, in its order (keys a result lacks are skipped). */
const RESULT_ORDER = [
  "duration_api_ms", "stop_reason", "session_id", "total_cost_usd", "usage", "modelUsage", "permission_denials",
  "terminal_reason", "fast_mode_state", "fast_mode_disabled_reason", "origin", "subagent_stats", "safety_stops", "is_error",
  "num_turns", "subtype", "api_error_status", "api_error_type", "errors", "result", "local_command", "ttft_ms", "type",
  "duration_ms", "uuid", "begun_message_ids", "ttft_stream_ms", "time_to_request_ms", "first_content_frame_ms",
  "user_message_uuid", "user_message_uuids", "request_sent_wall_ms", "first_request_input_tokens",
  "first_request_cache_read_input_tokens", "queued_turn_count", "result_index", "model_usage_since_last_result",
];


/**
 * A `result` line as the imitated CLI prints it. `extra` carries what only the turn knows (`origin`,
 * `begun_message_ids`, `user_message_uuid`, `local_command`). A result of a run that stopped before any turn keeps
 * the old key order and only gains `result_index` (c4, c5).
 *
 * @example
 * ```js
 * // Used by core.js when a turn ends: result = shapeResult(fake, result, extra);
 * ```
 * @param {any} fake
 * @param {Record<string, any>} result
 * @param {Record<string, any>} [extra]
 * @returns {Record<string, any>}
 */
export function shapeResult(fake, result, extra = {}) {
  if (!fake.cli.has("resultV2")) return result;
  const index = fake.resultCount++;
  if (extra.beforeTurn) return { ...result, usage: usageV2(result.usage), result_index: index };
  /** @type {Record<string, any>} */
  const fields = {
    ...result,
    usage: usageV2(result.usage),
    fast_mode_state: "off",
    fast_mode_disabled_reason: "sdk_opt_in_required",
    subagent_stats: subagentStats(fake.subagents ?? []),
    safety_stops: 0,
    queued_turn_count: 0,
    result_index: index,
  };
  if (typeof result.api_error_status === "number") {
    fields.api_error_type = API_ERROR_TYPES[/** @type {keyof typeof API_ERROR_TYPES} */ (result.api_error_status)] ?? "api_error";
    fields.terminal_reason = "api_error";
  }
  if ("ttft_ms" in result) fields.first_content_frame_ms = result.ttft_stream_ms;
  const { beforeTurn: _, ...rest } = extra;
  Object.assign(fields, rest);
  if (fake.opts.outputFormat === "stream-json") fields.model_usage_since_last_result = fake.modelUsageSinceLastResult();
  /** @type {Record<string, any>} */
  const out = {};
  for (const key of RESULT_ORDER) if (key in fields) out[key] = fields[key];
  for (const key of Object.keys(fields)) if (!(key in out)) out[key] = fields[key];
  return out;
}

/** @param {any} usage */
function usageV2(usage) {
  if (!usage || "fallback_credit" in usage) return usage;
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, ...rest } = usage;
  return {
    input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens,
    output_tokens_details: { thinking_tokens: 0 }, ...rest, fallback_credit: null,
  };
}

/**
 * The result's `subagent_stats` for the Task subagents the process ran.
 * @param {{ type: string, background: boolean }[]} subagents
 */
function subagentStats(subagents) {
  /** @type {Record<string, number>} */
  const byType = {};
  for (const s of subagents) byType[s.type] = (byType[s.type] ?? 0) + 1;
  const background = subagents.filter((s) => s.background).length;
  return {
    spawned: subagents.length, requested: { background: 0, foreground: 0, unset: subagents.length }, started_in_background: background,
    max_depth: subagents.length ? 1 : 0, spawned_by_subagents: 0, completed: subagents.length, failed: 0,
    killed: { parent: 0, user: 0, system: 0 }, refused: { depth_limit: 0, concurrency_limit: 0, budget: 0 }, by_type: byType,
  };
}

/**
 * A copy of `object` with `fields` inserted after `key`.
 * @param {Record<string, any>} object @param {string} key @param {Record<string, any>} fields
 */
export function insertAfter(object, key, fields) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const [k, v] of Object.entries(object)) {
    out[k] = v;
    if (k === key) Object.assign(out, fields);
  }
  return out;
}
