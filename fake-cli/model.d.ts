/**
 * Types of the fake model (`model.js`), for TypeScript callers such as the real-CLI tests' stand-in API.
 * @module
 */

/** One message of a Messages API conversation, content as blocks. */
export interface ApiMessage {
  role: "user" | "assistant";
  content: any[];
}

/** A resolved model: names, limits and prices (USD per million tokens). */
export interface ModelInfo {
  name: string;
  api: string;
  contextWindow: number;
  maxOutputTokens: number;
  priceIn: number;
  priceOut: number;
}

/** How to read a conversation: `sent`, as the CLI sent it (only the user's own texts count). */
export interface ReadAs {
  sent?: boolean;
}

/** What a prompt asks of the model. */
export interface PromptWords {
  slow: boolean;
  apiError: number | null;
  think: boolean;
  maxTokens: boolean;
  showSystem: boolean;
  tool: { name: string; input: unknown } | null;
}

export const MAX_TOKENS_NUDGE: string;
export const INTERRUPT_MARKER: string;
export function resolveModel(requested: string | undefined, data?: { initializeResponse: unknown; defaultModel: string }): ModelInfo;
export function apiMessages(chain: unknown[]): ApiMessage[];
export function pushMessage(messages: ApiMessage[], role: "user" | "assistant", content: unknown[]): void;
export function toBlocks(content: unknown): any[];
export function sentMessages(raw: unknown): ApiMessage[];
export function userTexts(messages: ApiMessage[], how?: ReadAs): string[];
export function endsWithOwnText(messages: ApiMessage[], how?: ReadAs): boolean;
export function replyText(messages: ApiMessage[], how?: ReadAs): string;
export function promptWords(prompt: string): PromptWords;
export function parseJson(text: string): unknown;
export function thinkingBlock(prompt: string): { type: "thinking"; thinking: string; signature: string };
export function systemSummary(setup: { model: ModelInfo; tools: string[]; systemPrompt?: string; appendSystemPrompt?: string }): string;
export function summaryLine(sent: { model: unknown; maxTokens: unknown; thinking: unknown; head: string; body: string; tools: string[] }): string;
export function inputTokens(messageCount: number, model: { api: string }, tools: readonly unknown[]): number;
export function outputTokens(blocks: ReadonlyArray<{ type: string; [key: string]: unknown }>): number;
