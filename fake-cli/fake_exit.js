// @ts-check
/**
 * How a fake process ends early: a scenario crash (or malformed stdin) throws `FakeExit`, and the host gets its exit
 * code or signal.
 * @module
 */

/**
 * Thrown to end the whole process (a scenario crash, malformed stdin).
 *
 * @example
 * ```js
 * import { FakeExit } from "./fake_exit.js";
 * throw new FakeExit(3, null); // runFake resolves { code: 3, signal: null }
 * ```
 */
export class FakeExit extends Error {
  /** @param {number | null} code @param {string | null} signal */
  constructor(code, signal) {
    super(`fake exit ${code ?? signal}`);
    this.code = code;
    this.signal = signal;
  }
}

/**
 * The exit status a thrown value asks for: a `FakeExit`'s, else null (an unexpected failure).
 *
 * @example
 * ```js
 * import { exitStatusOf, FakeExit } from "./fake_exit.js";
 * exitStatusOf(new FakeExit(null, "SIGKILL")); // { code: null, signal: "SIGKILL" }
 * exitStatusOf(new Error("boom")); // null
 * ```
 * @param {unknown} error
 * @returns {{ code: number | null, signal: string | null } | null}
 */
export function exitStatusOf(error) {
  return error instanceof FakeExit ? { code: error.code, signal: error.signal } : null;
}
