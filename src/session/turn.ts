/**
 * One turn of a session: the stream handed to the caller, which gets exactly one outcome (closed after the
 * `result`, errored, or cancelled by the caller), and the moment the CLI is done with it (drained), which can
 * come later, e.g. after an interrupt.
 * @module
 */
import type { AnyContentBlock, Message } from "../protocol/messages.ts";

/** A queued or running turn. */
export interface Turn {
  readonly prompt: string | AnyContentBlock[];
  /** What `session.stream()` returned. */
  readonly stream: ReadableStream<Message>;
  /** Whether the caller has its outcome. */
  readonly settled: boolean;
  /** Resolves once the CLI has finished the turn (or the turn never reached it). */
  readonly drained: Promise<void>;
  /** Hands a message to the caller; a returned promise resolves when the caller wants more. */
  push(message: Message): Promise<void> | undefined;
  /** Ends the stream normally. */
  succeed(): void;
  /** Ends the stream with an error. */
  fail(error: unknown): void;
  /** Marks the CLI done with this turn. */
  drain(): void;
}

// A high-water mark of 1 makes the stream call `pull` only when the caller has emptied the queue, not after every
// read; the turn does its own backpressure at MAX_BUFFERED queued messages and resumes once the caller caught up.
const HIGH_WATER_MARK = 1;
const MAX_BUFFERED = 256;

/**
 * A turn whose stream calls `onCancel` when the caller cancels it before its outcome.
 *
 * @example
 * ```ts
 * import { createTurn } from "./turn.ts";
 * const turn = createTurn("Hello", () => {});
 * turn.push({ type: "result", subtype: "success" });
 * turn.succeed();
 * ```
 */
export function createTurn(prompt: string | AnyContentBlock[], onCancel: () => void): Turn {
  let controller!: ReadableStreamDefaultController<Message>;
  let settled = false;
  let wakeUp: (() => void) | undefined;
  let waiting: Promise<void> | undefined;
  let markDrained!: () => void;
  const drained = new Promise<void>((resolve) => (markDrained = resolve));
  const wake = () => {
    const resolve = wakeUp;
    wakeUp = undefined;
    waiting = undefined;
    resolve?.();
  };
  const settle = (end: () => void) => {
    if (settled) return;
    settled = true;
    end();
    wake();
  };
  const stream = new ReadableStream<Message>({
    start(c) {
      controller = c;
    },
    pull: wake,
    cancel() {
      if (settled) return;
      settled = true;
      wake();
      onCancel();
    },
  }, { highWaterMark: HIGH_WATER_MARK });
  return {
    prompt,
    stream,
    get settled() {
      return settled;
    },
    drained,
    push(message) {
      if (settled) return undefined;
      controller.enqueue(message);
      if ((controller.desiredSize ?? 1) > HIGH_WATER_MARK - MAX_BUFFERED) return undefined;
      // One promise for every push while the caller is behind, so no waiter is ever orphaned.
      waiting ??= new Promise<void>((resolve) => (wakeUp = resolve));
      return waiting;
    },
    succeed: () => settle(() => controller.close()),
    fail: (error) => settle(() => controller.error(error)),
    drain: markDrained,
  };
}
