/**
 * The types and checks of the session options that are handed to the CLI as they are (subagents, settings, plugins,
 * thinking, effort, tool set), named as in the official SDK. `SessionOptions` uses them; `cliCommand` turns them into
 * flags.
 * @module
 */
import * as v from "valibot";

/**
 * A subagent the model may start with the Task tool (`agents` option, `--agents`), as the official SDK defines one.
 *
 * @example
 * ```ts
 * import { type AgentDefinition, Session } from "@claude-stream/sdk";
 * const reviewer: AgentDefinition = { description: "Reviews code", prompt: "You are a code reviewer", tools: ["Read"] };
 * await using session = new Session({ agents: { reviewer } });
 * ```
 */
export interface AgentDefinition {
  /** When the model should use the agent. */
  description: string;
  /** The agent's system prompt. */
  prompt: string;
  /** The tools it may use; all of the session's when absent. */
  tools?: string[] | undefined;
  /** Tools it may not use. */
  disallowedTools?: string[] | undefined;
  /** Its model (`"sonnet"`, `"haiku"`, `"inherit"`, an id...). */
  model?: string | undefined;
  /** The most agentic turns it takes. */
  maxTurns?: number | undefined;
  /** Any other field the CLI knows (`skills`, `effort`, `background`, ...), passed on as it is. */
  [field: string]: unknown;
}

/**
 * Where the CLI reads settings files from (`settingSources`, `--setting-sources`): the user's `~/.claude`, the
 * project's `.claude/settings.json`, its `.claude/settings.local.json`.
 *
 * @example
 * ```ts
 * import type { SettingSource } from "@claude-stream/sdk";
 * const isolated: SettingSource[] = []; // no settings file at all
 * ```
 */
export type SettingSource = "user" | "project" | "local";

/**
 * How the model thinks (`thinking`): adaptively (the CLI's default for models that can), with a token budget, or not.
 *
 * @example
 * ```ts
 * import type { ThinkingConfig } from "@claude-stream/sdk";
 * const budget: ThinkingConfig = { type: "enabled", budgetTokens: 8000 };
 * ```
 */
export type ThinkingConfig =
  | { type: "adaptive" }
  | { type: "enabled"; budgetTokens?: number | undefined }
  | { type: "disabled" };

/**
 * How hard the model works on a reply (`effort`, `--effort`).
 *
 * @example
 * ```ts
 * import type { EffortLevel } from "@claude-stream/sdk";
 * const effort: EffortLevel = "high";
 * ```
 */
export type EffortLevel = "low" | "medium" | "high" | "xhigh" | "max";

/**
 * A plugin to load (`plugins`, one `--plugin-dir` each): a local folder or `.zip`.
 *
 * @example
 * ```ts
 * import type { PluginConfig } from "@claude-stream/sdk";
 * const plugin: PluginConfig = { type: "local", path: "./my-plugin" };
 * ```
 */
export interface PluginConfig {
  /** Only local plugins. */
  type: "local";
  /** The plugin's folder or `.zip`, absolute or relative to `cwd`. */
  path: string;
}

/**
 * The built-in tools the model gets (`tools`, `--tools`): a list (`[]` for none), or the CLI's default set.
 *
 * @example
 * ```ts
 * import type { ToolsOption } from "@claude-stream/sdk";
 * const readOnly: ToolsOption = ["Read", "Grep", "Glob"];
 * const all: ToolsOption = { type: "preset", preset: "claude_code" };
 * ```
 */
export type ToolsOption = string[] | { type: "preset"; preset: "claude_code" };

const nonEmpty = v.pipe(v.string(), v.minLength(1));
/** Text that can be one `--flag=value` argument: NUL would end it. */
const argText = v.pipe(v.string(), v.check((text) => !text.includes("\0"), "must not contain NUL"));

/**
 * The checks of these options, one per option, for `SessionOptionsSchema`.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { cliOptionChecks } from "./cli_options.ts";
 * v.is(cliOptionChecks.effort, "high"); // true
 * v.is(cliOptionChecks.settingSources, ["project", "elsewhere"]); // false
 * ```
 */
export const cliOptionChecks = {
  agents: v.record(
    nonEmpty,
    v.looseObject({
      description: v.string(),
      prompt: v.string(),
      tools: v.optional(v.array(v.string())),
      disallowedTools: v.optional(v.array(v.string())),
      model: v.optional(v.string()),
      maxTurns: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
  ) satisfies v.GenericSchema<Record<string, AgentDefinition>>,
  agent: nonEmpty,
  settingSources: v.array(v.picklist(["user", "project", "local"])),
  settings: v.union([nonEmpty, v.record(v.string(), v.unknown())]),
  plugins: v.array(v.strictObject({ type: v.literal("local"), path: v.pipe(argText, v.minLength(1)) })),
  maxThinkingTokens: v.pipe(v.number(), v.integer(), v.minValue(0)),
  thinking: v.variant("type", [
    v.strictObject({ type: v.literal("adaptive") }),
    v.strictObject({
      type: v.literal("enabled"),
      budgetTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
    v.strictObject({ type: v.literal("disabled") }),
  ]),
  effort: v.picklist(["low", "medium", "high", "xhigh", "max"]),
  maxBudgetUsd: v.pipe(v.number(), v.check((usd) => Number.isFinite(usd) && usd > 0, "must be a positive number")),
  fallbackModel: v.pipe(argText, v.minLength(1)),
  additionalDirectories: v.array(v.pipe(argText, v.minLength(1))),
  persistSession: v.boolean(),
  resumeSessionAt: nonEmpty,
  tools: v.union([
    v.array(v.pipe(v.string(), v.regex(/^[^,\0]*$/, "must not contain a comma or NUL"))),
    v.strictObject({ type: v.literal("preset"), preset: v.literal("claude_code") }),
  ]),
  betas: v.array(v.pipe(v.string(), v.regex(/^[^,\0]+$/, "must be a name without a comma or NUL"))),
  enableFileCheckpointing: v.boolean(),
};
