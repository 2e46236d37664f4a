/**
 * The content blocks of user and assistant messages, and the token usage that assistant lines and results report.
 * @module
 */

/**
 * A text content block.
 *
 * @example
 * ```ts
 * import type { TextBlock } from "@claude-stream/sdk";
 * const block: TextBlock = { type: "text", text: "Hello" };
 * ```
 */
export interface TextBlock {
  /** Always `"text"`. */
  type: "text";
  /** The text. */
  text: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A thinking content block.
 *
 * @example
 * ```ts
 * import type { ThinkingBlock } from "@claude-stream/sdk";
 * const block: ThinkingBlock = { type: "thinking", thinking: "Let me see", signature: "sig" };
 * ```
 */
export interface ThinkingBlock {
  /** Always `"thinking"`. */
  type: "thinking";
  /** The model's thinking, as text. */
  thinking: string;
  /** Signature the API attaches to the thinking, which lets it be sent back unchanged. */
  signature?: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A tool call made by the model.
 *
 * @example
 * ```ts
 * import type { ToolUseBlock } from "@claude-stream/sdk";
 * const block: ToolUseBlock = { type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "ls" } };
 * ```
 */
export interface ToolUseBlock {
  /** Always `"tool_use"`. */
  type: "tool_use";
  /** Id of this call (`toolu_...`); its result carries it as `tool_use_id`. */
  id: string;
  /** Name of the tool called, e.g. `Bash`. */
  name: string;
  /** The arguments the model passed to the tool. */
  input: unknown;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The result of a tool call, sent back in a user message.
 *
 * @example
 * ```ts
 * import type { ToolResultBlock } from "@claude-stream/sdk";
 * const block: ToolResultBlock = { type: "tool_result", tool_use_id: "toolu_1", content: "a.txt", is_error: false };
 * ```
 */
export interface ToolResultBlock {
  /** Always `"tool_result"`. */
  type: "tool_result";
  /** Id of the `tool_use` block this answers. */
  tool_use_id: string;
  /** The tool's output: a string, or content blocks. */
  content?: string | Array<TextBlock | UnknownBlock>;
  /** True when the tool failed or the call was denied. */
  is_error?: boolean;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * A block type this version does not know.
 *
 * @example
 * ```ts
 * import type { UnknownBlock } from "@claude-stream/sdk";
 * const block: UnknownBlock = { type: "image", source: { type: "base64", media_type: "image/png", data: "" } };
 * ```
 */
export interface UnknownBlock {
  /** The block's type, one this version does not know. */
  type: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * Any known content block.
 *
 * @example
 * ```ts
 * import type { ContentBlock } from "@claude-stream/sdk";
 * const describe = (block: ContentBlock) => (block.type === "tool_use" ? block.name : block.type);
 * ```
 */
export type ContentBlock = TextBlock | ThinkingBlock | ToolUseBlock | ToolResultBlock;

/**
 * A content block as it may arrive: a known block or one a newer CLI added.
 *
 * @example
 * ```ts
 * import type { AnyContentBlock } from "@claude-stream/sdk";
 * const isText = (block: AnyContentBlock) => block.type === "text";
 * ```
 */
export type AnyContentBlock = ContentBlock | UnknownBlock;

/**
 * Token usage as reported by the API.
 *
 * @example
 * ```ts
 * import type { Usage } from "@claude-stream/sdk";
 * const total = (usage: Usage) => usage.input_tokens + usage.output_tokens;
 * ```
 */
export interface Usage {
  /** Input tokens not read from or written to the prompt cache. */
  input_tokens: number;
  /** Tokens the model generated. */
  output_tokens: number;
  /** Input tokens written to the prompt cache. */
  cache_creation_input_tokens?: number;
  /** Input tokens read from the prompt cache. */
  cache_read_input_tokens?: number;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * Per-model token counts and cost in a result (`modelUsage`), keyed by model name.
 *
 * @example
 * ```ts
 * import type { ResultMessage } from "@claude-stream/sdk";
 * declare const result: ResultMessage;
 * for (const [model, usage] of Object.entries(result.modelUsage ?? {})) console.log(model, usage.costUSD);
 * ```
 */
export interface ModelUsage {
  /** Input tokens not read from or written to the prompt cache. */
  inputTokens: number;
  /** Tokens the model generated. */
  outputTokens: number;
  /** Input tokens read from the prompt cache. */
  cacheReadInputTokens?: number;
  /** Input tokens written to the prompt cache. */
  cacheCreationInputTokens?: number;
  /** Cost of this model's usage, in US dollars. */
  costUSD?: number;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}
