// @ts-check
/**
 * `--fallback-model` as 2.1.332 recorded it (m31): after the 3rd consecutive 529 (overloaded) of the main model the
 * CLI prints `system/model_fallback` and asks the fallback model instead.
 * @module
 */

/** The consecutive 529s of the main model after which the CLI switches to the fallback model (m31). */
export const OVERLOADS_BEFORE_FALLBACK = 3;

/**
 * The name the CLI shows for a model: its family capitalized and its version with a dot.
 *
 * @example
 * ```js
 * import { modelDisplayName } from "./model_fallback.js";
 * modelDisplayName("claude-opus-5-5"); // "Opus 5.5"
 * modelDisplayName("claude-haiku-4-5-20251001"); // "Haiku 4.5"
 * ```
 * @param {string} api
 */
export function modelDisplayName(api) {
  const parts = /^claude-([a-z]+)-(\d+)-(\d+)/.exec(api);
  if (!parts) return api;
  return `${parts[1].charAt(0).toUpperCase()}${parts[1].slice(1)} ${parts[2]}.${parts[3]}`;
}

/**
 * A context window as the CLI writes it (`1M`, `200K`).
 *
 * @example
 * ```js
 * import { contextWindowLabel } from "./model_fallback.js";
 * contextWindowLabel(1_000_000); // "1M"
 * contextWindowLabel(200_000); // "200K"
 * ```
 * @param {number} tokens
 */
export function contextWindowLabel(tokens) {
  if (tokens >= 1_000_000 && tokens % 1_000_000 === 0) return `${tokens / 1_000_000}M`;
  if (tokens >= 1000 && tokens % 1000 === 0) return `${tokens / 1000}K`;
  return String(tokens);
}

/**
 * The recorded `system/model_fallback` stdout line (m31).
 *
 * @example
 * ```js
 * import { modelFallbackLine } from "./model_fallback.js";
 * const line = modelFallbackLine(
 *   { api: "claude-opus-5-5", contextWindow: 1_000_000 },
 *   { api: "claude-sonnet-4-5", contextWindow: 200_000 },
 *   { sessionId: "s", uuid: "u" },
 * );
 * line.content; // "Switched to Sonnet 4.5 due to high demand for Opus 5.5 · context window 1M → 200K tokens"
 * ```
 * @param {{ api: string, contextWindow: number }} original
 * @param {{ api: string, contextWindow: number }} fallback
 * @param {{ sessionId: string, uuid: string }} ids
 */
export function modelFallbackLine(original, fallback, ids) {
  return {
    type: "system",
    subtype: "model_fallback",
    uuid: ids.uuid,
    trigger: "overloaded",
    original_model: original.api,
    fallback_model: fallback.api,
    content: modelFallbackText(original, fallback),
    session_id: ids.sessionId,
  };
}

/**
 * The text of a switch to the fallback model, as the line's `content` and the session entry's.
 *
 * @example
 * ```js
 * import { modelFallbackText } from "./model_fallback.js";
 * modelFallbackText({ api: "claude-opus-5-5", contextWindow: 1_000_000 }, { api: "claude-haiku-5-5", contextWindow: 1_000_000 });
 * // "Switched to Haiku 5.5 due to high demand for Opus 5.5 · context window 1M → 1M tokens"
 * ```
 * @param {{ api: string, contextWindow: number }} original
 * @param {{ api: string, contextWindow: number }} fallback
 */
export function modelFallbackText(original, fallback) {
  return `Switched to ${modelDisplayName(fallback.api)} due to high demand for ${modelDisplayName(original.api)}` +
    ` · context window ${contextWindowLabel(original.contextWindow)} → ${
      contextWindowLabel(fallback.contextWindow)
    } tokens`;
}
