// @ts-check
/**
 * The accounting of a fake process: tokens and cost per model across its turns (the result's `modelUsage` and
 * `total_cost_usd`, 2.1.332's `model_usage_since_last_result` and `cost-state`), and the Task subagents it ran
 * (`subagent_stats`).
 * @module
 */

/**
 * One model's usage in a result's `modelUsage` (the fields of the imitated version; the ones read are typed).
 * @typedef {{ inputTokens: number, outputTokens: number, costUSD: number } & Record<string, unknown>} ModelUsageEntry
 */

/**
 * A Task subagent the process ran.
 * @typedef {{ type: string, background: boolean }} SubagentRun
 */

/**
 * @typedef {object} FakeUsage
 * @property {(model: import("./model.js").ModelInfo, input: number, output: number) => number} account adds an
 *   API call's tokens of `model` to the totals; returns the process's cumulative cost
 * @property {() => number} totalCost the process's cumulative cost (USD)
 * @property {() => Record<string, ModelUsageEntry>} modelUsage the usage of every model so far
 * @property {() => Record<string, ModelUsageEntry>} sinceLastResult the usage since the previous result, models
 *   without new usage left out
 * @property {() => void} markResult notes that a result is out (the baseline of `sinceLastResult`)
 * @property {SubagentRun[]} subagents
 */

/**
 * @typedef {{ inputTokens: number, outputTokens: number, costUSD: number }} Tally
 * @typedef {Tally & { model: import("./model.js").ModelInfo }} ModelTally
 */

/**
 * The accounting of a new process.
 *
 * @example
 * ```js
 * import { createUsage } from "./usage.js";
 * import { resolveModel } from "./model.js";
 * import { cliVersion } from "./version.js";
 * const usage = createUsage(cliVersion({}));
 * usage.account(resolveModel(undefined), 23, 8); // 0.000315
 * ```
 * @param {import("./version.js").CliVersion} cli
 * @returns {FakeUsage}
 */
export function createUsage(cli) {
  /** @type {Record<string, ModelTally>} */
  const byModel = {};
  /** @type {Record<string, Tally>} usage at the last result */
  let atLastResult = {};
  let totalCost = 0;
  return {
    account: (model, input, output) => {
      const slot = (byModel[model.name] ??= { inputTokens: 0, outputTokens: 0, costUSD: 0, model });
      const cost = (input * model.priceIn + output * model.priceOut) / 1_000_000;
      slot.inputTokens += input;
      slot.outputTokens += output;
      slot.costUSD += cost;
      totalCost += cost;
      return totalCost;
    },
    totalCost: () => totalCost,
    modelUsage: () => modelUsageOf(cli, byModel, {}),
    sinceLastResult: () => modelUsageOf(cli, byModel, atLastResult),
    markResult: () => {
      atLastResult = Object.fromEntries(Object.entries(byModel).map(([name, u]) => [name, { ...u }]));
    },
    subagents: [],
  };
}

/**
 * `modelUsage` entries, less a baseline (the usage at the last result); models without new usage are left out of a
 * difference.
 * @param {import("./version.js").CliVersion} cli
 * @param {Record<string, ModelTally>} usage
 * @param {Record<string, Tally>} base
 * @returns {Record<string, ModelUsageEntry>}
 */
function modelUsageOf(cli, usage, base) {
  const changed = (/** @type {string} */ name) =>
    !base[name] || usage[name].inputTokens !== base[name].inputTokens ||
    usage[name].outputTokens !== base[name].outputTokens;
  return Object.fromEntries(
    Object.entries(usage).filter(([name]) => changed(name)).map(([name, u]) => {
      const b = base[name] ?? { inputTokens: 0, outputTokens: 0, costUSD: 0 };
      /** @type {ModelUsageEntry} */
      const entry = {
        inputTokens: u.inputTokens - b.inputTokens,
        outputTokens: u.outputTokens - b.outputTokens,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        webSearchRequests: 0,
        costUSD: u.costUSD - b.costUSD,
        contextWindow: u.model.contextWindow,
        maxOutputTokens: u.model.maxOutputTokens,
      };
      if (cli.has("resultV2")) {
        Object.assign(entry, {
          thinkingTokens: 0,
          cacheCreationEphemeral5mInputTokens: 0,
          cacheCreationEphemeral1hInputTokens: 0,
          canonicalModel: u.model.api,
          provider: "firstParty",
          costBasis: "list",
        });
      }
      return [name, entry];
    }),
  );
}
