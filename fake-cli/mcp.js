// @ts-check
/**
 * The fake's MCP client, as recorded (features/m6–m10, m34): in-process SDK servers reached over the control
 * channel (`mcp_message` requests), stdio servers run as children (newline-delimited JSON-RPC), http servers dialled
 * over streamable HTTP and sse servers over an event stream (as CLI 2.1.332 was seen doing against
 * tests/_mcp_http_server.ts: no recording has them), the handshake (`initialize`, `notifications/initialized`,
 * `tools/list`), `tools/call` for the model's `mcp__<server>__<tool>` calls, `mcp_status`, `mcp_reconnect` and
 * `mcp_toggle`.
 * @module
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { askSdk } from "./asks.js";
/** @import { FakeProcess } from "./fake_process.js" */
/** @import { Block } from "./model.js" */
/** @import { ToolOutcome } from "./tools.js" */

/**
 * A JSON-RPC message, as the fake sends and reads it (JSON: untyped).
 * @typedef {Record<string, any>} RpcMessage
 */

/**
 * One MCP server of the process.
 * @typedef {object} FakeMcpServer
 * @property {string} name its key in the configuration
 * @property {"sdk" | "dynamic"} source `sdk` for a server of the SDK's process, `dynamic` for one the CLI runs
 * @property {string} transport `sdk`, `stdio`, `http` or `sse`
 * @property {Record<string, any>} config what the configuration said (`env` is never reported)
 * @property {string} status `pending`, `connected`, `failed` or `disabled`
 * @property {string} [error] why a remote server failed, worded as 2.1.332 words it (`mcp_status` shows it)
 * @property {{ name: string, version: string } | undefined} serverInfo
 * @property {RpcMessage[]} tools what `tools/list` answered
 * @property {number} nextId the next JSON-RPC id (0 is `initialize`, 1 `tools/list`, then the calls)
 * @property {Promise<void>} ready settles when the handshake is over, whatever its outcome
 * @property {((message: RpcMessage, signal?: AbortSignal) => Promise<RpcMessage | undefined>) | undefined} request
 * @property {((message: RpcMessage) => void) | undefined} notify
 * @property {(() => void) | undefined} close ends the connection (a stdio server: its child is killed)
 * @property {(() => Promise<void>) | undefined} [finish] the rest of an SDK server's handshake, once `initialize` is
 *   answered
 */

/**
 * @typedef {object} FakeMcp
 * @property {Map<string, FakeMcpServer>} servers by name, in the order they were configured
 */

/**
 * No server yet.
 *
 * @example
 * ```js
 * import { createMcp } from "./mcp.js";
 * createMcp().servers.size; // 0
 * ```
 * @returns {FakeMcp}
 */
export function createMcp() {
  return { servers: new Map() };
}

/**
 * Starts the servers of `--mcp-config` (each value JSON, or the path of a JSON file): stdio ones are spawned and
 * connected in the background; SDK ones (`type: "sdk"`) wait for the `initialize` request, whose channel they need.
 *
 * @example
 * ```js
 * // Used by run_process.js once the process is set up: startConfiguredMcp(fake);
 * ```
 * @param {FakeProcess} fake
 */
export function startConfiguredMcp(fake) {
  for (const value of fake.config.options.mcpConfig ?? []) {
    let parsed;
    try {
      parsed = JSON.parse(value.trim().startsWith("{") ? value : fs.readFileSync(value, "utf8"));
    } catch {
      continue; // the real CLI refuses a bad config at startup; the fake's tests never give one
    }
    for (const [name, config] of Object.entries(parsed?.mcpServers ?? {})) addServer(fake, name, config);
  }
}

/**
 * Takes the MCP part of an `initialize` request: its `mcpServers` (spawned now) and `sdkMcpServers`. Without
 * manifests (features/m6), each SDK server's `initialize` is asked now, and the CLI answers its own once those
 * answers came; `afterInitialize` then finishes the handshakes. With `sdkMcpServerManifests` (features/m7), a parked
 * server needs no handshake, and the servers without a usable manifest get theirs after the answer (2.1.332,
 * probed).
 *
 * @example
 * ```js
 * // Used by control.js: await initializeMcp(fake, request); ...answer initialize...; void afterInitialize(fake);
 * ```
 * @param {FakeProcess} fake
 * @param {Record<string, any>} request the `initialize` request (the SDK's JSON)
 */
export async function initializeMcp(fake, request) {
  for (const [name, config] of Object.entries(request.mcpServers ?? {})) addServer(fake, name, config);
  for (const name of request.sdkMcpServers ?? []) {
    if (typeof name === "string" && !fake.mcp.servers.has(name)) addServer(fake, name, { type: "sdk", name });
  }
  const sdk = [...fake.mcp.servers.values()].filter((server) => server.transport === "sdk" && !server.request);
  const parking = sdk.some((server) => manifestOutcome(request, server.name) === "parked");
  await Promise.all(
    sdk.map((server) =>
      manifestOutcome(request, server.name) === "parked"
        ? park(fake, server, request.sdkMcpServerManifests[server.name])
        : parking
        ? deferSdk(fake, server)
        : startSdk(fake, server)
    ),
  );
}

/**
 * The `sdk_mcp_manifests_parked` of the `initialize` answer (features/m7; the other outcomes probed on 2.1.332):
 * for each SDK server of the request with a manifest entry, `parked`, `protocol_version_mismatch` (its
 * `initializeResult.protocolVersion` is not the `2025-11-25` the CLI asks for) or `malformed` (not
 * `{ initializeResult: {...}, toolsListResult?: {...} }`; every server, when the field is not an object); undefined
 * when the request has no manifests.
 *
 * @example
 * ```js
 * import { parkedManifests } from "./mcp.js";
 * const initializeResult = { protocolVersion: "2025-11-25", capabilities: { tools: {} } };
 * parkedManifests({ sdkMcpServers: ["s"], sdkMcpServerManifests: { s: { initializeResult, toolsListResult: {} } } });
 * // { s: "parked" }
 * ```
 * @param {Record<string, any>} request the `initialize` request (the SDK's JSON)
 * @returns {Record<string, string> | undefined}
 */
export function parkedManifests(request) {
  /** @type {Array<[string, string]>} */
  const outcomes = [];
  for (const name of request.sdkMcpServers ?? []) {
    const outcome = typeof name === "string" ? manifestOutcome(request, name) : undefined;
    if (outcome !== undefined) outcomes.push([name, outcome]);
  }
  return outcomes.length > 0 ? Object.fromEntries(outcomes) : undefined;
}

/**
 * What becomes of one SDK server's manifest entry: see {@link parkedManifests}; undefined when it has none.
 * @param {Record<string, any>} request
 * @param {string} name
 * @returns {"parked" | "protocol_version_mismatch" | "malformed" | undefined}
 */
function manifestOutcome(request, name) {
  const manifests = request.sdkMcpServerManifests;
  if (manifests === undefined) return undefined;
  if (!isObject(manifests)) return "malformed";
  if (!Object.hasOwn(manifests, name)) return undefined;
  const manifest = manifests[name];
  if (!isObject(manifest) || !isObject(manifest.initializeResult)) return "malformed";
  if (manifest.toolsListResult !== undefined && !isObject(manifest.toolsListResult)) return "malformed";
  return manifest.initializeResult.protocolVersion === "2025-11-25" ? "parked" : "protocol_version_mismatch";
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An SDK server whose manifest was parked (features/m7; the rest probed on 2.1.332): no `initialize`, no
 * `notifications/initialized`; its tools as the manifest lists them, its first `tools/call` id 2, as after a
 * handshake. Without a `toolsListResult`, its `tools/list` (id 1) still goes over the control channel after the
 * answer; without the `tools` capability it has no tools; a listing that cannot be replayed (its `tools` no list)
 * gets the whole handshake after the answer.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 * @param {Record<string, any>} manifest
 */
function park(fake, server, manifest) {
  const { initializeResult, toolsListResult } = manifest;
  if (toolsListResult !== undefined && !Array.isArray(toolsListResult.tools)) return deferSdk(fake, server);
  overControlChannel(fake, server);
  server.serverInfo = initializeResult.serverInfo;
  server.nextId = 1;
  if (!isObject(initializeResult.capabilities) || initializeResult.capabilities.tools == null) {
    server.status = "connected";
    return;
  }
  if (toolsListResult !== undefined) {
    server.tools = toolsListResult.tools;
    server.nextId = 2;
    server.status = "connected";
    return;
  }
  /** @type {() => void} */
  let done = () => {};
  server.ready = new Promise((resolve) => (done = resolve));
  server.finish = async () => {
    server.finish = undefined;
    await listTools(server);
    done();
  };
}

/**
 * An SDK server whose handshake comes after the `initialize` answer (another server was parked, or its own
 * listing could not be replayed): the whole of it, from `afterInitialize`.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 */
function deferSdk(fake, server) {
  /** @type {() => void} */
  let done = () => {};
  server.ready = new Promise((resolve) => (done = resolve));
  server.finish = async () => {
    server.finish = undefined;
    const rest = await startSdk(fake, server);
    await rest?.();
    done();
  };
}

/**
 * Whether an `initialize` request names MCP servers of the SDK whose handshake comes before the answer (features/m6):
 * some, and none of them parked (features/m7: then the others' handshakes come after it).
 *
 * @example
 * ```js
 * import { asksSdkMcp } from "./mcp.js";
 * asksSdkMcp({ servers: new Map() }, { subtype: "initialize", sdkMcpServers: ["calc"] }); // true
 * ```
 * @param {FakeMcp} mcp
 * @param {Record<string, any>} request
 */
export function asksSdkMcp(mcp, request) {
  const named = (request.sdkMcpServers ?? []).filter((/** @type {unknown} */ name) => typeof name === "string");
  const waiting = [...mcp.servers.values()].filter((server) => server.transport === "sdk" && !server.request)
    .map((server) => server.name);
  const names = [...new Set([...named, ...waiting])];
  return names.length > 0 && !names.some((name) => manifestOutcome(request, name) === "parked");
}

/**
 * Resolves when every server has finished connecting (or failed): a turn's `system/init` lists them.
 *
 * @example
 * ```js
 * // Used by output.js before system/init: await mcpReady(fake);
 * ```
 * @param {FakeProcess} fake
 */
export async function mcpReady(fake) {
  await Promise.all([...fake.mcp.servers.values()].map((server) => server.ready));
}

/**
 * The model-facing names of the connected servers' tools, `mcp__<server>__<tool>`.
 *
 * @example
 * ```js
 * import { mcpToolNames } from "./mcp.js";
 * mcpToolNames({ servers: new Map() }); // []
 * ```
 * @param {FakeMcp} mcp
 * @returns {string[]}
 */
export function mcpToolNames(mcp) {
  return connected(mcp).flatMap((server) => server.tools.map((tool) => `mcp__${server.name}__${tool.name}`));
}

/**
 * The servers as `system/init` lists them: `{ name, status, source }`.
 *
 * @example
 * ```js
 * import { initMcpServers } from "./mcp.js";
 * initMcpServers({ servers: new Map() }); // []
 * ```
 * @param {FakeMcp} mcp
 */
export function initMcpServers(mcp) {
  return [...mcp.servers.values()].map((server) => ({
    name: server.name,
    status: server.status,
    source: server.source,
  }));
}

/**
 * The `mcp_status` answer, as recorded: an SDK server only once connected, a stdio one `pending` (no serverInfo,
 * no tools) until it is; `env` never shown; a remote one that failed with its `error`.
 *
 * @example
 * ```js
 * import { mcpStatus } from "./mcp.js";
 * mcpStatus({ servers: new Map() }); // { mcpServers: [] }
 * ```
 * @param {FakeMcp} mcp
 */
export function mcpStatus(mcp) {
  const mcpServers = [];
  for (const server of mcp.servers.values()) {
    if (server.transport === "sdk" && server.status !== "connected") continue;
    /** @type {Record<string, unknown>} */
    const entry = { name: server.name, status: server.status };
    if (server.status === "connected" && server.serverInfo) entry.serverInfo = server.serverInfo;
    if (server.status === "failed" && server.error !== undefined) entry.error = server.error;
    if (server.transport !== "sdk") {
      // a stdio server's env is not shown (m10); an http/sse server's headers are, as 2.1.332 shows them
      const { env: _env, ...config } = server.config;
      entry.config = config;
    }
    Object.assign(entry, { transport: server.transport, scope: "dynamic", source: server.source });
    if (server.status === "connected") {
      entry.tools = server.tools.map((tool) => ({ name: tool.name, annotations: statusAnnotations(tool.annotations) }));
    }
    mcpServers.push(entry);
  }
  return { mcpServers };
}

/**
 * `mcp_reconnect` and `mcp_toggle`: the server is closed and connected again (enabled), or closed and marked
 * `disabled`. Resolves with an error message for a server the process does not have.
 *
 * @example
 * ```js
 * // Used by control.js: const error = await changeMcpServer(fake, request.serverName, true);
 * ```
 * @param {FakeProcess} fake
 * @param {unknown} name
 * @param {boolean} enabled
 * @returns {Promise<string | undefined>}
 */
export async function changeMcpServer(fake, name, enabled) {
  const server = typeof name === "string" ? fake.mcp.servers.get(name) : undefined;
  if (!server) return `Server not found: ${String(name)}`;
  server.close?.();
  Object.assign(server, { request: undefined, notify: undefined, close: undefined, tools: [], serverInfo: undefined });
  delete server.error;
  if (!enabled) {
    server.status = "disabled";
    server.ready = Promise.resolve();
    return undefined;
  }
  server.status = "pending";
  server.nextId = 0;
  if (server.transport === "sdk") await startSdk(fake, server).then(() => afterInitialize(fake));
  else connect(fake, server);
  await server.ready;
  return undefined;
}

/**
 * Finishes the handshake of every SDK server whose `initialize` was answered: `notifications/initialized`, then
 * `tools/list` (features/m6: both after the CLI's own `initialize` answer).
 *
 * @example
 * ```js
 * // Used by control.js once the initialize answer is out: void afterInitialize(fake);
 * ```
 * @param {FakeProcess} fake
 */
export async function afterInitialize(fake) {
  await Promise.all(
    [...fake.mcp.servers.values()].filter((server) => server.transport === "sdk").map((server) => server.finish?.()),
  );
}

/**
 * Whether a tool name is one of a connected server's (`mcp__<server>__<tool>`), with that server and tool.
 *
 * @example
 * ```js
 * import { findMcpTool } from "./mcp.js";
 * findMcpTool({ servers: new Map() }, "mcp__calc__add"); // undefined
 * ```
 * @param {FakeMcp} mcp
 * @param {string} name
 * @returns {{ server: FakeMcpServer, tool: RpcMessage } | undefined}
 */
export function findMcpTool(mcp, name) {
  for (const server of connected(mcp)) {
    const prefix = `mcp__${server.name}__`;
    if (!name.startsWith(prefix)) continue;
    const tool = server.tools.find((tool) => tool.name === name.slice(prefix.length));
    if (tool) return { server, tool };
  }
  return undefined;
}

/**
 * The `can_use_tool` request for an MCP tool (features/m8): the server named, a rule for the tool alone.
 *
 * @example
 * ```js
 * // Used by turn.js: askSdk(fake, mcpCanUseToolRequest(found, block.name, input, block.id), signal);
 * ```
 * @param {{ server: FakeMcpServer, tool: RpcMessage }} found
 * @param {string} name
 * @param {unknown} input
 * @param {string} toolUseId
 */
export function mcpCanUseToolRequest(found, name, input, toolUseId) {
  return {
    subtype: "can_use_tool",
    tool_name: name,
    mcp_server: { name: found.server.name, source: found.server.source },
    display_name: displayName(found.tool.name),
    input,
    permission_suggestions: [
      { type: "addRules", rules: [{ toolName: name }], behavior: "allow", destination: "localSettings" },
    ],
    server_policy_ask_only: true,
    tool_use_id: toolUseId,
  };
}

/**
 * The `tool_use_meta` of an assistant line calling an MCP tool (features/m6, m10), or undefined for another tool.
 *
 * @example
 * ```js
 * import { mcpToolUseMeta } from "./mcp.js";
 * mcpToolUseMeta({ servers: new Map() }, { type: "text", text: "hi" }); // undefined
 * ```
 * @param {FakeMcp} mcp
 * @param {Block | undefined} block
 */
export function mcpToolUseMeta(mcp, block) {
  if (block?.type !== "tool_use") return undefined;
  const found = findMcpTool(mcp, block.name);
  if (!found) return undefined;
  return [{
    id: block.id,
    display_name: displayName(found.tool.name),
    server_display_name: found.server.serverInfo?.name ?? found.server.name,
    tool_name: found.tool.name,
  }];
}

/**
 * Calls an MCP tool (`tools/call` with `_meta`), as the model asked: its result's content becomes the tool_result
 * and the `tool_use_result`. An interrupt while it runs sends `notifications/cancelled` and resolves undefined.
 *
 * @example
 * ```js
 * // Used by turn.js: const outcome = await callMcpTool(found, input, block.id, turn.abort.signal);
 * ```
 * @param {{ server: FakeMcpServer, tool: RpcMessage }} found
 * @param {unknown} input
 * @param {string} toolUseId
 * @param {AbortSignal} signal
 * @returns {Promise<ToolOutcome | undefined>}
 */
export async function callMcpTool(found, input, toolUseId, signal) {
  const { server, tool } = found;
  if (!server.request) return failure(`MCP server "${server.name}" is not connected`);
  const id = server.nextId++;
  const message = {
    method: "tools/call",
    params: {
      name: tool.name,
      arguments: input ?? {},
      _meta: { "claudecode/toolUseId": toolUseId, progressToken: id },
    },
    jsonrpc: "2.0",
    id,
  };
  const answer = await server.request(message, signal);
  if (signal.aborted) {
    const params = { requestId: id, reason: "AbortError: remote-cancel" }; // as CLI 2.1.332 words it
    server.notify?.({ jsonrpc: "2.0", method: "notifications/cancelled", params });
    return undefined;
  }
  if (!answer) return failure(`MCP server "${server.name}" did not answer`);
  if (answer.error) return failure(`MCP error ${answer.error.code}: ${answer.error.message}`);
  const content = Array.isArray(answer.result?.content) ? answer.result.content : [];
  return { content, isError: answer.result?.isError === true, toolUseResult: content };
}

/**
 * The result CLI 2.1.332 gives the model for a tool call an interrupt stopped while it ran.
 *
 * @example
 * ```js
 * import { STOPPED_TOOL_CALL } from "./mcp.js";
 * STOPPED_TOOL_CALL.startsWith("The user doesn't want to proceed"); // true
 * ```
 */
export const STOPPED_TOOL_CALL = "The user doesn't want to proceed with this tool use. The tool use was rejected " +
  "(eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the " +
  "user to tell you how to proceed. Correction to the text above: this call was stopped while running, not refused " +
  "before it ran. It may have run in part or in full, and its changes may have been written. No permission prompt " +
  "was involved. Work it started elsewhere (a remote command, a background process) may still be running, so check " +
  "before starting the same work again. The instruction to stop and wait still stands.";

/**
 * Ends every server connection (the process is ending): stdio children are killed.
 *
 * @example
 * ```js
 * // Used by run_process.js when the process ends: closeMcp(fake);
 * ```
 * @param {FakeProcess} fake
 */
export function closeMcp(fake) {
  for (const server of fake.mcp.servers.values()) server.close?.();
}

/**
 * @param {FakeProcess} fake
 * @param {string} name
 * @param {any} config the configuration entry (JSON)
 */
function addServer(fake, name, config) {
  if (fake.mcp.servers.has(name) || typeof config !== "object" || config === null) return;
  const transport = config.type ?? "stdio";
  /** @type {FakeMcpServer} */
  const server = {
    name,
    source: transport === "sdk" ? "sdk" : "dynamic",
    transport,
    config,
    status: "pending",
    serverInfo: undefined,
    tools: [],
    nextId: 0,
    ready: Promise.resolve(),
    request: undefined,
    notify: undefined,
    close: undefined,
  };
  fake.mcp.servers.set(name, server);
  if (transport !== "sdk") connect(fake, server);
}

/**
 * Connects a server the CLI runs or dials, by its transport; an unknown transport fails.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 */
function connect(fake, server) {
  if (server.transport === "stdio") connectStdio(fake, server);
  else if (server.transport === "http") connectHttp(fake, server);
  else if (server.transport === "sse") connectSse(fake, server);
  else server.status = "failed";
}

/**
 * The first step of an SDK server's handshake, over the control channel: its `initialize`. `finish`, set here (and
 * returned), does the rest once the CLI's own `initialize` answer is out.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 * @returns {Promise<(() => Promise<void>) | undefined>}
 */
async function startSdk(fake, server) {
  overControlChannel(fake, server);
  /** @type {() => void} */
  let done = () => {};
  server.ready = new Promise((resolve) => (done = resolve));
  const initialized = await server.request?.({
    method: "initialize",
    params: {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: {
        name: "claude-code",
        title: "Claude Code",
        description: "Anthropic's agentic coding tool",
        websiteUrl: "https://claude.com/claude-code",
        version: fake.config.cli.version,
      },
    },
    jsonrpc: "2.0",
    id: server.nextId++,
  });
  if (!initialized?.result) {
    server.status = "failed";
    done();
    return undefined;
  }
  server.serverInfo = initialized.result.serverInfo;
  const finish = async () => {
    server.finish = undefined;
    // a notification, yet the CLI waits for the control response (features/m6)
    await server.request?.({ jsonrpc: "2.0", method: "notifications/initialized" });
    await listTools(server);
    done();
  };
  server.finish = finish;
  return finish;
}

/**
 * An SDK server's messages go over the control channel as `mcp_message` requests, each answer its `mcp_response`.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 */
function overControlChannel(fake, server) {
  const never = new AbortController().signal;
  server.request = async (message, signal) => {
    const answer = await askSdk(fake, { subtype: "mcp_message", server_name: server.name, message }, signal ?? never);
    return answer?.mcp_response;
  };
  server.notify = (message) => {
    void askSdk(fake, { subtype: "mcp_message", server_name: server.name, message }, never);
  };
}

/**
 * An SDK server's `tools/list`: `connected` with its tools, or `failed`.
 * @param {FakeMcpServer} server
 */
async function listTools(server) {
  const listed = await server.request?.({ method: "tools/list", jsonrpc: "2.0", id: server.nextId++ });
  server.tools = Array.isArray(listed?.result?.tools) ? listed.result.tools : [];
  server.status = listed?.result ? "connected" : "failed";
}

/**
 * Spawns a stdio server and does its handshake as recorded (features/m9's `.mcp.jsonl`): the `server/discover`
 * probe, `initialize`, `notifications/initialized`, `tools/list`.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 */
function connectStdio(fake, server) {
  const { command, args = [], env = {} } = server.config;
  /** @type {Record<string, string>} */
  const childEnv = {};
  for (const [key, value] of Object.entries({ ...fake.config.env, ...env })) {
    if (typeof value === "string") childEnv[key] = value;
  }
  /** @type {Map<string | number, (message: RpcMessage | undefined) => void>} */
  const pending = new Map();
  /** @type {import("node:child_process").ChildProcess} */
  let child;
  try {
    child = spawn(String(command), args.map(String), { cwd: fake.config.cwd, env: childEnv, stdio: "pipe" });
  } catch {
    server.status = "failed";
    return;
  }
  let gone = false;
  const end = () => {
    gone = true;
    for (const resolve of pending.values()) resolve(undefined);
    pending.clear();
  };
  child.on("error", () => {
    server.status = "failed";
    end();
  });
  child.on("exit", () => {
    if (server.close === close) server.status = "failed";
    end();
  });
  child.stdin?.on("error", () => {});
  child.stderr?.resume();
  let buffered = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (/** @type {string} */ text) => {
    buffered += text;
    let newline;
    while ((newline = buffered.indexOf("\n")) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        continue;
      }
      const resolve = pending.get(message?.id);
      if (resolve) {
        pending.delete(message.id);
        resolve(message);
      }
    }
  });
  const write = (/** @type {RpcMessage} */ message) => {
    if (!gone) child.stdin?.write(JSON.stringify(message) + "\n");
  };
  server.request = (message, signal) =>
    new Promise((resolve) => {
      if (gone) return resolve(undefined);
      pending.set(message.id, resolve);
      signal?.addEventListener("abort", () => resolve(undefined), { once: true });
      write(message);
    });
  server.notify = write;
  const close = () => {
    server.close = undefined;
    end();
    child.kill("SIGTERM");
  };
  server.close = close;
  server.ready = handshake(fake, server, {
    probe: true,
    send: async (message, signal) => {
      if (message.id !== undefined) return { answer: await server.request?.(message, signal) };
      write(message);
      return {};
    },
  });
}

/**
 * What a transport's `send` resolves with: the JSON-RPC answer, or why there is none (worded as 2.1.332 words it).
 * @typedef {{ answer?: RpcMessage | undefined, error?: string | undefined }} Reply
 */

/**
 * How the handshake reaches a server: `send` a request (a notification resolves once it is delivered), `opened` is
 * told the negotiated protocol version.
 * @typedef {object} Link
 * @property {boolean} probe whether the `server/discover` probe goes first (stdio and http; not sse)
 * @property {(message: RpcMessage, signal?: AbortSignal) => Promise<Reply>} send
 * @property {((protocolVersion: string) => void) | undefined} [opened]
 */

/**
 * The handshake of a server the CLI runs or dials, as recorded (features/m9's `.mcp.jsonl`; http and sse as 2.1.332
 * was seen doing): the `server/discover` probe (its answer, whatever it is, is not used), `initialize`,
 * `notifications/initialized`, `tools/list`. A server whose `initialize` fails is `failed`, with the reason.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 * @param {Link} link
 */
async function handshake(fake, server, link) {
  const clientInfo = {
    name: "claude-code",
    title: "Claude Code",
    version: fake.config.cli.version,
    description: "Anthropic's agentic coding tool",
    websiteUrl: "https://claude.com/claude-code",
  };
  const capabilities = { roots: { listChanged: true }, elicitation: { form: {}, url: {} } };
  if (link.probe) {
    const probe = new AbortController();
    const probeTimer = setTimeout(() => probe.abort(), 1_000);
    await link.send({
      jsonrpc: "2.0",
      id: "server-discover-probe-1",
      method: "server/discover",
      params: {
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientInfo": clientInfo,
          "io.modelcontextprotocol/clientCapabilities": capabilities,
        },
      },
    }, probe.signal);
    clearTimeout(probeTimer);
  }
  const initialized = await link.send({
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities, clientInfo },
    jsonrpc: "2.0",
    id: server.nextId++,
  });
  if (!initialized.answer?.result) {
    fail(server, initialized.error);
    return;
  }
  server.serverInfo = initialized.answer.result.serverInfo;
  link.opened?.(String(initialized.answer.result.protocolVersion ?? "2025-11-25"));
  await link.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  const listed = await link.send({ method: "tools/list", jsonrpc: "2.0", id: server.nextId++ });
  server.tools = Array.isArray(listed.answer?.result?.tools) ? listed.answer.result.tools : [];
  if (listed.answer?.result) server.status = "connected";
  else fail(server, listed.error);
}

/**
 * Marks a server failed (unless it was closed meanwhile), with the reason when there is one.
 * @param {FakeMcpServer} server
 * @param {string | undefined} error
 */
function fail(server, error) {
  if (server.status === "disabled") return;
  server.status = "failed";
  if (error !== undefined) server.error = error;
}

/**
 * Dials an http server (streamable HTTP), as 2.1.332 was seen doing: each message a POST with the configured headers
 * (`Accept: application/json, text/event-stream`), the `Mcp-Session-Id` the server handed out and, after
 * `initialize`, `Mcp-Protocol-Version`; an answer as a JSON body or as an event stream; after
 * `notifications/initialized`, a GET for the server's own stream (a `405` is fine; the fake reads nothing from it).
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 */
function connectHttp(fake, server) {
  const url = String(server.config.url);
  /** @type {Record<string, string>} */
  const headers = { ...stringHeaders(server.config.headers), "user-agent": userAgent(fake) };
  const life = new AbortController();
  const close = () => {
    server.close = undefined;
    life.abort();
  };
  server.close = close;
  /** @param {RpcMessage} message @param {AbortSignal} [signal] @returns {Promise<Reply>} */
  const send = async (message, signal) => {
    const call = linked(life.signal, signal);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          accept: "application/json, text/event-stream",
          "content-type": "application/json",
          ...headers,
          ...(message.method === "server/discover" ? { "mcp-method": "server/discover" } : {}),
        },
        body: JSON.stringify(message),
        signal: call,
      });
      const session = response.headers.get("mcp-session-id");
      if (session !== null) headers["mcp-session-id"] = session;
      if (!response.ok) {
        await response.body?.cancel();
        return { error: httpError(server, response.status) };
      }
      if (message.id === undefined) {
        await response.body?.cancel();
        return {};
      }
      if (response.headers.get("content-type")?.includes("text/event-stream")) {
        /** @type {RpcMessage | undefined} */
        let answer;
        await readEvents(response.body, (event) => {
          const parsed = parseJson(event.data);
          if (event.event === "message" && parsed?.id === message.id) answer = parsed;
          return answer !== undefined;
        });
        return answer ? { answer } : { error: "the event stream ended before the answer" };
      }
      const body = parseJson(await response.text());
      const answer = Array.isArray(body) ? body.find((reply) => reply?.id === message.id) : body;
      return answer ? { answer } : { error: "the answer is not JSON-RPC" };
    } catch (error) {
      return { error: call.aborted ? "aborted" : connectError(error) };
    }
  };
  server.request = async (message, signal) => (await send(message, signal)).answer;
  server.notify = (message) => void send(message);
  server.ready = handshake(fake, server, {
    probe: true,
    send: async (message, signal) => {
      const reply = await send(message, signal);
      if (message.method === "notifications/initialized" && !reply.error) listen();
      return reply;
    },
    opened: (protocolVersion) => (headers["mcp-protocol-version"] = protocolVersion),
  });

  function listen() {
    fetch(url, { headers: { ...headers, accept: "text/event-stream" }, signal: life.signal })
      .then((response) => response.body?.cancel())
      .catch(() => {});
  }
}

/**
 * Dials an sse server, as 2.1.332 was seen doing: a GET opens the event stream (no `server/discover` probe), whose
 * `endpoint` event names where to POST the messages (with the configured headers); the answers come back as
 * `message` events. The stream ending fails the server.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 */
function connectSse(fake, server) {
  const url = String(server.config.url);
  /** @type {Record<string, string>} */
  const headers = { ...stringHeaders(server.config.headers), "user-agent": userAgent(fake) };
  const life = new AbortController();
  /** @type {Map<unknown, (reply: Reply) => void>} */
  const pending = new Map();
  const end = (/** @type {string} */ error) => {
    for (const resolve of pending.values()) resolve({ error });
    pending.clear();
  };
  const close = () => {
    server.close = undefined;
    life.abort();
    end("aborted");
  };
  server.close = close;
  /** @type {Promise<{ endpoint?: URL, error?: string }>} */
  const opened = new Promise((resolve) => {
    fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: life.signal }).then(async (response) => {
      if (!response.ok) {
        await response.body?.cancel();
        return resolve({ error: httpError(server, response.status, "SSE error: ") });
      }
      await readEvents(response.body, (event) => {
        if (event.event === "endpoint") resolve({ endpoint: new URL(event.data, url) });
        const message = event.event === "message" ? parseJson(event.data) : undefined;
        const answered = message?.id === undefined ? undefined : pending.get(message.id);
        if (answered) {
          pending.delete(message.id);
          answered({ answer: message });
        }
        return false;
      });
      resolve({ error: "SSE error: the stream ended" });
      if (server.close === close) fail(server, "SSE error: the stream ended");
      end("SSE error: the stream ended");
    }).catch((error) => {
      resolve({ error: life.signal.aborted ? "aborted" : `SSE error: ${connectError(error)}` });
      end("aborted");
    });
  });
  /** @param {RpcMessage} message @param {AbortSignal} [signal] @returns {Promise<Reply>} */
  const send = async (message, signal) => {
    const { endpoint, error } = await opened;
    if (!endpoint) return { error };
    const call = linked(life.signal, signal);
    /** @type {Promise<Reply>} */
    const answered = message.id === undefined ? Promise.resolve({}) : new Promise((resolve) => {
      pending.set(message.id, resolve);
      call.addEventListener("abort", () => resolve({ error: "aborted" }), { once: true });
    });
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { accept: "application/json, text/event-stream", "content-type": "application/json", ...headers },
        body: JSON.stringify(message),
        signal: call,
      });
      await response.body?.cancel();
      if (!response.ok) {
        pending.delete(message.id);
        return { error: httpError(server, response.status, "SSE error: ") };
      }
    } catch (error) {
      pending.delete(message.id);
      return { error: call.aborted ? "aborted" : `SSE error: ${connectError(error)}` };
    }
    return answered;
  };
  server.request = async (message, signal) => (await send(message, signal)).answer;
  server.notify = (message) => void send(message);
  server.ready = handshake(fake, server, {
    probe: false,
    send,
    opened: (protocolVersion) => (headers["mcp-protocol-version"] = protocolVersion),
  });
}

/**
 * Why an HTTP answer failed a remote server, as 2.1.332 words it (a `401` without a configured `Authorization`
 * sends the real CLI into OAuth discovery, which the fake does not do).
 * @param {FakeMcpServer} server
 * @param {number} status
 * @param {string} [prefix] `SSE error: ` for an sse server's stream
 */
function httpError(server, status, prefix = "") {
  const configured = Object.keys(stringHeaders(server.config.headers)).some((name) => name === "authorization");
  if (status === 401 && configured) {
    return "Server rejected the configured Authorization header (HTTP 401). Check that the token is valid for this " +
      "MCP endpoint — OAuth fallback is disabled when headers.Authorization is set.";
  }
  if (status === 401) return `${prefix}HTTP 401: the server wants OAuth, which the fake CLI does not do`;
  if (status === 404 && prefix === "") {
    return `MCP endpoint not found at ${new URL(String(server.config.url)).origin}. Check the URL in your MCP config.`;
  }
  return `${prefix}HTTP ${status}`;
}

/**
 * Why a server could not be reached, as 2.1.332 words it (`ECONNREFUSED: Unable to connect. ...`), whichever
 * runtime's `fetch` threw (Node: a `cause` with a code; Bun: `ConnectionRefused`; Deno: only a message).
 * @param {any} error what `fetch` threw
 */
function connectError(error) {
  const said = [error?.cause?.code, error?.code, error?.message, error?.cause?.message].join(" ");
  const code = /ECONNREFUSED|ConnectionRefused|Connection refused/i.test(said)
    ? "ECONNREFUSED"
    : error?.cause?.code ?? error?.code;
  return typeof code === "string"
    ? `${code}: Unable to connect. Is the computer able to access the url?`
    : String(error?.message ?? error);
}

/**
 * The configured headers with lower-cased names (strings only).
 * @param {unknown} headers
 * @returns {Record<string, string>}
 */
function stringHeaders(headers) {
  /** @type {Record<string, string>} */
  const out = {};
  if (typeof headers !== "object" || headers === null) return out;
  for (const [name, value] of Object.entries(headers)) if (typeof value === "string") out[name.toLowerCase()] = value;
  return out;
}

/** @param {FakeProcess} fake */
function userAgent(fake) {
  return `claude-code/${fake.config.cli.version} (${fake.config.entrypoint})`;
}

/**
 * A signal aborted when either is.
 * @param {AbortSignal} life
 * @param {AbortSignal | undefined} signal
 */
function linked(life, signal) {
  return signal ? AbortSignal.any([life, signal]) : life;
}

/** @param {string} text */
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads an event stream (`text/event-stream`), handing each event to `onEvent` until it returns true or the stream
 * ends; the rest is cancelled.
 * @param {ReadableStream<Uint8Array> | null} body
 * @param {(event: { event: string, data: string }) => boolean} onEvent
 */
async function readEvents(body, onEvent) {
  if (!body) return;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let event = "message";
  /** @type {string[]} */
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffered.search(/\r?\n/)) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + (buffered[newline] === "\r" ? 2 : 1));
        if (line === "") {
          if (data.length > 0 && onEvent({ event, data: data.join("\n") })) return;
          event = "message";
          data = [];
        } else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        else if (line.startsWith("event:")) event = line.slice(6).trim();
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** @param {FakeMcp} mcp */
function connected(mcp) {
  return [...mcp.servers.values()].filter((server) => server.status === "connected");
}

/**
 * The CLI's display name of a tool: its name, capitalized (`echo` → `Echo`).
 * @param {string} name
 */
function displayName(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * A tool's MCP hints as `mcp_status` reports them (`readOnlyHint` → `readOnly`...); `{}` when it has none.
 * @param {any} annotations
 */
function statusAnnotations(annotations) {
  /** @type {Record<string, boolean>} */
  const out = {};
  if (typeof annotations?.readOnlyHint === "boolean") out.readOnly = annotations.readOnlyHint;
  if (typeof annotations?.destructiveHint === "boolean") out.destructive = annotations.destructiveHint;
  if (typeof annotations?.openWorldHint === "boolean") out.openWorld = annotations.openWorldHint;
  return out;
}

/**
 * @param {string} text
 * @returns {ToolOutcome}
 */
function failure(text) {
  return { content: text, isError: true, toolUseResult: `Error: ${text}` };
}
