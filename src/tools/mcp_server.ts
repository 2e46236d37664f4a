/**
 * `mcpServer()`: an MCP server that runs in the host process (the official SDK's `createSdkMcpServer()`). The CLI
 * talks to it over the control protocol (`mcp_message` requests, see `mcp_message.ts`): JSON-RPC `initialize`,
 * `tools/list` and `tools/call`, answered here.
 * @module
 */
import { callbackError, invalidOptionError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import type { McpServerManifest } from "./mcp_manifest.ts";
import type { CallToolResult, SdkMcpToolDefinition } from "./tool.ts";

/**
 * Options of {@link mcpServer}.
 *
 * @example
 * ```ts
 * import type { McpServerOptions } from "@claude-stream/sdk";
 * const options: McpServerOptions = { name: "calc", version: "1.2.0", tools: [] };
 * ```
 */
export interface McpServerOptions {
  /** The server's name: its `serverInfo.name`, and the key to give it in `mcpServers`. */
  name: string;
  /** Its `serverInfo.version` (default `"1.0.0"`). */
  version?: string | undefined;
  /** Instructions for the model, sent in the `initialize` answer. */
  instructions?: string | undefined;
  /** Its tools, made with {@link tool}. */
  tools?: readonly SdkMcpToolDefinition<unknown>[] | undefined;
}

/**
 * A JSON-RPC 2.0 answer: a `result`, or an `error` with a code (-32601: no such method; -32602: bad params).
 *
 * @example
 * ```ts
 * import type { JsonRpcResponse } from "@claude-stream/sdk";
 * const answer: JsonRpcResponse = { jsonrpc: "2.0", id: 3, error: { code: -32601, message: "Method not found: x" } };
 * ```
 */
export type JsonRpcResponse =
  | { jsonrpc: "2.0"; id: string | number | null; result: Record<string, unknown> }
  | { jsonrpc: "2.0"; id: string | number | null; error: { code: number; message: string } };

/**
 * What a server's `handleMessage` is given besides the message.
 *
 * @example
 * ```ts
 * import type { McpMessageContext } from "@claude-stream/sdk";
 * const context: McpMessageContext = { signal: new AbortController().signal, report: console.error };
 * ```
 */
export interface McpMessageContext {
  /** Aborted when the call is withdrawn or its turn ends; handed to the tool's handler. */
  signal: AbortSignal;
  /** Told of a handler that threw or answered wrongly (the CLI still gets an `isError` result). */
  report?: ((error: ClaudeCodeError | Error) => void) | undefined;
}

/**
 * An in-process MCP server, for the `mcpServers` session option (the official SDK's `McpSdkServerConfigWithInstance`).
 *
 * @example
 * ```ts
 * import type { McpSdkServerConfig } from "@claude-stream/sdk";
 * const names = (server: McpSdkServerConfig) => server.tools.map((tool) => `mcp__${server.name}__${tool.name}`);
 * ```
 */
export interface McpSdkServerConfig {
  /** Marks the in-process kind among the `mcpServers` entries. */
  readonly type: "sdk";
  /** The server's name. */
  readonly name: string;
  /** The server's version. */
  readonly version: string;
  /** The server's tools. */
  readonly tools: readonly SdkMcpToolDefinition<unknown>[];
  /**
   * Its handshake answers, computed ahead (every `mcpServer()` has them): the session sends them in its `initialize`
   * request, so the CLI skips this server's handshake round trips. Without (`{ ...server, manifest: undefined }`),
   * the CLI handshakes it over the control channel.
   */
  readonly manifest?: McpServerManifest | undefined;
  /** Answers one JSON-RPC message from the CLI; undefined for a notification (it has no answer). */
  handleMessage(message: unknown, context: McpMessageContext): Promise<JsonRpcResponse | undefined>;
}

/** The MCP protocol version this server answers with when the client names none: the one CLI 2.1.332 asks. */
const PROTOCOL_VERSION = "2025-11-25";

/**
 * An MCP server running `tools` in this process. Give it to a session as `mcpServers: { [name]: server }`; the model
 * sees each tool as `mcp__<name>__<tool>`, and needs permission to call it like any other tool (`allowedTools` or
 * `canUseTool`). A tool's input is checked before its handler runs; an input that fails, a handler that throws and a
 * handler's answer without a `content` list are `isError` results for the model (the last two are also reported to
 * the session's `onError` as `CALLBACK_ERROR`). `INVALID_OPTION` for a bad name or two tools of one name. Its
 * `manifest` (its `initialize` and `tools/list` answers) lets the CLI skip its handshake.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { mcpServer, tool } from "@claude-stream/sdk";
 * const add = tool("add", "Add two numbers", v.object({ a: v.number(), b: v.number() }), ({ a, b }) => ({
 *   content: [{ type: "text", text: String(a + b) }],
 * }));
 * const calc = mcpServer({ name: "calc", version: "1.0.0", tools: [add] });
 * const signal = new AbortController().signal;
 * const call = { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "add", arguments: { a: 2, b: 3 } } };
 * assert.deepEqual(await calc.handleMessage(call, { signal }), {
 *   jsonrpc: "2.0",
 *   id: 2,
 *   result: { content: [{ type: "text", text: "5" }] },
 * });
 * ```
 */
export function mcpServer(options: McpServerOptions): McpSdkServerConfig {
  const { name, version = "1.0.0", instructions, tools = [] } = options ?? {};
  if (typeof name !== "string" || !SERVER_NAME.test(name)) {
    throw invalidOptionError(
      "name",
      `an MCP server name must be 1 to 64 letters, digits, "_" or "-": ${JSON.stringify(name)}`,
    );
  }
  if (typeof version !== "string") throw invalidOptionError("version", `MCP server ${name}: version must be a string`);
  if (!Array.isArray(tools)) throw invalidOptionError("tools", `MCP server ${name}: tools must be a list of tool()s`);
  const byName = new Map<string, SdkMcpToolDefinition<unknown>>();
  for (const definition of tools) {
    if (byName.has(definition.name)) {
      throw invalidOptionError("tools", `MCP server ${name}: two tools are named ${definition.name}`);
    }
    byName.set(definition.name, definition);
  }
  const serverInfo = { name, version };
  const initializeResult = (protocolVersion: string) => ({
    protocolVersion,
    capabilities: { tools: {} },
    serverInfo,
    ...(instructions === undefined ? {} : { instructions }),
  });
  const toolsListResult = () => ({ tools: [...byName.values()].map(listing) });
  // The calls running, by JSON-RPC id: the CLI cancels one with `notifications/cancelled` (on an interrupt).
  const running = new Map<string | number, AbortController>();

  const callTool = async (
    id: string | number | null,
    params: Record<string, unknown>,
    context: McpMessageContext,
  ): Promise<JsonRpcAnswer> => {
    const toolName = params.name;
    const definition = typeof toolName === "string" ? byName.get(toolName) : undefined;
    if (definition === undefined) return { error: { code: -32602, message: `Tool ${String(toolName)} not found` } };
    const checked = definition.check(params.arguments ?? {});
    if (!checked.success) {
      return { result: errorResult(`Invalid input for tool ${definition.name}: ${checked.issues.join("; ")}`) };
    }
    const meta = isRecord(params._meta) ? params._meta : {};
    const toolUseId = typeof meta["claudecode/toolUseId"] === "string" ? meta["claudecode/toolUseId"] : undefined;
    const callback = `mcpServers.${name}.${definition.name}`;
    const call = new AbortController();
    const abort = () => call.abort(context.signal.reason);
    if (context.signal.aborted) abort();
    else context.signal.addEventListener("abort", abort, { once: true });
    if (id !== null) running.set(id, call);
    let answer: unknown;
    try {
      answer = await definition.handler(checked.input, { signal: call.signal, toolUseId, meta });
    } catch (error) {
      // A handler that gave up because its call was withdrawn is no failure of the user's code.
      if (!call.signal.aborted) context.report?.(callbackError(callback, error));
      return { result: errorResult(error instanceof Error ? error.message : String(error)) };
    } finally {
      context.signal.removeEventListener("abort", abort);
      if (id !== null && running.get(id) === call) running.delete(id);
    }
    if (!isCallToolResult(answer)) {
      context.report?.(callbackError(callback, new Error("the handler's result has no content list")));
      return { result: errorResult(`Tool ${definition.name} returned no result content`) };
    }
    return { result: { ...answer } };
  };

  return {
    type: "sdk",
    name,
    version,
    tools: [...byName.values()],
    // what handleMessage answers to the CLI's initialize (its client asks 2025-11-25) and tools/list
    manifest: { initializeResult: initializeResult(PROTOCOL_VERSION), toolsListResult: toolsListResult() },
    async handleMessage(message, context) {
      if (!isRecord(message) || typeof message.method !== "string") {
        const id = isRecord(message) ? idOf(message.id) : null;
        return { jsonrpc: "2.0", id, error: { code: -32600, message: "Invalid Request" } };
      }
      const params = isRecord(message.params) ? message.params : {};
      // A notification (no id) has no answer: `notifications/initialized`, and `notifications/cancelled` for a call
      // the CLI gave up on (an interrupt), whose handler's signal is then aborted.
      if (!Object.hasOwn(message, "id")) {
        const requestId = idOf(params.requestId);
        if (message.method === "notifications/cancelled" && requestId !== null) {
          running.get(requestId)?.abort(params.reason ?? "cancelled by the CLI");
        }
        return undefined;
      }
      const id = idOf(message.id);
      let answer: JsonRpcAnswer;
      switch (message.method) {
        case "initialize":
          answer = {
            result: initializeResult(
              typeof params.protocolVersion === "string" ? params.protocolVersion : PROTOCOL_VERSION,
            ),
          };
          break;
        case "tools/list":
          answer = { result: toolsListResult() };
          break;
        case "tools/call":
          answer = await callTool(id, params, context);
          break;
        case "ping":
          answer = { result: {} };
          break;
        default:
          answer = { error: { code: -32601, message: `Method not found: ${message.method}` } };
      }
      return "result" in answer
        ? { jsonrpc: "2.0", id, result: answer.result }
        : { jsonrpc: "2.0", id, error: answer.error };
    },
  };
}

/** What a JSON-RPC method answers, before the envelope. */
type JsonRpcAnswer = { result: Record<string, unknown> } | { error: { code: number; message: string } };

/** What the CLI accepts as a server name (it goes into `mcp__<server>__<tool>`). */
const SERVER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A tool as `tools/list` describes it. */
function listing(definition: SdkMcpToolDefinition<unknown>): Record<string, unknown> {
  const { name, description, inputSchema, annotations } = definition;
  return annotations === undefined
    ? { name, description, inputSchema }
    : { name, description, inputSchema, annotations };
}

function errorResult(text: string): CallToolResult & Record<string, unknown> {
  return { content: [{ type: "text", text }], isError: true };
}

function isCallToolResult(value: unknown): value is CallToolResult {
  return isRecord(value) && Array.isArray(value.content) && value.content.every(isRecord);
}

function idOf(id: unknown): string | number | null {
  return typeof id === "string" || typeof id === "number" ? id : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
