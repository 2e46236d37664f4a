// @ts-check
/**
 * The requests of CLI 2.1.332 as its session file records them: an `api-request-shape` per distinct system prompt
 * and tool set, an `api-request-blob` per message the transcript alone cannot rebuild (injected reminders, system
 * turns, merged or rewritten messages), each once per file (by content hash), then the `api-request` naming the
 * shape, the previous request it extends (`base`, `keep`) and the hashes of the rest (`tail`).
 * @module
 */
import { createHash, randomUUID } from "node:crypto";
import { requestThinking, thinksAdaptively, toBlocks } from "./model.js";
import { reminder, renderedText, sessionData, wireToolName } from "./prompt_context.js";
/** @import { Block } from "./model.js" */
/** @import { Entry } from "./session_store.js" */

/**
 * @typedef {{ role: "user" | "assistant" | "system", content: string | Block[] }} WireMessage
 * @typedef {{ message: WireMessage, blob: boolean }} LoggedMessage one message of a request, and whether the file
 *   needs its blob
 * @typedef {{ hashes: Set<string>, lastRequest: { id: string, hashes: string[] } | null }} RequestLog what one
 *   session file already holds, and the request before
 */

/**
 * An empty request log, for a new file (or a compacted conversation, which records everything again).
 *
 * @example
 * ```js
 * import { createRequestLog } from "./request_log.js";
 * createRequestLog().hashes.size; // 0
 * ```
 * @returns {RequestLog}
 */
export function createRequestLog() {
  return { hashes: new Set(), lastRequest: null };
}

/**
 * The request log of an existing file: the shapes and blobs it holds are not written again.
 *
 * @example
 * ```js
 * import { requestLogOf } from "./request_log.js";
 * requestLogOf([{ type: "api-request-blob", hash: "ab" }]).hashes.has("ab"); // true
 * ```
 * @param {Entry[]} entries
 * @returns {RequestLog}
 */
export function requestLogOf(entries) {
  const log = createRequestLog();
  for (const e of entries) {
    if (e.type === "api-request-blob" && typeof e.hash === "string") log.hashes.add(e.hash);
    if (e.type === "api-request-shape" && typeof e.shapeHash === "string") log.hashes.add(e.shapeHash);
  }
  return log;
}

/**
 * The messages a request sends for a conversation chain, as 2.1.332 builds them: the system-role attachments of a
 * prompt become a `system` turn after it (or, for models without system turns, reminder blocks at the head of the
 * prompt), the commit attribution a reminder at the head of the prompt; consecutive user entries share one message;
 * meta and local-command entries are left out but the max_tokens continuation and task notifications are sent as
 * injected text. `blob` marks what the transcript cannot rebuild.
 *
 * @example
 * ```js
 * import { wireMessages } from "./request_log.js";
 * wireMessages([{ type: "user", message: { role: "user", content: "hi" } }], { systemTurns: true }).length; // 1
 * ```
 * @param {Entry[]} chain
 * @param {{ systemTurns: boolean, undeferred?: boolean, preserved?: ReadonlySet<string> }} options `undeferred`:
 *   the deferred-tools announcement is left out; `preserved`: uuids of a compaction's preserved segment
 * @returns {LoggedMessage[]}
 */
export function wireMessages(chain, options) {
  /** @type {LoggedMessage[]} */
  const out = [];
  /** @type {string[]} */
  let pending = [];
  const flush = () => {
    if (!pending.length) return;
    if (options.systemTurns) {
      out.push({ message: { role: "system", content: [{ type: "text", text: pending.join("\n\n") }] }, blob: true });
    } else prependToUser(out, pending.map((t) => ({ type: "text", text: reminder(t) })));
    pending = [];
  };
  for (const entry of chain) {
    if (entry.type === "attachment") {
      if (
        entry.renderedRole === "system" && !(options.undeferred && entry.attachment?.type === "deferred_tools_delta")
      ) pending.push(renderedText(entry));
      if (entry.renderedRole === "user") {
        prependToUser(out, [{ type: "text", text: `${reminder(renderedText(entry))}\n` }]);
      }
      continue;
    }
    if (entry.type === "user") addUser(out, entry);
    else if (entry.type === "assistant" && !entry.isApiErrorMessage && entry.message?.model !== "<synthetic>") {
      flush();
      addAssistant(out, entry, options.preserved?.has(entry.uuid) ?? false);
    }
  }
  flush();
  return out;
}

/** @param {LoggedMessage[]} out @param {Entry} entry */
function addUser(out, entry) {
  const text = userContent(entry);
  if (text === null) return;
  const last = out.at(-1);
  if (last?.message.role === "user") {
    last.message.content = [...toBlocks(last.message.content), ...toBlocks(text.content)];
    last.blob = true;
  } else out.push({ message: { role: "user", content: text.content }, blob: text.injected });
  // a compaction's summary is followed by a system turn of its own, empty (recorded in k3)
  if (entry.isCompactSummary) out.push({ message: { role: "system", content: [] }, blob: true });
}

/**
 * What a user entry sends: its content, or the injected text of a continuation or a notification; null for what is
 * not sent (meta notes, local commands).
 * @param {Entry} entry
 * @returns {{ content: string | Block[], injected: boolean } | null}
 */
function userContent(entry) {
  const content = entry.message?.content;
  if (entry.ownNote) return { content: [{ type: "text", text: reminder(String(content)) }], injected: true };
  if (entry.origin?.kind === "task-notification") {
    return {
      content: [{ type: "text", text: reminder(`[SYSTEM NOTIFICATION - NOT USER INPUT]\n${content}`) }],
      injected: true,
    };
  }
  if (entry.isMeta) return null;
  if (toBlocks(content).some((b) => b.type === "text" && /^<(local-command-|command-name>)/.test(b.text))) return null;
  return { content, injected: entry.isCompactSummary === true };
}

/** @param {LoggedMessage[]} out @param {Entry} entry @param {boolean} preserved */
function addAssistant(out, entry, preserved) {
  const blocks = toBlocks(entry.message?.content).map((
    b,
  ) => (b.type === "tool_use" ? { ...b, name: wireToolName(b.name) } : b));
  const renamed = toBlocks(entry.message?.content).some((b) =>
    b.type === "tool_use" && wireToolName(b.name) !== b.name
  );
  const last = out.at(-1);
  if (last?.message.role === "assistant") {
    last.message.content = [...toBlocks(last.message.content), ...blocks];
    last.blob ||= renamed || preserved;
  } else out.push({ message: { role: "assistant", content: blocks }, blob: renamed || preserved });
}

/** Puts blocks at the head of the last user message (the prompt they belong to). @param {LoggedMessage[]} out @param {Block[]} blocks */
function prependToUser(out, blocks) {
  const last = [...out].reverse().find((m) => m.message.role === "user");
  if (!last) return;
  last.message.content = [...blocks, ...toBlocks(last.message.content)];
  last.blob = true;
}

/**
 * A request's parameters as 2.1.332 records them: model, betas, output limit, thinking, context management, and
 * for adaptively thinking models the effort. `rung` (0-5) is the step of a 400 retry (i4): rungs 1 and 4 drop the
 * betas, rungs 2 and 5 the thinking display (and from rung 3 on the tools are no longer deferred, see
 * `requestShape`).
 *
 * @example
 * ```js
 * import { requestParams } from "./request_log.js";
 * import { resolveModel } from "./model.js";
 * requestParams({ api: "claude-opus-5-5", maxOutputTokens: 128000 }).max_tokens; // 128000
 * ```
 * @param {{ api: string, maxOutputTokens: number }} model
 * @param {number} [rung]
 * @param {import("./args.js").FakeOptions} [flags] the command line: `--effort`, `--betas`, `--thinking` and
 *   `--max-thinking-tokens` change what is sent
 */
export function requestParams(model, rung = 0, flags = {}) {
  const adaptive = thinksAdaptively(model);
  const betas = rung % 3 === 1 ? ["claude-code-20250219"] : sessionData.betas[adaptive ? "adaptive" : "budget"];
  const { display, ...thinking } = requestThinking(model, true);
  /** @type {Record<string, unknown>} */
  const params = {
    model: model.api,
    betas,
    max_tokens: model.maxOutputTokens,
    thinking: rung % 3 === 2 ? thinking : { ...thinking, display },
    context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
  };
  if (adaptive) params.output_config = { effort: flags.effort ?? "medium" };
  if (flags.betas && rung % 3 !== 1) params.betas = [...betas, ...flags.betas.flatMap((b) => b.split(","))];
  // an adaptively thinking model keeps thinking so: none of 2.1.332's can turn it off (initialize's
  // `supportsThinkingOff: false`), and the real CLI sends adaptive thinking with `--thinking=disabled`
  if (adaptive) return params;
  if (flags.thinking === "disabled") params.thinking = { type: "disabled" };
  else if (flags.maxThinkingTokens !== undefined && flags.thinking === undefined) {
    params.thinking = { budget_tokens: Number(flags.maxThinkingTokens), type: "enabled" };
  }
  return params;
}

/**
 * The entries one request adds to a session file (shape and blobs not yet in it, then the request), and its id.
 * Updates the log.
 *
 * @example
 * ```js
 * import { createRequestLog, requestEntries } from "./request_log.js";
 * const { entries } = requestEntries(createRequestLog(), {
 *   sessionId: "s", version: "2.1.332", querySource: "sdk", shape: { system: [], tools: [] }, params: {},
 *   messages: [{ message: { role: "user", content: "hi" }, blob: false }],
 * });
 * entries.map((e) => e.type); // ["api-request-shape", "api-request"]
 * ```
 * @param {RequestLog} log
 * @param {{ sessionId: string, version: string, querySource: string, shape: object, params: object, messages: LoggedMessage[], agentId?: string }} request
 * @returns {{ entries: object[], id: string }}
 */
export function requestEntries(log, request) {
  const ids = { sessionId: request.sessionId, ...(request.agentId ? { agentId: request.agentId } : {}) };
  const timestamp = new Date().toISOString();
  /** @type {object[]} */
  const entries = [];
  const shapeHash = sha256(request.shape);
  if (!log.hashes.has(shapeHash)) {
    entries.push({
      type: "api-request-shape",
      ...ids,
      shapeHash,
      timestamp,
      version: request.version,
      shape: request.shape,
    });
    log.hashes.add(shapeHash);
  }
  const hashes = request.messages.map((m) => sha256(m.message));
  request.messages.forEach((m, i) => {
    if (!m.blob || log.hashes.has(hashes[i])) return;
    entries.push({ type: "api-request-blob", ...ids, hash: hashes[i], message: m.message });
    log.hashes.add(hashes[i]);
  });
  const previous = log.lastRequest;
  let keep = 0;
  while (previous && keep < Math.min(previous.hashes.length, hashes.length) && previous.hashes[keep] === hashes[keep]) {
    keep++;
  }
  const id = randomUUID();
  const tail = hashes.slice(keep);
  entries.push({
    type: "api-request",
    ...ids,
    id,
    timestamp,
    version: request.version,
    querySource: request.querySource,
    shapeHash,
    params: request.params,
    thread: { type: "none" },
    echoWireToolInputs: false,
    ...(previous && keep > 0 ? { base: previous.id } : {}),
    keep,
    tail,
    cacheControl: cacheControl(request.messages),
    requestDigest: sha256({ shapeHash, hashes, params: request.params }),
  });
  log.lastRequest = { id, hashes };
  return { entries, id };
}

/** The cache breakpoints: both system blocks and the last block of the last message. @param {LoggedMessage[]} messages */
function cacheControl(messages) {
  const ephemeral = { type: "ephemeral" };
  const last = messages.length - 1;
  const blocks = last >= 0 ? toBlocks(messages[last].message.content).length : 0;
  return [
    { path: ["system", 0], value: ephemeral },
    { path: ["system", 1], value: ephemeral },
    ...(last >= 0 ? [{ path: ["messages", last, "content", Math.max(0, blocks - 1)], value: ephemeral }] : []),
  ];
}

/** @param {unknown} value */
function sha256(value) {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}
