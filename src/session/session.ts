/**
 * `Session`: one conversation with the Claude Code CLI, kept in one long-lived process whose stdin stays open
 * between turns. Turns queue in order; each gets a `ReadableStream` of the CLI's messages that ends with the
 * turn's `result`, or errors, exactly once.
 * @module
 */
import {
  abortedError,
  callbackError,
  invalidMessageError,
  invalidOptionError,
  noResultError,
  sessionStoppedError,
  timeoutError,
} from "../error_constructors.ts";
import {
  type AgentInfo,
  type ContextUsage,
  type InterruptReceipt,
  isContextUsage,
  listOf,
  type ModelInfo,
  type RewindFilesResult,
  type SlashCommand,
} from "./control_answers.ts";
import { type ClaudeCodeError, type ClaudeCodeErrorOf, isClaudeCodeError } from "../errors.ts";
import type { AnyContentBlock, ControlRequest, Message } from "../protocol/messages.ts";
import { isResultMessage, isSystemInit } from "../protocol/message_guards.ts";
import { encodeUserMessage } from "../protocol/stdin_encoders.ts";
import { currentRuntime } from "../runtime/current.ts";
import type { Runtime } from "../runtime/types.ts";
import { encodeProjectPath } from "../history/encode_project_path.ts";
import { joinPath, resolveHistory } from "../history/history_options.ts";
import { restoreSessionFromStore } from "../store/restore_session_from_store.ts";
import type { SessionKey } from "../store/session_store.ts";
import { TranscriptMirror } from "./transcript_mirror.ts";
import { conversation as historyConversation } from "../history/conversation.ts";
import type { ConversationMessage } from "../history/build_conversation.ts";
import { noteSpentBefore } from "../stream/_turn_cost.ts";
import { type Launch, resolveCliCommand } from "./cli_command.ts";
import { checkCliVersion } from "./cli_version.ts";
import { debugTrace } from "./debug_log.ts";
import { type Connection, type ConnectionClose, exitError, openConnection } from "./cli_connection.ts";
import { claimName } from "./registry.ts";
import { sessionNotFound } from "./session_not_found.ts";
import { checkPromptBlocks } from "./prompt_blocks.ts";
import {
  DEFAULT_TIMEOUT_MS,
  parseSessionOptions,
  parseStreamOptions,
  type PermissionMode,
  type SessionOptions,
} from "./session_options.ts";
import { type SessionControl, sessionControl } from "./session_control.ts";
import { type McpServerStatus, mcpStatusList } from "../tools/mcp_status.ts";
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
  /** This turn's idle timeout in ms (no message for that long), instead of the session's `idleTimeout`. */
  idleTimeout?: number | undefined;
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
/**
 * Where a session is in its life: exactly one of these at a time, each holding only what is true in it.
 * - `idle`: no CLI runs; the next turn (or `start()`) starts one. The first state, and the one a CLI's exit returns to.
 * - `starting`: a CLI is being found, version-checked, spawned and initialized; `ready` settles when that is done.
 *   `abort` ends the attempt when the session stops; `connection` is the CLI once spawned.
 * - `ready`: `connection` answered `initialize` with `info`; turns and control requests go to it.
 * - `stopping`: `stop()` was called; `done` resolves once the CLI is gone. Nothing starts any more.
 * - `stopped`: the end.
 */
type Lifecycle =
  | { readonly state: "idle" }
  | {
    readonly state: "starting";
    readonly ready: Promise<Connection>;
    readonly abort: AbortController;
    connection: Connection | null;
  }
  | { readonly state: "ready"; readonly connection: Connection; readonly info: Record<string, unknown> }
  | { readonly state: "stopping"; readonly done: Promise<void> }
  | { readonly state: "stopped" };

/** The states each state may move to; `#move` refuses any other transition. */
const TRANSITIONS: Record<Lifecycle["state"], readonly Lifecycle["state"][]> = {
  idle: ["starting", "stopping"],
  starting: ["ready", "idle", "stopping"],
  ready: ["idle", "stopping"],
  stopping: ["stopped"],
  stopped: [],
};

/**
 * What the turn queue holds: a prompt to send (`line`, sent with `uuid`, which the CLI's messages of the turn name),
 * or a `clear()` that runs after the turns queued before it.
 */
type Job =
  | {
    readonly kind: "turn";
    readonly turn: Turn;
    readonly line: string;
    readonly uuid: string;
    readonly limits: TurnLimits;
  }
  | { readonly kind: "clear"; readonly done: (error?: unknown) => void };

/** A turn's two bounds, in ms (`Infinity`: none): its whole length, and the longest wait between two messages. */
interface TurnLimits {
  readonly timeoutMs: number;
  readonly idleMs: number;
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
  /** The validated options; `model` and `permissionMode` follow `setModel()` and `setPermissionMode()`. */
  readonly #options: SessionOptions;
  /** How the next CLI starts: the conversation it resumes or forks (follows the CLI's `system/init`). */
  #launch: Launch;
  /** The conversation's id, as the CLI last named it. */
  #sessionId: string | null = null;
  /** See {@link Lifecycle}. */
  #life: Lifecycle = { state: "idle" };
  /** Jobs not yet started, in order; `#draining` is the one loop that runs them. */
  readonly #queue: Job[] = [];
  #draining = false;
  /**
   * The turn the CLI is working on, and that CLI. Its close (`#onClose`) fails and drains the turn, so a turn is only
   * ever current on a CLI whose close is still to come.
   */
  #current:
    | { readonly turn: Turn; readonly uuid: string; readonly connection: Connection; readonly heard: () => void }
    | null = null;
  /**
   * Whose turn the CLI is printing, from a prompt's `command_lifecycle` "started" or a `system/init` to its `result`:
   * the current turn's (`ours`) or one the CLI started itself. Null between turns (see `#owns`).
   */
  #printing: { readonly connection: Connection; readonly ours: boolean } | null = null;
  /**
   * The current CLI has named a prompt's uuid (`command_lifecycle`, 2.1.332): it tags the `system/init` of each
   * prompt's turn, so one without the tag is a turn it started itself. Older CLIs tag nothing: every turn is ours.
   */
  #namesPrompts = false;
  /** The highest running total (`total_cost_usd`) the current CLI has reported: what it has spent so far. */
  #spent = 0;
  /** The `initialize` request and the handlers of the CLI's control requests (`can_use_tool`...), made once. */
  readonly #protocol: SessionControl;
  /** Frees the name this session registered, and only that. */
  readonly #releaseName: () => void = () => {};
  /** With `sessionStore`: where the CLI's transcript entries go, and the store keys' scope (made at the first spawn). */
  #store: { readonly mirror: TranscriptMirror; readonly projectKey: string; readonly projectDir: string } | null = null;
  /** `onBackgroundMessage`, unable to throw into the session. */
  readonly #background: ((message: Message) => void) | undefined;

  /** Checks the options (`INVALID_OPTION`) and registers the name (`NAME_TAKEN`); spawns nothing. */
  constructor(options: SessionOptions = {}) {
    this.#options = parseSessionOptions(options);
    const { resume, forkSession, sessionId, resumeSessionAt } = this.#options;
    this.#launch = { resume, forkSession, sessionId, continue: this.#options.continue, resumeSessionAt };
    this.#protocol = sessionControl(this.#options);
    this.#background = this.#guarded("onBackgroundMessage", this.#options.onBackgroundMessage);
    if (this.#options.name !== undefined) this.#releaseName = claimName(this.#options.name, this);
  }

  /** The conversation's id: null until a turn has started, then the CLI's (it changes with forks and clears). */
  get sessionId(): string | null {
    return this.#sessionId;
  }

  /** True until `stop()`. */
  get alive(): boolean {
    return this.#life.state !== "stopping" && this.#life.state !== "stopped";
  }

  /** The pid of the running CLI, or undefined when none runs. */
  get pid(): number | undefined {
    const life = this.#life;
    return life.state === "ready" ? life.connection.pid : life.state === "starting" ? life.connection?.pid : undefined;
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
    const limits = {
      timeoutMs: options.timeout ?? this.#options.timeout ?? DEFAULT_TIMEOUT_MS,
      idleMs: options.idleTimeout ?? this.#options.idleTimeout ?? Infinity,
    };
    const uuid = crypto.randomUUID();
    const line = promptLine(prompt, uuid);
    const turn = createTurn(prompt, () => this.#abandon(turn));
    if (!this.alive) return failed(turn, sessionStoppedError());
    const { signal } = options;
    if (signal?.aborted) return failed(turn, abortedError(signal.reason));
    if (signal !== undefined) {
      const onAbort = () => this.#abandon(turn, abortedError(signal.reason));
      signal.addEventListener("abort", onAbort, { once: true });
      void turn.drained.then(() => signal.removeEventListener("abort", onAbort));
    }
    this.#enqueue({ kind: "turn", turn, line, uuid, limits });
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
   * Fails with `TIMEOUT` when the CLI does not answer within `controlTimeout` (it is killed), and with
   * `SESSION_STOPPED` when the session stops first.
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
    const connection = await this.#ready();
    const life = this.#life;
    if (life.state === "ready" && life.connection === connection) return life.info;
    throw this.alive ? exitError("the CLI ended as it started", await connection.closed) : sessionStoppedError();
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
    if (!this.alive) return Promise.reject(sessionStoppedError());
    return new Promise((resolve, reject) => {
      this.#enqueue({ kind: "clear", done: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  }

  /**
   * Interrupts the running turn, which then ends with the CLI's `error_during_execution` result; a no-op when no
   * turn runs. Settles within a bound: a CLI that does not finish the turn in time is killed (the next turn resumes).
   * Resolves once the turn has ended, with the CLI's receipt when it gives one (2.1.332: `{ still_queued: [...] }`),
   * else undefined.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * const reply = session.stream("Write a long story").pipeTo(new WritableStream());
   * setTimeout(async () => console.log(await session.interrupt()), 1000); // { still_queued: [] }
   * await reply;
   * ```
   */
  async interrupt(): Promise<InterruptReceipt | undefined> {
    const current = this.#current;
    if (current === null) return undefined;
    const { turn } = current;
    const receipt = this.#interruptTurn(
      turn,
      () => turn.fail(abortedError("the CLI did not finish the interrupted turn")),
    );
    await turn.drained;
    // the CLI answers before the turn's result (m21): one still unanswered then is not waited for, keeping the bound
    return await Promise.race([receipt, Promise.resolve(undefined)]);
  }

  /**
   * How full the context window is, as the CLI counts it (`get_context_usage`; the official SDK's
   * `getContextUsage()`): tokens per category, in total, of the window. Starts the CLI when none runs.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * const { totalTokens, maxTokens, categories } = await session.contextUsage();
   * for (const category of categories) console.log(category.name, category.tokens);
   * ```
   */
  async contextUsage(): Promise<ContextUsage> {
    const answer = await this.#query({ subtype: "get_context_usage" });
    if (isContextUsage(answer)) return answer;
    throw invalidMessageError({
      subject: "the CLI's get_context_usage answer",
      issues: ["categories, totalTokens, maxTokens, percentage and model are expected"],
    });
  }

  /**
   * The slash commands the CLI offers (its `initialize` answer's `commands`). Starts the CLI when none runs.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * for (const command of await session.supportedCommands()) console.log(`/${command.name}: ${command.description}`);
   * ```
   */
  async supportedCommands(): Promise<SlashCommand[]> {
    return listOf<SlashCommand>(await this.start(), "commands", ["name"]);
  }

  /**
   * The models the CLI offers, what `model` and `setModel()` take (its `initialize` answer's `models`). Starts the
   * CLI when none runs.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * for (const model of await session.supportedModels()) console.log(model.value, model.displayName);
   * ```
   */
  async supportedModels(): Promise<ModelInfo[]> {
    return listOf<ModelInfo>(await this.start(), "models", ["value"]);
  }

  /**
   * The subagents the model may start, built-in and from `agents` (its `initialize` answer's `agents`). Starts the
   * CLI when none runs.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session({ agents: { reviewer: { description: "Reviews code", prompt: "Review." } } });
   * console.log((await session.supportedAgents()).map((agent) => agent.name)); // [..., "reviewer"]
   * ```
   */
  async supportedAgents(): Promise<AgentInfo[]> {
    return listOf<AgentInfo>(await this.start(), "agents", ["name"]);
  }

  /**
   * Restores the files the session's tools edited to their state before the user message `userMessageId` (the uuid
   * a prompt was sent with, or its entry's), with `enableFileCheckpointing`; `dryRun` only tells what would change.
   * `CONTROL_ERROR` with the CLI's reason when there is no checkpoint for that message. Starts the CLI when none runs.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session({ enableFileCheckpointing: true });
   * declare const userMessageId: string;
   * const preview = await session.rewindFiles(userMessageId, { dryRun: true });
   * if (preview.canRewind) await session.rewindFiles(userMessageId);
   * ```
   */
  async rewindFiles(userMessageId: string, options: { dryRun?: boolean } = {}): Promise<RewindFilesResult> {
    if (typeof userMessageId !== "string" || userMessageId === "") {
      throw invalidOptionError("userMessageId", "userMessageId must be a non-empty string");
    }
    const request: ControlRequest = { subtype: "rewind_files", user_message_id: userMessageId };
    if (options.dryRun !== undefined) request.dry_run = options.dryRun;
    const answer = await this.#query(request);
    return { ...answer, canRewind: answer.canRewind === true };
  }

  /**
   * Stops a background task (a background Bash command or subagent) by the `task_id` of its `system/task_started`
   * message; the CLI answers once it is stopped, and an unknown id is no error (m36). Starts the CLI when none runs.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session();
   * declare const taskId: string;
   * await session.stopTask(taskId);
   * ```
   */
  async stopTask(taskId: string): Promise<void> {
    if (typeof taskId !== "string" || taskId === "") {
      throw invalidOptionError("taskId", "taskId must be a non-empty string");
    }
    await this.#query({ subtype: "stop_task", task_id: taskId });
  }

  /**
   * Switches the model, for the running CLI and any later one (one starting now gets it once it is ready).
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
   * The CLI's account of each MCP server (`mcp_status`; the official SDK's `mcpServerStatus()`): `pending` while a
   * server it runs still connects (before the first turn), `connected` with its `serverInfo` and `tools` once it has.
   * Starts the CLI when none runs.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session({ mcpServers: { files: { command: "node", args: ["server.mjs"] } } });
   * for (const server of await session.mcpStatus()) console.log(server.name, server.status);
   * ```
   */
  async mcpStatus(): Promise<McpServerStatus[]> {
    return mcpStatusList(await this.#query({ subtype: "mcp_status" }));
  }

  /**
   * Asks the CLI to reconnect an MCP server (`mcp_reconnect`): a stdio server is started again. `CONTROL_ERROR` with
   * the CLI's reason when it cannot (no such server...). Starts the CLI when none runs.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session({ mcpServers: { files: { command: "node", args: ["server.mjs"] } } });
   * await session.reconnectMcpServer("files");
   * ```
   */
  async reconnectMcpServer(serverName: string): Promise<void> {
    if (typeof serverName !== "string" || serverName === "") {
      throw invalidOptionError("serverName", "serverName must be a non-empty string");
    }
    await this.#query({ subtype: "mcp_reconnect", serverName });
  }

  /**
   * Turns an MCP server off or back on (`mcp_toggle`): a disabled server's tools are gone until it is enabled again.
   * `CONTROL_ERROR` with the CLI's reason when it cannot. Starts the CLI when none runs.
   *
   * @example
   * ```ts
   * import { Session } from "@claude-stream/sdk";
   * await using session = new Session({ mcpServers: { files: { command: "node", args: ["server.mjs"] } } });
   * await session.toggleMcpServer("files", false);
   * ```
   */
  async toggleMcpServer(serverName: string, enabled: boolean): Promise<void> {
    if (typeof serverName !== "string" || serverName === "") {
      throw invalidOptionError("serverName", "serverName must be a non-empty string");
    }
    if (typeof enabled !== "boolean") throw invalidOptionError("enabled", "enabled must be a boolean");
    await this.#query({ subtype: "mcp_toggle", serverName, enabled });
  }

  /**
   * Ends the session: queued and running turns fail with `SESSION_STOPPED`; the CLI gets stdin closed, then
   * SIGTERM, then SIGKILL, each after a grace period. Resolves once the CLI has exited; a CLI still starting is
   * given up on (none is spawned after this returns). Idempotent.
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
    const life = this.#life;
    if (life.state === "stopping") return life.done;
    if (life.state === "stopped") return Promise.resolve();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.#move(life, { state: "stopping", done });
    void this.#shutdown(life).finally(() => {
      this.#move(this.#life, { state: "stopped" });
      finish();
    });
    return done;
  }

  /** Same as `stop()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /** Moves from `from` (which must still be the state) to `to`; false when another move came first. */
  #move(from: Lifecycle, to: Lifecycle): boolean {
    if (this.#life !== from) return false;
    if (!TRANSITIONS[from.state].includes(to.state)) {
      throw new Error(`claude-stream bug: a session cannot go from ${from.state} to ${to.state}`);
    }
    this.#life = to;
    return true;
  }

  /** Fails every turn, gives up a start under way, and ends the CLI; `left` is the state `stop()` found. */
  async #shutdown(left: Lifecycle): Promise<void> {
    const error = sessionStoppedError();
    for (const job of this.#queue.splice(0)) {
      if (job.kind === "turn") {
        job.turn.fail(error);
        job.turn.drain();
      } else {
        job.done(error);
      }
    }
    this.#current?.turn.fail(error);
    let connection: Connection | null = null;
    if (left.state === "starting") {
      left.abort.abort(error);
      connection = left.connection;
    } else if (left.state === "ready") {
      connection = left.connection;
    }
    await connection?.shutdown(this.#graceMs());
    // the entries the CLI mirrored as it ended (the last prompt, its cost) are stored before stop() resolves
    await this.#store?.mirror.flush();
    this.#releaseName();
  }

  #enqueue(job: Job): void {
    this.#queue.push(job);
    if (this.#draining) return;
    this.#draining = true;
    void this.#drain();
  }

  /** The one loop that runs the queue, a job at a time, until it is empty. */
  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      if (job.kind === "turn") await this.#runTurn(job);
      else await this.#runClear(job.done);
    }
    this.#draining = false;
  }

  async #runClear(done: (error?: unknown) => void): Promise<void> {
    const life = this.#life;
    if (life.state === "starting") await life.ready.catch(() => {});
    const now = this.#life;
    if (now.state === "ready") await now.connection.shutdown(this.#graceMs());
    this.#launch = {};
    this.#sessionId = null;
    done();
  }

  async #runTurn({ turn, line, uuid, limits }: Job & { kind: "turn" }): Promise<void> {
    let connection: Connection;
    try {
      if (turn.settled) return turn.drain();
      connection = await this.#ready();
    } catch (error) {
      turn.fail(error);
      return turn.drain();
    }
    if (turn.settled) return turn.drain();
    if (connection.isClosed) {
      // The CLI ended between its start and this turn, and its close found no turn to fail: the turn never reached
      // it. Fail it with that exit; the next turn starts a new CLI.
      turn.fail(exitError("the CLI ended before the turn was sent", await connection.closed, this.#sessionId));
      return turn.drain();
    }
    const idle = this.#idleTimer(turn, limits.idleMs);
    this.#current = { turn, uuid, connection, heard: idle.restart };
    const cancelTimeout = startTimer(() => this.#abandon(turn, timeoutError(limits.timeoutMs)), limits.timeoutMs);
    // stdin is gone while the CLI still runs: it cannot get this turn, so end it (its close fails the turn now).
    if (!(await connection.write(line))) connection.kill();
    await turn.drained;
    cancelTimeout();
    idle.cancel();
    connection.abortHandlers(abortedError("the turn ended"));
    if (this.#current?.turn === turn) this.#current = null;
  }

  /** A timer that fails `turn` with `TIMEOUT` once it goes `idleMs` without a message (`restart` on each one). */
  #idleTimer(turn: Turn, idleMs: number): { restart(): void; cancel(): void } {
    if (idleMs === Infinity) return { restart() {}, cancel() {} };
    const expire = () => this.#abandon(turn, timeoutError(idleMs, "the wait for the CLI's next message"));
    let cancel = startTimer(expire, idleMs);
    return {
      restart() {
        cancel();
        cancel = startTimer(expire, idleMs);
      },
      cancel: () => cancel(),
    };
  }

  /** The caller gave up on a turn (abort, timeout, cancel): error it, and interrupt it if it runs. */
  #abandon(turn: Turn, error?: ClaudeCodeError): void {
    if (error !== undefined) turn.fail(error);
    if (this.#current?.turn === turn) this.#interruptTurn(turn, () => {});
  }

  /** Interrupts `turn`, killing its CLI if it does not end in time; resolves with the CLI's receipt, if any. */
  #interruptTurn(turn: Turn, beforeKill: () => void): Promise<Record<string, unknown> | undefined> {
    const connection = this.#current?.connection;
    if (connection === undefined) return Promise.resolve(undefined);
    const receipt = connection.request({ subtype: "interrupt" }, this.#controlTimeoutMs()).catch(() => undefined);
    const cancelKill = startTimer(() => {
      beforeKill();
      connection.kill();
    }, this.#options.interruptGraceMs ?? 5_000);
    void turn.drained.then(cancelKill);
    return receipt;
  }

  /** The ready CLI, starting one when there is none (`SESSION_STOPPED` once stopping). */
  #ready(): Promise<Connection> {
    const life = this.#life;
    switch (life.state) {
      case "ready":
        // An exited CLI takes no more turns, even while its stdout still drains: start the next one now.
        if (!life.connection.exited) return Promise.resolve(life.connection);
        this.#move(life, { state: "idle" });
        return this.#ready();
      case "starting":
        return life.ready;
      case "idle": {
        const abort = new AbortController();
        const starting: Lifecycle & { state: "starting" } = {
          state: "starting",
          abort,
          connection: null,
          ready: Promise.resolve().then(() => this.#spawn(starting)),
        };
        starting.ready.catch(() => this.#move(starting, { state: "idle" }));
        this.#move(life, starting);
        return starting.ready;
      }
      default:
        return Promise.reject(sessionStoppedError());
    }
  }

  /** Finds, checks, spawns and initializes a CLI for `starting`; gives up as soon as the session stops. */
  async #spawn(starting: Lifecycle & { state: "starting" }): Promise<Connection> {
    const { signal } = starting.abort;
    const runtime = await currentRuntime();
    await untilAborted(this.#restoreFromStore(runtime), signal);
    const command = await resolveCliCommand(this.#options, this.#launch, runtime);
    const adapter = this.#options.adapter ?? runtime.processes;
    await untilAborted(checkCliVersion(adapter, command), signal);
    signal.throwIfAborted();
    const connection: Connection = openConnection(adapter, command, {
      onMessage: (message) => this.#onMessage(connection, message),
      control: this.#protocol.handlers,
      report: (error) => this.#report(error),
      onStderrLine: this.#options.stderr,
      onProtocolError: this.#guarded("onProtocolError", this.#options.onProtocolError),
      trace: debugTrace(runtime),
    });
    starting.connection = connection;
    this.#spent = 0;
    this.#namesPrompts = false;
    this.#printing = null;
    void connection.closed.then((close) => this.#onClose(connection, close));
    try {
      const info = await untilAborted(
        connection.request(this.#protocol.initialize, this.#controlTimeoutMs()),
        signal,
      );
      signal.throwIfAborted();
      this.#move(starting, { state: "ready", connection, info });
      return connection;
    } catch (error) {
      if (!signal.aborted) connection.kill(); // stop() shuts down a connection it found
      throw error;
    }
  }

  #onMessage(connection: Connection, message: Message): void | Promise<void> {
    const current = this.#current;
    const live = this.#liveConnection();
    if (message.type === "transcript_mirror") {
      // the CLI's copy of what it wrote to its session file (`--session-mirror`): for the store, never for a stream;
      // taken from every CLI of the session, also one that is ending (its last frames come as it exits)
      if (this.#store?.mirror.accept(message) !== true) this.#background?.(message);
      return;
    }
    if (connection !== live && connection !== current?.connection) return;
    if (isSystemInit(message)) this.#follow(message);
    // Every result of this CLI moves its running total, also one no turn waits for (a turn given up on).
    if (isResultMessage(message) && typeof message.total_cost_usd === "number") {
      noteSpentBefore(message, this.#spent);
      this.#spent = Math.max(this.#spent, message.total_cost_usd);
    }
    const mine = current !== null && current.connection === connection ? current : null;
    if (message.type === "command_lifecycle") {
      // the CLI's account of the prompts the session sent (queued, started, completed...): the session's bookkeeping.
      // Only one that names the current prompt shows that this CLI names prompts (a line without it proves nothing).
      if (mine !== null && message.command_uuid === mine.uuid) {
        this.#namesPrompts = true;
        if (message.state === "started") this.#printing = { connection, ours: true };
      }
      return;
    }
    const ours = this.#owns(message, connection, mine);
    if (isSystemInit(message)) this.#printing = { connection, ours };
    if (isResultMessage(message)) this.#printing = null;
    // A turn the CLI started by itself (2.1.332: when a background task ends; its result's `origin.kind` is
    // "task-notification") is not the answer to the prompt of the turn that runs now: none of it reaches that turn.
    if (mine === null || !ours || (isResultMessage(message) && startedByCli(message))) {
      return this.#background?.(message);
    }
    const { turn } = mine;
    mine.heard();
    if (!isResultMessage(message)) return turn.push(message);
    const missing = sessionNotFound({ result: message });
    if (missing !== undefined) {
      turn.fail(missing);
      this.#current = null;
      return turn.drain();
    }
    if (typeof message.session_id === "string" && this.#sessionId === null) this.#sessionId = message.session_id;
    const end = () => {
      if (this.#current === mine) this.#current = null;
      void turn.push(message);
      turn.succeed();
      turn.drain();
    };
    // A turn's entries are in the store before its result reaches the caller: a worker killed then loses nothing.
    // Reading waits meanwhile (the promise returned), and the turn stays current: a batch the store refuses is told
    // in it (`system/mirror_error`).
    const mirror = this.#store?.mirror;
    if (mirror === undefined || !mirror.busy) return end();
    return mirror.flush().then(end);
  }

  /**
   * Whether `message` is part of the current turn (`mine`): the CLI tags some of a prompt's messages with its uuid
   * (`system/init`, the first assistant message, the result); the rest belong to the turn it is printing, which a
   * prompt's `command_lifecycle` "started" or a `system/init` begins. Between turns, what a CLI that names prompts
   * prints is nobody's; with a CLI that names none (before 2.1.332) everything is the current turn's.
   */
  #owns(message: Message, connection: Connection, mine: { readonly uuid: string } | null): boolean {
    if (mine === null) return false;
    const tags = message.user_message_uuids;
    if (Array.isArray(tags)) return tags.includes(mine.uuid);
    const printing = this.#printing?.connection === connection ? this.#printing : null;
    return printing !== null ? printing.ours : !this.#namesPrompts;
  }

  /**
   * With `sessionStore`: makes the mirror (once), and before a CLI resumes a session by id, writes the stored
   * transcript where the CLI reads it (`restoreSessionFromStore`), unless the local file holds it all already.
   */
  async #restoreFromStore(runtime: Runtime): Promise<void> {
    const store = this.#options.sessionStore;
    if (store === undefined) return;
    const timeoutMs = this.#options.storeTimeout ?? DEFAULT_STORE_TIMEOUT_MS;
    if (this.#store === null) {
      const { configDir, env, cwd = runtime.cwd(), projectKey } = this.#options;
      // where the CLI keeps the session file: as `conversation()` reads it (its config dir, its project folder)
      const { projectsDir } = await resolveHistory({ configDir: configDir ?? (env?.CLAUDE_CONFIG_DIR || undefined) });
      const project = encodeProjectPath(await runtime.files.realPath(cwd).catch(() => cwd));
      const key = projectKey ?? project;
      const mirror = new TranscriptMirror({
        store,
        projectKey: key,
        appendTimeoutMs: timeoutMs,
        onDropped: (error, storeKey) => this.#mirrorFailed(error, storeKey),
      });
      this.#store = { mirror, projectKey: key, projectDir: joinPath(projectsDir, project) };
    }
    const id = this.#launch.resume;
    if (!isUuid(id)) return;
    const { projectKey, projectDir } = this.#store;
    await restoreSessionFromStore(id, { store, projectKey, projectDir, timeoutMs, files: runtime.files });
  }

  /** A mirrored batch the store did not take: reported, and told in the turn (the official SDK's `mirror_error`). */
  #mirrorFailed(error: ClaudeCodeErrorOf<"STORE_ERROR">, key: SessionKey): void {
    this.#report(error);
    const message: Message = {
      type: "system",
      subtype: "mirror_error",
      error: error.message,
      key,
      uuid: crypto.randomUUID(),
      session_id: this.#sessionId ?? key.sessionId,
    };
    const current = this.#current;
    if (current !== null) void current.turn.push(message);
    else this.#background?.(message);
  }

  /** The CLI of the `starting` or `ready` state, if any. */
  #liveConnection(): Connection | null {
    const life = this.#life;
    return life.state === "ready" ? life.connection : life.state === "starting" ? life.connection : null;
  }

  /** The CLI named the conversation: later CLIs of this session resume it. An id of the wrong shape is refused. */
  #follow(init: Message & { session_id: unknown }): void {
    const id = init.session_id;
    if (typeof id !== "string" || !SESSION_ID.test(id)) {
      this.#report(invalidMessageError({
        subject: "the CLI's system/init",
        issues: [`session_id: an id of letters, digits, "-" and "_" is expected, got ${JSON.stringify(id)}`],
        type: "system",
      }));
      return;
    }
    this.#sessionId = id;
    this.#launch = { resume: id };
  }

  #onClose(connection: Connection, close: ConnectionClose): void {
    const current = this.#current;
    if (current !== null && current.connection === connection) {
      this.#current = null;
      current.turn.fail(exitError("the CLI ended during the turn", close, this.#sessionId));
      current.turn.drain();
    }
    const life = this.#life;
    if ((life.state === "ready" || life.state === "starting") && life.connection === connection) {
      this.#move(life, { state: "idle" });
    }
    if (!close.expected && this.alive) {
      const onCrash = this.#guarded("onCrash", this.#options.onCrash);
      onCrash?.(exitError("the CLI exited", close, this.#sessionId));
    }
  }

  /**
   * Sends a control request to the CLI that is ready, or about to be, and resolves with its answer; undefined when
   * no CLI runs (a setting then reaches the next CLI through its options).
   */
  async #control(request: ControlRequest): Promise<Record<string, unknown> | undefined> {
    const life = this.#life;
    if (!this.alive) throw sessionStoppedError();
    let connection: Connection;
    if (life.state === "ready") connection = life.connection;
    else if (life.state === "starting") connection = await life.ready;
    else return undefined;
    if (connection.exited) return undefined;
    return await connection.request(request, this.#controlTimeoutMs());
  }

  /** A control query that needs a CLI: one is started when none runs; `NO_RESULT` when it ends before answering. */
  async #query(request: ControlRequest): Promise<Record<string, unknown>> {
    await this.start();
    const answer = await this.#control(request);
    if (answer !== undefined) return answer;
    throw noResultError(`the CLI ended before it answered ${request.subtype}`, {});
  }

  /** Hands an error that ends nothing to `onError` (else `console.error`); never throws. */
  #report(error: ClaudeCodeError | Error): void {
    const onError = this.#options.onError;
    const reported = isClaudeCodeError(error) ? error : callbackError("session", error);
    try {
      if (onError === undefined) console.error(reported);
      else onError(reported);
    } catch (failure) {
      console.error(callbackError("onError", failure));
    }
  }

  /** `callback`, made unable to throw into the session: what it throws is reported as a `CALLBACK_ERROR`. */
  #guarded<A extends unknown[]>(name: string, callback: ((...args: A) => void) | undefined) {
    if (callback === undefined) return undefined;
    return (...args: A): void => {
      try {
        callback(...args);
      } catch (error) {
        this.#report(callbackError(name, error));
      }
    };
  }

  #controlTimeoutMs(): number {
    return this.#options.controlTimeout ?? DEFAULT_CONTROL_TIMEOUT_MS;
  }

  #graceMs(): number {
    return this.#options.shutdownGraceMs ?? 2_000;
  }
}

/** The bound on each store call, unless `storeTimeout` says otherwise. */
const DEFAULT_STORE_TIMEOUT_MS = 10_000;

/** How long the CLI may take to answer a control request, unless `controlTimeout` says otherwise. */
const DEFAULT_CONTROL_TIMEOUT_MS = 60_000;

/** The shape of a session id the session acts on (the CLI's are UUIDs): safe as a `--resume` argument. */
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Resolves or rejects as `promise` does, or rejects with the signal's reason as soon as it is aborted. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
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

/** The stdin line of a prompt, sent with `uuid`; `INVALID_OPTION` for a prompt that is not text or content blocks. */
function promptLine(prompt: string | AnyContentBlock[], uuid: string): string {
  if (typeof prompt !== "string" && !Array.isArray(prompt)) {
    throw invalidOptionError("prompt", "prompt must be a string or an array of content blocks");
  }
  // The CLI drops a line with a block it cannot read without a word (no turn would start): refuse it here.
  if (Array.isArray(prompt)) checkPromptBlocks(prompt);
  try {
    return encodeUserMessage(prompt, { uuid });
  } catch (cause) {
    throw invalidOptionError("prompt", `prompt cannot be encoded as JSON: ${(cause as Error).message}`, cause);
  }
}
