/**
 * A whole turn at once: its text, tool uses and outcome.
 * @module
 */
import * as v from "valibot";
import { ClaudeCodeError } from "../errors.ts";
import type { Message, ResultMessage, ToolUseBlock, Usage } from "../protocol/messages.ts";
import { ResultMessageSchema } from "../protocol/schemas.ts";
import { assistantBlocks, type ContentOptions } from "./_filters.ts";

/**
 * What {@link collectTurn} returns.
 *
 * @example
 * ```ts
 * import { collectTurn, type CollectedTurn, type Message } from "@claude-stream/sdk";
 * declare const turn: ReadableStream<Message>;
 * const { text, toolUses, totalCostUsd }: CollectedTurn = await collectTurn(turn);
 * ```
 */
export interface CollectedTurn {
  /** The text of the assistant text blocks, joined, each block once. */
  text: string;
  /** The thinking blocks' text, joined. */
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
   * `result.total_cost_usd`: what the CLI process has spent so far, in USD. The CLI reports it cumulatively over
   * the turns of one process (recording `b1`: 0.000415 after turn 1, 0.001055 after turn 2), not per turn.
   */
  totalCostUsd: number;
  /** The session id of the turn (a fork has a new one). */
  sessionId: string;
}

/**
 * Reads a message stream up to the first `result` and returns the turn in one object. The reader is released
 * there, so a stream that carries further turns can be read on. Throws `ClaudeCodeError` `NO_RESULT` when the
 * stream ends before a result, and `INVALID_MESSAGE` when the result lacks the fields reported here.
 *
 * @example
 * ```ts
 * import { collectTurn, Session } from "@claude-stream/sdk";
 * await using session = new Session();
 * const turn = await collectTurn(session.stream("What is 2 + 2?"));
 * console.log(turn.text, turn.totalCostUsd, turn.usage.output_tokens, turn.isError);
 * ```
 */
export async function collectTurn(stream: ReadableStream<Message>, options: ContentOptions = {}): Promise<CollectedTurn> {
  const text: string[] = [];
  const thinking: string[] = [];
  const toolUses: ToolUseBlock[] = [];
  let initSessionId: string | undefined;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value: message } = await reader.read();
      if (done) throw new ClaudeCodeError("NO_RESULT", "the stream ended before the turn's result", { sessionId: initSessionId });
      if (message.type === "result") return collected(message, text, thinking, toolUses);
      if (message.type === "system" && message.subtype === "init" && typeof message.session_id === "string") initSessionId = message.session_id;
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

function collected(message: Message, text: string[], thinking: string[], toolUses: ToolUseBlock[]): CollectedTurn {
  const outcome = v.safeParse(ResultMessageSchema, message);
  if (!outcome.success) {
    const issues = outcome.issues.map((issue) => `${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`);
    throw new ClaudeCodeError("INVALID_MESSAGE", `the turn's result does not have the expected shape: ${issues.join("; ")}`, { issues });
  }
  const result = message as ResultMessage;
  return {
    text: text.join(""),
    thinking: thinking.join(""),
    toolUses,
    result,
    isError: result.is_error,
    usage: result.usage,
    totalCostUsd: result.total_cost_usd,
    sessionId: result.session_id,
  };
}
