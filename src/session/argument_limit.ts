/**
 * Linux's limit on one argument (and one `NAME=value` of the environment) of a new process: `MAX_ARG_STRLEN`,
 * 32 pages of 4 KiB, its terminating NUL included. A longer one fails the spawn with `E2BIG`, which reads like a
 * missing executable, so the session keeps each argument under it: a long `systemPrompt` or `appendSystemPrompt`
 * goes over `initialize` instead of the command line (as the official SDK sends them), and what has no other way
 * in (`extraArgs`, `env`) is refused as `INVALID_OPTION`.
 * @module
 */
import { invalidOptionError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import type { SessionOptions } from "./session_options.ts";

/** The most bytes one argument or environment entry may have, its terminating NUL included (Linux). */
export const MAX_ARGUMENT_BYTES = 131_072;

const encoder = new TextEncoder();

/**
 * Whether `argument` (UTF-8, plus its NUL) fits in one argument of a new process.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitsInArgument } from "./argument_limit.ts";
 * assert.equal(fitsInArgument("--model=haiku"), true);
 * assert.equal(fitsInArgument("x".repeat(131_072)), false); // 131072 bytes and a NUL
 * ```
 */
export function fitsInArgument(argument: string): boolean {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most arguments are decided without encoding them.
  if (argument.length * 3 < MAX_ARGUMENT_BYTES) return true;
  if (argument.length >= MAX_ARGUMENT_BYTES) return false;
  return encoder.encode(argument).length < MAX_ARGUMENT_BYTES;
}

/**
 * The system prompts of `options` too long for the command line (`--system-prompt=...`), which the session sends in
 * its `initialize` request instead; those that fit go on the command line, which every CLI version reads.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { promptsOverInitialize } from "./argument_limit.ts";
 * assert.deepEqual(promptsOverInitialize({ systemPrompt: "Be brief." }), {});
 * const long = "Be brief. ".repeat(20_000);
 * assert.deepEqual(promptsOverInitialize({ systemPrompt: long }), { systemPrompt: long });
 * ```
 */
export function promptsOverInitialize(
  options: Pick<SessionOptions, "systemPrompt" | "appendSystemPrompt">,
): { systemPrompt?: string; appendSystemPrompt?: string } {
  const over: { systemPrompt?: string; appendSystemPrompt?: string } = {};
  const { systemPrompt, appendSystemPrompt } = options;
  if (systemPrompt !== undefined && !fitsInArgument(`--system-prompt=${systemPrompt}`)) {
    over.systemPrompt = systemPrompt;
  }
  if (appendSystemPrompt !== undefined && !fitsInArgument(`--append-system-prompt=${appendSystemPrompt}`)) {
    over.appendSystemPrompt = appendSystemPrompt;
  }
  return over;
}

/**
 * `INVALID_OPTION` for the first argument or environment entry that cannot reach a new process (too long, or holding
 * a NUL), naming the option it comes from (`extraArgs` for the arguments after `fixed`, else the option its
 * `--flag=` names); undefined when all can.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tooLongArgument } from "./argument_limit.ts";
 * assert.equal(tooLongArgument(["--model=haiku"], 1, { PATH: "/bin" }), undefined);
 * assert.equal(tooLongArgument(["--model=haiku", "x".repeat(200_000)], 1, {})?.details.option, "extraArgs");
 * ```
 */
export function tooLongArgument(
  args: readonly string[],
  fixed: number,
  env: Readonly<Record<string, string>>,
): ClaudeCodeError<"INVALID_OPTION"> | undefined {
  for (const [index, argument] of args.entries()) {
    const option = index >= fixed ? "extraArgs" : optionOfFlag(argument);
    if (argument.includes("\0")) {
      return invalidOptionError(option, `invalid session option ${option}: a command-line argument cannot hold NUL`);
    }
    if (fitsInArgument(argument)) continue;
    return invalidOptionError(
      option,
      `invalid session option ${option}: an argument of ${
        byteLength(argument)
      } bytes is too long for the command line ` +
        `(at most ${MAX_ARGUMENT_BYTES} bytes, its terminating NUL included)`,
    );
  }
  for (const [name, value] of Object.entries(env)) {
    const entry = `${name}=${value}`;
    if (entry.includes("\0")) return invalidOptionError("env", `invalid session option env: ${name} holds NUL`);
    if (fitsInArgument(entry)) continue;
    return invalidOptionError(
      "env",
      `invalid session option env: ${name} is ${byteLength(entry)} bytes as NAME=value, too long for a process ` +
        `environment (at most ${MAX_ARGUMENT_BYTES} bytes, its terminating NUL included)`,
    );
  }
  return undefined;
}

/** `--max-turns=3` -> `maxTurns`, `--allowedTools=...` -> `allowedTools`. */
function optionOfFlag(argument: string): string {
  const flag = /^--([A-Za-z-]+)/.exec(argument)?.[1];
  return flag === undefined ? "options" : flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function byteLength(text: string): number {
  return encoder.encode(text).length;
}
