/**
 * Tools to test an app offline against the fake `claude` CLI: the fake's executable path, a scenario builder,
 * and an in-memory process adapter. See `docs/testing.md`.
 *
 * @example
 * ```ts
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * const env = { ...fakeCli.env(fakeCli.scenario().reply("Hello Alice")), CLAUDE_CONFIG_DIR: "/tmp/my-test-config" };
 * // new Session({ cliPath: fakeCli.path, env })  — or spawn fakeCli.path yourself
 * ```
 * @module
 */
import * as fs from "node:fs";
import { fileURLToPath } from "node:url";
import { createInMemoryProcessAdapter, type InMemoryAdapterOptions } from "./fake-cli/in_memory_process_adapter.ts";
import { scenario, SCENARIO_ENV, ScenarioBuilder } from "./fake-cli/scenario_builder.ts";
import type { ProcessAdapter } from "./src/runtime/types.ts";

export type { FakeExitStatus, Scenario, TurnSpec } from "./fake-cli/core.js";
export { createInMemoryProcessAdapter, scenario, SCENARIO_ENV, ScenarioBuilder };
export type { InMemoryAdapterOptions };

/**
 * Absolute path of the fake `claude` executable (runs with plain Node; also `deno run -A` / `bun` on `fake-cli/main.js`).
 *
 * @example
 * ```ts
 * import { fakeCliPath } from "@claude-stream/sdk/testing";
 * console.log(fakeCliPath); // .../fake-cli/claude
 * ```
 */
export const fakeCliPath: string = locate();

function locate(): string {
  // from the source tree (testing.ts at the root) or a build output one folder down (dist/testing.js)
  for (const candidate of ["./fake-cli/claude", "../fake-cli/claude"]) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (fs.existsSync(file)) return file;
  }
  return fileURLToPath(new URL("./fake-cli/claude", import.meta.url));
}

/**
 * Everything for testing against the fake CLI, in one object.
 *
 * @example
 * ```ts
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * const adapter = fakeCli.inMemoryAdapter({ scenario: fakeCli.scenario().reply("pong") });
 * const child = adapter.spawn(fakeCli.path, ["-p", "ping"], { env: { CLAUDE_CONFIG_DIR: "/tmp/cfg" } });
 * console.log(await new Response(child.stdout).text()); // pong
 * ```
 */
export const fakeCli: {
  /** Absolute path of the fake executable. */
  readonly path: string;
  /** The environment that selects a scenario: `{ CLAUDE_STREAM_FAKE_SCENARIO: <scenario JSON> }` (`{}` without one). */
  env(scenario?: ScenarioBuilder): Record<string, string>;
  /** A new scenario builder. */
  scenario(): ScenarioBuilder;
  /** A process adapter running the fake in memory. */
  inMemoryAdapter(options?: InMemoryAdapterOptions): ProcessAdapter;
} = {
  path: fakeCliPath,
  env: (built) => (built ? built.env() : {}),
  scenario,
  inMemoryAdapter: createInMemoryProcessAdapter,
};
