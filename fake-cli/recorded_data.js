// @ts-check
/**
 * The static data copied from the recordings of each CLI version: tool lists, the `system/init` lists, the
 * `initialize` and context-usage answers, 2.1.197's first-turn attachments. Kept verbatim as JSON beside this file
 * (`data_2_1_197.json`, `data_2_1_332.json`) so the fake's lines carry the recorded fields; `version.js` picks the
 * imitated version's (`recordedData`). The answers are passed on as they were recorded, so their fields are typed
 * only as far as the fake reads them.
 * @module
 */
import { recordedJson } from "./recorded_json.js";

/**
 * One model of the `initialize` answer's `models` (its other recorded fields are passed on unread).
 * @typedef {{ value: string, resolvedModel: string } & Record<string, unknown>} ModelAlias
 */

/**
 * The recorded `initialize` answer (without this process's `pid`): passed on as recorded, `models` also read.
 * @typedef {{ models: ModelAlias[] } & Record<string, unknown>} InitializeResponse
 */

/**
 * What every recorded version has.
 * @typedef {object} RecordedData
 * @property {string[]} defaultTools the tools of `system/init`
 * @property {string[]} stdioTools the tools with `--permission-prompt-tool stdio`
 * @property {string[]} slashCommands `system/init`'s `slash_commands`
 * @property {string[]} agents `system/init`'s `agents`
 * @property {string[]} skills `system/init`'s `skills`
 * @property {InitializeResponse} initializeResponse
 * @property {Record<string, unknown>} contextUsage the `get_context_usage` answer, passed on as recorded
 */

/**
 * What CLI 2.1.197 has besides: the listings its first prompt's attachments carry (JSON passed on as recorded).
 * @typedef {object} Recorded197
 * @property {Record<string, unknown>} agentListingAttachment
 * @property {Record<string, unknown>} skillListingAttachment
 */

/**
 * What CLI 2.1.332 has besides: the `system/init` fields it added.
 * @typedef {object} Recorded332
 * @property {string[]} terminalSlashCommands `terminal_slash_commands`
 * @property {Record<string, unknown>[]} plugins `plugins` (2.1.197 printed none)
 * @property {string[]} capabilities `capabilities`
 */

/**
 * The data recorded with CLI 2.1.197 (`data_2_1_197.json`).
 *
 * @example
 * ```js
 * import { data197 } from "./recorded_data.js";
 * data197.agents; // ["claude", "Explore", "general-purpose", "Plan", "statusline-setup"]
 * ```
 * @type {RecordedData & Recorded197}
 */
export const data197 = await recordedJson("data_2_1_197.json");

/**
 * The data recorded with CLI 2.1.332 (`data_2_1_332.json`).
 *
 * @example
 * ```js
 * import { data332 } from "./recorded_data.js";
 * data332.capabilities.includes("interrupt_receipt_v1"); // true
 * ```
 * @type {RecordedData & Recorded332}
 */
export const data332 = await recordedJson("data_2_1_332.json");
