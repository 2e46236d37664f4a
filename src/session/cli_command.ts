/**
 * The command line and environment that start the CLI for a session.
 * @module
 */
import type { Runtime } from "../runtime/types.ts";
import { splitMcpServers } from "../tools/mcp_config.ts";
import { promptsOverInitialize, tooLongArgument } from "./argument_limit.ts";
import { CLI_PATH_ENV, findCli } from "./find_cli.ts";
import { inheritedEnv } from "./inherit_env.ts";
import type { SessionOptions } from "./session_options.ts";
import { outputJsonSchema } from "./output_format.ts";

export { CLI_PATH_ENV };

/** Which conversation a new CLI process opens. */
export interface Launch {
  /** `--resume=<id>`. */
  resume?: string;
  /** `--fork-session` (with resume or continue). */
  forkSession?: boolean;
  /** `--session-id=<id>`. */
  sessionId?: string;
  /** `--continue`. */
  continue?: boolean;
  /** `--resume-session-at=<uuid>` (with resume): the first CLI only, later ones resume the branch it made. */
  resumeSessionAt?: string;
}

/** A ready-to-spawn CLI invocation. */
export interface CliCommand {
  /** The executable: a path, or a name the spawn looks up on the `PATH`. */
  command: string;
  /** Its arguments. */
  args: string[];
  /** The child's whole environment. */
  env: Record<string, string>;
  /** The child's working directory; the parent's when absent. */
  cwd?: string;
}

/**
 * The CLI invocation for `options` opening the conversation `launch`, with the executable looked up on disk by
 * {@link findCli} (`cliPath`, `$CLAUDE_STREAM_CLI_PATH`, the project's `@anthropic-ai/claude-code`, the `PATH`).
 * Rejects with `CLI_NOT_FOUND` when there is none. With a custom `adapter` the disk of this host may not be where
 * the CLI runs, so only `cliPath`, the variable and `"claude"` are used, as {@link cliCommand} does.
 *
 * @example
 * ```ts
 * import { resolveCliCommand } from "./cli_command.ts";
 * import { currentRuntime } from "../runtime/current.ts";
 * const { command } = await resolveCliCommand({ cwd: "/srv/app" }, {}, await currentRuntime());
 * // "/srv/app/node_modules/@anthropic-ai/claude-code-linux-x64/claude", or "claude" from the PATH
 * ```
 */
export async function resolveCliCommand(
  options: SessionOptions,
  launch: Launch,
  runtime: Runtime,
): Promise<CliCommand> {
  const command = cliCommand(options, launch, runtime);
  if (options.adapter !== undefined) return command;
  return { ...command, command: await findCli(options, runtime) };
}

/**
 * The CLI invocation for `options` opening the conversation `launch`, without looking at the disk: the executable
 * is `cliPath`, else `$CLAUDE_STREAM_CLI_PATH`, else `"claude"`. Ids use the `--flag=value` form, so a value can
 * never be read as a flag.
 *
 * @example
 * ```ts
 * import { cliCommand } from "./cli_command.ts";
 * import { currentRuntime } from "../runtime/current.ts";
 * const { command, args } = cliCommand({ model: "haiku" }, { resume: "8ec596a5-375c-46da-9f57-4c8b183c77bc" }, await currentRuntime());
 * // claude --output-format stream-json --verbose --input-format stream-json --model=haiku --resume=8ec5...
 * ```
 */
export function cliCommand(options: SessionOptions, launch: Launch, runtime: Runtime): CliCommand {
  const fixed = [...optionArgs(options), ...launchArgs(launch)];
  const command: CliCommand = {
    command: options.cliPath ?? (runtime.env(CLI_PATH_ENV) || "claude"),
    args: [...fixed, ...(options.extraArgs ?? [])],
    env: cliEnv(options, runtime),
    cwd: options.cwd,
  };
  // Past Linux's per-argument limit the spawn fails with E2BIG, which would read as CLI_NOT_FOUND.
  const tooLong = tooLongArgument(command.args, fixed.length, command.env);
  if (tooLong !== undefined) throw tooLong;
  return command;
}

function optionArgs(options: SessionOptions): string[] {
  const args = ["--output-format", "stream-json", "--verbose", "--input-format", "stream-json"];
  if (options.model !== undefined) args.push(`--model=${options.model}`);
  // one too long for an argument goes over initialize (session_control.ts)
  const overInitialize = promptsOverInitialize(options);
  if (options.systemPrompt !== undefined && overInitialize.systemPrompt === undefined) {
    args.push(`--system-prompt=${options.systemPrompt}`);
  }
  if (options.appendSystemPrompt !== undefined && overInitialize.appendSystemPrompt === undefined) {
    args.push(`--append-system-prompt=${options.appendSystemPrompt}`);
  }
  if (options.allowedTools !== undefined) args.push(`--allowedTools=${options.allowedTools.join(",")}`);
  if (options.disallowedTools !== undefined) args.push(`--disallowedTools=${options.disallowedTools.join(",")}`);
  if (options.maxTurns !== undefined) args.push(`--max-turns=${options.maxTurns}`);
  if (options.permissionMode !== undefined) args.push(`--permission-mode=${options.permissionMode}`);
  if (options.includePartialMessages) args.push("--include-partial-messages");
  if (options.includeHookEvents) args.push("--include-hook-events");
  if (options.canUseTool !== undefined) args.push("--permission-prompt-tool", "stdio");
  // servers the CLI runs come in the initialize request, which it then waits for before connecting (features/m10)
  if (Object.keys(splitMcpServers(options.mcpServers).external).length > 0) args.push("--await-initialize");
  if (options.strictMcpConfig) args.push("--strict-mcp-config");
  args.push(...controlOptionArgs(options));
  return args;
}

/** The flags of the options that shape what the CLI does (structured output, agents, settings, limits, tool set). */
function controlOptionArgs(options: SessionOptions): string[] {
  const args: string[] = [];
  // the flag, as the official SDK passes it (features/m11); `initialize`'s `jsonSchema` would also do (m14)
  if (options.outputFormat !== undefined) {
    args.push(`--json-schema=${JSON.stringify(outputJsonSchema(options.outputFormat))}`);
  }
  if (options.agents !== undefined) args.push(`--agents=${JSON.stringify(options.agents)}`);
  if (options.agent !== undefined) args.push(`--agent=${options.agent}`);
  if (options.settingSources !== undefined) args.push(`--setting-sources=${options.settingSources.join(",")}`);
  if (typeof options.settings === "string") args.push(`--settings=${options.settings}`);
  else if (options.settings !== undefined) args.push(`--settings=${JSON.stringify(options.settings)}`);
  for (const plugin of options.plugins ?? []) args.push(`--plugin-dir=${plugin.path}`);
  args.push(...thinkingArgs(options));
  if (options.effort !== undefined) args.push(`--effort=${options.effort}`);
  if (options.maxBudgetUsd !== undefined) args.push(`--max-budget-usd=${options.maxBudgetUsd}`);
  if (options.fallbackModel !== undefined) args.push(`--fallback-model=${options.fallbackModel}`);
  for (const dir of options.additionalDirectories ?? []) args.push(`--add-dir=${dir}`);
  if (options.persistSession === false) args.push("--no-session-persistence");
  // the CLI prints each entry it writes as a transcript_mirror frame, for the session to append to its store (m15)
  if (options.sessionStore !== undefined) args.push("--session-mirror");
  if (Array.isArray(options.tools)) args.push(`--tools=${options.tools.join(",")}`);
  else if (options.tools !== undefined) args.push("--tools=default");
  if (options.betas !== undefined && options.betas.length > 0) args.push(`--betas=${options.betas.join(",")}`);
  return args;
}

/** `thinking` as the official SDK passes it; the deprecated `maxThinkingTokens` only without it. */
function thinkingArgs({ thinking, maxThinkingTokens }: SessionOptions): string[] {
  if (thinking === undefined) {
    return maxThinkingTokens === undefined ? [] : [`--max-thinking-tokens=${maxThinkingTokens}`];
  }
  if (thinking.type === "disabled") return ["--thinking=disabled"];
  if (thinking.type === "enabled" && thinking.budgetTokens !== undefined) {
    return [`--max-thinking-tokens=${thinking.budgetTokens}`];
  }
  return ["--thinking=adaptive"];
}

function launchArgs(launch: Launch): string[] {
  const args: string[] = [];
  if (launch.resume !== undefined) args.push(`--resume=${launch.resume}`);
  if (launch.continue) args.push("--continue");
  if (launch.forkSession) args.push("--fork-session");
  if (launch.sessionId !== undefined) args.push(`--session-id=${launch.sessionId}`);
  if (launch.resumeSessionAt !== undefined) args.push(`--resume-session-at=${launch.resumeSessionAt}`);
  return args;
}

function cliEnv(options: SessionOptions, runtime: Runtime): Record<string, string> {
  const inherited = inheritedEnv(runtime.envObject(), options.inheritEnv);
  const env: Record<string, string> = { ...inherited, CLAUDE_CODE_ENTRYPOINT: "sdk-ts", ...options.env };
  if (options.configDir !== undefined) env.CLAUDE_CONFIG_DIR = options.configDir;
  // what the official SDK sets for enableFileCheckpointing
  if (options.enableFileCheckpointing) env.CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING = "true";
  // A CLI that inherits CLAUDECODE from a parent Claude Code refuses to run.
  delete env.CLAUDECODE;
  return env;
}
