// @ts-check
/* @ts-self-types="./core.d.ts" */
/**
 * The fake `claude` CLI, independent of how it is hosted: `runFake` gets argv, env, cwd and the three pipes, and
 * resolves with how the process ends (`run_process.js` runs it). `main.js` hosts it as a real process, the testing
 * kit's in-memory adapter (`src/testing/`) in this one. The types here are the fake's API for TypeScript
 * (`core.d.ts`, generated from this file).
 * @module
 */
import { runProcess } from "./run_process.js";
import { exitStatusOf } from "./fake_exit.js";
/** @import { Scenario } from "./scenario.js" */

/**
 * Where the fake runs: its command line, environment and working directory, and its three pipes.
 * @typedef {object} FakeHost
 * @property {readonly string[]} argv the arguments after the command
 * @property {Record<string, string | undefined>} env
 * @property {string} cwd
 * @property {AsyncIterable<Uint8Array | string>} stdin
 * @property {(text: string) => void | Promise<void>} stdout writes to stdout (a promise: once the host took it)
 * @property {(text: string) => void | Promise<void>} stderr writes to stderr
 * @property {number} [pid] the process id the fake reports (4242 when absent)
 * @property {Scenario | undefined} [scenario] an inline scenario (wins over `CLAUDE_STREAM_FAKE_SCENARIO` and the flag)
 * @property {(ignore: boolean) => void} [ignoreSigterm] asked to ignore SIGTERM and SIGINT (a hanging turn), and to
 *   stop ignoring them
 */

/**
 * How the fake process ended.
 * @typedef {object} FakeExitStatus
 * @property {number | null} code the exit code; null when a signal ended the process
 * @property {string | null} signal the name of the signal that ended the process (`SIGTERM`...); null when it exited
 *   with a code
 */

/**
 * A running fake: `exited` resolves with the exit status; `signal` delivers a signal (SIGKILL always ends it,
 * SIGTERM/SIGINT unless a hanging scenario ignores them).
 * @typedef {object} FakeRun
 * @property {Promise<FakeExitStatus>} exited
 * @property {(name: string) => void} signal
 */

/**
 * Starts the fake CLI on a host.
 *
 * @example
 * ```js
 * import { runFake } from "./core.js";
 * const run = runFake({ argv: ["--version"], env: {}, cwd: "/tmp", stdin: [], stdout: (t) => console.log(t), stderr: () => {} });
 * console.log(await run.exited); // { code: 0, signal: null }
 * ```
 * @param {FakeHost} host
 * @returns {FakeRun}
 */
export function runFake(host) {
  const life = new AbortController();
  /** @type {(status: FakeExitStatus) => void} */
  let end = () => {};
  /** @type {Promise<FakeExitStatus>} */
  const ended = new Promise((resolve) => (end = resolve));
  let done = false;
  let ignoreSigterm = false;
  const finish = (/** @type {FakeExitStatus} */ status) => {
    if (done) return;
    done = true;
    life.abort();
    end(status);
  };
  const io = {
    stdout: async (/** @type {string} */ text) => {
      if (!done) await host.stdout(text);
    },
    stderr: async (/** @type {string} */ text) => {
      if (!done) await host.stderr(text);
    },
  };
  const setIgnore = (/** @type {boolean} */ value) => {
    ignoreSigterm = value;
    host.ignoreSigterm?.(value);
  };
  // Deno checks this body without its imports' types (the module's own come from core.d.ts): the callback names its
  // parameter's type, and a typed helper reads the error
  runProcess(host, io, life.signal, setIgnore).then(finish, (/** @type {unknown} */ error) => {
    const status = exitStatusOf(error);
    if (status) return finish(status);
    if (done) return;
    void Promise.resolve(io.stderr(`fake claude: ${crashText(error)}\n`)).finally(() =>
      finish({ code: 1, signal: null })
    );
  });
  return {
    exited: ended,
    signal(name) {
      if (done) return;
      if (name !== "SIGKILL" && ignoreSigterm) return;
      finish({ code: null, signal: name });
    },
  };
}

/**
 * What the fake prints when it fails unexpectedly: the error's stack, else the thrown value.
 * @param {unknown} error
 */
function crashText(error) {
  const stack = typeof error === "object" && error !== null && "stack" in error ? error.stack : undefined;
  return `${stack ?? error}`;
}
