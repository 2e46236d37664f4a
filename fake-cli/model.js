// @ts-check
/* @ts-self-types="./model.d.ts" */
/**
 * The fake "model": what the stand-in Messages API of the recordings answered. Its reply shows the context it was
 * sent, `turns=N last=<last prompt> history=<p1> | <p2> ...`, so tests can prove what survived resume, fork, clear
 * and interrupt. Prompt words (SLOW, ERR500, THINK, MAXTOK, SHOW_SYSTEM, TOOL_BASH, TOOL) pick the recorded behaviours.
 * The real-CLI tests' stand-in API (tests/real_cli/stand_in_api.ts) answers with these same rules, reading the request
 * bodies the CLI sends (`sentMessages`, `{ sent: true }`).
 * @module
 */
import { Buffer } from "node:buffer";
import { data197 } from "./recorded_data.js";

/**
 * The meta prompt the CLI sends after a `max_tokens` stop (recorded in h12).
 *
 * @example
 * ```js
 * import { MAX_TOKENS_NUDGE } from "./model.js";
 * MAX_TOKENS_NUDGE.startsWith("Output token limit hit."); // true
 * ```
 */
export const MAX_TOKENS_NUDGE =
  "Output token limit hit. Resume directly — no apology, no recap of what you were doing. Pick up mid-thought if that is where the cut happened. Break remaining work into smaller pieces.";

/**
 * The marker an interrupt leaves in the conversation.
 *
 * @example
 * ```js
 * import { INTERRUPT_MARKER } from "./model.js";
 * console.log(INTERRUPT_MARKER); // [Request interrupted by user]
 * ```
 */
export const INTERRUPT_MARKER = "[Request interrupted by user]";

/**
 * A content block: JSON from a session file, a prompt or a request body, of many types, typed no further.
 * @typedef {Record<string, any>} Block
 */

/**
 * One message of a Messages API conversation, content as blocks.
 * @typedef {{ role: "user" | "assistant", content: Block[] }} ApiMessage
 */

/**
 * A resolved model: names, limits and prices (USD per million tokens).
 * @typedef {{ name: string, api: string, contextWindow: number, maxOutputTokens: number, priceIn: number, priceOut: number }} ModelInfo
 */

/** Prices (USD per million tokens, in/out) and limits of the 5.x models CLI 2.1.332 offers. */
const MODELS_5 = { opus: [4, 20], fable: [8, 40], sonnet: [2, 10], haiku: [0.1, 0.5] };

/**
 * Resolves a `--model` value (alias or id) the way the recorded CLI did, with the aliases and default model of
 * the imitated version (2.1.197: Opus 4.8 with 1M context, `haiku` is Haiku 4.5; 2.1.332: Opus 5.5, `haiku` is
 * Haiku 5.5). 5.x models have a 1M context and 128000 output tokens, as recorded (h2, `_api-log.jsonl`).
 *
 * @example
 * ```js
 * import { resolveModel } from "./model.js";
 * resolveModel("haiku").name; // "claude-haiku-4-5-20251001"
 * ```
 * @param {string | undefined} requested
 * @param {{ modelAliases: readonly { value: string, resolvedModel: string }[], defaultModel: string }} [data] the imitated version's aliases (the initialize
 *   answer's `models`) and default model (`recordedData` in version.js)
 * @returns {ModelInfo}
 */
export function resolveModel(
  requested,
  data = { modelAliases: data197.initializeResponse.models, defaultModel: "claude-opus-4-8[1m]" },
) {
  const alias = data.modelAliases.find((m) => m.value === requested);
  const name = alias ? alias.resolvedModel : requested || data.defaultModel;
  const api = name.replace(/\[1m\]$/, "");
  const family = /haiku/.test(api) ? "haiku" : /sonnet/.test(api) ? "sonnet" : /fable/.test(api) ? "fable" : "opus";
  const five = isFiveModel(api);
  const prices = five ? MODELS_5[family] : { opus: [5, 25], fable: [5, 25], sonnet: [3, 15], haiku: [1, 5] }[family];
  return {
    name,
    api,
    contextWindow: name.endsWith("[1m]") || five ? 1_000_000 : 200_000,
    maxOutputTokens: five ? 128000 : family === "opus" ? 64000 : 32000,
    priceIn: prices[0],
    priceOut: prices[1],
  };
}

/**
 * Whether an API model name is of the 5.x family (`claude-opus-5-5`, `claude-haiku-5-5`, `claude-fable-5-2`), not a
 * dated 4.5 id such as `claude-haiku-4-5-20251001`.
 *
 * @example
 * ```js
 * import { isFiveModel } from "./model.js";
 * isFiveModel("claude-haiku-5-5"); // true
 * isFiveModel("claude-haiku-4-5-20251001"); // false
 * ```
 * @param {string} api
 */
export function isFiveModel(api) {
  return /^claude-[a-z]+-5-\d$/.test(api);
}

/**
 * Whether requests to a model think adaptively (Opus, and every 5.x model) rather than with a token budget.
 *
 * @example
 * ```js
 * import { thinksAdaptively } from "./model.js";
 * thinksAdaptively({ api: "claude-sonnet-4-5" }); // false
 * ```
 * @param {{ api: string }} model
 */
export function thinksAdaptively(model) {
  return !/haiku|sonnet/.test(model.api) || isFiveModel(model.api);
}

/**
 * The `thinking` a request carries: adaptive or a 31999-token budget; CLI 2.1.332 adds `display: "updates"`, and
 * thinks adaptively with every 5.x model (h1, h2).
 *
 * @example
 * ```js
 * import { requestThinking, resolveModel } from "./model.js";
 * requestThinking(resolveModel(undefined), false); // { type: "adaptive" }
 * ```
 * @param {{ api: string }} model
 * @param {boolean} models55 whether the imitated CLI has the 5.5 models (`version.js`)
 * @returns {Record<string, unknown>}
 */
export function requestThinking(model, models55) {
  const adaptive = models55 ? thinksAdaptively(model) : !/haiku|sonnet/.test(model.api);
  const thinking = adaptive ? { type: "adaptive" } : { budget_tokens: 31999, type: "enabled" };
  return models55 ? { ...thinking, display: "updates" } : thinking;
}

/**
 * The Messages API conversation the CLI would send for a chain of session entries: meta and local-command entries
 * and API-error messages left out, consecutive messages of one role merged.
 *
 * @example
 * ```js
 * import { apiMessages } from "./model.js";
 * apiMessages([{ type: "user", message: { role: "user", content: "hi" } }]); // [{ role: "user", content: [{ type: "text", text: "hi" }] }]
 * ```
 * @param {readonly Record<string, any>[]} chain session entries (JSON)
 * @returns {ApiMessage[]}
 */
export function apiMessages(chain) {
  /** @type {ApiMessage[]} */
  const messages = [];
  for (const entry of chain) {
    if (entry.type !== "user" && entry.type !== "assistant") continue;
    // meta entries, API errors and injected notifications (2.1.332) are not the user's or the model's words
    if (
      entry.isMeta || entry.isApiErrorMessage || entry.message?.model === "<synthetic>" ||
      entry.origin?.kind === "task-notification"
    ) continue;
    const content = toBlocks(entry.message?.content);
    if (entry.type === "user" && content.some((b) => b.type === "text" && isLocalCommand(b.text))) continue;
    pushMessage(messages, entry.type, content);
  }
  return messages;
}

/**
 * Adds blocks to a conversation, merging with the previous message when it has the same role.
 *
 * @example
 * ```js
 * import { pushMessage } from "./model.js";
 * const messages = [];
 * pushMessage(messages, "user", [{ type: "text", text: "a" }]);
 * pushMessage(messages, "user", [{ type: "text", text: "b" }]); // still one message
 * ```
 * @param {ApiMessage[]} messages
 * @param {"user" | "assistant"} role
 * @param {readonly Block[]} content
 */
export function pushMessage(messages, role, content) {
  const last = messages.at(-1);
  if (last && last.role === role) last.content.push(...content);
  else messages.push({ role, content: [...content] });
}

/**
 * Content as a block array.
 *
 * @example
 * ```js
 * import { toBlocks } from "./model.js";
 * toBlocks("hi"); // [{ type: "text", text: "hi" }]
 * toBlocks([null, { type: "text", text: 5 }, { type: "text", text: "ok" }]); // [{ type: "text", text: "ok" }]
 * ```
 * @param {unknown} content
 * @returns {Block[]}
 */
export function toBlocks(content) {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content.filter(isReadableBlock) : [];
}

/**
 * Whether a stored block can be read back: an object, and a text block's `text` a string. The CLI drops prompts
 * with other blocks (fake-cli/prompt_content.js); one that still reached a session file is skipped, not a crash.
 * @param {unknown} block
 * @returns {block is Block}
 */
function isReadableBlock(block) {
  if (typeof block !== "object" || block === null || Array.isArray(block)) return false;
  return !("type" in block) || block.type !== "text" || ("text" in block && typeof block.text === "string");
}

/** @param {string} text */
function isLocalCommand(text) {
  return /^<(local-command-|command-name>)/.test(text);
}

/**
 * The Messages API conversation of a request body as the CLI sends it: `role:"system"` messages left out, content as
 * block arrays (non-object blocks dropped), consecutive messages of one role kept apart.
 *
 * @example
 * ```js
 * import { sentMessages } from "./model.js";
 * sentMessages([{ role: "user", content: "hi" }, { role: "system", content: "x" }]).length; // 1
 * ```
 * @param {unknown} raw the request's `messages`
 * @returns {ApiMessage[]}
 */
export function sentMessages(raw) {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((m) => isObject(m) && (m.role === "user" || m.role === "assistant"))
    .map((m) => ({ role: m.role, content: toBlocks(m.content).filter(isObject) }));
}

/**
 * How to read a conversation. `sent`: the messages are as the CLI sent them (`sentMessages`), so only the user's own
 * texts count: trimmed, not empty, not the CLI's injected `<system-reminder>` blocks.
 * @typedef {{ sent?: boolean }} ReadAs
 */

/**
 * The user's text pieces of a conversation, in order (each text block counts, tool results do not).
 *
 * @example
 * ```js
 * import { userTexts } from "./model.js";
 * userTexts([{ role: "user", content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] }]); // ["a", "b"]
 * ```
 * @param {ApiMessage[]} messages
 * @param {ReadAs} [how]
 * @returns {string[]}
 */
export function userTexts(messages, how = {}) {
  return messages.flatMap((m) => (m.role === "user" ? messageTexts(m, how) : []));
}

/**
 * @param {ApiMessage} message
 * @param {ReadAs} how
 * @returns {string[]}
 */
function messageTexts(message, how) {
  const texts = message.content.filter((b) => b.type === "text").map((b) => b.text);
  if (!how.sent) return texts;
  return texts
    .filter((t) => typeof t === "string")
    .map((t) => t.trim())
    .filter((t) => t !== "" && !t.startsWith("<system-reminder>"));
}

/**
 * Whether the last message is the user's and carries text of the user's own (the recordings' stand-in acts on prompt
 * words only then).
 *
 * @example
 * ```js
 * import { endsWithOwnText } from "./model.js";
 * endsWithOwnText([{ role: "user", content: [{ type: "text", text: "<system-reminder>x</system-reminder>" }] }], { sent: true }); // false
 * ```
 * @param {ApiMessage[]} messages
 * @param {ReadAs} [how]
 */
export function endsWithOwnText(messages, how = {}) {
  const final = messages.at(-1);
  return final?.role === "user" && messageTexts(final, how).length > 0;
}

/**
 * The stand-in model's answer text for a conversation, with the `tool_result(...)=` prefix after a tool call; for
 * messages as sent (`{ sent: true }`) a last message without the user's own text gets `(injected-only user message) `.
 *
 * @example
 * ```js
 * import { replyText } from "./model.js";
 * replyText([{ role: "user", content: [{ type: "text", text: "hello" }] }]); // "turns=1 last=hello history=hello"
 * ```
 * @param {ApiMessage[]} messages
 * @param {ReadAs} [how]
 */
export function replyText(messages, how = {}) {
  const texts = userTexts(messages, how);
  const history = texts.map((t) => t.slice(0, 80)).join(" | ");
  const reply = `turns=${texts.length} last=${texts.at(-1) ?? ""} history=${history}`;
  const final = messages.at(-1);
  // only user messages carry tool results
  const result = final?.role === "user" ? final.content.find((b) => b.type === "tool_result") : undefined;
  if (result) {
    const flat = toolResultText(result.content).replace(/\s+/g, " ").slice(0, 200);
    return `tool_result(${result.tool_use_id}${result.is_error ? ",error" : ""})=${flat} ${reply}`;
  }
  return how.sent && !endsWithOwnText(messages, how) ? `(injected-only user message) ${reply}` : reply;
}

/** @param {unknown} content */
function toolResultText(content) {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.filter((b) => isObject(b) && b.type === "text").map((b) => b.text).join(" ");
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What a prompt asks of the fake model: its prompt words, and a tool call's name and input.
 * @typedef {{ slow: boolean, apiError: number | null, think: boolean, maxTokens: boolean, showSystem: boolean, tool: { name: string, input: unknown } | null }} PromptWords
 */

/**
 * What a prompt asks of the fake model.
 *
 * @example
 * ```js
 * import { promptWords } from "./model.js";
 * promptWords("please be SLOW").slow; // true
 * ```
 * @param {string} prompt
 * @returns {PromptWords}
 */
export function promptWords(prompt) {
  const error = /\bERR(400|401|429|500|529)\b/.exec(prompt);
  const bash = /\bTOOL_BASH (.+)$/s.exec(prompt);
  const tool = /\bTOOL ([A-Za-z_][\w-]*) (\{.*\})\s*$/s.exec(prompt);
  return {
    slow: /\bSLOW\b/.test(prompt),
    apiError: error ? Number(error[1]) : null,
    think: /\bTHINK\b/.test(prompt),
    maxTokens: /\bMAXTOK\b/.test(prompt),
    showSystem: /\bSHOW_SYSTEM\b/.test(prompt),
    tool: bash
      ? { name: "Bash", input: { command: bash[1], description: "fake tool call" } }
      : tool
      ? { name: tool[1], input: parseJson(tool[2]) }
      : null,
  };
}

/**
 * A prompt's JSON argument, or `{ raw: text }` when it is not JSON.
 *
 * @example
 * ```js
 * import { parseJson } from "./model.js";
 * parseJson("{oops"); // { raw: "{oops" }
 * ```
 * @param {string} text
 * @returns {unknown}
 */
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text };
  }
}

/**
 * The thinking block the fake model writes for THINK, with the recorded fake signature.
 *
 * @example
 * ```js
 * import { thinkingBlock } from "./model.js";
 * thinkingBlock("THINK about it").signature; // "fakesig_VEhJTksgYWJvdXQg"
 * ```
 * @param {string} prompt
 * @returns {{ type: "thinking", thinking: string, signature: string }}
 */
export function thinkingBlock(prompt) {
  const signature = "fakesig_" + Buffer.from(prompt, "utf8").subarray(0, 12).toString("base64");
  return { type: "thinking", thinking: `Thinking about: ${prompt}`, signature };
}

/**
 * What SHOW_SYSTEM appends: the model, token limits, thinking mode, system prompt (abbreviated) and tool names.
 *
 * @example
 * ```js
 * import { systemSummary, resolveModel } from "./model.js";
 * systemSummary({ model: resolveModel(undefined), tools: ["Bash"], systemPrompt: "Be brief." }).includes("Be brief."); // true
 * ```
 * @param {{ model: ModelInfo, tools: readonly string[], systemPrompt?: string | undefined, appendSystemPrompt?: string | undefined, cli?: { has(behaviour: string): boolean } }} setup
 */
export function systemSummary(setup) {
  const { model, tools } = setup;
  const head = cliPrefix(setup);
  return summaryLine({
    model: model.api,
    maxTokens: model.maxOutputTokens,
    thinking: requestThinking(model, setup.cli?.has("models55") ?? false),
    head,
    body: [setup.systemPrompt ?? DEFAULT_SYSTEM_PROMPT, setup.appendSystemPrompt].filter(Boolean).join("\n\n"),
    tools: tools.map((t) => (t === "Task" ? "Agent" : t)).filter((t) => !STDIO_ONLY.has(t)),
  });
}

/**
 * The first block of the system prompt the CLI sends: the SDK agent's line, or Claude Code's with an appended
 * system prompt.
 *
 * @example
 * ```js
 * import { cliPrefix } from "./model.js";
 * cliPrefix({}); // "You are a Claude agent, built on Anthropic's Claude Agent SDK."
 * ```
 * @param {{ appendSystemPrompt?: string | undefined }} setup
 * @returns {string}
 */
export function cliPrefix(setup) {
  return setup.appendSystemPrompt
    ? "You are Claude Code, Anthropic's official CLI for Claude, running within the Claude Agent SDK."
    : "You are a Claude agent, built on Anthropic's Claude Agent SDK.";
}

/**
 * The SHOW_SYSTEM line for what a request carried: model, output limit, thinking mode, the system prompt's first part
 * and the rest abbreviated, the tool names.
 *
 * @example
 * ```js
 * import { summaryLine } from "./model.js";
 * summaryLine({ model: "m", maxTokens: 1, thinking: null, head: "h", body: "b", tools: ["Bash"] }); // "model=m max_tokens=1 thinking=null system=[h ¦ b] tools=Bash"
 * ```
 * @param {{ model: unknown, maxTokens: unknown, thinking: unknown, head: string, body: string, tools: string[] }} sent
 */
export function summaryLine(sent) {
  return `model=${sent.model} max_tokens=${sent.maxTokens} thinking=${JSON.stringify(sent.thinking)} ` +
    `system=[${sent.head} ¦ ${abbreviate(sent.body)}] tools=${sent.tools.join(",")}`;
}

const STDIO_ONLY = new Set(["AskUserQuestion", "EnterPlanMode", "ExitPlanMode"]);

const DEFAULT_SYSTEM_PROMPT =
  "You are an interactive agent that helps users with software engineering tasks. Use the instructions below and " +
  "the tools available to you to assist the user. When asked to compare options, give a recommendation, not an exhaustive survey";

/** @param {string} text */
function abbreviate(text) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= 120 ? flat : `${flat.slice(0, 70)} … ${flat.slice(-45)}`;
}

/**
 * The stand-in's input-token count: 10 per message plus a base (an adaptively thinking model with tools sends a
 * bigger prompt: Opus, and every 5.x model).
 *
 * @example
 * ```js
 * import { inputTokens, resolveModel } from "./model.js";
 * inputTokens(1, resolveModel(undefined), ["Bash"]); // 23
 * ```
 * @param {number} messageCount
 * @param {{ api: string }} model a `ModelInfo`, or just the API model name
 * @param {readonly unknown[]} tools
 */
export function inputTokens(messageCount, model, tools) {
  return 3 + 10 * messageCount + (thinksAdaptively(model) && tools.length > 0 ? 10 : 0);
}

/**
 * The stand-in's output-token count for the blocks of one answer: a quarter of their characters, rounded up.
 *
 * @example
 * ```js
 * import { outputTokens } from "./model.js";
 * outputTokens([{ type: "text", text: "turns=1 last=hello history=hello" }]); // 8
 * ```
 * @param {readonly Block[]} blocks
 */
export function outputTokens(blocks) {
  let chars = 0;
  for (const block of blocks) {
    if (block.type === "text") chars += block.text.length;
    else if (block.type === "thinking") chars += block.thinking.length;
    else if (block.type === "tool_use") chars += JSON.stringify(block.input).length;
  }
  return Math.ceil(chars / 4);
}
