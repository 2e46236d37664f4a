// @ts-check
/**
 * The fake's MCP client, as recorded (features/m6–m10, m34): in-process SDK servers reached over the control
 * channel (`mcp_message` requests), stdio servers run as children (newline-delimited JSON-RPC), the handshake
 * (`initialize`, `notifications/initialized`, `tools/list`), `tools/call` for the model's `mcp__<server>__<tool>`
 * calls, `mcp_status`, `mcp_reconnect` and `mcp_toggle`.
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
 * Takes the MCP part of an `initialize` request: its `mcpServers` (spawned now) and `sdkMcpServers` (whose
 * `initialize` the SDK must answer before the CLI answers its own, features/m6). Resolves once those answers came;
 * `afterInitialize` then finishes their handshakes.
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
  const manifests = request.sdkMcpServerManifests ?? {};
  const sdk = [...fake.mcp.servers.values()].filter((server) => server.transport === "sdk" && !server.request);
  await Promise.all(
    sdk.map((server) =>
      isManifest(manifests[server.name]) ? park(fake, server, manifests[server.name]) : startSdk(fake, server)
    ),
  );
}

/**
 * The `sdk_mcp_manifests_parked` of the `initialize` answer (features/m7): each SDK server whose manifest came with
 * the request, `"parked"`; undefined when none did.
 *
 * @example
 * ```js
 * import { parkedManifests } from "./mcp.js";
 * parkedManifests({ sdkMcpServers: ["s"], sdkMcpServerManifests: { s: { initializeResult: {}, toolsListResult: {} } } });
 * // { s: "parked" }
 * ```
 * @param {Record<string, any>} request the `initialize` request (the SDK's JSON)
 * @returns {Record<string, string> | undefined}
 */
export function parkedManifests(request) {
  const manifests = request.sdkMcpServerManifests ?? {};
  const names = (request.sdkMcpServers ?? []).filter((/** @type {unknown} */ name) =>
    typeof name === "string" && isManifest(manifests[name])
  );
  return names.length > 0 ? Object.fromEntries(names.map((/** @type {string} */ name) => [name, "parked"])) : undefined;
}

/** @param {any} manifest */
function isManifest(manifest) {
  return typeof manifest?.initializeResult === "object" && typeof manifest?.toolsListResult === "object";
}

/**
 * An SDK server whose manifest came with `initialize` (features/m7): no handshake, its tools as the manifest lists
 * them; its first `tools/call` has id 2, as after a handshake.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 * @param {any} manifest
 */
function park(fake, server, manifest) {
  const never = new AbortController().signal;
  server.request = async (message, signal) =>
    (await askSdk(fake, { subtype: "mcp_message", server_name: server.name, message }, signal ?? never))?.mcp_response;
  server.notify = (message) => {
    void askSdk(fake, { subtype: "mcp_message", server_name: server.name, message }, never);
  };
  server.serverInfo = manifest.initializeResult.serverInfo;
  server.tools = Array.isArray(manifest.toolsListResult.tools) ? manifest.toolsListResult.tools : [];
  server.nextId = 2;
  server.status = "connected";
  server.ready = Promise.resolve();
}

/**
 * Whether an `initialize` request names MCP servers of the SDK, whose handshake comes before the answer.
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
  const manifests = request.sdkMcpServerManifests ?? {};
  const named = (request.sdkMcpServers ?? []).filter((/** @type {unknown} */ name) => typeof name === "string");
  return named.some((/** @type {string} */ name) => !isManifest(manifests[name])) ||
    [...mcp.servers.values()].some((server) =>
      server.transport === "sdk" && !server.request && !isManifest(manifests[server.name])
    );
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
 * no tools) until it is; `env` never shown.
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
    if (server.transport !== "sdk") {
      const { env: _env, headers: _headers, ...config } = server.config;
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
  if (!enabled) {
    server.status = "disabled";
    server.ready = Promise.resolve();
    return undefined;
  }
  server.status = "pending";
  server.nextId = 0;
  if (server.transport === "sdk") await startSdk(fake, server).then(() => afterInitialize(fake));
  else connectStdio(fake, server);
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
  if (transport === "stdio") connectStdio(fake, server);
  else if (transport !== "sdk") server.status = "failed"; // the fake dials no network server
}

/**
 * The first step of an SDK server's handshake, over the control channel: its `initialize`. `finish`, set here, does
 * the rest once the CLI's own `initialize` answer is out.
 * @param {FakeProcess} fake
 * @param {FakeMcpServer} server
 */
async function startSdk(fake, server) {
  const never = new AbortController().signal;
  server.request = async (message, signal) => {
    const answer = await askSdk(fake, { subtype: "mcp_message", server_name: server.name, message }, signal ?? never);
    return answer?.mcp_response;
  };
  server.notify = (message) => {
    void askSdk(fake, { subtype: "mcp_message", server_name: server.name, message }, never);
  };
  /** @type {() => void} */
  let done = () => {};
  server.ready = new Promise((resolve) => (done = resolve));
  const initialized = await server.request({
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
    return;
  }
  server.serverInfo = initialized.result.serverInfo;
  server.finish = async () => {
    server.finish = undefined;
    // a notification, yet the CLI waits for the control response (features/m6)
    await server.request?.({ jsonrpc: "2.0", method: "notifications/initialized" });
    const listed = await server.request?.({ method: "tools/list", jsonrpc: "2.0", id: server.nextId++ });
    server.tools = Array.isArray(listed?.result?.tools) ? listed.result.tools : [];
    server.status = listed?.result ? "connected" : "failed";
    done();
  };
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
  server.ready = handshake();

  async function handshake() {
    const request = server.request;
    if (!request) return;
    const clientInfo = {
      name: "claude-code",
      title: "Claude Code",
      version: fake.config.cli.version,
      description: "Anthropic's agentic coding tool",
      websiteUrl: "https://claude.com/claude-code",
    };
    const capabilities = { roots: { listChanged: true }, elicitation: { form: {}, url: {} } };
    const probe = new AbortController();
    const probeTimer = setTimeout(() => probe.abort(), 1_000);
    await request({
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
    const initialized = await request({
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities, clientInfo },
      jsonrpc: "2.0",
      id: server.nextId++,
    });
    if (!initialized?.result) {
      server.status = "failed";
      return;
    }
    server.serverInfo = initialized.result.serverInfo;
    write({ jsonrpc: "2.0", method: "notifications/initialized" });
    const listed = await request({ method: "tools/list", jsonrpc: "2.0", id: server.nextId++ });
    server.tools = Array.isArray(listed?.result?.tools) ? listed.result.tools : [];
    server.status = listed?.result ? "connected" : "failed";
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
