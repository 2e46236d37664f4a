// @ts-check
/**
 * Command hooks from the settings the process reads (`--settings` JSON or file, the settings files; features/m5 of
 * the 2.1.332 recordings): each matching `{"type":"command","command":…}` runs as `sh -c <command>` in the cwd, with
 * the hook's input JSON on stdin and `CLAUDE_PROJECT_DIR` set; its stdout JSON is read like an SDK callback's answer,
 * exit code 2 blocks with its stderr. With `--include-hook-events` each run prints `system/hook_started` when it
 * starts and `system/hook_response` when it is over (SDK callbacks print neither).
 * @module
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { emit } from "./output.js";
import { settingsLayers } from "./settings.js";
/** @import { FakeProcess } from "./fake_process.js" */

/** Events whose matcher is matched against the tool's name (SessionStart's: against its source). */
const TOOL_EVENTS = new Set([
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "PermissionRequest",
  "PermissionDenied",
]);

/** A command hook's time limit when its settings give none, in seconds (as the CLI documents). */
const DEFAULT_TIMEOUT_S = 600;

/**
 * One command hook of the settings.
 * @typedef {{ command: string, timeout: number | undefined }} CommandHook
 */

/**
 * The command hooks of the settings, by event: the matchers of every settings layer, in order.
 * @typedef {Record<string, { matcher: unknown, hooks: CommandHook[] }[]>} CommandHooks
 */

/**
 * A command hook started by {@link startCommandHooks}: its id, name and the run's outcome once it is over.
 * @typedef {{ hookId: string, hookName: string, event: string, hook: CommandHook, done: Promise<CommandOutcome> }} StartedHook
 */

/** @typedef {{ stdout: string, stderr: string, exitCode: number, durationMs: number }} CommandOutcome */

/**
 * A finished command hook: its command, what it answered (read like an SDK callback's answer) and, when it
 * succeeded, the session file's `hook_success` attachment (the tool's id is filled in by the writer).
 * @typedef {{ command: string, answer: Record<string, any>, success: Record<string, unknown> | undefined }} CommandRun
 */

/**
 * The command hooks of the settings the process reads (`settings.js`), merged over the layers.
 *
 * @example
 * ```js
 * import { readConfig } from "./config.js";
 * import { readCommandHooks } from "./command_hooks.js";
 * import { cliVersion } from "./version.js";
 * const settings = '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"echo hi"}]}]}}';
 * const config = readConfig({ env: {}, cwd: "/nonexistent" }, { settings }, {}, cliVersion({}));
 * readCommandHooks(config).Stop[0].hooks[0].command; // "echo hi"
 * ```
 * @param {import("./config.js").FakeConfig} config
 * @returns {CommandHooks}
 */
export function readCommandHooks(config) {
  /** @type {CommandHooks} */
  const hooks = {};
  for (const layer of settingsLayers(config)) {
    const events = layer.hooks;
    if (typeof events !== "object" || events === null) continue;
    for (const [event, matchers] of Object.entries(events)) {
      if (!Array.isArray(matchers)) continue;
      for (const m of matchers) {
        const commands = (Array.isArray(m?.hooks) ? m.hooks : []).filter((/** @type {any} */ h) =>
          h?.type === "command" && typeof h.command === "string"
        ).map((/** @type {any} */ h) => ({
          command: String(h.command),
          timeout: typeof h.timeout === "number" && h.timeout > 0 ? h.timeout : undefined,
        }));
        if (commands.length) (hooks[event] ??= []).push({ matcher: m?.matcher, hooks: commands });
      }
    }
  }
  return hooks;
}

/**
 * The command hooks that run for `event` (for a tool event, whose matcher takes `subject`, the tool's name).
 *
 * @example
 * ```js
 * // if (matchingCommands(fake, "PreToolUse", "Bash").length) ...
 * ```
 * @param {FakeProcess} fake
 * @param {string} event
 * @param {string} [subject] the tool's name (SessionStart: its source)
 * @returns {CommandHook[]}
 */
export function matchingCommands(fake, event, subject) {
  const filtered = TOOL_EVENTS.has(event) || event === "SessionStart";
  return (fake.commandHooks[event] ?? []).filter((m) => !filtered || matches(m.matcher, subject ?? "")).flatMap((m) =>
    m.hooks
  );
}

/**
 * A matcher as the CLI reads it: none, `*` or empty for everything, else a regular expression over the whole name.
 * @param {unknown} matcher @param {string} name
 */
function matches(matcher, name) {
  if (typeof matcher !== "string" || matcher === "" || matcher === "*") return true;
  try {
    return new RegExp(`^(?:${matcher})$`).test(name);
  } catch {
    return matcher === name;
  }
}

/**
 * Starts the matching command hooks of `event` (all at once, as the CLI runs a event's hooks in parallel) and prints
 * their `hook_started` lines; {@link finishCommandHooks} waits for them.
 *
 * @example
 * ```js
 * // const started = await startCommandHooks(fake, "PreToolUse", input, "Bash", signal);
 * ```
 * @param {FakeProcess} fake
 * @param {string} event
 * @param {Record<string, unknown>} input the hook input, written to each command's stdin as JSON
 * @param {string} [subject] the tool's name (SessionStart: its source), also the second half of the hook's name
 * @param {AbortSignal} [signal] kills the commands (an interrupted turn)
 * @returns {Promise<StartedHook[]>}
 */
export async function startCommandHooks(fake, event, input, subject, signal) {
  const hookName = subject === undefined ? event : `${event}:${subject}`;
  /** @type {StartedHook[]} */
  const started = [];
  for (const hook of matchingCommands(fake, event, subject)) {
    const hookId = randomUUID();
    if (fake.config.options.includeHookEvents) {
      await emit(fake, {
        type: "system",
        subtype: "hook_started",
        hook_id: hookId,
        hook_name: hookName,
        hook_event: event,
        uuid: randomUUID(),
        session_id: fake.store.sessionId,
      });
    }
    started.push({ hookId, hookName, event, hook, done: runCommand(fake, hook, input, signal) });
  }
  return started;
}

/**
 * Waits for the command hooks {@link startCommandHooks} started, prints their `hook_response` lines, and returns
 * what each answered, read like an SDK callback's answer: the stdout's JSON object (none when stdout is plain text),
 * or for exit code 2 a block whose reason is `[<command>]: <stderr>`.
 *
 * @example
 * ```js
 * // const runs = await finishCommandHooks(fake, started);
 * ```
 * @param {FakeProcess} fake
 * @param {StartedHook[]} started
 * @returns {Promise<CommandRun[]>}
 */
export async function finishCommandHooks(fake, started) {
  const runs = [];
  for (const { hookId, hookName, event, hook, done } of started) {
    const outcome = await done;
    let { stderr } = outcome;
    /** @type {Record<string, any>} */
    let answer = {};
    let valid = true;
    const text = outcome.stdout.trim();
    if (outcome.exitCode === 0 && text.startsWith("{")) {
      try {
        const parsed = JSON.parse(text);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) answer = parsed;
        else valid = false;
      } catch (error) {
        valid = false;
        // 2.1.332 explains the bad JSON in `stderr` (a scratch run of m5); this wording is the fake's own
        stderr += `Hook JSON output validation failed: ${error instanceof Error ? error.message : String(error)}\n`;
      }
    }
    if (outcome.exitCode === 2) answer = { decision: "block", reason: `[${hook.command}]: ${outcome.stderr.trim()}` };
    if (fake.config.options.includeHookEvents) {
      await emit(fake, {
        type: "system",
        subtype: "hook_response",
        hook_id: hookId,
        hook_name: hookName,
        hook_event: event,
        output: outcome.stdout + stderr,
        stdout: outcome.stdout,
        stderr,
        exit_code: outcome.exitCode,
        outcome: outcome.exitCode === 0 && valid ? "success" : "error",
        uuid: randomUUID(),
        session_id: fake.store.sessionId,
      });
    }
    const success = outcome.exitCode === 0 && valid
      ? {
        type: "hook_success",
        hookName,
        toolUseID: "",
        hookEvent: event,
        content: text.startsWith("{") ? "" : text,
        stdout: outcome.stdout,
        stderr: outcome.stderr,
        exitCode: 0,
        command: hook.command,
        durationMs: outcome.durationMs,
      }
      : undefined;
    runs.push({ command: hook.command, answer, success });
  }
  return runs;
}

/**
 * The SessionStart command hooks, run at launch (`startup`, or `resume` for a resumed or continued session): with
 * `--include-hook-events` their lines come before anything else, the initialize answer included (m5).
 *
 * @example
 * ```js
 * // Used by run_process.js once the session is open: await sessionStart(fake);
 * ```
 * @param {FakeProcess} fake
 */
export async function sessionStart(fake) {
  const { options } = fake.config;
  const source = options.resume !== undefined || options.continue ? "resume" : "startup";
  if (matchingCommands(fake, "SessionStart", source).length === 0) return;
  const input = {
    session_id: fake.store.sessionId,
    transcript_path: fake.store.file ?? "",
    cwd: fake.config.cwd,
    hook_event_name: "SessionStart",
    source,
  };
  const runs = await finishCommandHooks(fake, await startCommandHooks(fake, "SessionStart", input, source));
  // written (and seen by the model) with the first prompt, as the conversation's first entry (m5's session file)
  fake.startupHookEntries = runs.flatMap(({ success }) =>
    success
      ? [{
        attachment: { ...success, toolUseID: randomUUID() },
        rendered: [{
          content: `<system-reminder>\n${success.hookName} hook success: ${success.content}\n</system-reminder>`,
        }],
        renderedRole: "system",
      }]
      : []
  );
}

/**
 * Writes the `hook_success` attachments of the SessionStart command hooks, once, when the first prompt is written.
 *
 * @example
 * ```js
 * // Used by turn.js before the first prompt's entry: writeStartupHookEntries(fake);
 * ```
 * @param {FakeProcess} fake
 */
export function writeStartupHookEntries(fake) {
  const { store } = fake;
  for (const fields of fake.startupHookEntries.splice(0)) store.appendChain(store.chainEntry("attachment", fields));
}

/**
 * Writes the `hook_success` attachments of a tool's command hooks: PreToolUse's beside the chain (their parent is
 * the tool call, the tool_result's too), PostToolUse's in it, after the tool_result (m5's session file).
 *
 * @example
 * ```js
 * // writeHookSuccesses(fake, runs, "toolu_1", { chained: true });
 * ```
 * @param {FakeProcess} fake
 * @param {{ success?: Record<string, unknown> | undefined }[]} runs
 * @param {string} toolUseId
 * @param {{ chained: boolean }} how
 */
export function writeHookSuccesses(fake, runs, toolUseId, how) {
  const { store } = fake;
  for (const { success } of runs) {
    if (!success) continue;
    const entry = store.chainEntry("attachment", { attachment: { ...success, toolUseID: toolUseId } });
    if (how.chained) store.appendChain(entry);
    else store.append(entry);
  }
}

/**
 * Runs one command as `sh -c`, the input JSON on its stdin, until it exits, its time limit passes or `signal`
 * aborts (then killed: exit code 1 unless it gave one).
 * @param {FakeProcess} fake @param {CommandHook} hook @param {Record<string, unknown>} input
 * @param {AbortSignal} [signal]
 * @returns {Promise<CommandOutcome>}
 */
function runCommand(fake, hook, input, signal) {
  const { cwd } = fake.config;
  /** @type {Record<string, string>} */
  const env = { CLAUDE_PROJECT_DIR: cwd };
  for (const [k, v] of Object.entries(fake.config.env)) if (v !== undefined) env[k] = v;
  env.CLAUDE_PROJECT_DIR = cwd;
  const started = Date.now();
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    const child = spawn("/bin/sh", ["-c", hook.command], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    const kill = () => child.kill("SIGKILL");
    const timer = setTimeout(kill, (hook.timeout ?? DEFAULT_TIMEOUT_S) * 1000);
    signal?.addEventListener("abort", kill, { once: true });
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.stdin.on("error", () => {}); // a command that does not read its stdin
    child.stdin.end(JSON.stringify(input));
    const done = (/** @type {number | null} */ code) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", kill);
      resolve({ stdout, stderr, exitCode: code ?? 1, durationMs: Date.now() - started });
    };
    child.on("error", (error) => {
      stderr += `${error.message}\n`;
      done(1);
    });
    child.on("close", done);
  });
}
