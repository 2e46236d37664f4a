/**
 * Bounded parallel reads: a listing reads many files (or store keys) at once, but not all of them.
 * @module
 */

/**
 * Files (or store keys) a listing reads at once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PARALLEL_READS } from "./map_parallel.ts";
 * assert.equal(PARALLEL_READS, 16);
 * ```
 */
export const PARALLEL_READS = 16;

/**
 * `map` with at most `limit` calls in flight, results in input order. The first rejection rejects the whole.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapParallel } from "./map_parallel.ts";
 * assert.deepEqual(await mapParallel([1, 2, 3], 2, async (n) => n * 2), [2, 4, 6]);
 * ```
 */
export async function mapParallel<T, R>(items: T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await map(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
