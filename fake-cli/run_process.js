// @ts-check
/**
 * One run of the fake process, whatever hosts it (`core.js` wires it to a host): the command line, the session, the
 * turns, and the stdin loop of `--input-format stream-json`.
 * @module
 */
import { parseArgs } from "./args.js";
import { answerAsk, closeAsks } from "./asks.js";
import { readConfig } from "./config.js";
import { handleControl } from "./control.js";
import { sessionStart } from "./command_hooks.js";
import { killBackgroundShells } from "./background_bash.js";
import { closeMcp, startConfiguredMcp } from "./mcp.js";
import { createProcess } from "./fake_process.js";
import { readLines } from "./lines.js";
import { closeSession, openSession } from "./open_session.js";
import { lifecycleLine } from "./messages.js";
import { emit } from "./output.js";
import { flushMirror } from "./session_mirror.js";
import { isReadableContent } from "./prompt_content.js";
import { loadScenario } from "./scenario.js";
import { isUuid } from "./session_store.js";
import { FakeExit } from "./fake_exit.js";
import { runTurn } from "./turn.js";
import { queueTurn, whenIdle } from "./turn_queue.js";
import { cliVersion } from "./version.js";
/** @import { FakeExitStatus, FakeHost } from "./core.js" */
/** @import { FakeProcess } from "./fake_process.js" */
/** @import { FakeIo } from "./output.js" */

/**
 * Runs the fake process on a host to its end: the command line and its usage errors, `--version` and `--help`, the
 * scenario's start, the session, then the turns of the `-p` prompt or of stdin's lines, the session closed.
 * Resolves with the exit status; rejects with `FakeExit` when a scenario ends the process.
 *
 * @example
 * ```js
 * // Used by core.js: const status = await runProcess(host, io, life.signal, setIgnore);
 * ```
 * @param {FakeHost} host
 * @param {FakeIo} io
 * @param {AbortSignal} life aborted when the process has ended (a sleep never wakes up then)
 * @param {(ignore: boolean) => void} setIgnore
 * @returns {Promise<FakeExitStatus>}
 */
export async function runProcess(host, io, life, setIgnore) {
  const parsed = parseArgs(host.argv);
  const fail = async (/** @type {string} */ message) => {
    await io.stderr(message + "\n");
    return { code: 1, signal: null };
  };
  if (parsed.error) return fail(parsed.error);
  const options = parsed.options;
  const cli = cliVersion(host.env);
  if (options.version) {
    await io.stdout(`${cli.version} (Claude Code)\n`);
    return { code: 0, signal: null };
  }
  if (options.help) {
    await io.stdout(
      "Usage: claude [options] [command] [prompt]\n\nA scripted fake of Claude Code for offline tests.\n",
    );
    return { code: 0, signal: null };
  }
  const scenario = loadScenario({ env: host.env, flag: options.fakeScenario, inline: host.scenario });
  const sleep = makeSleep(life);
  if (scenario.startDelayMs) await sleep(scenario.startDelayMs);
  for (const line of scenario.stderr ?? []) await io.stderr(line + "\n");
  for (const line of scenario.noise ?? []) await io.stdout(line + "\n");

  const config = readConfig(host, options, scenario, cli);
  const usage = usageError(config);
  if (usage) return fail(usage);
  const fake = createProcess(config, io, sleep, setIgnore);
  const opened = await openSession(fake);
  if (opened) return opened;
  // the --mcp-config servers connect in the background; all of them end with the process, however it ends
  startConfiguredMcp(fake);
  life.addEventListener("abort", () => closeMcp(fake), { once: true });
  life.addEventListener("abort", () => killBackgroundShells(fake), { once: true }); // background Bash (m36)
  // the settings' SessionStart command hooks run at launch, before stdin is read (m5: before the initialize answer)
  await sessionStart(fake);

  // a crash inside a queued turn ends the process at once, whatever stdin is doing
  if (config.streamInput) await Promise.race([readStdinTurns(fake, host.stdin), fake.turns.fatal]);
  else {
    const prompt = parsed.positionals[0] ?? (await readAll(host.stdin)).trim();
    if (!prompt) {
      return fail("Error: Input must be provided either through stdin or as a prompt argument when using --print");
    }
    await runTurn(fake, { content: prompt });
  }
  await Promise.race([whenIdle(fake.turns), fake.turns.fatal]);
  killBackgroundShells(fake);
  closeSession(fake);
  await flushMirror(fake); // what the exit wrote (session_mirror.js)
  return { code: fake.out.lastResultIsError ? 1 : 0, signal: null };
}

/**
 * The usage error the recorded CLI stops with for a combination of options, if any.
 * @param {import("./config.js").FakeConfig} config
 * @returns {string | null}
 */
function usageError(config) {
  const { options, outputFormat, streamInput } = config;
  if (outputFormat === "stream-json" && !options.verbose) {
    return "Error: When using --print, --output-format=stream-json requires --verbose";
  }
  if (streamInput && outputFormat !== "stream-json") {
    return "Error: --input-format=stream-json requires output-format=stream-json.";
  }
  if (options.sessionId !== undefined && !isUuid(options.sessionId)) {
    return "Error: Invalid session ID. Must be a valid UUID.";
  }
  if (options.sessionId !== undefined && (options.resume !== undefined || options.continue) && !options.forkSession) {
    return "Error: --session-id can only be used with --continue or --resume if --fork-session is also specified.";
  }
  // the flag came after 2.1.197, whose option parser rejects what it does not know
  if (options.sessionMirror && !config.cli.has("sessionMirror")) return "error: unknown option '--session-mirror'";
  return null;
}

/**
 * The stdin loop of `--input-format stream-json`: user lines become queued turns, control requests are answered
 * at once (an interrupt stops the running turn), malformed JSON ends the process as recorded.
 * @param {FakeProcess} fake
 * @param {AsyncIterable<Uint8Array | string>} stdin
 */
async function readStdinTurns(fake, stdin) {
  for await (const line of readLines(stdin)) {
    if (!line.trim()) continue;
    /** @type {any} a line from the SDK: any JSON */
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      await fake.out.stderr(
        fake.config.cli.has("terseParseError")
          ? `Error parsing streaming input line (type=unknown, ${line.length} chars): SyntaxError\n`
          : `Error parsing streaming input line: ${line}: SyntaxError: JSON Parse error: ${jscMessage(line)}\n`,
      );
      // 2.1.332 still closes the session file (i7: the finished turn's file ends with its cost-state)
      if (fake.store.log) closeSession(fake);
      await flushMirror(fake);
      throw new FakeExit(1, null);
    }
    if (message?.type === "user") {
      const uuid = typeof message.uuid === "string" && message.uuid ? message.uuid : undefined;
      if (!isReadableContent(message.message?.content)) {
        // 2.1.332 drops it without a word: no turn, no session entry; a uuid'd line is only reported completed
        if (uuid && fake.config.cli.has("commandLifecycle")) {
          await emit(fake, lifecycleLine(fake.store, uuid, "completed"));
        }
        continue;
      }
      queueTurn(fake, { content: message.message?.content ?? "", uuid }).catch(() => {});
    } else if (message?.type === "control_request") await handleControl(fake, message);
    else if (message?.type === "control_response") answerAsk(fake.asks, message.response);
    // any other type is ignored, as recorded (i8)
  }
  // nobody can answer a permission request once stdin is closed: deny it so the turn can end
  closeAsks(fake.asks);
}

/**
 * JavaScriptCore's wording of a JSON syntax error (the real CLI runs on Bun), for the recorded first stderr line.
 * @param {string} line
 */
function jscMessage(line) {
  const text = line.trim();
  const word = /^[A-Za-z_$][\w$]*/.exec(text);
  if (word) return `Unexpected identifier "${word[0]}"`;
  if (text.startsWith("{")) return "Expected '}'";
  if (text.startsWith("[")) return "Expected ']'";
  return "Unexpected token";
}

/**
 * The process's sleep: a wait that a signal cuts short, and that never ends once the process has.
 * @param {AbortSignal} life
 * @returns {FakeProcess["sleep"]}
 */
function makeSleep(life) {
  return (ms, signal) =>
    new Promise((resolve) => {
      if (life.aborted || signal?.aborted) return resolve(undefined);
      const stop = () => {
        clearTimeout(timer);
        resolve(undefined);
      };
      const timer = setTimeout(() => {
        life.removeEventListener("abort", stop);
        signal?.removeEventListener("abort", stop);
        resolve(undefined);
      }, Math.max(0, ms));
      life.addEventListener("abort", stop, { once: true });
      signal?.addEventListener("abort", stop, { once: true });
    }).then(() => (life.aborted ? forever() : undefined));
}

/** @returns {Promise<void>} */
function forever() {
  return new Promise(() => {});
}

/** @param {AsyncIterable<Uint8Array | string>} stdin */
async function readAll(stdin) {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stdin) text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
