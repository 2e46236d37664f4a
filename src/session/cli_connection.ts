/**
 * One running CLI process: its stdin as a line writer, its stdout as messages handed to the session, its control
 * channel (see `control_channel.ts`), the tail of stderr, and an orderly shutdown.
 * @module
 */
import { callbackError, noResultError, processExitError } from "../error_constructors.ts";
import type { ClaudeCodeError, ClaudeCodeErrorOf, ErrorDetailsByCode } from "../errors.ts";
import type { LineHandler } from "../protocol/line_splitter.ts";
import { LineSplitter } from "../protocol/line_splitter.ts";
import type { MessageDecoderOptions } from "../protocol/message_decoder_stream.ts";
import type { ControlRequest, Message } from "../protocol/messages.ts";
import { MessageDecoder } from "../protocol/message_decoder_stream.ts";
import type { ProcessAdapter, ProcessExit } from "../runtime/types.ts";
import type { CliCommand } from "./cli_command.ts";
import { type ControlChannel, type ControlHandler, createControlChannel } from "./control_channel.ts";
import { sessionNotFound } from "./session_not_found.ts";
import { startTimer } from "./timer.ts";

/** How a CLI process ended. */
export interface ConnectionClose {
  exit: ProcessExit;
  /** The last lines of stderr. */
  stderrTail: string;
  /** Whether the session asked it to end (stop, clear, a forced interrupt). */
  expected: boolean;
  /** Whether it was killed because it closed stdout and went on running. */
  stdoutClosedEarly: boolean;
}

/** Where a connection delivers what the CLI prints, and how it answers the CLI's control requests. */
export interface ConnectionHandlers {
  /** Every stdout message except control traffic; a returned promise pauses reading (backpressure). */
  onMessage(message: Message): void | Promise<void>;
  /** The handler of each control request subtype the CLI may send (`can_use_tool`, `hook_callback`...). */
  control?: Readonly<Record<string, ControlHandler>>;
  /** Told of what went wrong without ending the CLI: a callback that threw, malformed control traffic. */
  report(error: ClaudeCodeError | Error): void;
  /** Every stderr line. */
  onStderrLine?(line: string): void;
  /** Every stdout line that is not a message; it is skipped. */
  onProtocolError?: MessageDecoderOptions["onError"];
  /** When set, told the argv and every line sent and received (see `debug_log.ts`). */
  trace?(line: string): void;
}

/** A running CLI process. */
export interface Connection {
  readonly pid: number | undefined;
  /** Writes one stdin line; false when the pipe is gone. */
  write(line: string): Promise<boolean>;
  /** Sends a control request and resolves with the CLI's payload (`TIMEOUT` after `timeoutMs`, killing nothing). */
  request(request: ControlRequest, timeoutMs: number): Promise<Record<string, unknown>>;
  /** Aborts the handlers of the CLI's control requests still running (their turn ended). */
  abortHandlers(reason: unknown): void;
  /** Resolves once the process has exited and stdout is drained. */
  readonly closed: Promise<ConnectionClose>;
  /** Whether `closed` has resolved. */
  readonly isClosed: boolean;
  /** Whether the process has exited (stdout may still be draining): no new turn may be sent to it. */
  readonly exited: boolean;
  /** Closes stdin, waits `graceMs`, SIGTERM, waits `graceMs`, SIGKILL; resolves when the process is gone. */
  shutdown(graceMs: number): Promise<ConnectionClose>;
  /** SIGKILL now; the close counts as expected. */
  kill(): void;
}

const STDERR_TAIL_CHARS = 4000;
/** The longest stderr line handed to the `stderr` callback; the rest of a longer one is cut. */
const STDERR_LINE_CHARS = 64 * 1024;
const DRAIN_AFTER_EXIT_MS = 1000;
const EXIT_AFTER_STDOUT_MS = 2000;

/**
 * Spawns the CLI and starts reading it. Throws `CLI_NOT_FOUND` when it cannot be started.
 *
 * @example
 * ```ts
 * import { openConnection } from "./cli_connection.ts";
 * import { cliCommand } from "./cli_command.ts";
 * import { currentRuntime } from "../runtime/current.ts";
 * const runtime = await currentRuntime();
 * const connection = openConnection(runtime.processes, cliCommand({}, {}, runtime), {
 *   onMessage: (m) => console.log(m.type),
 *   report: console.error,
 * });
 * await connection.request({ subtype: "initialize" }, 60_000);
 * await connection.shutdown(2000);
 * ```
 */
export function openConnection(adapter: ProcessAdapter, command: CliCommand, handlers: ConnectionHandlers): Connection {
  handlers = traced(handlers);
  handlers.trace?.(`spawn ${JSON.stringify([command.command, ...command.args])} cwd=${command.cwd ?? "."}`);
  // A group of its own: the servers and tasks the CLI starts end with it, also when it is killed.
  const child = adapter.spawn(command.command, command.args, {
    env: command.env,
    cwd: command.cwd,
    processGroup: true,
  });
  const writer = child.stdin.getWriter();
  writer.closed.catch(() => {});
  const encoder = new TextEncoder();
  const stderr = readStderr(child.stderr, handlers);
  const stopReading = new AbortController();
  let expected = false;
  let stdoutClosedEarly = false;
  let isClosed = false;
  let exited = false;
  void child.exited.then(() => (exited = true));

  const write = async (line: string): Promise<boolean> => {
    if (isClosed) return false;
    handlers.trace?.(`> ${line.trimEnd()}`);
    try {
      await writer.write(encoder.encode(line));
      return true;
    } catch {
      return false;
    }
  };
  const channel = createControlChannel({ write, handlers: handlers.control ?? {}, report: handlers.report });

  const pumped = pump(child.stdout, handlers, channel, stopReading.signal);
  const closed = (async (): Promise<ConnectionClose> => {
    const first = await Promise.race([pumped.then(() => "stdout" as const), child.exited.then(() => "exit" as const)]);
    if (first === "stdout" && (await within(child.exited, EXIT_AFTER_STDOUT_MS)) === undefined) {
      stdoutClosedEarly = true;
      child.kill("SIGKILL");
    }
    const exit = await child.exited;
    // A grandchild may hold stdout open after the CLI is gone: read what is buffered, then let go.
    if ((await within(pumped, DRAIN_AFTER_EXIT_MS)) === undefined) stopReading.abort();
    await pumped;
    await within(stderr.done, DRAIN_AFTER_EXIT_MS);
    isClosed = true;
    const close = { exit, stderrTail: stderr.tail(), expected, stdoutClosedEarly };
    channel.close(exitError("the CLI exited before answering a control request", close));
    return close;
  })();

  return {
    pid: child.pid,
    write,
    get isClosed() {
      return isClosed;
    },
    get exited() {
      return exited;
    },
    closed,
    request: (request, timeoutMs) => channel.request(request, timeoutMs),
    abortHandlers: (reason) => channel.abortHandlers(reason),
    async shutdown(graceMs) {
      expected = true;
      await within(writer.close().catch(() => {}), graceMs);
      if ((await within(child.exited, graceMs)) === undefined) {
        child.kill("SIGTERM");
        if ((await within(child.exited, graceMs)) === undefined) child.kill("SIGKILL");
      }
      return await closed;
    },
    kill() {
      expected = true;
      child.kill("SIGKILL");
    },
  };
}

/** With a `trace`, handlers that also trace what they receive; without one, the handlers untouched (no cost). */
function traced(handlers: ConnectionHandlers): ConnectionHandlers {
  const trace = handlers.trace;
  if (trace === undefined) return handlers;
  return {
    ...handlers,
    onStderrLine: (line) => (trace(`stderr ${line}`), handlers.onStderrLine?.(line)),
    onProtocolError: (error) => (trace(`skipped ${error.code}: ${error.message}`), handlers.onProtocolError?.(error)),
  };
}

/**
 * Reads stdout to its end: control traffic goes to the channel, every other message to `onMessage`. While the turn's
 * caller is behind (`onMessage` returned a promise) reading pauses, except while a control request of ours waits for
 * its answer: the control channel never waits for a turn's consumer.
 */
async function pump(
  stdout: ReadableStream<Uint8Array>,
  handlers: ConnectionHandlers,
  channel: ControlChannel,
  signal: AbortSignal,
): Promise<void> {
  const { onMessage, trace } = handlers;
  const reader = stdout.getReader();
  signal.addEventListener("abort", () => void reader.cancel().catch(() => {}), { once: true });
  const lines = new MessageDecoder({ onError: handlers.onProtocolError });
  // The last wait a message asked for: the turn's caller is behind, so stop reading until it catches up.
  let wait: Promise<void> | undefined;
  const route = (message: Message) => {
    if (trace !== undefined) trace(`< ${JSON.stringify(message)}`);
    if (!channel.receive(message)) wait = onMessage(message) ?? wait;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      lines.push(value, route);
      while (wait !== undefined && channel.awaiting === 0) {
        const caughtUp = wait.then(() => true);
        if (await Promise.race([caughtUp, channel.nextRequest.then(() => false)])) wait = undefined;
      }
    }
    lines.end(route);
  } catch {
    // stdout failed or was cancelled: the same as its end for the session.
  }
}

/** The stderr tail and, with a `stderr` callback, every line; one decoding (the splitter's) serves both. */
function readStderr(stream: ReadableStream<Uint8Array>, handlers: ConnectionHandlers) {
  const { onStderrLine: onLine, report } = handlers;
  const tail = new TextTail(STDERR_TAIL_CHARS);
  const lines = new LineSplitter({ cutLinesAt: STDERR_LINE_CHARS, dropBom: true });
  const tellLine: LineHandler = (line, _number, terminated, cut) => {
    const text = cut > 0 ? `${line}... (${cut} more characters cut)` : line;
    tail.add(terminated ? `${text}\n` : text);
    if (onLine === undefined) return;
    // The callback's failure must not stop the draining of stderr (a full pipe blocks the CLI).
    try {
      onLine(text);
    } catch (error) {
      report(callbackError("stderr", error));
    }
  };
  const done = (async () => {
    try {
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) lines.push(chunk, tellLine);
    } catch {
      // stderr is best effort.
    }
    lines.end(tellLine);
  })();
  return { done, tail: () => tail.text() };
}

/** The last `chars` characters of what was added, kept as pieces so each add costs its own length only. */
class TextTail {
  #pieces: string[] = [];
  #length = 0;
  constructor(readonly chars: number) {}
  add(piece: string): void {
    this.#pieces.push(piece);
    this.#length += piece.length;
    while (this.#pieces.length > 1 && this.#length - this.#pieces[0].length >= this.chars) {
      this.#length -= this.#pieces.shift()!.length;
    }
  }
  text(): string {
    return this.#pieces.join("").slice(-this.chars);
  }
}

/**
 * The error of a turn or request cut short by the CLI's exit: `PROCESS_EXIT` with the exit code, signal and
 * stderr tail, `NO_RESULT` when the CLI ended normally (or closed stdout) without finishing the turn, or
 * `SESSION_NOT_FOUND` when its stderr says it could not resume the conversation asked for (see `session_not_found.ts`).
 *
 * @example
 * ```ts
 * import { exitError } from "./cli_connection.ts";
 * exitError("turn failed", { exit: { code: 1, signal: null }, stderrTail: "boom" }).code; // "PROCESS_EXIT"
 * ```
 */
export function exitError(
  what: string,
  close: Pick<ConnectionClose, "exit" | "stderrTail"> & { stdoutClosedEarly?: boolean },
  sessionId?: string | null,
): ClaudeCodeErrorOf<"SESSION_NOT_FOUND" | "NO_RESULT" | "PROCESS_EXIT"> {
  const { code, signal } = close.exit;
  const details: ErrorDetailsByCode["PROCESS_EXIT"] = {
    exitCode: code,
    signal,
    stderrTail: close.stderrTail,
    ...(sessionId ? { sessionId } : {}),
  };
  const missing = sessionNotFound({ exit: details });
  if (missing !== undefined) return missing;
  if (close.stdoutClosedEarly || (code === 0 && signal === null)) {
    return noResultError(`${what}: stdout ended without a result`, details);
  }
  return processExitError(what, details);
}

/** Resolves with the promise's value, or undefined after `ms` (never for `Infinity`). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let cancel = () => {};
  const timeout = new Promise<undefined>((resolve) => (cancel = startTimer(() => resolve(undefined), ms)));
  return Promise.race([promise, timeout]).finally(cancel);
}
