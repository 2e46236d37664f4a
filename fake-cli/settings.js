// @ts-check
/**
 * What the fake model is run with and a control request may change: the model (`set_model`, or the resumed
 * conversation's), the permission mode (`set_permission_mode`) and the system prompts (`initialize`).
 * @module
 */
import * as fs from "node:fs";
import { resolveModel } from "./model.js";

/**
 * @typedef {object} FakeSettings
 * @property {import("./model.js").ModelInfo} model
 * @property {string} permissionMode
 * @property {string | undefined} systemPrompt `--system-prompt` (or its file), replacing the recorded one
 * @property {string | undefined} appendSystemPrompt `--append-system-prompt` (or its file)
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
  return {
    model: resolveModel(options.model, config.data),
    permissionMode: options.dangerouslySkipPermissions ? "bypassPermissions" : options.permissionMode ?? "default",
    systemPrompt: options.systemPrompt ?? readOptional(options.systemPromptFile),
    appendSystemPrompt: options.appendSystemPrompt ?? readOptional(options.appendSystemPromptFile),
  };
}

/** @param {string | undefined} file */
function readOptional(file) {
  return file ? fs.readFileSync(file, "utf8") : undefined;
}
