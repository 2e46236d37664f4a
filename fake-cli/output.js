// @ts-check
/**
 * What a fake process prints: stdout lines in the output format asked for (only `stream-json` prints every line;
 * `json` and `text` print a turn's result alone), shaped as the imitated version prints them (`shape.js`), and the
 * bookkeeping of the results printed.
 * @module
 */
import { FakeExit } from "./fake_exit.js";
import { initLine } from "./messages.js";
import { initMcpServers, mcpReady, mcpToolNames } from "./mcp.js";
import { flushMirror } from "./session_mirror.js";
import { shapeLine, shapeResult } from "./shape.js";
import { endTurnOnDisk } from "./turn_records.js";

/**
 * A stdout line or a session-file field built by the fake: JSON as the CLI prints it. Its many kinds and
 * open-ended fields are not typed beyond the object.
 * @typedef {Record<string, any>} Line
 */

/**
 * The process's pipes, text in (a write resolves once the host took it).
 * @typedef {{ stdout(text: string): Promise<void>, stderr(text: string): Promise<void> }} FakeIo
 */

/**
 * @typedef {object} FakeOutput
 * @property {(text: string) => Promise<void>} stdout
 * @property {(text: string) => Promise<void>} stderr
 * @property {number} resultCount results printed so far (2.1.332's `result_index`)
 * @property {boolean} lastResultIsError whether the last result was an error (the exit code of a `-p` run)
 * @property {string | null} streamMessageId the API message the stream events being printed belong to (2.1.332's
 *   `api_message_id`)
 */

/**
 * The output of a new process.
 *
 * @example
 * ```js
 * import { createOutput } from "./output.js";
 * const out = createOutput({ stdout: async (t) => console.log(t), stderr: async () => {} });
 * await out.stdout("hello\n");
 * ```
 * @param {FakeIo} io
 * @returns {FakeOutput}
 */
export function createOutput(io) {
  return { stdout: io.stdout, stderr: io.stderr, resultCount: 0, lastResultIsError: false, streamMessageId: null };
}

/**
 * Prints a line when the output format is stream-json; after the lines of a model's answer (`assistant`, and with
 * `--include-partial-messages` the `system/status` that opens its request and its stream events), what
 * `--session-mirror` has to send: the entries written before it, the turn's opening ones first (features/m15; the
 * real CLI's frames follow a status line the same way).
 *
 * @example
 * ```js
 * // await emit(fake, { type: "system", subtype: "status", status: "requesting", uuid, session_id });
 * ```
 * @param {import("./fake_process.js").FakeProcess} fake
 * @param {Line} line
 */
export async function emit(fake, line) {
  if (fake.config.outputFormat === "stream-json") await fake.out.stdout(JSON.stringify(shapeLine(fake, line)) + "\n");
  if (isAnswerLine(line)) await flushMirror(fake);
}

/** A line of a model's answer: `assistant`, a stream event, a `system/status` (a request, a compaction). @param {Line} line */
function isAnswerLine(line) {
  return line.type === "assistant" || line.type === "stream_event" ||
    (line.type === "system" && line.subtype === "status");
}

/**
 * Prints the `system/init` line that opens a turn.
 *
 * @example
 * ```js
 * // await emitInit(fake);
 * ```
 * @param {import("./fake_process.js").FakeProcess} fake
 */
export async function emitInit(fake) {
  const { config, settings } = fake;
  // the MCP servers' tools are listed once they are connected (features/m6, m9)
  await mcpReady(fake);
  return emit(
    fake,
    initLine({
      cwd: config.cwd,
      sessionId: fake.store.sessionId,
      tools: [...config.tools, ...mcpToolNames(fake.mcp)],
      mcpServers: initMcpServers(fake.mcp),
      model: settings.model.name,
      permissionMode: settings.permissionMode,
      memoryDir: config.memoryDir,
      version: config.cli.version,
      data: config.data,
    }),
  );
}

/**
 * Ends a turn with its result line, in the output format asked for; `extra` holds the fields only the newer CLI
 * prints (see shape.js). The turn is over on disk before its result (2.1.332 writes the end-of-turn metadata first),
 * and `--session-mirror` sends every entry written before the result: the turn's, then the metadata in a frame of its
 * own (features/m15). A scenario's `crashAfterResult` ends the process right after it.
 *
 * @example
 * ```js
 * // await finishTurn(fake, successResult({ ... }), { origin });
 * ```
 * @param {import("./fake_process.js").FakeProcess} fake
 * @param {Line} result
 * @param {Line} [extra]
 */
export async function finishTurn(fake, result, extra) {
  await flushMirror(fake);
  endTurnOnDisk(fake);
  await flushMirror(fake);
  result = shapeResult(fake, result, extra);
  fake.usage.markResult();
  fake.out.lastResultIsError = Boolean(result.is_error);
  const format = fake.config.outputFormat;
  if (format === "stream-json") await emit(fake, result);
  else if (format === "json") await fake.out.stdout(JSON.stringify(result) + "\n");
  else await fake.out.stdout(`${result.result ?? (result.errors ?? []).join("\n")}\n`);
  const crash = fake.turns.current?.spec.crashAfterResult;
  if (crash) {
    if (crash.stderr) await fake.out.stderr(crash.stderr + "\n");
    const signal = crash.signal ?? (crash.exitCode === undefined ? "SIGKILL" : null);
    throw new FakeExit(signal ? null : crash.exitCode ?? 1, signal);
  }
}
