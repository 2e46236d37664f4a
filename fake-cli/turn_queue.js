// @ts-check
/**
 * The turns of a fake process, one after the other: a prompt that arrives while a turn runs waits for it (2.1.332
 * prints it `queued`), and a turn that fails (a scenario crash) ends the process at once.
 * @module
 */
import { lifecycleLine } from "./messages.js";
import { emit } from "./output.js";
import { runNotificationTurn, runTurn } from "./turn.js";

/**
 * @typedef {object} FakeTurns
 * @property {number} index the turns started so far
 * @property {import("./turn_state.js").Turn | null} current the running turn (an interrupt aborts it)
 * @property {Promise<unknown>} tail the last queued turn, which the next one waits for
 * @property {Set<Promise<void>>} pending the queued turns not over yet
 * @property {Promise<never>} fatal rejects with the error of a queued turn that failed
 * @property {(error: unknown) => void} fail rejects `fatal`
 */

/**
 * The turns of a new process: none yet.
 *
 * @example
 * ```js
 * import { createTurns } from "./turn_queue.js";
 * createTurns().index; // 0
 * ```
 * @returns {FakeTurns}
 */
export function createTurns() {
  /** @type {(error: unknown) => void} */
  let fail = () => {};
  /** @type {Promise<never>} */
  const fatal = new Promise((_, reject) => (fail = reject));
  fatal.catch(() => {});
  return { index: 0, current: null, tail: Promise.resolve(), pending: new Set(), fatal, fail };
}

/**
 * Runs a prompt's turn once the turns before it are over. Resolves when its `result` is out.
 *
 * @example
 * ```js
 * // Used by core.js for each user line on stdin: queueTurn(fake, { content: "hello", uuid });
 * ```
 * @param {import("./fake_process.js").FakeProcess} fake
 * @param {import("./turn_state.js").Prompt} prompt
 */
export function queueTurn(fake, prompt) {
  const { turns } = fake;
  if (prompt.uuid && fake.config.cli.has("commandLifecycle")) {
    void emit(fake, lifecycleLine(fake.store, prompt.uuid, "queued"));
  }
  const next = turns.tail.then(() => runTurn(fake, prompt));
  turns.tail = next.catch(turns.fail);
  turns.pending.add(next);
  next.finally(() => turns.pending.delete(next)).catch(() => {});
  return next;
}

/**
 * Runs the turn a background task's notification starts (`background_bash.js`) once the turns before it are over.
 * Resolves when its `result` is out.
 *
 * @example
 * ```js
 * // Used by background_bash.js when a task ends: queueNotificationTurn(fake, { notification, runId });
 * ```
 * @param {import("./fake_process.js").FakeProcess} fake
 * @param {{ notification: string, runId: string }} task
 */
export function queueNotificationTurn(fake, task) {
  const { turns } = fake;
  const next = turns.tail.then(() => runNotificationTurn(fake, task));
  turns.tail = next.catch(turns.fail);
  turns.pending.add(next);
  next.finally(() => turns.pending.delete(next)).catch(() => {});
  return next;
}

/**
 * Resolves when no queued turn is left.
 *
 * @example
 * ```js
 * // Used by core.js once stdin is over: await whenIdle(fake.turns);
 * ```
 * @param {FakeTurns} turns
 */
export async function whenIdle(turns) {
  while (turns.pending.size) await Promise.all([...turns.pending]);
}
