/**
 * The answer to the CLI's `mcp_message` requests: a JSON-RPC message for one of the session's in-process MCP
 * servers, handed to it, its answer sent back as `mcp_response` (recorded: features/m6).
 * @module
 */
import type { ControlHandler } from "../session/control_channel.ts";
import type { McpSdkServerConfig } from "./mcp_server.ts";

/**
 * The `mcp_message` handler of a control channel, for the in-process servers by the name the CLI knows them by
 * (their `mcpServers` key). A notification gets `{"jsonrpc":"2.0","result":{},"id":0}`: JSON-RPC has no answer for
 * one, but the CLI waits for a control response all the same, and this is the one it was recorded getting. A message
 * for a server the session does not have is answered with a JSON-RPC error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mcpServer } from "@claude-stream/sdk";
 * import { mcpMessageHandler } from "./mcp_message.ts";
 * const handler = mcpMessageHandler({ calc: mcpServer({ name: "calc" }) });
 * const context = { signal: new AbortController().signal, requestId: "r1" };
 * const notification = { jsonrpc: "2.0", method: "notifications/initialized" };
 * assert.deepEqual(await handler({ subtype: "mcp_message", server_name: "calc", message: notification }, context), {
 *   mcp_response: { jsonrpc: "2.0", result: {}, id: 0 },
 * });
 * ```
 */
export function mcpMessageHandler(servers: Readonly<Record<string, McpSdkServerConfig>>): ControlHandler {
  return async (request, { signal, report }) => {
    const name = request.server_name;
    const message = request.message;
    const server = typeof name === "string" && Object.hasOwn(servers, name) ? servers[name] : undefined;
    if (server === undefined) {
      const id = typeof message === "object" && message !== null && "id" in message ? message.id : null;
      return {
        mcp_response: {
          jsonrpc: "2.0",
          id: typeof id === "string" || typeof id === "number" ? id : null,
          error: { code: -32601, message: `No in-process MCP server named ${String(name)}` },
        },
      };
    }
    const response = await server.handleMessage(message, { signal, report });
    return { mcp_response: response ?? { jsonrpc: "2.0", result: {}, id: 0 } };
  };
}
