/**
 * Timers for the session's bounds (turn timeouts, grace periods), where `Infinity` means "no bound".
 * @module
 */

/**
 * The longest delay a host timer honours: 2^31 - 1 ms, about 24.8 days. `setTimeout` fires a longer one at once, so
 * the options refuse longer bounds (and take `Infinity` for none).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `callback` after `ms` (at most {@link MAX_TIMER_MS}), never for `Infinity`; returns what cancels it.
 *
 * @example
 * ```ts
 * import { startTimer } from "./timer.ts";
 * const cancel = startTimer(() => console.log("late"), 1_000);
 * cancel();
 * startTimer(() => console.log("never"), Infinity);
 * ```
 */
export function startTimer(callback: () => void, ms: number): () => void {
  if (ms === Infinity) return () => {};
  const timer = setTimeout(callback, Math.min(ms, MAX_TIMER_MS));
  return () => clearTimeout(timer);
}
