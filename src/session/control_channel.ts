/**
 * The control protocol of one CLI process, both directions: requests we send (an id each, a timeout, the answer
 * matched back) and requests the CLI sends (dispatched by subtype to a handler, answered once, aborted when the CLI
 * withdraws them or goes away). A line that is control traffic but malformed is reported and, when it carries an
 * id, answered with an error: it never throws into the reader.
 * @module
 */
import { controlError, invalidMessageError, timeoutError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import type { ControlRequest, Message } from "../protocol/messages.ts";
import {
  createRequestId,
  encodeControlError,
  encodeControlRequest,
  encodeControlResponse,
} from "../protocol/stdin_encoders.ts";
import { startTimer } from "./timer.ts";

/** What a handler of an incoming request is given besides the request. */
export interface ControlHandlerContext {
  /** Aborted when the CLI withdraws the request (`control_cancel_request`), the turn ends, or the CLI exits. */
  signal: AbortSignal;
  /** The CLI's id of the request. */
  requestId: string;
  /** Tells the session of a failure that still gets a success answer (a tool's handler that threw). */
  report?: ((error: ClaudeCodeError | Error) => void) | undefined;
}

/**
 * Answers one kind of request from the CLI; what it returns is the `response` payload, what it throws is sent as
 * the error answer (and reported).
 */
export type ControlHandler = (
  request: { subtype: string; [key: string]: unknown },
  context: ControlHandlerContext,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Where a channel writes and whom it tells. */
export interface ControlChannelOptions {
  /** Writes one stdin line; false when stdin is gone. */
  write(line: string): Promise<boolean>;
  /** The handler of each incoming subtype; an unknown subtype gets an error answer. */
  handlers: Readonly<Record<string, ControlHandler>>;
  /** Told of malformed control traffic and of handlers that failed; the channel goes on. */
  report(error: ClaudeCodeError | Error): void;
}

/** The control protocol of one CLI process. */
export interface ControlChannel {
  /** Sends a request and resolves with the CLI's payload; `CONTROL_ERROR` for its error, `TIMEOUT` after `timeoutMs`. */
  request(request: ControlRequest, timeoutMs: number): Promise<Record<string, unknown>>;
  /** Takes a control line from stdout (true), or leaves any other message to the caller (false). */
  receive(message: Message): boolean;
  /** How many of our requests wait for an answer: while any does, stdout must be read. */
  readonly awaiting: number;
  /** Resolves when we next send a request (a paused reader then reads on, to find its answer). */
  readonly nextRequest: Promise<void>;
  /** Aborts the handlers running for the CLI's requests (their turn ended); their answers are no longer sent. */
  abortHandlers(reason: unknown): void;
  /** The CLI is gone: rejects every request still waiting with `error`, aborts every handler. */
  close(error: ClaudeCodeError): void;
}

interface Outgoing {
  resolve(response: Record<string, unknown>): void;
  reject(error: ClaudeCodeError): void;
  cancelTimer(): void;
}

/**
 * A control channel writing through `options.write`; feed it every stdout message with `receive`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlChannel } from "./control_channel.ts";
 * const sent: string[] = [];
 * const channel = createControlChannel({
 *   write: async (line) => (sent.push(line), true),
 *   handlers: { ping: () => ({ pong: true }) },
 *   report: console.error,
 * });
 * assert.equal(channel.receive({ type: "control_request", request_id: "r1", request: { subtype: "ping" } }), true);
 * await new Promise((resolve) => setTimeout(resolve, 0));
 * assert.match(sent[0], /"pong":true/);
 * ```
 */
export function createControlChannel(options: ControlChannelOptions): ControlChannel {
  const { write, handlers, report } = options;
  // Our requests, by the id we gave them, until answered, timed out or the CLI exits.
  const outgoing = new Map<string, Outgoing>();
  // The CLI's requests being handled, by its id; aborting one means its answer is not sent.
  const incoming = new Map<string, AbortController>();
  let closedWith: ClaudeCodeError | undefined;
  let requested!: () => void;
  let nextRequest = new Promise<void>((resolve) => (requested = resolve));

  const settle = (message: Message) => {
    const response = message.response;
    if (!isRecord(response) || typeof response.request_id !== "string") {
      return report(malformed("control_response", "response.request_id: a string is expected"));
    }
    const entry = outgoing.get(response.request_id);
    if (entry === undefined) return; // answered after its timeout, or not ours
    outgoing.delete(response.request_id);
    entry.cancelTimer();
    if (response.subtype === "error") {
      entry.reject(controlError(response.request_id, typeof response.error === "string" ? response.error : undefined));
    } else {
      const payload = response.response;
      entry.resolve(payload !== null && typeof payload === "object" ? payload as Record<string, unknown> : {});
    }
  };

  const handle = async (message: Message) => {
    const id = message.request_id;
    const request = message.request;
    if (typeof id !== "string" || !isRecord(request) || typeof request.subtype !== "string") {
      report(malformed("control_request", "request_id and request.subtype: strings are expected"));
      if (typeof id === "string") await write(encodeControlError(id, "malformed control_request: no request subtype"));
      return;
    }
    const handler = Object.hasOwn(handlers, request.subtype) ? handlers[request.subtype] : undefined;
    if (handler === undefined) {
      await write(encodeControlError(id, `Unsupported control request subtype: ${request.subtype}`));
      return;
    }
    const controller = new AbortController();
    incoming.set(id, controller);
    try {
      const answer = await handler({ ...request, subtype: request.subtype }, {
        signal: controller.signal,
        requestId: id,
        report,
      });
      if (!controller.signal.aborted) await write(encodeControlResponse(id, answer));
    } catch (error) {
      if (!controller.signal.aborted) {
        report(error instanceof Error ? error : new Error(String(error)));
        await write(encodeControlError(id, error instanceof Error ? error.message : String(error)));
      }
    } finally {
      incoming.delete(id);
    }
  };

  return {
    get awaiting() {
      return outgoing.size;
    },
    get nextRequest() {
      return nextRequest;
    },
    request(request, timeoutMs) {
      if (closedWith !== undefined) return Promise.reject(closedWith);
      const id = createRequestId();
      return new Promise((resolve, reject) => {
        const cancelTimer = startTimer(() => {
          outgoing.delete(id);
          reject(timeoutError(timeoutMs, `the CLI's answer to ${request.subtype}`));
        }, timeoutMs);
        outgoing.set(id, { resolve, reject, cancelTimer });
        void write(encodeControlRequest(request, id));
        requested();
        nextRequest = new Promise<void>((resolve) => (requested = resolve));
      });
    },
    receive(message) {
      switch (message.type) {
        case "control_response":
          settle(message);
          return true;
        case "control_request":
          void handle(message);
          return true;
        case "control_cancel_request":
          if (typeof message.request_id === "string") incoming.get(message.request_id)?.abort();
          return true;
        default:
          return false;
      }
    },
    abortHandlers(reason) {
      for (const controller of incoming.values()) controller.abort(reason);
    },
    close(error) {
      closedWith = error;
      for (const entry of outgoing.values()) {
        entry.cancelTimer();
        entry.reject(error);
      }
      outgoing.clear();
      for (const controller of incoming.values()) controller.abort(error);
    },
  };
}

function malformed(type: string, issue: string): ClaudeCodeError {
  return invalidMessageError({ subject: `a ${type} from the CLI`, issues: [issue], type });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
