/**
 * One running CLI process: its stdin as a line writer, its stdout as messages handed to the session,
 * control requests matched to their responses, the tail of stderr, and an orderly shutdown.
 * @module
 */
import { controlError, noResultError, processExitError } from "../error_constructors.ts";
import type { ClaudeCodeError, ClaudeCodeErrorOf, ErrorDetailsByCode } from "../errors.ts";
import type { LineHandler } from "../protocol/line_splitter.ts";
import { LineSplitter } from "../protocol/line_splitter.ts";
import type { MessageDecoderOptions } from "../protocol/message_decoder_stream.ts";
import type { ControlRequest, ControlResponseMessage, Message } from "../protocol/messages.ts";
import { isControlResponse } from "../protocol/message_guards.ts";
import { MessageDecoder } from "../protocol/message_decoder_stream.ts";
import { createRequestId, encodeControlRequest } from "../protocol/stdin_encoders.ts";
import type { ProcessAdapter, ProcessExit } from "../runtime/types.ts";
import type { CliCommand } from "./cli_command.ts";
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

/** Where a connection delivers what the CLI prints. */
export interface ConnectionHandlers {
  /** Every stdout message except control responses; a returned promise pauses reading (backpressure). */
  onMessage(message: Message): void | Promise<void>;
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
  /** Writes one stdin line; false when the pipe is gone (the close tells why). */
  write(line: string): Promise<boolean>;
  /** Sends a control request and resolves with the CLI's response payload. */
  request(request: ControlRequest): Promise<Record<string, unknown>>;
  /** Resolves once the process has exited and stdout is drained. */
  readonly closed: Promise<ConnectionClose>;
  readonly isClosed: boolean;
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

interface Pending {
  resolve(response: Record<string, unknown>): void;
  reject(error: ClaudeCodeError): void;
}

/**
 * Spawns the CLI and starts reading it. Throws `CLI_NOT_FOUND` when it cannot be started.
 *
 * @example
 * ```ts
 * import { openConnection } from "./cli_connection.ts";
 * import { cliCommand } from "./cli_command.ts";
 * import { currentRuntime } from "../runtime/current.ts";
 * const runtime = await currentRuntime();
 * const connection = openConnection(runtime.processes, cliCommand({}, {}, runtime), { onMessage: (m) => console.log(m.type) });
 * await connection.request({ subtype: "initialize" });
 * await connection.shutdown(2000);
 * ```
 */
export function openConnection(adapter: ProcessAdapter, command: CliCommand, handlers: ConnectionHandlers): Connection {
  handlers = traced(handlers);
  handlers.trace?.(`spawn ${JSON.stringify([command.command, ...command.args])} cwd=${command.cwd ?? "."}`);
  const child = adapter.spawn(command.command, command.args, { env: command.env, cwd: command.cwd });
  const writer = child.stdin.getWriter();
  writer.closed.catch(() => {});
  const encoder = new TextEncoder();
  const pending = new Map<string, Pending>();
  const stderr = readStderr(child.stderr, handlers.onStderrLine);
  const stopReading = new AbortController();
  let expected = false;
  let stdoutClosedEarly = false;
  let isClosed = false;

  const pumped = pump(child.stdout, handlers, pending, stopReading.signal);
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
    const error = exitError("the CLI exited before answering a control request", close);
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
    return close;
  })();

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

  return {
    pid: child.pid,
    write,
    get isClosed() {
      return isClosed;
    },
    closed,
    request(request) {
      if (isClosed) {
        return Promise.reject(
          exitError("the CLI is not running", { exit: { code: null, signal: null }, stderrTail: stderr.tail() }),
        );
      }
      const id = createRequestId();
      const answer = new Promise<Record<string, unknown>>((resolve, reject) => pending.set(id, { resolve, reject }));
      void write(encodeControlRequest(request, id));
      return answer;
    },
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
    trace,
    onMessage: handlers.onMessage,
    onStderrLine: (line) => (trace(`stderr ${line}`), handlers.onStderrLine?.(line)),
    onProtocolError: (error) => (trace(`skipped ${error.code}: ${error.message}`), handlers.onProtocolError?.(error)),
  };
}

async function pump(
  stdout: ReadableStream<Uint8Array>,
  handlers: ConnectionHandlers,
  pending: Map<string, Pending>,
  signal: AbortSignal,
): Promise<void> {
  const { onMessage } = handlers;
  const reader = stdout.getReader();
  signal.addEventListener("abort", () => void reader.cancel().catch(() => {}), { once: true });
  const lines = new MessageDecoder({ onError: handlers.onProtocolError });
  // The last wait a message asked for: the turn's caller is behind, so stop reading until it catches up.
  let wait: void | Promise<void> = undefined;
  const { trace } = handlers;
  const route = (message: Message) => {
    if (trace !== undefined) trace(`< ${JSON.stringify(message)}`);
    if (isControlResponse(message)) settle(pending, message);
    else wait = onMessage(message) ?? wait;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      lines.push(value, route);
      if (wait !== undefined) {
        await wait;
        wait = undefined;
      }
    }
    lines.end(route);
  } catch {
    // stdout failed or was cancelled: the same as its end for the session.
  }
}

function settle(pending: Map<string, Pending>, message: ControlResponseMessage): void {
  const response = message.response;
  const entry = response?.request_id === undefined ? undefined : pending.get(response.request_id);
  if (entry === undefined || response === undefined) return;
  pending.delete(response.request_id);
  if (response.subtype === "error") {
    entry.reject(controlError(response.request_id, response.error));
  } else {
    entry.resolve(response.response ?? {});
  }
}

function readStderr(stream: ReadableStream<Uint8Array>, onLine?: (line: string) => void) {
  let tail = "";
  const lines = onLine === undefined ? undefined : stderrLines(onLine);
  const decoder = new TextDecoder();
  const done = (async () => {
    try {
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
        tail = (tail + decoder.decode(chunk, { stream: true })).slice(-STDERR_TAIL_CHARS);
        lines?.push(chunk);
      }
    } catch {
      // stderr is best effort.
    }
    lines?.end();
  })();
  return { done, tail: () => tail };
}

/**
 * Splits stderr into the lines handed to the user's callback. A line longer than {@link STDERR_LINE_CHARS} is cut
 * (and says so): the splitter lets the rest go as it comes, so a CLI that writes megabytes without a newline costs
 * linear time and bounded memory.
 */
function stderrLines(onLine: (line: string) => void) {
  const lines = new LineSplitter({ cutLinesAt: STDERR_LINE_CHARS, dropBom: true });
  const tellLine: LineHandler = (line, _number, _terminated, cut) =>
    tell(onLine, cut > 0 ? `${line}... (${cut} more characters cut)` : line);
  return {
    push: (chunk: Uint8Array) => lines.push(chunk, tellLine),
    end: () => lines.end(tellLine),
  };
}

/** Calls the user's stderr callback; its failure must not stop the draining of stderr (a full pipe blocks the CLI). */
function tell(onLine: (line: string) => void, line: string): void {
  try {
    onLine(line);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
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
