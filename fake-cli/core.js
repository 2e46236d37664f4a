// @ts-check
/* @ts-self-types="./core.d.ts" */
/**
 * The fake `claude` CLI, independent of how it is hosted: `runFake` gets argv, env, cwd and the three pipes, and
 * resolves with how the process ends. `main.js` hosts it as a real process; `testing.ts` in memory.
 * @module
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs, splitToolList } from "./args.js";
import { handleControl } from "./control.js";
import { errorResult, initLine, lifecycleLine } from "./messages.js";
import { resolveModel } from "./model.js";
import { shapeLine, shapeResult } from "./shape.js";
import { cliVersion, recordedData } from "./version.js";
import { loadScenario } from "./scenario.js";
import {
  activeChain, appendEntry, configDir, findSessionByTitle, findSessionFile, isChainEntry, isUuid,
  latestSessionFile, projectDir, readEntries,
} from "./session_store.js";
import { readLines } from "./lines.js";
import { FakeExit, runTurn } from "./turn.js";

/**
 * @typedef {object} FakeHost
 * @property {readonly string[]} argv arguments after the command
 * @property {Record<string, string | undefined>} env
 * @property {string} cwd
 * @property {AsyncIterable<Uint8Array | string>} stdin
 * @property {(text: string) => void | Promise<void>} stdout
 * @property {(text: string) => void | Promise<void>} stderr
 * @property {number} [pid]
 * @property {import("./scenario.js").Scenario} [scenario] an inline scenario (wins over the file)
 * @property {(ignore: boolean) => void} [ignoreSigterm] asked to ignore SIGTERM/SIGINT (scenario hang)
 */

/**
 * @typedef {{ code: number | null, signal: string | null }} FakeExitStatus
 */

/**
 * A running fake: `exited` resolves with the exit status; `signal` delivers a signal (SIGKILL always ends it,
 * SIGTERM/SIGINT unless a hanging scenario ignores them).
 * @typedef {{ exited: Promise<FakeExitStatus>, signal(name: string): void }} FakeRun
 */

/**
 * Starts the fake CLI on a host.
 *
 * @example
 * ```js
 * import { runFake } from "./core.js";
 * const run = runFake({ argv: ["--version"], env: {}, cwd: "/tmp", stdin: [], stdout: (t) => console.log(t), stderr: () => {} });
 * console.log(await run.exited); // { code: 0, signal: null }
 * ```
 * @param {FakeHost} host
 * @returns {FakeRun}
 */
export function runFake(host) {
  const life = new AbortController();
  /** @type {(status: FakeExitStatus) => void} */
  let end = () => {};
  /** @type {Promise<FakeExitStatus>} */
  const ended = new Promise((resolve) => (end = resolve));
  let done = false;
  let ignoreSigterm = false;
  const finish = (/** @type {FakeExitStatus} */ status) => {
    if (done) return;
    done = true;
    life.abort();
    end(status);
  };
  const io = {
    stdout: async (/** @type {string} */ text) => { if (!done) await host.stdout(text); },
    stderr: async (/** @type {string} */ text) => { if (!done) await host.stderr(text); },
  };
  const setIgnore = (/** @type {boolean} */ value) => {
    ignoreSigterm = value;
    host.ignoreSigterm?.(value);
  };
  main(host, io, life.signal, setIgnore).then(
    (status) => finish(status),
    (error) => {
      if (error instanceof FakeExit) return finish({ code: error.code, signal: error.signal });
      if (done) return;
      void Promise.resolve(io.stderr(`fake claude: ${error?.stack ?? error}\n`)).finally(() => finish({ code: 1, signal: null }));
    },
  );
  return {
    exited: ended,
    signal(name) {
      if (done) return;
      if (name !== "SIGKILL" && ignoreSigterm) return;
      finish({ code: null, signal: name });
    },
  };
}

/**
 * @param {FakeHost} host
 * @param {{ stdout(text: string): Promise<void>, stderr(text: string): Promise<void> }} io
 * @param {AbortSignal} life
 * @param {(ignore: boolean) => void} setIgnore
 * @returns {Promise<FakeExitStatus>}
 */
async function main(host, io, life, setIgnore) {
  const parsed = parseArgs(host.argv);
  const fail = async (/** @type {string} */ message) => {
    await io.stderr(message + "\n");
    return { code: 1, signal: null };
  };
  if (parsed.error) return fail(parsed.error);
  const opts = parsed.options;
  const cli = cliVersion(host.env);
  if (opts.version) {
    await io.stdout(`${cli.version} (Claude Code)\n`);
    return { code: 0, signal: null };
  }
  if (opts.help) {
    await io.stdout("Usage: claude [options] [command] [prompt]\n\nA scripted fake of Claude Code for offline tests.\n");
    return { code: 0, signal: null };
  }
  const scenario = loadScenario({ env: host.env, flag: opts.fakeScenario, inline: host.scenario });
  const sleep = makeSleep(life);
  if (scenario.startDelayMs) await sleep(scenario.startDelayMs);
  for (const line of scenario.stderr ?? []) await io.stderr(line + "\n");
  for (const line of scenario.noise ?? []) await io.stdout(line + "\n");

  const outputFormat = opts.outputFormat ?? "text";
  const streamInput = opts.inputFormat === "stream-json";
  if (outputFormat === "stream-json" && !opts.verbose) {
    return fail("Error: When using --print, --output-format=stream-json requires --verbose");
  }
  if (streamInput && outputFormat !== "stream-json") {
    return fail("Error: --input-format=stream-json requires output-format=stream-json.");
  }
  if (opts.sessionId !== undefined && !isUuid(opts.sessionId)) return fail("Error: Invalid session ID. Must be a valid UUID.");
  if (opts.sessionId !== undefined && (opts.resume !== undefined || opts.continue) && !opts.forkSession) {
    return fail("Error: --session-id can only be used with --continue or --resume if --fork-session is also specified.");
  }

  const fake = createState(host, io, opts, scenario, sleep, setIgnore, streamInput, cli);
  const opened = await openSession(fake);
  if (opened) return opened;

  // a crash inside a queued turn ends the process at once, whatever stdin is doing
  if (streamInput) await Promise.race([readStdinTurns(fake, host.stdin), fake.fatal]);
  else {
    const prompt = parsed.positionals[0] ?? (await readAll(host.stdin)).trim();
    if (!prompt) {
      return fail("Error: Input must be provided either through stdin or as a prompt argument when using --print");
    }
    await runTurn(fake, { content: prompt });
  }
  await Promise.race([fake.idle(), fake.fatal]);
  closeSession(fake);
  return { code: fake.lastResultIsError ? 1 : 0, signal: null };
}

/**
 * The mutable state of one fake process, with the helpers turns use.
 * @param {FakeHost} host
 * @param {{ stdout(text: string): Promise<void>, stderr(text: string): Promise<void> }} io
 * @param {Record<string, any>} opts
 * @param {import("./scenario.js").Scenario} scenario
 * @param {(ms: number, signal?: AbortSignal) => Promise<void>} sleep
 * @param {(ignore: boolean) => void} setIgnore
 * @param {boolean} streamInput
 * @param {import("./version.js").CliVersion} cli
 */
function createState(host, io, opts, scenario, sleep, setIgnore, streamInput, cli) {
  const cwd = realCwd(host.cwd);
  const config = configDir(host.env);
  const data = recordedData(cli);
  let tools = opts.tools !== undefined ? splitToolList(opts.tools) : [...(opts.permissionPromptTool === "stdio" ? data.stdioTools : data.defaultTools)];
  const disallowed = splitToolList(opts.disallowedTools);
  tools = tools.filter((/** @type {string} */ t) => !disallowed.includes(t));
  let counter = Math.floor(Math.random() * 0xffff) * 1000;
  /** @type {Record<string, { inputTokens: number, outputTokens: number, costUSD: number, model: any }>} */
  const usageByModel = {};
  let totalCost = 0;
  /** @type {Record<string, { inputTokens: number, outputTokens: number, costUSD: number }>} usage at the last result */
  let usageAtLastResult = {};
  const pendingTurns = new Set();
  /** @type {(error: unknown) => void} */
  let fatalError = () => {};
  /** @type {Promise<never>} */
  const fatal = new Promise((_, reject) => (fatalError = reject));
  fatal.catch(() => {});
  const pendingControl = new Map();
  const fake = {
    host, io, opts, scenario, sleep, cwd, env: host.env, config, streamInput, cli, data,
    resultCount: 0, subagents: /** @type {{ type: string, background: boolean }[]} */ ([]),
    pid: host.pid ?? 4242,
    memoryDir: path.join(projectDir(config, cwd), "memory") + "/",
    entrypoint: host.env.CLAUDE_CODE_ENTRYPOINT ?? "sdk-cli",
    sessionId: "", file: /** @type {string | null} */ (null),
    // plain-text output (the default) left no session file in the recordings (a3): the CLI exits before its writes land
    persist: !opts.noSessionPersistence && (opts.outputFormat ?? "text") !== "text",
    isNewSession: true, forked: false, resumed: false, forkCopies: /** @type {any[]} */ ([]),
    chain: /** @type {any[]} */ ([]), pendingEntries: /** @type {any[]} */ ([]),
    model: resolveModel(opts.model, data), permissionMode: opts.dangerouslySkipPermissions ? "bypassPermissions" : opts.permissionMode ?? "default",
    tools, allowedTools: splitToolList(opts.allowedTools), disallowedTools: disallowed,
    systemPrompt: opts.systemPrompt ?? readOptional(opts.systemPromptFile),
    appendSystemPrompt: opts.appendSystemPrompt ?? readOptional(opts.appendSystemPromptFile),
    maxTurns: opts.maxTurns !== undefined ? Number(opts.maxTurns) : undefined,
    maxRetries: host.env.CLAUDE_CODE_MAX_RETRIES !== undefined ? Number(host.env.CLAUDE_CODE_MAX_RETRIES) : 10,
    slowDeltaMs: Number(host.env.CLAUDE_STREAM_FAKE_SLOW_MS ?? 150),
    checkpointing: host.env.CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING === "1",
    stdinClosed: false,
    turnIndex: 0, lastPrompt: /** @type {string | undefined} */ (undefined), lastResultIsError: false,
    current: /** @type {any} */ (null),
    /** @param {boolean} value */
    set ignoreSigterm(value) { setIgnore(value); },
    nextId: () => String(++counter).padStart(4, "0"),
    /** The `system/init` line that opens a turn. */
    initLine: () => initLine({
      cwd: fake.cwd, sessionId: fake.sessionId, tools: fake.tools, model: fake.model.name, permissionMode: fake.permissionMode,
      memoryDir: fake.memoryDir, version: cli.version, data,
    }),
    /** Writes a line to stdout when the output format is stream-json. @param {object} line */
    emit: async (line) => {
      if (opts.outputFormat === "stream-json") await io.stdout(JSON.stringify(shapeLine(fake, line)) + "\n");
    },
    /**
     * Ends a turn with its result line, in the output format asked for; `extra` holds the fields only the newer
     * CLI prints (see shape.js).
     * @param {any} result @param {Record<string, any>} [extra]
     */
    finishTurn: async (result, extra) => {
      result = shapeResult(fake, result, extra);
      usageAtLastResult = Object.fromEntries(Object.entries(usageByModel).map(([name, u]) => [name, { ...u }]));
      fake.lastResultIsError = Boolean(result.is_error);
      if (opts.outputFormat === "stream-json") await fake.emit(result);
      else if (opts.outputFormat === "json") await io.stdout(JSON.stringify(result) + "\n");
      else await io.stdout(`${result.result ?? (result.errors ?? []).join("\n")}\n`);
    },
    /** Adds a turn's usage to the process totals; returns the cumulative cost. @param {number} input @param {number} output */
    account: (input, output) => {
      const m = fake.model;
      const slot = (usageByModel[m.name] ??= { inputTokens: 0, outputTokens: 0, costUSD: 0, model: m });
      const cost = (input * m.priceIn + output * m.priceOut) / 1_000_000;
      slot.inputTokens += input;
      slot.outputTokens += output;
      slot.costUSD += cost;
      totalCost += cost;
      return totalCost;
    },
    totalCost: () => totalCost,
    modelUsage: () => modelUsageOf(usageByModel, {}),
    /** The usage since the previous result (2.1.332's `model_usage_since_last_result`). */
    modelUsageSinceLastResult: () => modelUsageOf(usageByModel, usageAtLastResult),
    /**
     * A conversation entry with the recorded key order and common fields, parented on the chain's tail.
     * @param {string} type @param {Record<string, any>} fields
     */
    chainEntry: (type, fields) => {
      const { message, promptId, uuid, attachment, requestId, isMeta, ...rest } = fields;
      /** @type {Record<string, any>} */
      const entry = { parentUuid: fake.chain.at(-1)?.uuid ?? null, isSidechain: false };
      if (promptId) entry.promptId = promptId;
      if (attachment) entry.attachment = attachment;
      if (type === "assistant") Object.assign(entry, { message, requestId });
      entry.type = type;
      if (type !== "assistant" && message) entry.message = message;
      if (isMeta) entry.isMeta = true;
      entry.uuid = uuid ?? randomUUID();
      entry.timestamp = new Date().toISOString();
      return Object.assign(entry, rest, {
        userType: "external", entrypoint: fake.entrypoint, cwd: fake.cwd, sessionId: fake.sessionId, version: cli.version, gitBranch: "HEAD",
      });
    },
    /** Appends a conversation entry to the chain and the file, optionally with its keys in a given order. @param {any} entry @param {string[]} [order] */
    appendChain: (entry, order) => {
      if (order) {
        const sorted = Object.fromEntries([...order.filter((k) => k in entry).map((k) => [k, entry[k]]),
          ...Object.entries(entry).filter(([k]) => !order.includes(k))]);
        entry = sorted;
      }
      fake.chain.push(entry);
      fake.append(entry);
    },
    /** Appends any entry to the session file (unless persistence is off). @param {object} entry */
    append: (entry) => {
      if (fake.persist && fake.file) appendEntry(fake.file, entry);
    },
    /** Sends a control request to the SDK and waits for its answer. @param {object} request @param {AbortSignal} signal */
    askControl: (request, signal) => {
      const requestId = randomUUID();
      return new Promise((resolve) => {
        if (fake.stdinClosed) {
          resolve({ behavior: "deny", message: "stdin closed before the permission request was answered" });
          return;
        }
        pendingControl.set(requestId, resolve);
        signal.addEventListener("abort", () => resolve(undefined), { once: true });
        void fake.emit({ type: "control_request", request_id: requestId, request });
      });
    },
    pendingControl,
    /** Runs turns one after the other. @param {{ content: unknown, uuid?: string }} prompt */
    queueTurn: (prompt) => {
      if (prompt.uuid && cli.has("commandLifecycle")) void fake.emit(lifecycleLine(fake, prompt.uuid, "queued"));
      const previous = fake.queue;
      const next = previous.then(() => runTurn(fake, prompt));
      fake.queue = next.catch(fatalError);
      pendingTurns.add(next);
      next.finally(() => pendingTurns.delete(next)).catch(() => {});
      return next;
    },
    queue: /** @type {Promise<unknown>} */ (Promise.resolve()),
    fatal,
    idle: async () => {
      while (pendingTurns.size) await Promise.all([...pendingTurns]);
    },
  };
  /**
   * `modelUsage` entries, less a baseline (the usage at the last result); models without new usage are left out
   * of a difference.
   * @param {Record<string, { inputTokens: number, outputTokens: number, costUSD: number, model: any }>} usage
   * @param {Record<string, { inputTokens: number, outputTokens: number, costUSD: number }>} base
   */
  function modelUsageOf(usage, base) {
    const entries = Object.entries(usage).map(([name, u]) => {
      const b = base[name] ?? { inputTokens: 0, outputTokens: 0, costUSD: 0 };
      /** @type {Record<string, unknown>} */
      const entry = {
        inputTokens: u.inputTokens - b.inputTokens, outputTokens: u.outputTokens - b.outputTokens, cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0, webSearchRequests: 0, costUSD: u.costUSD - b.costUSD, contextWindow: u.model.contextWindow,
        maxOutputTokens: u.model.maxOutputTokens,
      };
      if (cli.has("resultV2")) {
        Object.assign(entry, {
          thinkingTokens: 0, cacheCreationEphemeral5mInputTokens: 0, cacheCreationEphemeral1hInputTokens: 0,
          canonicalModel: u.model.api, provider: "firstParty", costBasis: "list",
        });
      }
      return [name, entry];
    });
    const changed = (/** @type {string} */ name) =>
      !base[name] || usage[name].inputTokens !== base[name].inputTokens || usage[name].outputTokens !== base[name].outputTokens;
    return Object.fromEntries(entries.filter(([name]) => changed(/** @type {string} */ (name))));
  }
  return fake;
}

/**
 * Picks the session: new (optionally with `--session-id`), resumed, continued or forked. Returns an exit status
 * when the recorded CLI would stop here.
 * @param {any} fake
 * @returns {Promise<FakeExitStatus | null>}
 */
async function openSession(fake) {
  const { opts, config, cwd } = fake;
  const dir = projectDir(config, cwd);
  let source = null;
  if (opts.continue) {
    source = latestSessionFile(config, cwd);
    if (!source) {
      await fake.io.stderr("No conversation found to continue\n");
      return { code: 1, signal: null };
    }
  } else if (opts.resume !== undefined) {
    const wanted = String(opts.resume);
    source = isUuid(wanted) ? findSessionFile(config, cwd, wanted) : findSessionByTitle(config, cwd, wanted);
    if (!source) {
      const message = isUuid(wanted)
        ? `No conversation found with session ID: ${wanted}`
        : `Error: --resume requires a valid session ID or session title when used with --print. Usage: claude -p --resume <session-id|title>. Provided value "${wanted}" is not a UUID and does not match any session title.`;
      fake.sessionId = isUuid(wanted) ? wanted : randomUUID();
      const result = shapeResult(fake, errorResult({ subtype: "error_during_execution", sessionId: fake.sessionId, errors: [message] }), { beforeTurn: true });
      if (opts.outputFormat === "stream-json" || opts.outputFormat === "json") await fake.io.stdout(JSON.stringify(result) + "\n");
      await fake.io.stderr(message + "\n");
      return { code: 1, signal: null };
    }
  }
  if (source) {
    const entries = readEntries(source);
    fake.isNewSession = false;
    fake.chain = activeChain(entries);
    if (!opts.model) {
      const lastModel = [...fake.chain].reverse().find((e) => e.type === "assistant" && e.message?.model && e.message.model !== "<synthetic>");
      if (lastModel) fake.model = resolveModel(lastModel.message.model, fake.data);
    }
    if (opts.forkSession) {
      fake.forked = true;
      fake.sessionId = opts.sessionId ?? randomUUID();
      fake.file = path.join(dir, `${fake.sessionId}.jsonl`);
      fake.forkCopies = entries.filter(isChainEntry);
      fake.lastPrompt = firstPrompt(fake.chain);
      fake.chain = fake.chain.map((/** @type {any} */ e) => ({ ...e, sessionId: fake.sessionId }));
    } else {
      fake.resumed = true;
      fake.resumedByTitle = opts.resume !== undefined && !isUuid(String(opts.resume));
      fake.sessionId = path.basename(source, ".jsonl");
      fake.file = source;
      fake.hadMode = entries.some((/** @type {{ type?: string }} */ e) => e.type === "mode");
    }
    return null;
  }
  if (opts.sessionId !== undefined) {
    if (findSessionFile(config, cwd, opts.sessionId)) {
      await fake.io.stderr(`Error: Session ID ${opts.sessionId} is already in use.\n`);
      return { code: 1, signal: null };
    }
    fake.sessionId = opts.sessionId;
  } else fake.sessionId = randomUUID();
  fake.file = path.join(dir, `${fake.sessionId}.jsonl`);
  return null;
}

/** The first prompt of a chain (a fork's `last-prompt` names it, as recorded). @param {any[]} chain */
function firstPrompt(chain) {
  const first = chain.find((e) => e.type === "user" && !e.isMeta);
  const content = first?.message?.content;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.find((b) => b.type === "text")?.text : undefined;
}

/**
 * The entries the CLI writes at a clean exit: `last-prompt`, and `mode` the first time a session is resumed.
 * @param {any} fake
 */
function closeSession(fake) {
  if (fake.turnIndex === 0 || !fake.file) return;
  const leaf = fake.chain.at(-1)?.uuid;
  if (leaf && fake.lastPrompt !== undefined) {
    fake.append({ type: "last-prompt", lastPrompt: fake.lastPrompt, leafUuid: leaf, sessionId: fake.sessionId });
  }
  if (fake.resumed && !fake.hadMode) fake.append({ type: "mode", mode: "normal", sessionId: fake.sessionId });
}

/**
 * The stdin loop of `--input-format stream-json`: user lines become queued turns, control requests are answered
 * at once (an interrupt stops the running turn), malformed JSON ends the process as recorded.
 * @param {any} fake
 * @param {AsyncIterable<Uint8Array | string>} stdin
 */
async function readStdinTurns(fake, stdin) {
  for await (const line of readLines(stdin)) {
    if (!line.trim()) continue;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      await fake.io.stderr(fake.cli.has("terseParseError")
        ? `Error parsing streaming input line (type=unknown, ${line.length} chars): SyntaxError\n`
        : `Error parsing streaming input line: ${line}: SyntaxError: JSON Parse error: ${jscMessage(line)}\n`);
      throw new FakeExit(1, null);
    }
    if (message?.type === "user") {
      fake.queueTurn({ content: message.message?.content ?? "", uuid: typeof message.uuid === "string" && message.uuid ? message.uuid : undefined })
        .catch(() => {});
    } else if (message?.type === "control_request") await handleControl(fake, message);
    else if (message?.type === "control_response") {
      const id = message.response?.request_id;
      const resolve = fake.pendingControl.get(id);
      if (resolve) {
        fake.pendingControl.delete(id);
        resolve(message.response?.subtype === "success" ? message.response.response : { behavior: "deny", message: message.response?.error });
      }
    }
    // any other type is ignored, as recorded (i8)
  }
  // nobody can answer a permission request once stdin is closed: deny it so the turn can end
  fake.stdinClosed = true;
  for (const [id, resolve] of fake.pendingControl) {
    fake.pendingControl.delete(id);
    resolve({ behavior: "deny", message: "stdin closed before the permission request was answered" });
  }
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

/** @param {AbortSignal} life */
function makeSleep(life) {
  /** @param {number} ms @param {AbortSignal} [signal] */
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
    }).then(() => {
      if (life.aborted) return new Promise(() => {});
    });
}

/** @param {AsyncIterable<Uint8Array | string>} stdin */
async function readAll(stdin) {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stdin) text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** @param {string} cwd */
function realCwd(cwd) {
  try {
    return fs.realpathSync(cwd);
  } catch {
    return cwd;
  }
}

/** @param {string | undefined} file */
function readOptional(file) {
  return file ? fs.readFileSync(file, "utf8") : undefined;
}
