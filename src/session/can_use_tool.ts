/**
 * The answer to the CLI's `can_use_tool` requests: the session's `canUseTool` callback, given the tool call and a
 * signal aborted when the CLI withdraws the question or the turn ends.
 * @module
 */
import { callbackError } from "../error_constructors.ts";
import type { ControlHandler } from "./control_channel.ts";
import type { CanUseTool } from "./session_options.ts";

/**
 * The `can_use_tool` handler of a control channel, asking `canUseTool`. An `allow` without `updatedInput` allows the
 * input as asked; a callback that throws is a `CALLBACK_ERROR` (the CLI gets an error answer and denies the tool).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { canUseToolHandler } from "./can_use_tool.ts";
 * const handler = canUseToolHandler(async (tool) => tool === "Read"
 *   ? { behavior: "allow", updatedInput: {} }
 *   : { behavior: "deny", message: "read-only" });
 * const answer = await handler({ subtype: "can_use_tool", tool_name: "Bash", input: { command: "ls" } }, {
 *   signal: new AbortController().signal,
 *   requestId: "r1",
 * });
 * assert.deepEqual(answer, { behavior: "deny", message: "read-only" });
 * ```
 */
export function canUseToolHandler(canUseTool: CanUseTool): ControlHandler {
  return async (request, { signal }) => {
    const input = isRecord(request.input) ? request.input : {};
    const context = {
      signal,
      suggestions: Array.isArray(request.permission_suggestions) ? request.permission_suggestions : [],
      toolUseId: typeof request.tool_use_id === "string" ? request.tool_use_id : undefined,
      request,
    };
    let decision;
    try {
      decision = await canUseTool(String(request.tool_name), input, context);
    } catch (error) {
      throw callbackError("canUseTool", error);
    }
    return decision.behavior === "allow" ? { ...decision, updatedInput: decision.updatedInput ?? input } : decision;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
