// @ts-check
/**
 * The field sets that changed between the recorded CLI versions, applied in one place: the builders of
 * `messages.js` make lines as CLI 2.1.197 printed them, and `shapeLine` / `shapeResult` add what CLI 2.1.332
 * prints besides (init's new fields, `timestamp` on assistant lines, `api_message_id` on stream events, the
 * result's new fields and key order). With `CLAUDE_STREAM_FAKE_CLI_VERSION=2.1.197` lines pass unchanged.
 * @module
 */
import { data332 } from "./recorded_data.js";
import { apiErrorType } from "./api_errors.js";
/** @import { FakeProcess } from "./fake_process.js" */
/** @import { Line } from "./output.js" */

/**
 * A line as the imitated CLI prints it. Notes the API message that stream events belong to (`fake.out`).
 *
 * @example
 * ```js
 * // Used by core.js for every stdout line: line = shapeLine(fake, line);
 * ```
 * @param {FakeProcess} fake
 * @param {Line} line
 * @returns {Line}
 */
export function shapeLine(fake, line) {
  if (!fake.config.cli.has("newLineFields") || !line || typeof line !== "object") return line;
  if (line.type === "system" && line.subtype === "init") return shapeInit(fake, line);
  if (line.type === "assistant" && !("timestamp" in line)) {
    return insertAfter(line, "uuid", { timestamp: new Date().toISOString() });
  }
  if (line.type === "stream_event") return shapeStreamEvent(fake, line);
  if (line.type === "system" && line.subtype === "compact_boundary" && !("logical_parent_uuid" in line)) {
    return {
      ...line,
      logical_parent_uuid: fake.store.chain.find((e) => e.subtype === "compact_boundary")?.logicalParentUuid ?? null,
    };
  }
  return line;
}

/** @param {FakeProcess} fake @param {Line} line */
function shapeInit(fake, line) {
  const { uuid, memory_paths, fast_mode_state, ...head } = line;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(head)) {
    out[key] = key === "plugins" ? data332.plugins : value;
    if (key === "slash_commands") out.terminal_slash_commands = data332.terminalSlashCommands;
    if (key === "plugins") out.capabilities = data332.capabilities;
    if (key === "product_feedback_disabled") out.served_by_anthropic = false;
  }
  Object.assign(out, {
    uuid,
    sandbox_enabled: false,
    memory_paths,
    original_cwd: fake.config.cwd,
    additional_directories: fake.config.options.addDir ?? [],
    messaging_socket_path: `/tmp/cc-socks/${fake.config.pid}.sock`,
    fast_mode_state,
    fast_mode_disabled_reason: "sdk_opt_in_required",
    per_turn_effort_active: true,
    ultrathink_available: false,
    ultrathink_typed_raises: false,
    view_mode: "default",
  });
  const uuids = fake.turns.current?.userMessageUuids;
  if (uuids?.length) out.user_message_uuids = uuids;
  return out;
}

/** @param {FakeProcess} fake @param {Line} line */
function shapeStreamEvent(fake, line) {
  const event = line.event ?? {};
  if (event.type === "message_start") fake.out.streamMessageId = event.message?.id ?? null;
  const thinking = event.type === "message_start" ||
    (event.type === "content_block_start" && event.content_block?.type === "thinking") ||
    (event.type === "content_block_delta" && event.delta?.type === "thinking_delta");
  const { abandoned_blocks, ...rest } = line;
  /** @type {Line} */
  const out = {
    ...rest,
    ...(thinking ? { thinking_display: "updates" } : {}),
    api_message_id: fake.out.streamMessageId,
  };
  if (abandoned_blocks) out.abandoned_blocks = abandoned_blocks;
  return out;
}

/** The result keys of CLI 2.1.332, in its order (keys a result lacks are skipped). */
const RESULT_ORDER = [
  "duration_api_ms",
  "stop_reason",
  "session_id",
  "total_cost_usd",
  "usage",
  "modelUsage",
  "permission_denials",
  "terminal_reason",
  "fast_mode_state",
  "fast_mode_disabled_reason",
  "origin",
  "subagent_stats",
  "safety_stops",
  "is_error",
  "num_turns",
  "subtype",
  "api_error_status",
  "api_error_type",
  "errors",
  "result",
  "structured_output",
  "local_command",
  "ttft_ms",
  "type",
  "duration_ms",
  "uuid",
  "begun_message_ids",
  "ttft_stream_ms",
  "time_to_request_ms",
  "first_content_frame_ms",
  "user_message_uuid",
  "user_message_uuids",
  "request_sent_wall_ms",
  "first_request_input_tokens",
  "first_request_cache_read_input_tokens",
  "queued_turn_count",
  "result_index",
  "model_usage_since_last_result",
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
 * @param {FakeProcess} fake
 * @param {Line} result
 * @param {Line} [extra]
 * @returns {Line}
 */
export function shapeResult(fake, result, extra = {}) {
  if (!fake.config.cli.has("resultV2")) return result;
  const index = fake.out.resultCount++;
  if (extra.beforeTurn) return { ...result, usage: usageV2(result.usage), result_index: index };
  /** @type {Line} */
  const fields = {
    ...result,
    usage: usageV2(result.usage),
    fast_mode_state: "off",
    fast_mode_disabled_reason: "sdk_opt_in_required",
    subagent_stats: subagentStats(fake.usage.subagents ?? []),
    safety_stops: 0,
    queued_turn_count: 0,
    result_index: index,
  };
  if (typeof result.api_error_status === "number") {
    fields.api_error_type = apiErrorType(result.api_error_status);
    fields.terminal_reason = "api_error";
  }
  if ("ttft_ms" in result) fields.first_content_frame_ms = result.ttft_stream_ms;
  const { beforeTurn: _, ...rest } = extra;
  Object.assign(fields, rest);
  if (fake.config.options.outputFormat === "stream-json") {
    fields.model_usage_since_last_result = fake.usage.sinceLastResult();
  }
  /** @type {Line} */
  const out = {};
  for (const key of RESULT_ORDER) if (key in fields) out[key] = fields[key];
  for (const key of Object.keys(fields)) if (!(key in out)) out[key] = fields[key];
  return out;
}

/** @param {Line | undefined} usage */
function usageV2(usage) {
  if (!usage || "fallback_credit" in usage) return usage;
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, ...rest } = usage;
  return {
    input_tokens,
    cache_creation_input_tokens,
    cache_read_input_tokens,
    output_tokens,
    output_tokens_details: { thinking_tokens: 0 },
    ...rest,
    fallback_credit: null,
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
    spawned: subagents.length,
    requested: { background: 0, foreground: 0, unset: subagents.length },
    started_in_background: background,
    max_depth: subagents.length ? 1 : 0,
    spawned_by_subagents: 0,
    completed: subagents.length,
    failed: 0,
    killed: { parent: 0, user: 0, system: 0 },
    refused: { depth_limit: 0, concurrency_limit: 0, budget: 0 },
    by_type: byType,
  };
}

/**
 * A copy of `object` with `fields` inserted after `key`.
 * @param {Line} object @param {string} key @param {Line} fields
 */
export function insertAfter(object, key, fields) {
  /** @type {Line} */
  const out = {};
  for (const [k, v] of Object.entries(object)) {
    out[k] = v;
    if (k === key) Object.assign(out, fields);
  }
  return out;
}
