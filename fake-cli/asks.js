// @ts-check
/**
 * The control requests the fake sends the SDK (`can_use_tool` with `--permission-prompt-tool stdio`) and the
 * answers it waits for. Once stdin is closed nobody can answer: what waits is denied, so the turn can end.
 * @module
 */
import { randomUUID } from "node:crypto";
import { emit } from "./output.js";

/** The answer to a request that can no longer be answered. */
const STDIN_CLOSED = { behavior: "deny", message: "stdin closed before the permission request was answered" };

/**
 * The SDK's answer (a `control_response`'s `response`, JSON as the SDK sent it: untyped), or a denial the fake
 * makes up; undefined when the turn was interrupted while waiting.
 * @typedef {Record<string, any> | undefined} SdkAnswer
 */

/**
 * @typedef {object} FakeAsks
 * @property {Map<string, (answer: SdkAnswer, response?: Record<string, any>) => void>} pending the requests waiting
 *   for an answer, by request id (`response`: the whole `control_response` payload, when there is one)
 * @property {boolean} stdinClosed
 */

/**
 * No request asked yet.
 *
 * @example
 * ```js
 * import { createAsks } from "./asks.js";
 * createAsks().pending.size; // 0
 * ```
 * @returns {FakeAsks}
 */
export function createAsks() {
  return { pending: new Map(), stdinClosed: false };
}

/**
 * Sends a control request to the SDK and waits for its answer (undefined if `signal` aborts first). With `raw`, the
 * answer is the `control_response`'s whole `response` (`{ subtype: "success", response }` or `{ subtype: "error",
 * error }`), so an error answer can be told from a denial (hook callbacks); undefined once stdin is closed.
 *
 * @example
 * ```js
 * // Used by turn.js: const answer = await askSdk(fake, canUseToolRequest(...), turn.abort.signal);
 * ```
 * @param {import("./fake_process.js").FakeProcess} fake
 * @param {object} request
 * @param {AbortSignal} signal
 * @param {{ raw?: boolean }} [options]
 * @returns {Promise<SdkAnswer>}
 */
export function askSdk(fake, request, signal, options = {}) {
  const { asks } = fake;
  const requestId = randomUUID();
  return new Promise((resolve) => {
    if (asks.stdinClosed) {
      resolve(options.raw ? undefined : STDIN_CLOSED);
      return;
    }
    asks.pending.set(requestId, options.raw ? (_answer, response) => resolve(response) : resolve);
    signal.addEventListener("abort", () => resolve(undefined), { once: true });
    void emit(fake, { type: "control_request", request_id: requestId, request });
  });
}

/**
 * Hands a `control_response` line's answer to the request waiting for it (an error response is a denial).
 *
 * @example
 * ```js
 * // Used by core.js for each control_response line on stdin: answerAsk(fake.asks, message.response);
 * ```
 * @param {FakeAsks} asks
 * @param {Record<string, any> | undefined} response the line's `response` (the SDK's JSON, untyped)
 */
export function answerAsk(asks, response) {
  const id = response?.request_id;
  const resolve = asks.pending.get(id);
  if (!resolve) return;
  asks.pending.delete(id);
  resolve(
    response?.subtype === "success" ? response.response : { behavior: "deny", message: response?.error },
    response,
  );
}

/**
 * Notes that stdin is closed and denies every request still waiting.
 *
 * @example
 * ```js
 * // Used by core.js when stdin ends: closeAsks(fake.asks);
 * ```
 * @param {FakeAsks} asks
 */
export function closeAsks(asks) {
  asks.stdinClosed = true;
  for (const [id, resolve] of asks.pending) {
    asks.pending.delete(id);
    resolve(STDIN_CLOSED);
  }
}
