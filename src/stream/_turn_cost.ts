/**
 * The cost of one turn. The CLI reports `total_cost_usd` as a running total over the turns of its process (recording
 * `b1`: 0.000415, then 0.001055), so a turn's own cost is that total minus what the process had spent before it.
 * Only the Session knows when its process was replaced (a crash, `clear()`), so it notes the running total before
 * each result on the result itself, on its way down to the stream helpers; nothing flows back up.
 * @module
 */
import type { Message, ResultMessage } from "../protocol/messages.ts";

// A registered symbol, not a field: the message stays what the CLI printed (JSON, equality, NDJSON/SSE unchanged),
// and two copies of the library loaded side by side still read each other's note.
const SPENT_BEFORE = Symbol.for("claude-stream.spentBeforeUsd");

/**
 * Notes on a result what its CLI process had spent before it (the highest `total_cost_usd` of its earlier results, 0
 * for a process's first). Called by the Session for every result its current process prints.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noteSpentBefore, spentBefore } from "./_turn_cost.ts";
 * const result = { type: "result", total_cost_usd: 0.001055 };
 * noteSpentBefore(result, 0.000415);
 * assert.equal(spentBefore(result), 0.000415);
 * ```
 */
export function noteSpentBefore(result: Message, usd: number): void {
  Object.defineProperty(result, SPENT_BEFORE, { value: usd, enumerable: false, configurable: true });
}

/**
 * What {@link noteSpentBefore} noted on a result, or undefined when it did not come from a Session.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spentBefore } from "./_turn_cost.ts";
 * assert.equal(spentBefore({ type: "result" }), undefined);
 * ```
 */
export function spentBefore(result: Message): number | undefined {
  const value = (result as { [SPENT_BEFORE]?: unknown })[SPENT_BEFORE];
  return typeof value === "number" ? value : undefined;
}

/**
 * The cost of the turn a result closes, in USD. CLIs that report `model_usage_since_last_result` (2.1.332) say it
 * themselves: the sum of its `costUSD`. Otherwise `total_cost_usd` minus `before`, what the process had spent
 * before this result, and never below 0: a running total cannot fall within one process, so a result that reports
 * less (a turn cut short may report 0) cost nothing more.
 *
 * @example
 * ```ts
 * import { turnCostUsd } from "./_turn_cost.ts";
 * import type { ResultMessage } from "../protocol/messages.ts";
 * declare const second: ResultMessage; // total_cost_usd 0.001055 after a first turn of 0.000415
 * turnCostUsd(second, 0.000415); // ≈ 0.00064
 * ```
 */
export function turnCostUsd(result: ResultMessage, before: number): number {
  const since = result.model_usage_since_last_result;
  if (since !== null && typeof since === "object") {
    const costs = Object.values(since as Record<string, { costUSD?: unknown }>).map((usage) => usage?.costUSD);
    if (costs.every((cost) => typeof cost === "number")) {
      return (costs as number[]).reduce((sum, cost) => sum + cost, 0);
    }
  }
  return Math.max(0, result.total_cost_usd - before);
}
