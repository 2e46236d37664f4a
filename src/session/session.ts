/**
 * `Session`: one conversation with the Claude Code CLI, kept in one long-lived process whose stdin stays open
 * between turns. Turns queue in order; each gets a `ReadableStream` of the CLI's messages that ends with the
 * turn's `result`, or errors, exactly once.
 * @module
 */
import { abortedError, invalidOptionError, sessionStoppedError, timeoutError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import type { AnyContentBlock, ControlRequestMessage, Message } from "../protocol/messages.ts";
import {
  isCanUseToolRequest,
  isControlCancelRequest,
  isControlRequest,
  isResultMessage,
  isSystemInit,
} from "../protocol/message_guards.ts";
import { encodeControlError, encodeControlResponse, encodeUserMessage } from "../protocol/stdin_encoders.ts";
import { currentRuntime } from "../runtime/current.ts";
import { conversation as historyConversation } from "../history/conversation.ts";
import type { ConversationMessage } from "../history/build_conversation.ts";
import { noteSpentBefore } from "../stream/_turn_cost.ts";
import { type Launch, resolveCliCommand } from "./cli_command.ts";
import { checkCliVersion } from "./cli_version.ts";
import { debugTrace } from "./debug_log.ts";
import { type Connection, type ConnectionClose, exitError, openConnection } from "./cli_connection.ts";
import { claimName } from "./registry.ts";
import { sessionNotFound } from "./session_not_found.ts";
import {
  DEFAULT_TIMEOUT_MS,
  parseSessionOptions,
  parseStreamOptions,
  type PermissionMode,
  type SessionOptions,
} from "./session_options.ts";
import { startTimer } from "./timer.ts";
import { createTurn, type Turn } from "./turn.ts";

/**
 * Options of one `session.stream()` call.
 *
 * @example
 * ```ts
 * import { Session, type StreamOptions } from "@claude-stream/sdk";
 * await using session = new Session();
 * const options: StreamOptions = { signal: AbortSignal.timeout(30_000), timeout: 20_000 };
 * await session.stream("Hello", options).pipeTo(new WritableStream());
 * ```
 */
export interface StreamOptions {
  /** Aborting interrupts the turn; its stream errors with `ABORTED`. */
  signal?: AbortSignal | undefined;
  /** This turn's timeout in ms, instead of the session's (undefined: the session's; `Infinity`: none). */
  timeout?: number | undefined;
}

/**
 * A conversation with Claude Code. Building one spawns nothing: the first turn (or `start()`) starts the CLI,
 * later turns reuse it. After a crash, the next turn starts a new CLI that resumes the conversation.
 *
 * @example
 * ```ts
 * import { Session, textContent } from "@claude-stream/sdk";
 * await using session = new Session({ model: "sonnet", systemPrompt: "You are an Elixir expert", timeout: 120_000 });
 * await session.stream("My name is Alice").pipeTo(new WritableStream());
 * let reply = "";
 * for await (const text of session.stream("What is my name?").pipeThrough(textContent())) reply += text;
 * console.log(reply, session.sessionId);
 * ```
 */
export class Session {
  readonly #options: SessionOptions;
  #launch: Launch;
  #sessionId: string | null = null;
  #connection: Connection | null = null;
  #connecting: Promise<Connection> | null = null;
  #initialized: Promise<Record<string, unknown>> | null = null;
  /** The highest running total (`total_cost_usd`) the current CLI has reported: what it has spent so far. */
  #spent = 0;
  /**
   * The turn the CLI is working on. Only ever set while `#connection` is the CLI it was sent to, so that the close
   * of that CLI (`#onClose`) is what fails and drains it: a turn current on a CLI already gone would never drain.
   */
  #current: Turn | null = null;
  #waiting = new Set<Turn>();
  #queue: Promise<void> = Promise.resolve();
  #stopping: Promise<void> | null = null;
  #permissions = new Map<string, AbortController>();
  /** Frees the name this session registered, and only that. */
  readonly #releaseName: () => void = () => {};

  /** Checks the options (`INVALID_OPTION`) and registers the name (`NAME_TAKEN`); spawns nothing. */
  constructor(options: SessionOptions = {}) {
    this.#options = parseSessionOptions(options);
    const { resume, forkSession, sessionId } = this.#options;
    this.#launch = { resume, forkSession, sessionId, continue: this.#options.continue };
    if (this.#options.name !== undefined) this.#releaseName = claimName(this.#options.name, this);
  }

  /** The conversation's id: null until a turn has started, then the CLI's (it changes with forks and clears). */
  get sessionId(): string | null {
    return this.#sessionId;
  }

  /** True until `stop()`. */
  get alive(): boolean {
    return this.#stopping === null;
  }

  /** The pid of the running CLI, or undefined when none runs. */
  get pid(): number | undefined {
    return this.#connection?.pid;
  }

  /** The name the session is registered under, if any. */
  get name(): string | undefined {
    return this.#options.name;
  }

  /**
   * Sends a prompt and returns the turn's messages, ending after its `result`. Turns queue in order. The stream
   * errors with `TIMEOUT`, `ABORTED`, `PROCESS_EXIT`, `NO_RESULT`, `CLI_NOT_FOUND` or `SESSION_STOPPED`;
   * cancelling it interrupts the turn.
   *
   * @example
   * ```ts
   * import { Session, textContent } from "@claude-stream/sdk";
   * await using session = new Session();
   * const signal = AbortSignal.timeout(60_000);
   * for await (const text of session.stream("Hello", { signal }).pipeThrough(textContent())) console.log(text);
   * ```
   */
  stream(prompt: string | AnyContentBlock[], streamOptions?: StreamOptions): ReadableStream<Message> {
    const options = parseStreamOptions(streamOptions);
    const timeoutMs = options.timeout ?? this.#options.timeout ?? DEFAULT_TIMEOUT_MS;
    const line = promptLine(prompt);
    const turn = createTurn(prompt, () => this.#abandon(turn));
    if (this.#stopping !== null) return failed(turn, sessionStoppedError());
    const { signal } = options;
    if (signal?.aborted) return failed(turn, abortedError(signal.reason));
    const onAbort = () => this.#abandon(turn, abortedError(signal!.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
    this.#waiting.add(turn);
    this.#queue = this.#queue.then(() => this.#run(turn, line, timeoutMs)).finally(() =>
      signal?.removeEventListener("abort", onAbort)
    );
    return turn.stream;
  }

  /**
   * The visible conversation of this session, read from its session file with the session's own `configDir` (or
   * the `CLAUDE_CONFIG_DIR` of its `env`) and `cwd`: what `history.conversation(session.sessionId, ...)` returns.
   * Before the first turn (`sessionId` null) it is the conversation the next turn continues: with `resume` of an id
   * (also with `forkSession`, whose first turn copies it) that conversation; else `[]`, as for a new conversation (no
   * option, `sessionId`, after `clear()`) and where only the CLI knows which one it continues until it starts
   * (`continue`, `resume` of a title). `SESSION_NOT_FOUND` when the conversation has no file (an unknown `resume` id).
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session({ configDir: "/tmp/claude" });
   * await session.stream("My name is Alice").pipeTo(new WritableStream());
   * for (const message of await session.conversation()) console.log(`${message.type}: ${message.text}`);
   * ```
   */
  async conversation(): Promise<ConversationMessage[]> {
    const id = this.#sessionId ?? (isUuid(this.#launch.resume) ? this.#launch.resume : undefined);
    if (id === undefined) return [];
    const { configDir, env, cwd } = this.#options;
    return await historyConversation(id, { configDir: configDir ?? env?.CLAUDE_CONFIG_DIR, projectPath: cwd });
  }

  /**
   * Starts the CLI now instead of at the first turn, and resolves with its `initialize` answer once it is ready.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * const info = await session.start();
   * console.log(info.models);
   * ```
   */
  async start(): Promise<Record<string, unknown>> {
    await this.#connect();
    return await this.#initialized!;
  }

  /**
   * Makes the next turn start a fresh conversation (a new session id), after the turns already queued.
   * The session stays usable.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * await session.stream("My name is Alice").pipeTo(new WritableStream());
   * await session.clear(); // the next turn no longer knows Alice
   * ```
   */
  clear(): Promise<void> {
    if (this.#stopping !== null) return Promise.reject(sessionStoppedError());
    const cleared = this.#queue.then(async () => {
      await this.#connection?.shutdown(this.#graceMs());
      this.#launch = {};
      this.#sessionId = null;
    });
    this.#queue = cleared.catch(() => {});
    return cleared;
  }

  /**
   * Interrupts the running turn, which then ends with the CLI's `error_during_execution` result; a no-op when no
   * turn runs. Settles within a bound: a CLI that does not finish the turn in time is killed (the next turn resumes).
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * const reply = session.stream("Write a long story").pipeTo(new WritableStream());
   * setTimeout(() => session.interrupt(), 1000);
   * await reply;
   * ```
   */
  async interrupt(): Promise<void> {
    const turn = this.#current;
    if (turn === null) return;
    this.#interruptTurn(turn, () => turn.fail(abortedError("the CLI did not finish the interrupted turn")));
    await turn.drained;
  }

  /**
   * Switches the model, for the running CLI and any later one.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * await session.setModel("haiku");
   * ```
   */
  async setModel(model?: string): Promise<void> {
    if (model !== undefined && typeof model !== "string") throw invalidOptionError("model", "model must be a string");
    this.#options.model = model;
    await this.#control({ subtype: "set_model", model });
  }

  /**
   * Switches the permission mode (`"default"`, `"acceptEdits"`, `"plan"`, ...), for the running CLI and any later one.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * await session.setPermissionMode("acceptEdits");
   * ```
   */
  async setPermissionMode(mode: PermissionMode): Promise<void> {
    if (typeof mode !== "string" || mode === "") {
      throw invalidOptionError("permissionMode", "permissionMode must be a non-empty string");
    }
    this.#options.permissionMode = mode;
    await this.#control({ subtype: "set_permission_mode", mode });
  }

  /**
   * Ends the session: queued and running turns fail with `SESSION_STOPPED`; the CLI gets stdin closed, then
   * SIGTERM, then SIGKILL, each after a grace period. Resolves once the CLI has exited. Idempotent.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * const session = new Session();
   * await session.stream("Hello").pipeTo(new WritableStream());
   * await session.stop();
   * console.log(session.alive); // false
   * ```
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  /** Same as `stop()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  async #shutdown(): Promise<void> {
    const error = sessionStoppedError();
    for (const turn of this.#waiting) turn.fail(error);
    this.#current?.fail(error);
    await this.#connecting?.catch(() => {});
    await this.#connection?.shutdown(this.#graceMs());
    this.#releaseName();
  }

  async #run(turn: Turn, line: string, timeoutMs: number): Promise<void> {
    let connection: Connection;
    try {
      if (turn.settled) return;
      connection = await this.#connect();
      if (turn.settled) return;
    } catch (error) {
      turn.fail(error);
      return;
    } finally {
      if (turn.settled) {
        this.#waiting.delete(turn);
        turn.drain();
      }
    }
    this.#waiting.delete(turn);
    if (connection !== this.#connection) {
      // The CLI ended while this turn waited for it, and its close found no turn to fail: the turn never reached
      // it. Fail it with that exit; the next turn starts a new CLI.
      turn.fail(exitError("the CLI ended before the turn was sent", await connection.closed, this.#sessionId));
      turn.drain();
      return;
    }
    this.#current = turn;
    const cancelTimeout = startTimer(() => this.#abandon(turn, timeoutError(timeoutMs)), timeoutMs);
    // A failed write means stdin is gone: the CLI is ending, and its close fails the turn, which is current now.
    void connection.write(line);
    await turn.drained;
    cancelTimeout();
    if (this.#current === turn) this.#current = null;
  }

  /** The caller gave up on a turn (abort, timeout, cancel): error it, and interrupt it if it runs. */
  #abandon(turn: Turn, error?: ClaudeCodeError): void {
    if (error !== undefined) turn.fail(error);
    if (this.#current === turn) this.#interruptTurn(turn, () => {});
  }

  #interruptTurn(turn: Turn, beforeKill: () => void): void {
    const connection = this.#connection;
    if (connection === null) return;
    connection.request({ subtype: "interrupt" }).catch(() => {});
    const cancelKill = startTimer(() => {
      beforeKill();
      connection.kill();
    }, this.#options.interruptGraceMs ?? 5_000);
    void turn.drained.then(cancelKill);
  }

  #connect(): Promise<Connection> {
    if (this.#stopping !== null) return Promise.reject(sessionStoppedError());
    if (this.#connection !== null) return Promise.resolve(this.#connection);
    this.#connecting ??= this.#spawn().finally(() => (this.#connecting = null));
    return this.#connecting;
  }

  async #spawn(): Promise<Connection> {
    const runtime = await currentRuntime();
    const command = await resolveCliCommand(this.#options, this.#launch, runtime);
    const adapter = this.#options.adapter ?? runtime.processes;
    await checkCliVersion(adapter, command);
    const connection: Connection = openConnection(adapter, command, {
      onMessage: (message) => this.#onMessage(connection, message),
      onStderrLine: this.#options.stderr,
      onProtocolError: this.#options.onProtocolError,
      trace: debugTrace(runtime),
    });
    this.#connection = connection;
    this.#spent = 0;
    this.#initialized = connection.request({ subtype: "initialize" });
    this.#initialized.catch(() => {});
    void connection.closed.then((close) => this.#onClose(connection, close));
    return connection;
  }

  #onMessage(connection: Connection, message: Message): void | Promise<void> {
    if (connection !== this.#connection) return;
    if (isControlRequest(message)) return void this.#answer(connection, message);
    if (isControlCancelRequest(message)) return this.#permissions.get(message.request_id)?.abort();
    if (isSystemInit(message)) this.#follow(message.session_id);
    // Every result of this CLI moves its running total, also one no turn waits for (a turn given up on).
    if (isResultMessage(message) && typeof message.total_cost_usd === "number") {
      noteSpentBefore(message, this.#spent);
      this.#spent = Math.max(this.#spent, message.total_cost_usd);
    }
    const turn = this.#current;
    if (turn === null) return;
    if (!isResultMessage(message)) return turn.push(message);
    // The result of a turn the CLI started by itself (2.1.332: when a background task ends, `origin.kind` is
    // "task-notification") is not the answer to the prompt of the turn that runs now: it must not end that turn.
    if (startedByCli(message)) return;
    const missing = sessionNotFound({ result: message });
    if (missing !== undefined) {
      turn.fail(missing);
    } else {
      if (typeof message.session_id === "string" && this.#sessionId === null) this.#sessionId = message.session_id;
      void turn.push(message);
      turn.succeed();
    }
    this.#current = null;
    turn.drain();
  }

  /** The CLI named the conversation: later CLIs of this session resume it. */
  #follow(sessionId: string): void {
    this.#sessionId = sessionId;
    this.#launch = { resume: sessionId };
  }

  #onClose(connection: Connection, close: ConnectionClose): void {
    if (connection !== this.#connection) return;
    this.#connection = null;
    for (const controller of this.#permissions.values()) controller.abort();
    const turn = this.#current;
    if (turn !== null) {
      this.#current = null;
      turn.fail(exitError("the CLI ended during the turn", close, this.#sessionId));
      turn.drain();
    }
    if (!close.expected && this.#stopping === null) {
      this.#options.onCrash?.(exitError("the CLI exited", close, this.#sessionId));
    }
  }

  async #answer(connection: Connection, message: ControlRequestMessage): Promise<void> {
    const id = message.request_id;
    const canUseTool = this.#options.canUseTool;
    if (!isCanUseToolRequest(message) || canUseTool === undefined) {
      await connection.write(encodeControlError(id, `Unsupported control request subtype: ${message.request.subtype}`));
      return;
    }
    const { request } = message;
    const controller = new AbortController();
    this.#permissions.set(id, controller);
    try {
      const input = request.input ?? {};
      const context = {
        signal: controller.signal,
        suggestions: request.permission_suggestions ?? [],
        toolUseId: request.tool_use_id,
        request,
      };
      const decision = await canUseTool(String(request.tool_name), input, context);
      const answer = decision.behavior === "allow"
        ? { ...decision, updatedInput: decision.updatedInput ?? input }
        : decision;
      if (!controller.signal.aborted) await connection.write(encodeControlResponse(id, answer));
    } catch (error) {
      await connection.write(encodeControlError(id, error instanceof Error ? error.message : String(error)));
    } finally {
      this.#permissions.delete(id);
    }
  }

  async #control(
    request: { subtype: "set_model"; model?: string } | { subtype: "set_permission_mode"; mode: string },
  ): Promise<void> {
    if (this.#stopping !== null) throw sessionStoppedError();
    const connection = this.#connection;
    if (connection === null || connection.isClosed) return;
    await connection.request(request);
  }

  #graceMs(): number {
    return this.#options.shutdownGraceMs ?? 2_000;
  }
}

/** Whether a result closes a turn the CLI started itself (it carries an `origin` other than a user's prompt). */
function startedByCli(result: Message): boolean {
  const origin = result.origin as { kind?: unknown } | null | undefined;
  return typeof origin?.kind === "string";
}

/** Whether `--resume` names a session file (a UUID) rather than a title, which only the CLI resolves. */
function isUuid(value: string | undefined): value is string {
  return value !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function failed(turn: Turn, error: ClaudeCodeError): ReadableStream<Message> {
  turn.fail(error);
  turn.drain();
  return turn.stream;
}

/** The stdin line of a prompt; `INVALID_OPTION` for a prompt that is not text or content blocks. */
function promptLine(prompt: string | AnyContentBlock[]): string {
  if (typeof prompt !== "string" && !Array.isArray(prompt)) {
    throw invalidOptionError("prompt", "prompt must be a string or an array of content blocks");
  }
  try {
    return encodeUserMessage(prompt);
  } catch (cause) {
    throw invalidOptionError("prompt", `prompt cannot be encoded as JSON: ${(cause as Error).message}`, cause);
  }
}
