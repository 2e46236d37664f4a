/**
 * Which `claude` the suite drives: the fake (`npm test`), or the real binary when `$CLAUDE_STREAM_TEST_CLI` names one
 * (`npm run test:real` sets it, with the stand-in Messages API of tests/real_cli as the model). One suite, two CLIs:
 * a test that needs one of them says so with {@link fakeOnly} or {@link realOnly}, and its reason.
 * @module
 */
import process from "node:process";
import { fakeCli } from "../testing.ts";

/** The real CLI binary when `$CLAUDE_STREAM_TEST_CLI` names one, else undefined. */
export const REAL_CLI: string | undefined = process.env.CLAUDE_STREAM_TEST_CLI || undefined;

/** Whether the tests drive the real CLI rather than the fake. */
export const IS_REAL_CLI: boolean = REAL_CLI !== undefined;

/** The CLI the tests drive: the real one when `$CLAUDE_STREAM_TEST_CLI` is set, else the fake. */
export const CLI_PATH: string = REAL_CLI ?? fakeCli.path;

/**
 * A `skip` value for node:test options: the test needs the fake CLI (scenarios, crash or hang injection, noise, the
 * fake's exact numbers), so it is skipped against the real CLI, with the reason.
 *
 * @example
 * ```ts
 * test("a crash mid-reply", { skip: fakeOnly("crash injection needs the fake's scenarios") }, async () => {});
 * ```
 */
export function fakeOnly(reason: string): string | false {
  return IS_REAL_CLI ? `fake CLI only: ${reason}` : false;
}

/**
 * A `skip` value for node:test options: the test needs the real CLI, so it is skipped against the fake.
 *
 * @example
 * ```ts
 * test("the real CLI's own session files", { skip: realOnly("checks what the real binary writes") }, async () => {});
 * ```
 */
export function realOnly(reason: string): string | false {
  return IS_REAL_CLI ? false : `real CLI only: ${reason}`;
}
