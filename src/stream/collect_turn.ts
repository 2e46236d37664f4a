/**
 * A whole turn at once: its text, tool uses and outcome.
 * @module
 */
import * as v from "valibot";
import {
  invalidMessageError,
  invalidOptionError,
  noResultError,
  structuredOutputFailedError,
} from "../error_constructors.ts";
import { isResultMessage } from "../protocol/message_guards.ts";
import type { Message, ResultMessage, ToolUseBlock, Usage } from "../protocol/messages.ts";
import { ResultMessageSchema } from "../protocol/schemas.ts";
import { isValibotSchema, type SchemaOutput, type ValibotSchema } from "../protocol/valibot_schema.ts";
import { assistantBlocks, type ContentOptions } from "./_filters.ts";
import { spentBefore, turnCostUsd } from "./_turn_cost.ts";

/**
 * What {@link collectTurn} returns.
 *
 * @example
 * ```ts
 * import { type CollectedTurn, collectTurn, type Message } from "@claude-stream/sdk";
 * declare const turn: ReadableStream<Message>;
 * const { text, toolUses, costUsd }: CollectedTurn = await collectTurn(turn);
 * ```
 */
export interface CollectedTurn {
  /**
   * The text of the turn's assistant text blocks, each block once, in order, joined by `"\n"`: the rule of
   * `history.messageText`, so a turn reads the same live and from its session file. (The CLI prints one line per
   * block; text before and after a tool call are two blocks, which must not run together.)
   */
  text: string;
  /** The thinking blocks' text, joined by `"\n"` like {@link CollectedTurn.text}. */
  thinking: string;
  /** The tool calls, in order. */
  toolUses: ToolUseBlock[];
  /** The `result` that closed the turn, validated. */
  result: ResultMessage;
  /** `result.is_error`: the truth about the outcome, whatever the subtype says. */
  isError: boolean;
  /** Token usage of the turn (`result.usage`). */
  usage: Usage;
  /**
   * What this turn cost, in USD. From the CLI's own `model_usage_since_last_result` when it reports it (2.1.332);
   * else `total_cost_usd` minus what the same CLI process had spent before this turn. For a stream from
   * `session.stream()` the Session notes that on the result (it knows when its CLI was replaced: a crash, `clear()`);
   * on a raw stream of several turns, `collectTurn` remembers the previous turn's total per stream, and the stream's
   * first turn counts from 0 (a process starts at 0).
   */
  costUsd: number;
  /**
   * `result.total_cost_usd`: the running total of the CLI process, what it has spent on all its turns so far, in USD
   * (recording `b1`: 0.000415 after turn 1, 0.001055 after turn 2). It restarts at 0 with every new process (a crash,
   * `clear()`), so sum {@link CollectedTurn.costUsd} to count a conversation's cost.
   */
  totalCostUsd: number;
  /** The session id of the turn (a fork has a new one). */
  sessionId: string;
  /**
   * The turn's structured output (the result's `structured_output`, with `outputFormat`): checked with and typed by
   * `collectTurn`'s `schema` when given; undefined when the turn has none.
   */
  structuredOutput?: unknown;
}

/**
 * Options of {@link collectTurn}: which content counts, and the schema of the turn's structured output.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { CollectTurnOptions } from "@claude-stream/sdk";
 * const options: CollectTurnOptions<v.ObjectSchema<{ answer: v.NumberSchema<undefined> }, undefined>> = {
 *   schema: v.object({ answer: v.number() }),
 * };
 * ```
 */
export interface CollectTurnOptions<Schema extends ValibotSchema = ValibotSchema> extends ContentOptions {
  /**
   * The structured output's valibot schema (the one given as `outputFormat`): `structuredOutput` is then checked
   * with it and typed as its output, and a turn without one that fits throws `STRUCTURED_OUTPUT_FAILED`.
   */
  schema?: Schema;
}

/**
 * A collected turn whose structured output was checked with `Schema`.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { collectTurn, type Message, type StructuredTurn } from "@claude-stream/sdk";
 * declare const stream: ReadableStream<Message>;
 * const Answer = v.object({ answer: v.number() });
 * const turn: StructuredTurn<typeof Answer> = await collectTurn(stream, { schema: Answer });
 * console.log(turn.structuredOutput.answer);
 * ```
 */
export interface StructuredTurn<Schema extends ValibotSchema> extends CollectedTurn {
  /** The structured output, as `Schema` parsed it. */
  structuredOutput: SchemaOutput<Schema>;
}

/**
 * Reads a message stream up to the first `result` and returns the turn in one object. The reader is released
 * there, so a stream that carries further turns can be read on. Throws `ClaudeCodeError` `NO_RESULT` when the
 * stream ends before a result, `INVALID_MESSAGE` when the result lacks the fields reported here, and
 * `STRUCTURED_OUTPUT_FAILED` when the CLI ran out of structured-output attempts
 * (`error_max_structured_output_retries`, its `errors` in the details) or the output does not fit `options.schema`.
 *
 * @example
 * ```ts
 * import { collectTurn, Session } from "@claude-stream/sdk";
 * await using session = new Session();
 * const turn = await collectTurn(session.stream("What is 2 + 2?"));
 * console.log(turn.text, turn.costUsd, turn.usage.output_tokens, turn.isError);
 * ```
 */
export async function collectTurn<Schema extends ValibotSchema>(
  stream: ReadableStream<Message>,
  options: CollectTurnOptions<Schema> & { schema: Schema },
): Promise<StructuredTurn<Schema>>;
/**
 * Reads a message stream up to the first `result` and returns the turn in one object (see the overload above);
 * without a `schema`, `structuredOutput` is the result's `structured_output` as it is.
 *
 * @example
 * ```ts
 * import { collectTurn, Session } from "@claude-stream/sdk";
 * await using session = new Session();
 * const { text, structuredOutput } = await collectTurn(session.stream("Hello"));
 * console.log(text, structuredOutput); // structuredOutput: undefined without outputFormat
 * ```
 */
export async function collectTurn(stream: ReadableStream<Message>, options?: ContentOptions): Promise<CollectedTurn>;
export async function collectTurn(
  stream: ReadableStream<Message>,
  options: CollectTurnOptions = {},
): Promise<CollectedTurn> {
  const text: string[] = [];
  const thinking: string[] = [];
  const toolUses: ToolUseBlock[] = [];
  let initSessionId: string | undefined;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value: message } = await reader.read();
      if (done) throw noResultError("the stream ended before the turn's result", { sessionId: initSessionId });
      if (isResultMessage(message)) {
        return withStructuredOutput(collected(stream, message, text, thinking, toolUses), options.schema);
      }
      if (message.type === "system" && message.subtype === "init" && typeof message.session_id === "string") {
        initSessionId = message.session_id;
      }
      for (const block of assistantBlocks(message, options)) {
        if (block?.type === "text" && typeof block.text === "string") text.push(block.text);
        else if (block?.type === "thinking" && typeof block.thinking === "string") thinking.push(block.thinking);
        else if (block?.type === "tool_use") toolUses.push(block as ToolUseBlock);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * The turn with its structured output, checked with `schema` when given. `STRUCTURED_OUTPUT_FAILED` for a turn whose
 * CLI gave up on it (m13), and, with a schema, for one with no output or one that does not fit it.
 */
function withStructuredOutput(turn: CollectedTurn, schema: ValibotSchema | undefined): CollectedTurn {
  const { result } = turn;
  const failed = (errors: string[]) =>
    structuredOutputFailedError({ subtype: result.subtype, errors, sessionId: result.session_id });
  if (result.subtype === "error_max_structured_output_retries") {
    throw failed(Array.isArray(result.errors) ? result.errors.map(String) : []);
  }
  const output = result.structured_output;
  if (schema === undefined) return output === undefined ? turn : { ...turn, structuredOutput: output };
  if (!isValibotSchema(schema)) throw invalidOptionError("schema", "schema must be a synchronous valibot schema");
  if (output === undefined) throw failed(["the turn's result has no structured_output"]);
  const parsed = v.safeParse(schema, output);
  if (!parsed.success) {
    throw failed(parsed.issues.map((issue) => `${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`));
  }
  return { ...turn, structuredOutput: parsed.output };
}

/** The last running total seen per raw stream, for the cost of its next turn (a Session's results carry their own). */
const totals = new WeakMap<ReadableStream<Message>, number>();

/** Blocks are joined as `history.messageText` joins them. */
const BLOCK_SEPARATOR = "\n";

function collected(
  stream: ReadableStream<Message>,
  result: ResultMessage,
  text: string[],
  thinking: string[],
  toolUses: ToolUseBlock[],
): CollectedTurn {
  const outcome = v.safeParse(ResultMessageSchema, result);
  if (!outcome.success) {
    const issues = outcome.issues.map((issue) => `${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`);
    throw invalidMessageError({ subject: "the turn's result", issues });
  }
  const before = spentBefore(result) ?? totals.get(stream) ?? 0;
  totals.set(stream, Math.max(before, result.total_cost_usd));
  const costUsd = turnCostUsd(result, before);
  return {
    text: text.join(BLOCK_SEPARATOR),
    thinking: thinking.join(BLOCK_SEPARATOR),
    toolUses,
    result,
    isError: result.is_error,
    usage: result.usage,
    costUsd,
    totalCostUsd: result.total_cost_usd,
    sessionId: result.session_id,
  };
}
