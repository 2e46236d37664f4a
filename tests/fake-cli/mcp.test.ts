// The fake CLI's MCP client, driven over stdin as the recordings were (features/m6, m7, m9): the order of the SDK
// server handshake around the initialize answer, a server whose manifest came with initialize (no handshake), and a
// stdio server of --mcp-config in a -p run. The Session-level behaviour, on both CLIs, is tests/session/mcp.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { drive, fakeEnv, sandbox } from "./_support.ts";

const SERVER_SCRIPT = fileURLToPath(new URL("../tools/stdio_mcp_server.mjs", import.meta.url));
const STREAM = ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose"];
const TOOLS = [{
  name: "echo",
  description: "Echo the text back",
  inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
}];

/** The recording's in-process server (drive.mjs --mcp-sdk): answers each mcp_message as m6 shows. */
function sdkServer(seen: unknown[]) {
  return (line: string): string | undefined => {
    const message = JSON.parse(line);
    if (message.type !== "control_request" || message.request.subtype !== "mcp_message") return undefined;
    const rpc = message.request.message;
    seen.push(rpc);
    const result = rpc.method === "initialize"
      ? {
        protocolVersion: "2025-11-25",
        capabilities: { tools: {} },
        serverInfo: { name: "sdkfake", version: "1.0.0" },
      }
      : rpc.method === "tools/list"
      ? { tools: TOOLS }
      : rpc.method === "tools/call"
      ? { content: [{ type: "text", text: `sdk-echo: ${JSON.stringify(rpc.params.arguments)}` }] }
      : undefined;
    const mcp_response = result === undefined
      ? { jsonrpc: "2.0", result: {}, id: 0 }
      : { jsonrpc: "2.0", id: rpc.id, result };
    return JSON.stringify({
      type: "control_response",
      response: { subtype: "success", request_id: message.request_id, response: { mcp_response } },
    }) + "\n";
  };
}

test("fake CLI, SDK server (m6): initialize is asked before the initialize answer, then initialized and tools/list", async () => {
  const box = sandbox();
  try {
    const seen: Array<{ method?: string }> = [];
    const run = await drive({
      args: [...STREAM, "--allowedTools", "mcp__sdkfake__echo"],
      cwd: box.cwd,
      env: fakeEnv(box.config),
      respond: sdkServer(seen),
      steps: [
        {
          send: {
            type: "control_request",
            request_id: "init1",
            request: { subtype: "initialize", sdkMcpServers: ["sdkfake"] },
          },
        },
        { wait: { type: "control_response", response: { request_id: "init1" } } },
        { send: { type: "user", message: { role: "user", content: 'TOOL mcp__sdkfake__echo {"text":"hello mcp"}' } } },
        { wait: { type: "result" } },
        { send: { type: "control_request", request_id: "st1", request: { subtype: "mcp_status" } } },
        { wait: { type: "control_response", response: { request_id: "st1" } } },
        { close: true },
      ],
    });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.lines.map((line) => JSON.parse(line));
    const first = lines[0];
    assert.equal(first.request?.subtype, "mcp_message");
    assert.equal(first.request.message.method, "initialize");
    assert.equal(lines[1].response?.request_id, "init1", "the initialize answer comes after the server's initialize");
    assert.deepEqual(seen.map((rpc) => rpc.method), [
      "initialize",
      "notifications/initialized",
      "tools/list",
      "tools/call",
    ]);
    const call = lines.find((line) => line.request?.message?.method === "tools/call").request.message;
    assert.deepEqual(Object.keys(call), ["method", "params", "jsonrpc", "id"]);
    assert.equal(call.id, 2);
    assert.deepEqual(call.params._meta.progressToken, 2);
    const init = lines.find((line) => line.type === "system" && line.subtype === "init");
    assert.deepEqual(init.mcp_servers, [{ name: "sdkfake", status: "connected", source: "sdk" }]);
    assert.equal(init.tools.at(-1), "mcp__sdkfake__echo");
    const toolUse = lines.find((line) => line.type === "assistant" && line.message.content[0].type === "tool_use");
    assert.deepEqual(toolUse.tool_use_meta, [{
      id: toolUse.message.content[0].id,
      display_name: "Echo",
      server_display_name: "sdkfake",
      tool_name: "echo",
    }]);
    const result = lines.find((line) => line.type === "user" && line.tool_use_result);
    assert.deepEqual(result.message.content[0], {
      tool_use_id: toolUse.message.content[0].id,
      type: "tool_result",
      content: [{ type: "text", text: 'sdk-echo: {"text":"hello mcp"}' }],
    });
    assert.deepEqual(result.tool_use_result, [{ type: "text", text: 'sdk-echo: {"text":"hello mcp"}' }]);
    const status = lines.find((line) => line.response?.request_id === "st1").response.response;
    assert.deepEqual(status, {
      mcpServers: [{
        name: "sdkfake",
        status: "connected",
        serverInfo: { name: "sdkfake", version: "1.0.0" },
        transport: "sdk",
        scope: "dynamic",
        source: "sdk",
        tools: [{ name: "echo", annotations: {} }],
      }],
    });
  } finally {
    box.cleanup();
  }
});

test("fake CLI, SDK server with a manifest (m7): parked, no handshake, the only mcp_message is tools/call id 2", async () => {
  const box = sandbox();
  try {
    const seen: Array<{ method?: string; id?: number }> = [];
    const manifest = {
      initializeResult: {
        protocolVersion: "2025-11-25",
        capabilities: { tools: {} },
        serverInfo: { name: "sdkfake", version: "1.0.0" },
      },
      toolsListResult: { tools: TOOLS },
    };
    const run = await drive({
      args: [...STREAM, "--allowedTools", "mcp__sdkfake__echo"],
      cwd: box.cwd,
      env: fakeEnv(box.config),
      respond: sdkServer(seen),
      steps: [
        {
          send: {
            type: "control_request",
            request_id: "init1",
            request: {
              subtype: "initialize",
              sdkMcpServers: ["sdkfake"],
              sdkMcpServerManifests: { sdkfake: manifest },
            },
          },
        },
        { wait: { type: "control_response", response: { request_id: "init1" } } },
        {
          send: {
            type: "user",
            message: { role: "user", content: 'TOOL mcp__sdkfake__echo {"text":"hello manifest"}' },
          },
        },
        { wait: { type: "result" } },
        { close: true },
      ],
    });
    assert.equal(run.code, 0, run.stderr);
    const answer = JSON.parse(run.lines[0]);
    assert.deepEqual(answer.response.response.sdk_mcp_manifests_parked, { sdkfake: "parked" });
    const keys = Object.keys(answer.response.response);
    assert.equal(keys[keys.indexOf("sdk_mcp_manifests_parked") - 1], "other_hook_ask_outranks_host");
    assert.deepEqual(seen.map((rpc) => [rpc.method, rpc.id]), [["tools/call", 2]]);
    assert.ok(run.stdout.includes('sdk-echo: {\\"text\\":\\"hello manifest\\"}'));
  } finally {
    box.cleanup();
  }
});

test("fake CLI, stdio server of --mcp-config (m9): the recorded handshake, listed in init, its tool called", async () => {
  const box = sandbox();
  try {
    const log = join(box.root, "mcp.jsonl");
    const config = {
      mcpServers: {
        stdiofake: {
          type: "stdio",
          command: "node",
          args: [SERVER_SCRIPT],
          env: { MCP_TAG: "from-config", MCP_LOG: log },
        },
      },
    };
    const run = await drive({
      args: [
        "-p",
        'TOOL mcp__stdiofake__add {"a":2,"b":3}',
        "--output-format",
        "stream-json",
        "--verbose",
        "--mcp-config",
        JSON.stringify(config),
        "--allowedTools",
        "mcp__stdiofake__add",
      ],
      cwd: box.cwd,
      env: fakeEnv(box.config),
    });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.lines.map((line) => JSON.parse(line));
    const init = lines.find((line) => line.type === "system" && line.subtype === "init");
    assert.deepEqual(init.mcp_servers, [{ name: "stdiofake", status: "connected", source: "dynamic" }]);
    assert.deepEqual(init.tools.slice(-2), ["mcp__stdiofake__add", "mcp__stdiofake__whoami"]);
    const result = lines.find((line) => line.type === "user" && line.tool_use_result);
    assert.deepEqual(result.message.content[0].content, [{ type: "text", text: "sum=5" }]);
    const traffic = readFileSync(log, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    const read = traffic.filter((entry) => entry.dir === "in").map((entry) => entry.m.method);
    assert.deepEqual(read, ["server/discover", "initialize", "notifications/initialized", "tools/list", "tools/call"]);
    const initialize = traffic.find((entry) => entry.m.method === "initialize").m;
    assert.deepEqual(initialize.params.capabilities, {
      roots: { listChanged: true },
      elicitation: { form: {}, url: {} },
    });
    assert.equal(initialize.id, 0);
  } finally {
    box.cleanup();
  }
});
