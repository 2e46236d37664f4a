/**
 * What the CLI answers to the control queries of a Session (`interrupt`, `get_context_usage`, `rewind_files`) and
 * what its `initialize` answer lists (commands, models, agents), typed with the fields the recordings show (CLI
 * 2.1.332, `features/m21`, `m34`, `m35`); every other field the CLI sends is kept as it is.
 * @module
 */

/**
 * The CLI's receipt of an interrupt (2.1.332, `interrupt_receipt_v1`): the uuids of the prompts sent with a uuid that
 * are still queued and will run unless cancelled, and those the interrupt cancelled.
 *
 * @example
 * ```ts
 * import { type InterruptReceipt, Session } from "@claude-stream/sdk";
 * await using session = new Session();
 * const receipt: InterruptReceipt | undefined = await session.interrupt(); // undefined: no turn ran
 * ```
 */
export interface InterruptReceipt {
  /** Queued prompts that still run after the interrupt. */
  still_queued?: string[];
  /** Queued prompts the interrupt cancelled. */
  cancelled?: string[];
  /** Whatever else the CLI answers. */
  [field: string]: unknown;
}

/**
 * How full the context window is (`get_context_usage`; the official SDK's `getContextUsage()`), as the CLI counts it.
 *
 * @example
 * ```ts
 * import { Session } from "@claude-stream/sdk";
 * await using session = new Session();
 * const usage = await session.contextUsage();
 * console.log(`${usage.totalTokens} of ${usage.maxTokens} tokens (${usage.percentage}%)`);
 * ```
 */
export interface ContextUsage {
  /** Tokens per category (system prompt, tools, messages, free space...). */
  categories: Array<{ name: string; tokens: number; [field: string]: unknown }>;
  /** The tokens in use. */
  totalTokens: number;
  /** The window's size. */
  maxTokens: number;
  /** `totalTokens` as a percentage of `maxTokens`. */
  percentage: number;
  /** The model the window is of. */
  model: string;
  /** Whatever else the CLI answers (`memoryFiles`, `mcpTools`, `agents`, `messageBreakdown`, `apiUsage`...). */
  [field: string]: unknown;
}

/**
 * What `rewindFiles()` did (or, with `dryRun`, would do), as the official SDK names it.
 *
 * @example
 * ```ts
 * import type { RewindFilesResult } from "@claude-stream/sdk";
 * const preview: RewindFilesResult = { canRewind: true, filesChanged: ["/w/a.txt"], insertions: 1, deletions: 1 };
 * ```
 */
export interface RewindFilesResult {
  /** Whether the files can be (were) restored. */
  canRewind: boolean;
  /** Why not, when they cannot. */
  error?: string;
  /** The files a rewind changes (dry run). */
  filesChanged?: string[];
  /** Lines a rewind adds back (dry run). */
  insertions?: number;
  /** Lines a rewind removes (dry run). */
  deletions?: number;
  /** Files not restored because of a link at their path (real rewind). */
  skippedLinks?: number;
  /** Whatever else the CLI answers. */
  [field: string]: unknown;
}

/**
 * A slash command of the `initialize` answer (`supportedCommands()`).
 *
 * @example
 * ```ts
 * import type { SlashCommand } from "@claude-stream/sdk";
 * const compact: SlashCommand = { name: "compact", description: "Clear history but keep a summary", argumentHint: "" };
 * ```
 */
export interface SlashCommand {
  /** Its name, without the `/`. */
  name: string;
  /** What it does. */
  description: string;
  /** How its arguments read (`"<file>"`), `""` for none. */
  argumentHint: string;
  /** Whatever else the CLI answers (`builtin`, `aliases`...). */
  [field: string]: unknown;
}

/**
 * A model of the `initialize` answer (`supportedModels()`).
 *
 * @example
 * ```ts
 * import type { ModelInfo } from "@claude-stream/sdk";
 * const haiku: ModelInfo = { value: "haiku", displayName: "Haiku", description: "Fastest" };
 * ```
 */
export interface ModelInfo {
  /** What `model` / `setModel()` takes (`"default"`, `"opus"`, `"haiku"`...). */
  value: string;
  /** Its name for people. */
  displayName: string;
  /** What it is good at, and its price. */
  description: string;
  /** Whatever else the CLI answers (`resolvedModel`, `supportsEffort`, `supportedEffortLevels`...). */
  [field: string]: unknown;
}

/**
 * A subagent of the `initialize` answer (`supportedAgents()`): the built-in ones and those of `agents`.
 *
 * @example
 * ```ts
 * import type { AgentInfo } from "@claude-stream/sdk";
 * const explore: AgentInfo = { name: "Explore", description: "Fast agent for exploring codebases" };
 * ```
 */
export interface AgentInfo {
  /** What the Task tool's `subagent_type` takes. */
  name: string;
  /** When the model should use it. */
  description: string;
  /** Whatever else the CLI answers (`model`...). */
  [field: string]: unknown;
}

/**
 * The entries of a list in a CLI answer that are objects with the given string fields, others left out: a CLI that
 * answers something else yields an empty list, never a throw.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listOf } from "./control_answers.ts";
 * assert.deepEqual(listOf({ agents: [{ name: "a", description: "d" }, 3] }, "agents", ["name"]), [{ name: "a", description: "d" }]);
 * assert.deepEqual(listOf(undefined, "agents", ["name"]), []);
 * ```
 */
export function listOf<T extends Record<string, unknown>>(
  answer: Record<string, unknown> | undefined,
  key: string,
  fields: readonly string[],
): T[] {
  const list = answer?.[key];
  if (!Array.isArray(list)) return [];
  return list.filter((entry): entry is T =>
    typeof entry === "object" && entry !== null && fields.every((field) => typeof entry[field] === "string")
  );
}

/**
 * Whether a `get_context_usage` answer has the fields {@link ContextUsage} promises.
 *
 * @example
 * ```ts
 * import { isContextUsage } from "./control_answers.ts";
 * isContextUsage({ categories: [], totalTokens: 1, maxTokens: 2, percentage: 50, model: "m" }); // true
 * isContextUsage({ totalTokens: "1" }); // false
 * ```
 */
export function isContextUsage(answer: Record<string, unknown>): answer is ContextUsage {
  return Array.isArray(answer.categories) && typeof answer.totalTokens === "number" &&
    typeof answer.maxTokens === "number" && typeof answer.percentage === "number" && typeof answer.model === "string";
}
