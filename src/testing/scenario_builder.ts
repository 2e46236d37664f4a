/**
 * A fluent builder of fake-CLI scenarios (`fake-cli/scenario.js` defines the format and the variable), for tests.
 * @module
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Scenario, SCENARIO_ENV, type TurnSpec } from "../../fake-cli/scenario.js";

/**
 * Builds a scenario turn by turn, then writes it for a child process (`env()`) or hands it to the in-memory
 * adapter (`toJSON()`).
 *
 * @example
 * ```ts
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * const env = fakeCli.scenario().turn({ text: "Hi Alice", delayMs: 10 }).crash({ afterChunks: 1, exitCode: 3 }).env();
 * // spawn fakeCli.path with { ...process.env, ...env }: no file is written
 * ```
 */
export class ScenarioBuilder {
  #scenario: Scenario = {};

  /** Wait this long before reading stdin or printing anything (a slow start). */
  startDelay(ms: number): this {
    this.#scenario.startDelayMs = ms;
    return this;
  }

  /** Print these lines on stderr at start. */
  stderr(...lines: string[]): this {
    (this.#scenario.stderr ??= []).push(...lines);
    return this;
  }

  /** Print these non-JSON lines on stdout at start. */
  noise(...lines: string[]): this {
    (this.#scenario.noise ??= []).push(...lines);
    return this;
  }

  /** Script the next turn (an empty spec keeps the fake model's recorded behaviour). */
  turn(spec: TurnSpec = {}): this {
    (this.#scenario.turns ??= []).push(spec);
    return this;
  }

  /** The next turn answers with this text. */
  reply(text: string, spec: Omit<TurnSpec, "text"> = {}): this {
    return this.turn({ ...spec, text });
  }

  /** The next turn ends the process after `afterChunks` deltas, with an exit code or a signal. */
  crash(crash: NonNullable<TurnSpec["crash"]> = {}): this {
    return this.turn({ crash });
  }

  /**
   * The next turn completes, then the process dies right after its `result` line (SIGKILL unless `exitCode` or
   * `signal` says otherwise), without writing what a CLI writes at exit: with `--session-mirror` (a `sessionStore`),
   * what reached the store before the result is all there is.
   */
  crashAfterResult(crash: NonNullable<TurnSpec["crashAfterResult"]> = {}): this {
    return this.turn({ crashAfterResult: crash });
  }

  /** The next turn stops producing output and ignores SIGTERM (only SIGKILL ends it). */
  hang(hang: NonNullable<TurnSpec["hang"]> = {}): this {
    return this.turn({ hang });
  }

  /** The next turn fails like the recorded API errors (400, 401, 429, 500, 529). */
  apiError(status: number): this {
    return this.turn({ apiError: status });
  }

  /**
   * The next turn's model gives `output` as its structured output (a `StructuredOutput` call, for a session with
   * `outputFormat`): the turn ends with it when it fits the schema; when it does not, the model sees the error, answers
   * with text, gets the CLI's reminder and answers with text again, so the turn ends without one (m12).
   */
  structuredOutput(output: unknown): this {
    return this.turn({ blocks: [{ type: "tool_use", name: "StructuredOutput", input: output }] });
  }

  /**
   * The next turn's model gives `output` as its structured output at every attempt: a schema it does not fit makes the
   * turn run out of attempts (`error_max_structured_output_retries`, `STRUCTURED_OUTPUT_FAILED` from `collectTurn`).
   */
  missesSchema(output: unknown = {}): this {
    return this.turn({ alwaysTool: { name: "StructuredOutput", input: output } });
  }

  /** The next turn's reply line is at least `mib` MiB long. */
  bigLine(mib: number): this {
    return this.turn({ bigLineMiB: mib });
  }

  /** What any turn whose prompt contains `text` does, in every process started with this scenario (wins over `turn`). */
  when(text: string, spec: TurnSpec): this {
    (this.#scenario.when ??= []).push({ ...spec, contains: text });
    return this;
  }

  /** What every turn after the scripted ones does. */
  otherwise(spec: TurnSpec): this {
    this.#scenario.default = spec;
    return this;
  }

  /** The scenario as data. */
  toJSON(): Scenario {
    return structuredClone(this.#scenario);
  }

  /** Writes the scenario to `file` (default: a new temp dir) and returns the path. */
  write(file?: string): string {
    const target = file ??
      path.join(fs.mkdtempSync(path.join(os.tmpdir(), "claude-stream-scenario-")), "scenario.json");
    fs.writeFileSync(target, JSON.stringify(this.#scenario));
    return target;
  }

  /**
   * The environment to give the fake: `{ CLAUDE_STREAM_FAKE_SCENARIO }` holding the scenario as JSON, or, with
   * `file`, the path of the file it is written to (for very large scenarios).
   */
  env(file?: string): Record<string, string> {
    return { [SCENARIO_ENV]: file === undefined ? JSON.stringify(this.#scenario) : this.write(file) };
  }
}

/**
 * A new, empty scenario.
 *
 * @example
 * ```ts
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * const data = fakeCli.scenario().startDelay(200).stderr("warming up").apiError(529).toJSON();
 * ```
 */
export function scenario(): ScenarioBuilder {
  return new ScenarioBuilder();
}
