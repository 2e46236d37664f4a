/**
 * Tools to test an app offline against the fake `claude` CLI: the fake's executable, session options and an
 * environment that give every fake session a config dir of its own, a scenario builder, and an in-memory process
 * adapter. Works from a package on disk (npm, a checkout) and from one loaded over https (JSR, under Deno). See
 * `docs/testing.md`.
 *
 * @example
 * ```ts
 * import { Session } from "@claude-stream/sdk";
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * await using session = new Session(fakeCli.sessionOptions({ scenario: fakeCli.scenario().reply("Hello Alice") }));
 * await session.stream("Hi").pipeTo(new WritableStream());
 * ```
 * @module
 */
import { fakeCliPath } from "./src/testing/fake_cli_path.ts";
import { createInMemoryProcessAdapter, type InMemoryAdapterOptions } from "./src/testing/in_memory_process_adapter.ts";
import { scenario, type ScenarioBuilder } from "./src/testing/scenario_builder.ts";
import { tempConfigDir } from "./src/testing/temp_config_dir.ts";
export {
  runSessionStoreConformance,
  type SessionStoreConformanceOptions,
} from "./src/testing/session_store_conformance.ts";
import type { ProcessAdapter } from "./src/runtime/types.ts";

export type { FakeExitStatus } from "./fake-cli/core.js";
export type { Scenario, TurnSpec } from "./fake-cli/scenario.js";
// One runtime name, `fakeCli`: the kit's pieces are its members; their types are named here for your signatures.
export type { InMemoryAdapterOptions, ScenarioBuilder };

/**
 * What a fake session is given: a scenario and a config dir, both optional.
 *
 * @example
 * ```ts
 * import { type FakeSessionSetup, fakeCli } from "@claude-stream/sdk/testing";
 * const setup: FakeSessionSetup = { scenario: fakeCli.scenario().reply("pong"), configDir: "/tmp/my-test-config" };
 * ```
 */
export interface FakeSessionSetup {
  /** What the fake does (`fakeCli.scenario()...`); its recorded behaviour without one. */
  scenario?: ScenarioBuilder | undefined;
  /** Where the fake writes session files; a new temp dir when absent, never your real `~/.claude`. */
  configDir?: string | undefined;
}

/**
 * Session options that run the fake as a child process: `{ cliPath, configDir, env }`. Spread your own options
 * beside them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type FakeSessionOptions, fakeCli } from "@claude-stream/sdk/testing";
 * const options: FakeSessionOptions = fakeCli.sessionOptions();
 * assert.equal(options.cliPath, fakeCli.path);
 * ```
 */
export interface FakeSessionOptions {
  /** The fake executable. */
  cliPath: string;
  /** The session's config dir (so `session.conversation()` and `history.*` with it read what the fake wrote). */
  configDir: string;
  /** The scenario's variable, when there is a scenario. */
  env: Record<string, string>;
}

/**
 * Everything for testing against the fake CLI, in one object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * const adapter = fakeCli.inMemoryAdapter({ scenario: fakeCli.scenario().reply("pong") });
 * const child = adapter.spawn(fakeCli.path, ["-p", "ping"], { env: { CLAUDE_CONFIG_DIR: "/tmp/cfg" } });
 * assert.equal(await new Response(child.stdout).text(), "pong\n");
 * ```
 */
export const fakeCli: {
  /**
   * Absolute path of the fake executable (runs with plain Node; from a kit loaded over https, a launcher written
   * to `~/.cache/claude-stream/` on first use that runs the fake under Deno).
   */
  readonly path: string;
  /** Options for `new Session()` that run the fake with its own config dir (a new temp dir unless you name one). */
  sessionOptions(setup?: FakeSessionSetup): FakeSessionOptions;
  /**
   * The environment for a fake you spawn yourself: `CLAUDE_CONFIG_DIR` (a new temp dir unless you name one) and,
   * with a scenario, `CLAUDE_STREAM_FAKE_SCENARIO`.
   */
  env(scenario?: ScenarioBuilder, setup?: Omit<FakeSessionSetup, "scenario">): Record<string, string>;
  /** A new scenario builder. */
  scenario(): ScenarioBuilder;
  /** A process adapter running the fake in memory (its children share a temp config dir unless their env names one). */
  inMemoryAdapter(options?: InMemoryAdapterOptions): ProcessAdapter;
} = {
  get path() {
    return fakeCliPath();
  },
  sessionOptions: ({ scenario, configDir } = {}) => ({
    cliPath: fakeCliPath(),
    configDir: configDir ?? tempConfigDir(),
    env: scenario ? scenario.env() : {},
  }),
  env: (built, { configDir } = {}) => ({
    ...(built ? built.env() : {}),
    CLAUDE_CONFIG_DIR: configDir ?? tempConfigDir(),
  }),
  scenario,
  inMemoryAdapter: createInMemoryProcessAdapter,
};
