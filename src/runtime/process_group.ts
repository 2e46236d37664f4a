/**
 * Ending what is left of a child's process group once the child (its leader) has exited: the grandchildren it
 * started would otherwise live on, reparented. Runtime-free: each adapter hands in how it signals a group.
 * @module
 */

/** How long the rest of a group gets between SIGTERM and SIGKILL. */
export const GROUP_GRACE_MS = 1_000;

/**
 * Signals a process group; true when some process of it got the signal, false when none is left.
 * @example
 * ```ts
 * import process from "node:process";
 * import type { SignalGroup } from "./process_group.ts";
 * const signalGroup: SignalGroup = (pid, signal) => {
 *   try {
 *     process.kill(-pid, signal);
 *     return true;
 *   } catch {
 *     return false;
 *   }
 * };
 * ```
 */
export type SignalGroup = (pid: number, signal: "SIGTERM" | "SIGKILL" | "SIGINT") => boolean;

/**
 * Once `exited` resolves, sends SIGTERM to the group of `pid`, and SIGKILL `GROUP_GRACE_MS` later when some of it
 * is still there. `later` runs the second step without keeping the host alive (an unref'd timer).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { endGroupAfterExit } from "./process_group.ts";
 * const sent: string[] = [];
 * endGroupAfterExit(42, Promise.resolve(), (pid, signal) => (sent.push(`${signal} -${pid}`), true), (run) => run());
 * await new Promise((resolve) => setTimeout(resolve, 0));
 * assert.deepEqual(sent, ["SIGTERM -42", "SIGKILL -42"]);
 * ```
 */
export function endGroupAfterExit(
  pid: number,
  exited: Promise<unknown>,
  signalGroup: SignalGroup,
  later: (run: () => void, ms: number) => void,
): void {
  void exited.then(() => {
    if (signalGroup(pid, "SIGTERM")) later(() => signalGroup(pid, "SIGKILL"), GROUP_GRACE_MS);
  });
}
