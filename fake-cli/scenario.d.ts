// Generated from scenario.js by scripts/fake_cli_declarations.mjs: edit the JSDoc there, then run the script.
/**
 * Loads the scenario named by the flag or the environment; an inline object wins (the in-memory adapter).
 *
 * @example
 * ```js
 * import { loadScenario } from "./scenario.js";
 * loadScenario({ env: {}, flag: undefined }); // {}
 * ```
 * @param {{ env: Record<string, string | undefined>, flag?: string | undefined, inline?: Scenario | undefined }} from
 * @returns {Scenario}
 */
export function loadScenario(from: {
    env: Record<string, string | undefined>;
    flag?: string | undefined;
    inline?: Scenario | undefined;
}): Scenario;
/**
 * The spec of the `index`-th turn (0-based) of the process whose prompt text is `prompt`.
 *
 * @example
 * ```js
 * import { turnSpec } from "./scenario.js";
 * turnSpec({ turns: [{ text: "a" }], default: { text: "b" } }, 3, "hi"); // { text: "b" }
 * turnSpec({ when: [{ contains: "boom", apiError: 500 }] }, 0, "boom now"); // { contains: "boom", apiError: 500 }
 * ```
 * @param {Scenario} scenario
 * @param {number} index
 * @param {string} [prompt]
 * @returns {TurnSpec}
 */
export function turnSpec(scenario: Scenario, index: number, prompt?: string): TurnSpec;
/**
 * The environment variable holding a scenario: the JSON itself, or the path of a file holding it.
 *
 * @example
 * ```js
 * import { SCENARIO_ENV } from "./scenario.js";
 * const env = { [SCENARIO_ENV]: "/tmp/scenario.json" };
 * ```
 */
export const SCENARIO_ENV: "CLAUDE_STREAM_FAKE_SCENARIO";
/**
 * What a scripted turn does instead of (or on top of) the fake model's recorded behaviour.
 */
export type TurnSpec = {
    /**
     * the reply text of the first answer, instead of `turns=N last=... history=...`
     */
    text?: string;
    /**
     * the reply blocks of the first answer: `{type:"text",text}`,
     * `{type:"thinking",thinking}`, `{type:"tool_use",name,input}`
     */
    blocks?: Array<Record<string, unknown>>;
    /**
     * milliseconds between deltas
     */
    delayMs?: number;
    /**
     * characters per delta
     */
    chunkSize?: number;
    /**
     * fail the turn like the recorded API errors: 400, 401, 429, 500 or 529
     */
    apiError?: number;
    /**
     * end the process
     * mid-turn once `afterChunks` deltas are out: with `exitCode`, or by `signal`
     */
    crash?: {
        afterChunks?: number;
        exitCode?: number;
        signal?: string;
        stderr?: string;
    };
    /**
     * end the process right after
     * the turn's result line, without closing the session (no exit entries): by `signal` (SIGKILL when neither is
     * given), or with `exitCode`. With `--session-mirror` every entry of the turn was printed before the result.
     */
    crashAfterResult?: {
        exitCode?: number;
        signal?: string;
        stderr?: string;
    };
    /**
     * stop producing output once `afterChunks`
     * deltas are out; SIGTERM is ignored unless `ignoreSigterm: false`
     */
    hang?: {
        afterChunks?: number;
        ignoreSigterm?: boolean;
    };
    /**
     * append a text block of this many MiB, so one stdout line is that long
     */
    bigLineMiB?: number;
    /**
     * non-JSON lines printed on stdout before the turn
     */
    noise?: string[];
    /**
     * lines printed on stderr at the start of the turn
     */
    stderr?: string[];
    /**
     * every answer of the turn is this tool call, whatever came
     * last (the stand-in API's `TOOL_ALWAYS`): with `StructuredOutput` and an input the schema refuses, the turn runs
     * out of attempts (m13)
     */
    alwaysTool?: {
        name: string;
        input?: unknown;
    };
};
/**
 * A scenario file's content.
 */
export type Scenario = {
    /**
     * milliseconds before the fake reads stdin or prints anything
     */
    startDelayMs?: number;
    /**
     * lines printed on stderr at start
     */
    stderr?: string[];
    /**
     * non-JSON lines printed on stdout at start
     */
    noise?: string[];
    /**
     * the i-th entry scripts the i-th turn of the process
     */
    turns?: TurnSpec[];
    /**
     * applies to the turns after the scripted ones
     */
    default?: TurnSpec;
    /**
     * applies to any turn (of any process) whose prompt
     * contains `contains`; wins over `turns`
     */
    when?: Array<TurnSpec & {
        contains: string;
    }>;
};
