// @ts-check
/* @ts-self-types="./scenario.d.ts" */
/**
 * Scripted behaviour for tests: JSON given by `$CLAUDE_STREAM_FAKE_SCENARIO` or `--fake-scenario=<value>`, where the
 * value is the JSON itself or the path of a file holding it; it changes what the fake does at start and per turn.
 * Without one the fake model answers as recorded.
 *
 * ```json
 * { "startDelayMs": 200, "stderr": ["warming up"], "noise": ["not json"],
 *   "turns": [ { "text": "Hello!", "delayMs": 20, "chunkSize": 3 },
 *              { "crash": { "afterChunks": 1, "exitCode": 3 } },
 *              { "hang": { "afterChunks": 0, "ignoreSigterm": true } } ],
 *   "default": { "apiError": 529 } }
 * ```
 * A turn spec: `text` or `blocks` (`{type:"text",text}`, `{type:"thinking",thinking}`, `{type:"tool_use",name,input}`)
 * replace the model's first answer; `delayMs` (between deltas), `chunkSize` (characters per delta); `apiError`
 * (400, 401, 429, 500, 529); `crash` `{ afterChunks, exitCode | signal, stderr }`; `crashAfterResult`
 * `{ exitCode | signal, stderr }` (SIGKILL by default); `hang` `{ afterChunks, ignoreSigterm }`;
 * `bigLineMiB` (a reply line of that many MiB); `noise` (non-JSON stdout lines before the turn); `stderr` (lines).
 * `turns[i]` is the i-th turn of the process; `default` applies to the turns after them. `when` entries
 * (`{ "contains": "boom", "crash": { "exitCode": 3 } }`) apply to any turn whose prompt contains the text, in any
 * process, and win over `turns`: the way to script "the turn that says X fails" across a crash and its respawn.
 * @module
 */
import * as fs from "node:fs";

/**
 * What a scripted turn does instead of (or on top of) the fake model's recorded behaviour.
 * @typedef {object} TurnSpec
 * @property {string} [text] the reply text of the first answer, instead of `turns=N last=... history=...`
 * @property {Array<Record<string, unknown>>} [blocks] the reply blocks of the first answer: `{type:"text",text}`,
 *   `{type:"thinking",thinking}`, `{type:"tool_use",name,input}`
 * @property {number} [delayMs] milliseconds between deltas
 * @property {number} [chunkSize] characters per delta
 * @property {number} [apiError] fail the turn like the recorded API errors: 400, 401, 429, 500 or 529
 * @property {{ afterChunks?: number, exitCode?: number, signal?: string, stderr?: string }} [crash] end the process
 *   mid-turn once `afterChunks` deltas are out: with `exitCode`, or by `signal`
 * @property {{ exitCode?: number, signal?: string, stderr?: string }} [crashAfterResult] end the process right after
 *   the turn's result line, without closing the session (no exit entries): by `signal` (SIGKILL when neither is
 *   given), or with `exitCode`. With `--session-mirror` every entry of the turn was printed before the result.
 * @property {{ afterChunks?: number, ignoreSigterm?: boolean }} [hang] stop producing output once `afterChunks`
 *   deltas are out; SIGTERM is ignored unless `ignoreSigterm: false`
 * @property {number} [bigLineMiB] append a text block of this many MiB, so one stdout line is that long
 * @property {string[]} [noise] non-JSON lines printed on stdout before the turn
 * @property {string[]} [stderr] lines printed on stderr at the start of the turn
 * @property {{ name: string, input?: unknown }} [alwaysTool] every answer of the turn is this tool call, whatever came
 *   last (the stand-in API's `TOOL_ALWAYS`): with `StructuredOutput` and an input the schema refuses, the turn runs
 *   out of attempts (m13)
 */

/**
 * A scenario file's content.
 * @typedef {object} Scenario
 * @property {number} [startDelayMs] milliseconds before the fake reads stdin or prints anything
 * @property {string[]} [stderr] lines printed on stderr at start
 * @property {string[]} [noise] non-JSON lines printed on stdout at start
 * @property {TurnSpec[]} [turns] the i-th entry scripts the i-th turn of the process
 * @property {TurnSpec} [default] applies to the turns after the scripted ones
 * @property {Array<TurnSpec & { contains: string }>} [when] applies to any turn (of any process) whose prompt
 *   contains `contains`; wins over `turns`
 */

/**
 * The environment variable holding a scenario: the JSON itself, or the path of a file holding it.
 *
 * @example
 * ```js
 * import { SCENARIO_ENV } from "./scenario.js";
 * const env = { [SCENARIO_ENV]: "/tmp/scenario.json" };
 * ```
 */
export const SCENARIO_ENV = "CLAUDE_STREAM_FAKE_SCENARIO";

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
export function loadScenario(from) {
  if (from.inline) return from.inline;
  const value = from.flag ?? from.env[SCENARIO_ENV];
  if (!value) return {};
  // the value is the scenario itself (JSON) or the path of a file holding it
  return JSON.parse(value.trimStart().startsWith("{") ? value : fs.readFileSync(value, "utf8"));
}

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
export function turnSpec(scenario, index, prompt = "") {
  const matched = scenario.when?.find((spec) => prompt.includes(spec.contains));
  return matched ?? scenario.turns?.[index] ?? scenario.default ?? {};
}
