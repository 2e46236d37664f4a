// @ts-check
/**
 * What the command line and the environment fix for the whole life of a fake process: the options, the imitated
 * CLI version and its recorded data, the scenario, where session files go, the tool lists, the limits and paces.
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { splitToolList } from "./args.js";
import { configDir, projectDir } from "./session_store.js";
import { recordedData } from "./version.js";
import { parseSchemaFlag, withStructuredOutput } from "./structured_output.js";

/**
 * @typedef {object} FakeConfig
 * @property {import("./args.js").FakeOptions} options the command line
 * @property {Record<string, string | undefined>} env
 * @property {string} cwd the working directory, symlinks resolved (as the CLI records it)
 * @property {string} configDir `$CLAUDE_CONFIG_DIR`, else `~/.claude`
 * @property {number} pid
 * @property {import("./version.js").CliVersion} cli the imitated CLI version
 * @property {import("./version.js").VersionData} data its recorded data
 * @property {import("./scenario.js").Scenario} scenario
 * @property {string} outputFormat `--output-format`: `text` (the default), `json` or `stream-json`
 * @property {boolean} streamInput `--input-format stream-json`: prompts and control requests come as stdin lines
 * @property {string} entrypoint `$CLAUDE_CODE_ENTRYPOINT` as the entries record it
 * @property {string} memoryDir the project's `memory/` folder (init's `memory_paths`)
 * @property {boolean} persist whether the session file is written (every output format writes it, plain text too:
 *   a3's file is in both projects-samples); `--no-session-persistence` turns it off
 * @property {boolean} checkpointing `CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING=1` (or `true`, what the official SDK
 *   sets): file snapshots before edits
 * @property {number | undefined} maxTurns `--max-turns`
 * @property {number} maxRetries `$CLAUDE_CODE_MAX_RETRIES` (10): the retries of a retryable API failure
 * @property {number} slowDeltaMs `$CLAUDE_STREAM_FAKE_SLOW_MS` (150): the pause between deltas of a SLOW reply
 * @property {string[]} tools the tools the process offers (`--tools`, else the recorded lists, less the disallowed)
 * @property {string[]} allowedTools `--allowedTools` rules
 * @property {string[]} disallowedTools `--disallowedTools` rules
 */

/**
 * The configuration of a process started with `options` on a host.
 *
 * @example
 * ```js
 * import { readConfig } from "./config.js";
 * import { cliVersion } from "./version.js";
 * const config = readConfig({ env: {}, cwd: "/tmp", pid: 1 }, { model: "haiku" }, {}, cliVersion({}));
 * config.outputFormat; // "text"
 * ```
 * @param {{ env: Record<string, string | undefined>, cwd: string, pid?: number }} host
 * @param {import("./args.js").FakeOptions} options
 * @param {import("./scenario.js").Scenario} scenario
 * @param {import("./version.js").CliVersion} cli
 * @returns {FakeConfig}
 */
export function readConfig(host, options, scenario, cli) {
  const { env } = host;
  const cwd = realPath(host.cwd);
  const config = configDir(env);
  const data = withAgents(recordedData(cli), options.agents);
  const disallowedTools = splitToolList(options.disallowedTools);
  const offered = options.tools !== undefined
    ? splitToolList(options.tools)
    : [...(options.permissionPromptTool === "stdio" ? data.stdioTools : data.defaultTools)];
  return {
    options,
    env,
    cwd,
    configDir: config,
    pid: host.pid ?? 4242,
    cli,
    data,
    scenario,
    outputFormat: options.outputFormat ?? "text",
    streamInput: options.inputFormat === "stream-json",
    entrypoint: env.CLAUDE_CODE_ENTRYPOINT ?? "sdk-cli",
    memoryDir: path.join(projectDir(config, cwd), "memory") + "/",
    persist: !options.noSessionPersistence,
    checkpointing: ["1", "true"].includes(env.CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING ?? ""),
    maxTurns: options.maxTurns !== undefined ? Number(options.maxTurns) : undefined,
    maxRetries: env.CLAUDE_CODE_MAX_RETRIES !== undefined ? Number(env.CLAUDE_CODE_MAX_RETRIES) : 10,
    slowDeltaMs: Number(env.CLAUDE_STREAM_FAKE_SLOW_MS ?? 150),
    tools: withSchemaTool(offered.filter((t) => !disallowedTools.includes(t)), options),
    allowedTools: splitToolList(options.allowedTools),
    disallowedTools,
  };
}

/**
 * The recorded data with the subagents of `--agents` (JSON) added to the lists of init and initialize (m25).
 * @param {import("./version.js").VersionData} data
 * @param {string | undefined} agents
 * @returns {import("./version.js").VersionData}
 */
function withAgents(data, agents) {
  /** @type {Record<string, { description?: unknown }>} */
  let defined = {};
  try {
    const parsed = agents === undefined ? {} : JSON.parse(agents);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) defined = parsed;
  } catch {
    // not JSON: a file the fake does not read
  }
  const names = Object.keys(defined).filter((name) => !data.agents.includes(name));
  if (names.length === 0) return data;
  const listed = names.map((name) => ({ name, description: String(defined[name]?.description ?? "") }));
  const response = data.initializeResponse;
  return {
    ...data,
    agents: [...data.agents, ...names],
    initializeResponse: {
      ...response,
      agents: [...(Array.isArray(response.agents) ? response.agents : []), ...listed],
    },
  };
}

/**
 * The tools with `StructuredOutput` among them when `--json-schema` asks for structured output (m11).
 * @param {string[]} tools
 * @param {import("./args.js").FakeOptions} options
 */
function withSchemaTool(tools, options) {
  return parseSchemaFlag(options.jsonSchema).schema ? withStructuredOutput(tools, "flag") : tools;
}

/** @param {string} cwd */
function realPath(cwd) {
  try {
    return fs.realpathSync(cwd);
  } catch {
    return cwd;
  }
}
