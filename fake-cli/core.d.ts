// Generated from core.js by scripts/fake_cli_declarations.mjs: edit the JSDoc there, then run the script.
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
export function runFake(host: FakeHost): FakeRun;
/**
 * Where the fake runs: its command line, environment and working directory, and its three pipes.
 */
export type FakeHost = {
    /**
     * the arguments after the command
     */
    argv: readonly string[];
    env: Record<string, string | undefined>;
    cwd: string;
    stdin: AsyncIterable<Uint8Array | string>;
    /**
     * writes to stdout (a promise: once the host took it)
     */
    stdout: (text: string) => void | Promise<void>;
    /**
     * writes to stderr
     */
    stderr: (text: string) => void | Promise<void>;
    /**
     * the process id the fake reports (4242 when absent)
     */
    pid?: number;
    /**
     * an inline scenario (wins over `CLAUDE_STREAM_FAKE_SCENARIO` and the flag)
     */
    scenario?: Scenario | undefined;
    /**
     * asked to ignore SIGTERM and SIGINT (a hanging turn), and to
     * stop ignoring them
     */
    ignoreSigterm?: (ignore: boolean) => void;
};
/**
 * How the fake process ended.
 */
export type FakeExitStatus = {
    /**
     * the exit code; null when a signal ended the process
     */
    code: number | null;
    /**
     * the name of the signal that ended the process (`SIGTERM`...); null when it exited
     * with a code
     */
    signal: string | null;
};
/**
 * A running fake: `exited` resolves with the exit status; `signal` delivers a signal (SIGKILL always ends it,
 * SIGTERM/SIGINT unless a hanging scenario ignores them).
 */
export type FakeRun = {
    exited: Promise<FakeExitStatus>;
    signal: (name: string) => void;
};
import type { Scenario } from "./scenario.js";
