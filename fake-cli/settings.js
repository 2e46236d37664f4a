// @ts-check
/**
 * What the fake model is run with and a control request may change: the model (`set_model`, or the resumed
 * conversation's), the permission mode (`set_permission_mode`) and the system prompts (`initialize`).
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { resolveModel } from "./model.js";
import { parseSchemaFlag } from "./structured_output.js";

/**
 * @typedef {object} FakeSettings
 * @property {import("./model.js").ModelInfo} model
 * @property {string} permissionMode
 * @property {string | undefined} systemPrompt `--system-prompt` (or its file), replacing the recorded one
 * @property {string | undefined} appendSystemPrompt `--append-system-prompt` (or its file)
 * @property {Record<string, unknown> | undefined} jsonSchema the structured output's schema: `--json-schema`, or the
 *   `initialize` request's `jsonSchema`
 */

/**
 * The settings a process starts with, from its configuration.
 *
 * @example
 * ```js
 * import { readConfig } from "./config.js";
 * import { initialSettings } from "./settings.js";
 * import { cliVersion } from "./version.js";
 * initialSettings(readConfig({ env: {}, cwd: "/tmp" }, { model: "haiku" }, {}, cliVersion({}))).model.name; // "claude-haiku-5-5"
 * ```
 * @param {import("./config.js").FakeConfig} config
 * @returns {FakeSettings}
 */
export function initialSettings(config) {
  const { options } = config;
  const agent = mainAgent(options);
  return {
    model: resolveModel(options.model ?? agent?.model ?? settingsModel(config), config.data),
    permissionMode: options.dangerouslySkipPermissions ? "bypassPermissions" : options.permissionMode ?? "default",
    systemPrompt: options.systemPrompt ?? readOptional(options.systemPromptFile) ?? agent?.prompt,
    appendSystemPrompt: options.appendSystemPrompt ?? readOptional(options.appendSystemPromptFile),
    jsonSchema: parseSchemaFlag(options.jsonSchema).schema,
  };
}

/**
 * The `--agents` definition `--agent` names: the main conversation runs with its prompt and model.
 * @param {import("./args.js").FakeOptions} options
 * @returns {{ prompt?: string, model?: string } | undefined}
 */
function mainAgent(options) {
  if (options.agent === undefined) return undefined;
  const agents = parseObject(options.agents);
  const agent = agents?.[options.agent];
  if (typeof agent !== "object" || agent === null) return undefined;
  return {
    prompt: typeof agent.prompt === "string" ? agent.prompt : undefined,
    model: typeof agent.model === "string" && agent.model !== "inherit" ? agent.model : undefined,
  };
}

/**
 * The `model` of the settings the process reads (see {@link settingsLayers}): the first one that names one.
 * @param {import("./config.js").FakeConfig} config
 * @returns {string | undefined}
 */
function settingsModel(config) {
  for (const settings of settingsLayers(config)) {
    if (typeof settings.model === "string") return settings.model;
  }
  return undefined;
}

/**
 * The settings objects the process reads, first wins: `--settings` (JSON or a file), then the files of the
 * `--setting-sources` (all by default): local, project, user (m27: a project's model applies; m28: `""` reads none).
 * A source that is missing or not a JSON object is left out.
 *
 * @example
 * ```js
 * import { readConfig } from "./config.js";
 * import { settingsLayers } from "./settings.js";
 * import { cliVersion } from "./version.js";
 * const config = readConfig({ env: {}, cwd: "/nonexistent" }, { settings: '{"model":"haiku"}' }, {}, cliVersion({}));
 * settingsLayers(config)[0].model; // "haiku"
 * ```
 * @param {import("./config.js").FakeConfig} config
 * @returns {Record<string, any>[]}
 */
export function settingsLayers(config) {
  const { options, cwd } = config;
  const flag = options.settings === undefined
    ? undefined
    : parseObject(options.settings.trimStart().startsWith("{") ? options.settings : readIfThere(options.settings));
  const sources = options.settingSources === undefined
    ? ["user", "project", "local"]
    : options.settingSources.split(",");
  const files = [
    sources.includes("local") ? path.join(cwd, ".claude", "settings.local.json") : undefined,
    sources.includes("project") ? path.join(cwd, ".claude", "settings.json") : undefined,
    sources.includes("user") ? path.join(config.configDir, "settings.json") : undefined,
  ];
  return [flag, ...files.map((file) => parseObject(readIfThere(file)))].filter((s) => s !== undefined);
}

/**
 * @param {string | undefined} text
 * @returns {Record<string, any> | undefined}
 */
function parseObject(text) {
  try {
    const value = text === undefined ? undefined : JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** @param {string | undefined} file */
function readOptional(file) {
  return file ? fs.readFileSync(file, "utf8") : undefined;
}

/** A settings file's text; undefined when there is none. @param {string | undefined} file */
function readIfThere(file) {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
