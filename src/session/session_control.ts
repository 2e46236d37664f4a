/**
 * What a session says to its CLI over the control protocol: the `initialize` request it starts with, and the
 * handlers of the requests the CLI may send it. One place, so that each feature (permissions, hooks, tool servers)
 * adds its field and its handler here.
 * @module
 */
import type { ControlRequest } from "../protocol/messages.ts";
import { hookCallbackHandler, registerHooks } from "../tools/hooks.ts";
import { splitMcpServers } from "../tools/mcp_config.ts";
import { sdkMcpServerManifests } from "../tools/mcp_manifest.ts";
import { mcpMessageHandler } from "../tools/mcp_message.ts";
import { promptsOverInitialize } from "./argument_limit.ts";
import { canUseToolHandler } from "./can_use_tool.ts";
import type { ControlHandler } from "./control_channel.ts";
import type { SessionOptions } from "./session_options.ts";

/**
 * What a session says over the control protocol, made once from its options: the `initialize` request each of its
 * CLIs gets first, and the handler of each request subtype the CLI may send (the channel answers any other subtype
 * with an error). The hooks and in-process servers are registered once, so the callback ids the `initialize`
 * request names are the ones the handlers know.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mcpServer } from "../tools/mcp_server.ts";
 * import { sessionControl } from "./session_control.ts";
 * assert.deepEqual(sessionControl({}).initialize, { subtype: "initialize" });
 * assert.deepEqual(Object.keys(sessionControl({}).handlers), []);
 * const withHook = sessionControl({ hooks: { Stop: [{ hooks: [() => ({})] }] } });
 * assert.deepEqual(withHook.initialize, { subtype: "initialize", hooks: { Stop: [{ hookCallbackIds: ["hook_0"] }] } });
 * assert.deepEqual(Object.keys(withHook.handlers), ["hook_callback"]);
 * const stdio = sessionControl({ mcpServers: { files: { type: "stdio", command: "node", env: { T: "1" } } } });
 * assert.deepEqual(stdio.initialize, {
 *   subtype: "initialize",
 *   mcpServers: { files: { type: "stdio", command: "node", env: { T: "1" } } },
 * });
 * const calc = sessionControl({ mcpServers: { calc: mcpServer({ name: "calc" }) } });
 * // the in-process servers by name, with their manifests (features/m7)
 * assert.deepEqual(Object.keys(calc.initialize), ["subtype", "sdkMcpServers", "sdkMcpServerManifests"]);
 * assert.deepEqual(Object.keys(calc.handlers), ["mcp_message"]);
 * ```
 */
export function sessionControl(options: SessionOptions): SessionControl {
  const initialize: ControlRequest = { subtype: "initialize" };
  const handlers: Record<string, ControlHandler> = Object.create(null);
  if (options.canUseTool !== undefined) handlers.can_use_tool = canUseToolHandler(options.canUseTool);
  if (options.hooks !== undefined) {
    // the hooks, one callback id each (`hook_0`...), as the official SDK registers them (features/m1)
    const registration = registerHooks(options.hooks);
    if (Object.keys(registration.initialize).length > 0) initialize.hooks = registration.initialize;
    handlers.hook_callback = hookCallbackHandler(registration);
  }
  // in-process servers by name, the others as data (features/m6, m10): env and headers stay off the command line
  const { sdk, external } = splitMcpServers(options.mcpServers);
  if (Object.keys(sdk).length > 0) {
    initialize.sdkMcpServers = Object.keys(sdk);
    // their handshake answers too, so the CLI skips those round trips (features/m7); mcp_message is still answered
    // for all of it, for a CLI that predates the field or declines an entry
    const manifests = sdkMcpServerManifests(sdk);
    if (manifests !== undefined) initialize.sdkMcpServerManifests = manifests;
    handlers.mcp_message = mcpMessageHandler(sdk);
  }
  if (Object.keys(external).length > 0) initialize.mcpServers = external;
  // a system prompt too long for the command line (Linux: 128 KiB an argument) comes here, which 2.1.332 reads alike
  const { systemPrompt, appendSystemPrompt } = promptsOverInitialize(options);
  if (systemPrompt !== undefined) initialize.systemPrompt = systemPrompt;
  if (appendSystemPrompt !== undefined) initialize.appendSystemPrompt = appendSystemPrompt;
  return { initialize, handlers };
}

/**
 * A session's half of the control protocol: see {@link sessionControl}.
 *
 * @example
 * ```ts
 * import type { SessionControl } from "./session_control.ts";
 * const control: SessionControl = { initialize: { subtype: "initialize" }, handlers: {} };
 * ```
 */
export interface SessionControl {
  /** The first request each CLI gets. */
  readonly initialize: ControlRequest;
  /** The handler of each request subtype the CLI may send. */
  readonly handlers: Record<string, ControlHandler>;
}
