/**
 * What a session says to its CLI over the control protocol: the `initialize` request it starts with, and the
 * handlers of the requests the CLI may send it. One place, so that each feature (permissions, hooks, tool servers)
 * adds its field and its handler here.
 * @module
 */
import type { ControlRequest } from "../protocol/messages.ts";
import { canUseToolHandler } from "./can_use_tool.ts";
import type { ControlHandler } from "./control_channel.ts";
import type { SessionOptions } from "./session_options.ts";

/**
 * The `initialize` request a session's CLI gets first, from the session's options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initializeRequest } from "./session_control.ts";
 * assert.deepEqual(initializeRequest({}), { subtype: "initialize" });
 * ```
 */
export function initializeRequest(_options: SessionOptions): ControlRequest {
  return { subtype: "initialize" };
}

/**
 * The handler of each control request subtype the CLI may send this session; the channel answers any other subtype
 * with an error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { controlHandlers } from "./session_control.ts";
 * assert.deepEqual(Object.keys(controlHandlers({})), []);
 * assert.deepEqual(Object.keys(controlHandlers({ canUseTool: (_tool, input) => ({ behavior: "allow", updatedInput: input }) })), ["can_use_tool"]);
 * ```
 */
export function controlHandlers(options: SessionOptions): Record<string, ControlHandler> {
  const handlers: Record<string, ControlHandler> = Object.create(null);
  if (options.canUseTool !== undefined) handlers.can_use_tool = canUseToolHandler(options.canUseTool);
  return handlers;
}
