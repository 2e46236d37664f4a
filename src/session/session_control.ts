/**
 * What a session says to its CLI over the control protocol: the `initialize` request it starts with, and the
 * handlers of the requests the CLI may send it. One place, so that each feature (permissions, hooks, tool servers)
 * adds its field and its handler here.
 * @module
 */
import type { ControlRequest } from "../protocol/messages.ts";
import { hookCallbackHandler, registerHooks } from "../tools/hooks.ts";
import { splitMcpServers } from "../tools/mcp_config.ts";
import { mcpMessageHandler } from "../tools/mcp_message.ts";
import { promptsOverInitialize } from "./argument_limit.ts";
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
 * assert.deepEqual(initializeRequest({ hooks: { Stop: [{ hooks: [() => ({})] }] } }), {
 *   subtype: "initialize",
 *   hooks: { Stop: [{ hookCallbackIds: ["hook_0"] }] },
 * });
 * assert.deepEqual(initializeRequest({ mcpServers: { files: { type: "stdio", command: "node", env: { T: "1" } } } }), {
 *   subtype: "initialize",
 *   mcpServers: { files: { type: "stdio", command: "node", env: { T: "1" } } },
 * });
 * ```
 */
export function initializeRequest(options: SessionOptions): ControlRequest {
  const request: ControlRequest = { subtype: "initialize" };
  // the hooks, one callback id each (`hook_0`...), as the official SDK registers them (features/m1)
  const hooks = options.hooks === undefined ? {} : registerHooks(options.hooks).initialize;
  if (Object.keys(hooks).length > 0) request.hooks = hooks;
  // in-process servers by name, the others as data (features/m6, m10): env and headers stay off the command line
  const { sdk, external } = splitMcpServers(options.mcpServers);
  if (Object.keys(sdk).length > 0) request.sdkMcpServers = Object.keys(sdk);
  if (Object.keys(external).length > 0) request.mcpServers = external;
  // a system prompt too long for the command line (Linux: 128 KiB an argument) comes here, which 2.1.332 reads alike
  const { systemPrompt, appendSystemPrompt } = promptsOverInitialize(options);
  if (systemPrompt !== undefined) request.systemPrompt = systemPrompt;
  if (appendSystemPrompt !== undefined) request.appendSystemPrompt = appendSystemPrompt;
  return request;
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
  if (options.hooks !== undefined) handlers.hook_callback = hookCallbackHandler(registerHooks(options.hooks));
  const { sdk } = splitMcpServers(options.mcpServers);
  if (Object.keys(sdk).length > 0) handlers.mcp_message = mcpMessageHandler(sdk);
  return handlers;
}
