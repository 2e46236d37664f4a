// @ts-check
/**
 * Which recorded CLI the fake imitates. The fake behaves like the newest recorded CLI (2.1.332) unless
 * `$CLAUDE_STREAM_FAKE_CLI_VERSION` names an older one (2.1.197). Every behaviour that changed between the
 * recorded versions is named once in {@link SINCE}; code asks `fake.config.cli.has("name")` and keeps one code path.
 * @module
 */
import { data197, data332 } from "./recorded_data.js";

/** The environment variable that picks the imitated CLI version. */
export const VERSION_ENV = "CLAUDE_STREAM_FAKE_CLI_VERSION";

/** The CLI versions the fake has recordings of, oldest first. */
export const CLI_VERSIONS = /** @type {const} */ (["2.1.197", "2.1.332"]);

/** The version imitated when none is asked for: the newest recorded one. */
export const DEFAULT_VERSION = "2.1.332";

/**
 * The behaviours that changed, each with the first recorded version that has it (see `docs/protocol.md`).
 * A behaviour not listed here is the same in every recorded version.
 */
export const SINCE = {
  /** `command_lifecycle` lines (queued, started, completed) for user messages sent with a `uuid` (b4). */
  commandLifecycle: "2.1.332",
  /** An interrupt answers `{still_queued: []}`, marks the partial assistant `aborted`, closes the stream events (g2). */
  interruptReceipt: "2.1.332",
  /** `set_model` answers `{model}` and prints no `<local-command-stdout>` user line (g5). */
  setModelAnswersModel: "2.1.332",
  /** Control error responses carry `error_code` (g5). */
  controlErrorCode: "2.1.332",
  /** `system/permission_denied` before the error tool_result of a denied tool, with the new path message (h6). */
  permissionDeniedLine: "2.1.332",
  /** `system/session_title_changed` before the first init of a named session (h10, k4). */
  sessionTitleLine: "2.1.332",
  /** The max_tokens continuation is a stdout `user` line with `isSynthetic` and reaches the model as injected text (h12). */
  syntheticContinuation: "2.1.332",
  /** Task subagents run in the background: the turn's result is held, a notification turn follows (k1). */
  backgroundSubagents: "2.1.332",
  /** Bash with `run_in_background` is a background task (`task_started`, `stop_task` kills it) (m36). */
  backgroundBash: "2.1.332",
  /** `result` keys in the new order with the new fields (`result_index`, `subagent_stats`, ...). */
  resultV2: "2.1.332",
  /** The added top-level fields of init, assistant, user, stream_event and task lines (DRIFT.md). */
  newLineFields: "2.1.332",
  /** The initialize answer's new fields and the `pending_*` lists beside it. */
  initializeV2: "2.1.332",
  /** Malformed stdin: `Error parsing streaming input line (type=unknown, N chars): SyntaxError`, line not echoed (i6, i7). */
  terseParseError: "2.1.332",
  /** API failures end with `terminal_reason: "api_error"` (i1-i4, i10). */
  apiErrorTerminalReason: "2.1.332",
  /**
   * The 5.5 models: no `--model` means `claude-opus-5-5`, the aliases resolve as the 2.1.332 initialize answer lists
   * them (`haiku` is `claude-haiku-5-5`, `sonnet` `claude-sonnet-5-5`), and requests of 5.x models carry
   * `max_tokens: 128000` and adaptive thinking with `display: "updates"` (a1, h2, `_api-log.jsonl`).
   */
  models55: "2.1.332",
  /** A read-only Bash command (`echo`, `ls`, ...) runs without asking, as `subcommandResults` (features/m5). */
  readOnlyBash: "2.1.332",
  /**
   * The session file records what each request sent (`api-request-shape`, `api-request-blob`, `api-request`), the
   * prompt's attachments and snapshots, `tools-used`, `file-history-delta`, `system/api_error`, the metadata refresh
   * (`last-prompt` with `atis-latch` and the titles re-appended) and `cost-state`; entries carry the new fields.
   */
  sessionFileV2: "2.1.332",
  /**
   * Resuming or forking a conversation that ends with the interrupt marker first writes a synthetic assistant entry
   * answering it ("No response requested."), not printed; the new prompt is parented on it (see docs/protocol.md).
   */
  answersDanglingInterrupt: "2.1.332",
  /** `--session-mirror`: the session-file entries also printed as `transcript_mirror` lines (features/m15, m16). */
  sessionMirror: "2.1.332",
};

/** @typedef {keyof typeof SINCE} Behaviour */

/**
 * The imitated CLI: its version and which behaviours it has.
 * @typedef {{ version: string, has(behaviour: Behaviour): boolean }} CliVersion
 */

/**
 * The CLI the fake imitates for an environment: `$CLAUDE_STREAM_FAKE_CLI_VERSION` (a recorded version), else the
 * newest. An unknown version is imitated as the newest recorded one not newer than it, and reported as asked.
 *
 * @example
 * ```js
 * import { cliVersion } from "./version.js";
 * cliVersion({}).version; // "2.1.332"
 * cliVersion({ CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.197" }).has("commandLifecycle"); // false
 * ```
 * @param {Record<string, string | undefined>} env
 * @returns {CliVersion}
 */
export function cliVersion(env) {
  const asked = env[VERSION_ENV]?.trim();
  const version = asked && /^\d+\.\d+\.\d+$/.test(asked) ? asked : DEFAULT_VERSION;
  return {
    version,
    has: (behaviour) => compareVersions(version, SINCE[behaviour]) >= 0,
  };
}

/**
 * Compares two dotted versions numerically.
 * @param {string} a
 * @param {string} b
 */
function compareVersions(a, b) {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The imitated version's recorded data, with the model aliases (the `initialize` answer's `models`) and the default
 * model `resolveModel` (model.js) resolves with.
 * @typedef {import("./recorded_data.js").RecordedData & { modelAliases: import("./recorded_data.js").ModelAlias[], defaultModel: string }} VersionData
 */

/**
 * The static data (tool lists, init lists, the initialize and context-usage answers) recorded with the imitated CLI.
 *
 * @example
 * ```js
 * import { cliVersion, recordedData } from "./version.js";
 * recordedData(cliVersion({})).defaultTools.includes("ToolSearch"); // true
 * ```
 * @param {CliVersion} cli
 * @returns {VersionData}
 */
export function recordedData(cli) {
  const data = cli.has("newLineFields") ? { ...data197, ...data332 } : data197;
  const models = cli.has("models55")
    ? { modelAliases: data332.initializeResponse.models, defaultModel: "claude-opus-5-5" }
    : { modelAliases: data197.initializeResponse.models, defaultModel: "claude-opus-4-8[1m]" };
  return { ...data, ...models };
}
