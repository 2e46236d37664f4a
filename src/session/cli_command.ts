/**
 * The command line and environment that start the CLI for a session.
 * @module
 */
import type { Runtime } from "../runtime/types.ts";
import { CLI_PATH_ENV, findCli } from "./find_cli.ts";
import type { SessionOptions } from "./session_options.ts";

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
  return {
    command: options.cliPath ?? (runtime.env(CLI_PATH_ENV) || "claude"),
    args: [...optionArgs(options), ...launchArgs(launch), ...(options.extraArgs ?? [])],
    env: cliEnv(options, runtime),
    cwd: options.cwd,
  };
}

function optionArgs(options: SessionOptions): string[] {
  const args = ["--output-format", "stream-json", "--verbose", "--input-format", "stream-json"];
  if (options.model !== undefined) args.push(`--model=${options.model}`);
  if (options.systemPrompt !== undefined) args.push(`--system-prompt=${options.systemPrompt}`);
  if (options.appendSystemPrompt !== undefined) args.push(`--append-system-prompt=${options.appendSystemPrompt}`);
  if (options.allowedTools !== undefined) args.push(`--allowedTools=${options.allowedTools.join(",")}`);
  if (options.disallowedTools !== undefined) args.push(`--disallowedTools=${options.disallowedTools.join(",")}`);
  if (options.maxTurns !== undefined) args.push(`--max-turns=${options.maxTurns}`);
  if (options.permissionMode !== undefined) args.push(`--permission-mode=${options.permissionMode}`);
  if (options.includePartialMessages) args.push("--include-partial-messages");
  if (options.canUseTool !== undefined) args.push("--permission-prompt-tool", "stdio");
  return args;
}

function launchArgs(launch: Launch): string[] {
  const args: string[] = [];
  if (launch.resume !== undefined) args.push(`--resume=${launch.resume}`);
  if (launch.continue) args.push("--continue");
  if (launch.forkSession) args.push("--fork-session");
  if (launch.sessionId !== undefined) args.push(`--session-id=${launch.sessionId}`);
  return args;
}

function cliEnv(options: SessionOptions, runtime: Runtime): Record<string, string> {
  const env: Record<string, string> = { ...runtime.envObject(), CLAUDE_CODE_ENTRYPOINT: "sdk-ts", ...options.env };
  if (options.configDir !== undefined) env.CLAUDE_CONFIG_DIR = options.configDir;
  // A CLI that inherits CLAUDECODE from a parent Claude Code refuses to run.
  delete env.CLAUDECODE;
  return env;
}
