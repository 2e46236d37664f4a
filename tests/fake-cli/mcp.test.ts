// The fake CLI's MCP client, driven over stdin as the recordings were (features/m6, m7, m9): the order of the SDK
// server handshake around the initialize answer, a server whose manifest came with initialize (no handshake), the
// manifests 2.1.332 declines or half uses (probed), a stdio server of --mcp-config in a -p run, and http/sse servers
// (tests/_mcp_http_server.ts) reached or not, under each runtime's fetch. The Session-level behaviour, on both CLIs,
// is tests/session/mcp.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMcpHttpServer } from "../_mcp_http_server.ts";
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

/** A port of 127.0.0.1 nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const address = listener.address();
  await new Promise((resolve) => listener.close(resolve));
  assert.ok(address !== null && typeof address === "object");
  return address.port;
}

/** The recording's server, whose mcp_message requests are noted with where they came: before or after the answer. */
function sdkServers(seen: string[]) {
  const answer = sdkServer([]);
  let answered = false;
  return (line: string): string | undefined => {
    const message = JSON.parse(line);
    if (message.type === "control_response" && message.response?.request_id === "init1") answered = true;
    if (message.type === "control_request" && message.request.subtype === "mcp_message") {
      const rpc = message.request.message;
      seen.push(`${answered ? "after" : "before"} ${message.request.server_name} ${rpc.method} ${rpc.id ?? "-"}`);
    }
    return answer(line);
  };
}

/**
 * The fake run with the in-process servers `servers` and `manifests` in its initialize, one turn calling
 * `mcp__a__echo`; `seen` gets what the servers were sent.
 */
function callEchoWithManifests(
  box: ReturnType<typeof sandbox>,
  servers: string[],
  manifests: unknown,
  seen: string[],
): ReturnType<typeof drive> {
  return drive({
    args: [...STREAM, "--allowedTools", "mcp__a__echo"],
    cwd: box.cwd,
    env: fakeEnv(box.config),
    respond: sdkServers(seen),
    steps: [
      {
        send: {
          type: "control_request",
          request_id: "init1",
          request: { subtype: "initialize", sdkMcpServers: servers, sdkMcpServerManifests: manifests },
        },
      },
      { wait: { type: "control_response", response: { request_id: "init1" } } },
      { send: { type: "user", message: { role: "user", content: 'TOOL mcp__a__echo {"text":"hi"}' } } },
      { wait: { type: "result" } },
      { close: true },
    ],
  });
}

test("fake CLI, manifests 2.1.332 declines or half uses (probed): the parked answer and the handshake that remains", async () => {
  const initializeResult = (protocolVersion: string, capabilities: unknown = { tools: {} }) => ({
    protocolVersion,
    capabilities,
    serverInfo: { name: "sdkfake", version: "1.0.0" },
  });
  const good = { initializeResult: initializeResult("2025-11-25"), toolsListResult: { tools: TOOLS } };
  const cases: Array<{ name: string; servers?: string[]; manifests: unknown; parked: unknown; seen: string[] }> = [
    {
      name: "no toolsListResult: parked, tools/list over the control channel after the answer",
      manifests: { a: { initializeResult: initializeResult("2025-11-25") } },
      parked: { a: "parked" },
      seen: ["after a tools/list 1", "after a tools/call 2"],
    },
    {
      name: "another protocol version: the whole handshake, before the answer",
      manifests: { a: { ...good, initializeResult: initializeResult("2024-11-05") } },
      parked: { a: "protocol_version_mismatch" },
      seen: [
        "before a initialize 0",
        "after a notifications/initialized -",
        "after a tools/list 1",
        "after a tools/call 2",
      ],
    },
    {
      name: "an initializeResult that is no object: malformed",
      manifests: { a: { ...good, initializeResult: "nope" } },
      parked: { a: "malformed" },
      seen: [
        "before a initialize 0",
        "after a notifications/initialized -",
        "after a tools/list 1",
        "after a tools/call 2",
      ],
    },
    {
      name: "a field that is no object: every server malformed",
      manifests: "nope",
      parked: { a: "malformed" },
      seen: [
        "before a initialize 0",
        "after a notifications/initialized -",
        "after a tools/list 1",
        "after a tools/call 2",
      ],
    },
    {
      name: "a listing that cannot be replayed: parked, then the whole handshake after the answer",
      manifests: { a: { ...good, toolsListResult: { tools: "x" } } },
      parked: { a: "parked" },
      seen: [
        "after a initialize 0",
        "after a notifications/initialized -",
        "after a tools/list 1",
        "after a tools/call 2",
      ],
    },
    {
      name: "one parked, one without an entry (and an entry for no server): the other's handshake after the answer",
      servers: ["a", "b"],
      manifests: { a: good, zz: good },
      parked: { a: "parked" },
      seen: [
        "after b initialize 0",
        "after b notifications/initialized -",
        "after b tools/list 1",
        "after a tools/call 2",
      ],
    },
  ];
  for (const { name, servers = ["a"], manifests, parked, seen: expected } of cases) {
    const box = sandbox();
    try {
      const seen: string[] = [];
      const run = await callEchoWithManifests(box, servers, manifests, seen);
      assert.equal(run.code, 0, `${name}: ${run.stderr}`);
      const lines = run.lines.map((line) => JSON.parse(line));
      const answer = lines.find((line) => line.type === "control_response" && line.response.request_id === "init1");
      assert.deepEqual(answer.response.response.sdk_mcp_manifests_parked, parked, name);
      assert.deepEqual(seen, expected, name);
      const init = lines.find((line) => line.type === "system" && line.subtype === "init");
      assert.deepEqual(init.mcp_servers.map((s: { status: string }) => s.status), servers.map(() => "connected"), name);
      assert.ok(run.stdout.includes('sdk-echo: {\\"text\\":\\"hi\\"}'), name);
    } finally {
      box.cleanup();
    }
  }
});

test("fake CLI, a manifest without the tools capability (probed): parked, no tools at all", async () => {
  const box = sandbox();
  try {
    const seen: string[] = [];
    const manifest = {
      initializeResult: { protocolVersion: "2025-11-25", capabilities: {}, serverInfo: { name: "a", version: "1" } },
      toolsListResult: { tools: TOOLS },
    };
    const run = await callEchoWithManifests(box, ["a"], { a: manifest }, seen);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(seen, []);
    const lines = run.lines.map((line) => JSON.parse(line));
    const init = lines.find((line) => line.type === "system" && line.subtype === "init");
    assert.deepEqual(init.mcp_servers, [{ name: "a", status: "connected", source: "sdk" }]);
    assert.equal(init.tools.some((name: string) => name.startsWith("mcp__")), false);
    const result = lines.find((line) => line.type === "user" && line.tool_use_result);
    assert.equal(result.tool_use_result, "Error: No such tool available: mcp__a__echo");
    assert.equal(result.tool_result_meta, undefined, "2.1.332 gives a call of no such tool no tool_result_meta");
  } finally {
    box.cleanup();
  }
});

test("fake CLI, http and sse servers over initialize: dialled with their headers, failed with 2.1.332's reasons", async () => {
  const server = await startMcpHttpServer({ authorization: "Bearer t0ken" });
  const closed = await closedPort();
  const box = sandbox();
  try {
    const auth = { Authorization: "Bearer t0ken" };
    const mcpServers = {
      docs: { type: "http", url: server.url, headers: auth },
      feed: { type: "sse", url: server.sseUrl, headers: auth },
      wrong: { type: "http", url: server.url, headers: { Authorization: "Bearer nope" } },
      wrongsse: { type: "sse", url: server.sseUrl, headers: { Authorization: "Bearer nope" } },
      missing: { type: "http", url: server.url.replace("/mcp", "/nope"), headers: auth },
      refused: { type: "http", url: `http://127.0.0.1:${closed}/mcp` },
      refusedsse: { type: "sse", url: `http://127.0.0.1:${closed}/sse` },
    };
    const run = await drive({
      args: [...STREAM, "--await-initialize", "--allowedTools", "mcp__docs__echo,mcp__feed__echo"],
      cwd: box.cwd,
      env: fakeEnv(box.config),
      steps: [
        { send: { type: "control_request", request_id: "init1", request: { subtype: "initialize", mcpServers } } },
        { wait: { type: "control_response", response: { request_id: "init1" } } },
        { send: { type: "user", message: { role: "user", content: 'TOOL mcp__docs__echo {"text":"one"}' } } },
        { wait: { type: "result" } },
        { send: { type: "user", message: { role: "user", content: 'TOOL mcp__feed__echo {"text":"two"}' } } },
        { wait: { type: "result" } },
        { send: { type: "control_request", request_id: "st1", request: { subtype: "mcp_status" } } },
        { wait: { type: "control_response", response: { request_id: "st1" } } },
        {
          send: {
            type: "control_request",
            request_id: "re1",
            request: { subtype: "mcp_reconnect", serverName: "docs" },
          },
        },
        { wait: { type: "control_response", response: { request_id: "re1" } } },
        { close: true },
      ],
    });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.lines.map((line) => JSON.parse(line));
    assert.equal(lines.find((line) => line.response?.request_id === "re1").response.subtype, "success");
    const sessions = server.requests.filter((r) => (r.body as { method?: string })?.method === "initialize")
      .filter((r) => r.path === "/mcp" && r.status === 200);
    assert.equal(sessions.length, 2, "a reconnect dials the server again");
    const init = lines.find((line) => line.type === "system" && line.subtype === "init");
    assert.deepEqual(
      init.mcp_servers.map((s: { name: string; status: string }) => `${s.name} ${s.status}`),
      ["docs connected", "feed connected", ...Object.keys(mcpServers).slice(2).map((name) => `${name} failed`)],
    );
    const results = lines.filter((line) => line.type === "user" && line.tool_use_result);
    assert.deepEqual(results.map((line) => line.tool_use_result), [
      [{ type: "text", text: "http-echo: one" }],
      [{ type: "text", text: "http-echo: two" }],
    ]);
    const status = lines.find((line) => line.response?.request_id === "st1").response.response.mcpServers;
    const byName = Object.fromEntries(status.map((entry: { name: string }) => [entry.name, entry]));
    assert.deepEqual(byName.docs.config, mcpServers.docs, "headers are shown, as 2.1.332 shows them");
    assert.deepEqual(byName.docs.serverInfo, { name: "http-fake", version: "0.2.0" });
    assert.equal(byName.feed.transport, "sse");
    const rejected = "Server rejected the configured Authorization header (HTTP 401). Check that the token is valid " +
      "for this MCP endpoint — OAuth fallback is disabled when headers.Authorization is set.";
    assert.equal(byName.wrong.error, rejected);
    assert.equal(byName.wrongsse.error, rejected);
    assert.equal(
      byName.missing.error,
      `MCP endpoint not found at ${new URL(server.url).origin}. Check the URL in your MCP config.`,
    );
    const refused = "ECONNREFUSED: Unable to connect. Is the computer able to access the url?";
    assert.equal(byName.refused.error, refused);
    assert.equal(byName.refusedsse.error, `SSE error: ${refused}`);
    // the http server's traffic, as 2.1.332's: the probe, initialize, then the session id and protocol version
    const docs = server.requests.filter((r) => r.path === "/mcp" && r.headers.authorization === "Bearer t0ken");
    assert.deepEqual(docs.filter((r) => r.method === "POST").map((r) => (r.body as { method: string }).method), [
      "server/discover",
      "initialize",
      "notifications/initialized",
      "tools/list",
      "tools/call",
      "server/discover", // the reconnect
      "initialize",
      "notifications/initialized",
      "tools/list",
    ]);
    assert.ok(docs.some((r) => r.method === "GET" && r.status === 405), "the GET for the server's own stream");
    const later = docs.filter((r) => r.method === "POST").slice(2, 5);
    assert.ok(
      later.every((r) =>
        r.headers["mcp-session-id"] !== undefined && r.headers["mcp-protocol-version"] === "2025-11-25"
      ),
    );
    assert.equal(docs[0].headers["mcp-method"], "server/discover");
  } finally {
    box.cleanup();
    await server.close();
  }
});
