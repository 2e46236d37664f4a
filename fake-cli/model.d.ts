// Generated from model.js by scripts/fake_cli_declarations.mjs: edit the JSDoc there, then run the script.
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
export function resolveModel(requested: string | undefined, data?: {
    modelAliases: readonly {
        value: string;
        resolvedModel: string;
    }[];
    defaultModel: string;
}): ModelInfo;
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
export function isFiveModel(api: string): boolean;
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
export function thinksAdaptively(model: {
    api: string;
}): boolean;
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
export function requestThinking(model: {
    api: string;
}, models55: boolean): Record<string, unknown>;
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
export function apiMessages(chain: readonly Record<string, any>[]): ApiMessage[];
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
export function pushMessage(messages: ApiMessage[], role: "user" | "assistant", content: readonly Block[]): void;
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
export function toBlocks(content: unknown): Block[];
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
export function sentMessages(raw: unknown): ApiMessage[];
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
export function userTexts(messages: ApiMessage[], how?: ReadAs): string[];
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
export function endsWithOwnText(messages: ApiMessage[], how?: ReadAs): boolean;
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
export function replyText(messages: ApiMessage[], how?: ReadAs): string;
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
export function promptWords(prompt: string): PromptWords;
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
export function parseJson(text: string): unknown;
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
export function thinkingBlock(prompt: string): {
    type: "thinking";
    thinking: string;
    signature: string;
};
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
export function systemSummary(setup: {
    model: ModelInfo;
    tools: readonly string[];
    systemPrompt?: string | undefined;
    appendSystemPrompt?: string | undefined;
    cli?: {
        has(behaviour: string): boolean;
    };
}): string;
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
export function cliPrefix(setup: {
    appendSystemPrompt?: string | undefined;
}): string;
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
export function summaryLine(sent: {
    model: unknown;
    maxTokens: unknown;
    thinking: unknown;
    head: string;
    body: string;
    tools: string[];
}): string;
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
export function inputTokens(messageCount: number, model: {
    api: string;
}, tools: readonly unknown[]): number;
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
export function outputTokens(blocks: readonly Block[]): number;
/**
 * The meta prompt the CLI sends after a `max_tokens` stop (recorded in h12).
 *
 * @example
 * ```js
 * import { MAX_TOKENS_NUDGE } from "./model.js";
 * MAX_TOKENS_NUDGE.startsWith("Output token limit hit."); // true
 * ```
 */
export const MAX_TOKENS_NUDGE: "Output token limit hit. Resume directly \u2014 no apology, no recap of what you were doing. Pick up mid-thought if that is where the cut happened. Break remaining work into smaller pieces.";
/**
 * The marker an interrupt leaves in the conversation.
 *
 * @example
 * ```js
 * import { INTERRUPT_MARKER } from "./model.js";
 * console.log(INTERRUPT_MARKER); // [Request interrupted by user]
 * ```
 */
export const INTERRUPT_MARKER: "[Request interrupted by user]";
/**
 * How to read a conversation. `sent`: the messages are as the CLI sent them (`sentMessages`), so only the user's own
 * texts count: trimmed, not empty, not the CLI's injected `<system-reminder>` blocks.
 */
export type ReadAs = {
    sent?: boolean;
};
/**
 * What a prompt asks of the fake model: its prompt words, and a tool call's name and input.
 */
export type PromptWords = {
    slow: boolean;
    apiError: number | null;
    think: boolean;
    maxTokens: boolean;
    showSystem: boolean;
    tool: {
        name: string;
        input: unknown;
    } | null;
};
/**
 * A content block: JSON from a session file, a prompt or a request body, of many types, typed no further.
 */
export type Block = Record<string, any>;
/**
 * One message of a Messages API conversation, content as blocks.
 */
export type ApiMessage = {
    role: "user" | "assistant";
    content: Block[];
};
/**
 * A resolved model: names, limits and prices (USD per million tokens).
 */
export type ModelInfo = {
    name: string;
    api: string;
    contextWindow: number;
    maxOutputTokens: number;
    priceIn: number;
    priceOut: number;
};
