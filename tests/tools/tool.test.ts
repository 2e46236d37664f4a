// tool() and mcpServer() without a CLI: input schemas (valibot and JSON Schema), the input check, the JSON-RPC answers
// byte for byte as recorded (features/m6), handler failures, cancellation, the mcp_message handler, and what a
// session's options make of mcpServers (the initialize request, the command line).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { type ClaudeCodeError, isClaudeCodeError } from "../../src/errors.ts";
import { cliCommand } from "../../src/session/cli_command.ts";
import { sessionControl } from "../../src/session/session_control.ts";
import { parseSessionOptions } from "../../src/session/session_options.ts";
import { currentRuntime } from "../../src/runtime/current.ts";
import { mcpMessageHandler } from "../../src/tools/mcp_message.ts";
import { mcpServer } from "../../src/tools/mcp_server.ts";
import { jsonSchemaIssues, tool } from "../../src/tools/tool.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";

const signal = new AbortController().signal;

const echo = tool(
  "echo",
  "Echo the text back",
  { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  (args) => ({ content: [{ type: "text", text: `sdk-echo: ${JSON.stringify(args)}` }] }),
);

test("tool: a valibot schema becomes the JSON Schema of an object, without $schema; its check is valibot's", () => {
  const add = tool("add", "Add", v.object({ a: v.number(), b: v.optional(v.number()) }), ({ a, b = 0 }) => ({
    content: [{ type: "text", text: String(a + b) }],
  }), { annotations: { readOnlyHint: true } });
  assert.deepEqual(add.inputSchema, {
    type: "object",
    properties: { a: { type: "number" }, b: { type: "number" } },
    required: ["a"],
  });
  assert.deepEqual(add.annotations, { readOnlyHint: true });
  assert.deepEqual(add.check({ a: 1 }), { success: true, input: { a: 1 } });
  assert.deepEqual(add.check({ b: 1 }), {
    success: false,
    issues: ['a: Invalid key: Expected "a" but received undefined'],
  });
  // the handler gets valibot's output: a transform applies before it runs
  const trimmed = tool(
    "t",
    "T",
    v.object({ s: v.pipe(v.string(), v.trim()) }),
    ({ s }) => ({ content: [{ type: "text", text: s }] }),
  );
  assert.deepEqual(trimmed.check({ s: "  x " }), { success: true, input: { s: "x" } });
});

test("tool: bad names, schemas and handlers are INVALID_OPTION naming what is wrong", () => {
  const handler = () => ({ content: [] });
  const cases: Array<[() => unknown, string]> = [
    [() => tool("no spaces", "d", { type: "object" }, handler), "name"],
    [() => tool("", "d", { type: "object" }, handler), "name"],
    [() => tool("x".repeat(65), "d", { type: "object" }, handler), "name"],
    [() => tool("s", "d", v.string(), handler), "inputSchema"],
    [() => tool("s", "d", v.objectAsync({}), handler), "inputSchema"],
    // deliberately wrong shapes, as a JavaScript caller could pass them
    [() => tool("s", "d", { type: "string" } as never, handler), "inputSchema"],
    [() => tool("s", "d", { type: "object" }, "nope" as never), "handler"],
    [() => tool("s", 3 as never, { type: "object" }, handler), "description"],
    [() => mcpServer({ name: "a b" }), "name"],
    [() => mcpServer({ name: "s", tools: [echo, echo] }), "tools"],
  ];
  for (const [make, option] of cases) {
    assert.throws(
      make,
      (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === option,
      option,
    );
  }
});

test("tool: a JSON Schema's check covers required properties and primitive types", () => {
  const schema = {
    type: "object" as const,
    properties: {
      s: { type: "string" },
      n: { type: "number" },
      i: { type: "integer" },
      b: { type: "boolean" },
      o: { type: "object" },
      a: { type: "array" },
      z: { type: ["string", "null"] },
      free: {},
    },
    required: ["s"],
  };
  assert.deepEqual(jsonSchemaIssues(schema, { s: "x", n: 1.5, i: 2, b: false, o: {}, a: [], z: null, free: 1 }), []);
  assert.deepEqual(jsonSchemaIssues(schema, { n: "1", i: 1.5, b: 0, o: [], a: {}, z: 3 }), [
    "s: required",
    'n: expected number, got "1"',
    "i: expected integer, got 1.5",
    "b: expected boolean, got 0",
    "o: expected object, got []",
    "a: expected array, got {}",
    "z: expected string or null, got 3",
  ]);
  assert.deepEqual(jsonSchemaIssues(schema, [1]), ["expected an object, got [1]"]);
  assert.deepEqual(jsonSchemaIssues(schema, null), ["expected an object, got null"]);
});

test("tool: a JSON Schema's check agrees with the same schema in valibot on primitive-typed properties (property)", () => {
  const kinds = {
    string: v.string(),
    number: v.number(),
    boolean: v.boolean(),
    null: v.null(),
    array: v.array(v.unknown()),
    // valibot's objects take arrays too (as objects of their keys); JSON Schema's do not
    object: v.custom((value) => typeof value === "object" && value !== null && !Array.isArray(value)),
  } as const;
  const value = fc.oneof(
    fc.string(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer()),
    fc.dictionary(fc.string(), fc.integer()),
  );
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom("p", "q", "r"), fc.constantFrom(...(Object.keys(kinds) as (keyof typeof kinds)[]))),
      fc.subarray(["p", "q", "r"]),
      fc.dictionary(fc.constantFrom("p", "q", "r", "extra"), value),
      (types, required, input) => {
        const entries = Object.entries(types);
        const properties = Object.fromEntries(entries.map(([key, type]) => [key, { type }]));
        const shape: Record<string, v.GenericSchema> = Object.fromEntries(entries.map(([key, type]) => [
          key,
          required.includes(key) ? kinds[type] : v.optional(kinds[type]),
        ]));
        // a required key without a type: present is enough
        for (const key of required) if (!(key in shape)) shape[key] = v.unknown();
        const present = required.filter((key) => !(key in types)).every((key) => Object.hasOwn(input, key));
        const json = jsonSchemaIssues({ type: "object", properties, required }, input).length === 0;
        assert.equal(json, v.is(v.looseObject(shape), input) && present);
      },
    ),
  );
});

test("mcpServer: the handshake answers are those recorded (features/m6), notifications have none", async () => {
  const server = mcpServer({ name: "sdkfake", version: "1.0.0", tools: [echo] });
  const initialize = {
    method: "initialize",
    params: {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "claude-code", version: "2.1.332" },
    },
    jsonrpc: "2.0",
    id: 0,
  };
  assert.equal(
    JSON.stringify(await server.handleMessage(initialize, { signal })),
    '{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"sdkfake","version":"1.0.0"}}}',
  );
  assert.equal(
    await server.handleMessage({ jsonrpc: "2.0", method: "notifications/initialized" }, { signal }),
    undefined,
  );
  assert.equal(
    JSON.stringify(await server.handleMessage({ method: "tools/list", jsonrpc: "2.0", id: 1 }, { signal })),
    '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo","description":"Echo the text back","inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}}]}}',
  );
  const call = {
    method: "tools/call",
    params: {
      name: "echo",
      arguments: { text: "hello mcp" },
      _meta: { "claudecode/toolUseId": "toolu_fake_0007", progressToken: 2 },
    },
    jsonrpc: "2.0",
    id: 2,
  };
  assert.equal(
    JSON.stringify(await server.handleMessage(call, { signal })),
    '{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"sdk-echo: {\\"text\\":\\"hello mcp\\"}"}]}}',
  );
  // a client that names no protocol version gets the newest this server knows; instructions are passed on
  const withInstructions = mcpServer({ name: "s", instructions: "Use add for sums" });
  const answer = await withInstructions.handleMessage({ jsonrpc: "2.0", id: 5, method: "initialize" }, { signal });
  assert.deepEqual(answer, {
    jsonrpc: "2.0",
    id: 5,
    result: {
      protocolVersion: "2025-11-25",
      capabilities: { tools: {} },
      serverInfo: { name: "s", version: "1.0.0" },
      instructions: "Use add for sums",
    },
  });
});

test("mcpServer: unknown methods, unknown tools and malformed messages are JSON-RPC errors; ping is answered", async () => {
  const server = mcpServer({ name: "s", tools: [echo] });
  assert.deepEqual(await server.handleMessage({ jsonrpc: "2.0", id: "p", method: "server/discover" }, { signal }), {
    jsonrpc: "2.0",
    id: "p",
    error: { code: -32601, message: "Method not found: server/discover" },
  });
  assert.deepEqual(
    await server.handleMessage({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "nope" } }, { signal }),
    { jsonrpc: "2.0", id: 3, error: { code: -32602, message: "Tool nope not found" } },
  );
  assert.deepEqual(await server.handleMessage("not json-rpc", { signal }), {
    jsonrpc: "2.0",
    id: null,
    error: { code: -32600, message: "Invalid Request" },
  });
  assert.deepEqual(await server.handleMessage({ jsonrpc: "2.0", id: 4, method: "ping" }, { signal }), {
    jsonrpc: "2.0",
    id: 4,
    result: {},
  });
});

test("mcpServer: an invalid input is an isError result naming the issues, and the handler does not run", async () => {
  let ran = 0;
  const add = tool("add", "Add", v.object({ a: v.number(), b: v.number() }), () => (ran++, { content: [] }));
  const server = mcpServer({ name: "calc", tools: [add] });
  const answer = await server.handleMessage(
    { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "add", arguments: { a: "1" } } },
    { signal },
  );
  assert.deepEqual(answer, {
    jsonrpc: "2.0",
    id: 2,
    result: {
      content: [{
        type: "text",
        text:
          'Invalid input for tool add: a: Invalid type: Expected number but received "1"; b: Invalid key: Expected "b" but received undefined',
      }],
      isError: true,
    },
  });
  assert.equal(ran, 0);
});

test("mcpServer: a handler that throws or answers without content is an isError result, reported as CALLBACK_ERROR", async () => {
  const reported: ClaudeCodeError[] = [];
  const report = (error: Error) => reported.push(error as ClaudeCodeError);
  const broken = tool("broken", "Throws", { type: "object" }, () => {
    throw new Error("disk full");
  });
  const empty = tool("empty", "Answers nothing", { type: "object" }, () => ({}) as never);
  const server = mcpServer({ name: "s", tools: [broken, empty] });
  const call = (name: string) =>
    server.handleMessage({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name } }, { signal, report });
  assert.deepEqual(await call("broken"), {
    jsonrpc: "2.0",
    id: 9,
    result: { content: [{ type: "text", text: "disk full" }], isError: true },
  });
  assert.deepEqual(await call("empty"), {
    jsonrpc: "2.0",
    id: 9,
    result: { content: [{ type: "text", text: "Tool empty returned no result content" }], isError: true },
  });
  assert.deepEqual(reported.map((error) => [error.code, error.details]), [
    ["CALLBACK_ERROR", { callback: "mcpServers.s.broken" }],
    ["CALLBACK_ERROR", { callback: "mcpServers.s.empty" }],
  ]);
});

test("mcpServer: notifications/cancelled and the request's own signal abort the running handler", async () => {
  const signals: AbortSignal[] = [];
  const wait = tool("wait", "Waits for its abort", { type: "object" }, (_input, context) =>
    new Promise((resolve) => {
      signals.push(context.signal);
      context.signal.addEventListener("abort", () => resolve({ content: [{ type: "text", text: "stopped" }] }));
    }));
  const server = mcpServer({ name: "s", tools: [wait] });
  const first = server.handleMessage({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "wait" } }, {
    signal,
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  const cancel = {
    jsonrpc: "2.0",
    method: "notifications/cancelled",
    params: { requestId: 2, reason: "AbortError: remote-cancel" },
  };
  assert.equal(await server.handleMessage(cancel, { signal }), undefined);
  assert.equal(signals[0].aborted, true);
  assert.equal(signals[0].reason, "AbortError: remote-cancel");
  await first;
  const withdrawn = new AbortController();
  const second = server.handleMessage({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "wait" } }, {
    signal: withdrawn.signal,
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(signals[1].aborted, false);
  withdrawn.abort("turn ended");
  assert.equal(signals[1].aborted, true);
  await second;
});

test("mcp_message handler: answers as mcp_response, a notification as recorded, an unknown server with an error", async () => {
  const handler = mcpMessageHandler({ sdkfake: mcpServer({ name: "sdkfake", tools: [echo] }) });
  const context = { signal, requestId: "r1" };
  assert.equal(
    JSON.stringify(
      await handler({
        subtype: "mcp_message",
        server_name: "sdkfake",
        message: { jsonrpc: "2.0", method: "notifications/initialized" },
      }, context),
    ),
    '{"mcp_response":{"jsonrpc":"2.0","result":{},"id":0}}',
  );
  assert.deepEqual(
    await handler({
      subtype: "mcp_message",
      server_name: "sdkfake",
      message: { method: "tools/list", jsonrpc: "2.0", id: 1 },
    }, context),
    {
      mcp_response: {
        jsonrpc: "2.0",
        id: 1,
        result: { tools: [{ name: "echo", description: "Echo the text back", inputSchema: echo.inputSchema }] },
      },
    },
  );
  assert.deepEqual(
    await handler({
      subtype: "mcp_message",
      server_name: "other",
      message: { jsonrpc: "2.0", id: 7, method: "tools/list" },
    }, context),
    {
      mcp_response: { jsonrpc: "2.0", id: 7, error: { code: -32601, message: "No in-process MCP server named other" } },
    },
  );
});

test("mcpServers option: in-process servers by name and the others as data in initialize; flags as the CLI takes them", async () => {
  const runtime = await currentRuntime();
  const options = parseSessionOptions({
    mcpServers: {
      sdkfake: mcpServer({ name: "sdkfake", tools: [echo] }),
      files: { type: "stdio", command: "node", args: ["srv.mjs"], env: { TOKEN: "s3cret" } },
      docs: { type: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer t" } },
    },
    strictMcpConfig: true,
  });
  assert.deepEqual(sessionControl(options).initialize, {
    subtype: "initialize",
    sdkMcpServers: ["sdkfake"],
    sdkMcpServerManifests: { sdkfake: mcpServer({ name: "sdkfake", tools: [echo] }).manifest },
    mcpServers: {
      files: { type: "stdio", command: "node", args: ["srv.mjs"], env: { TOKEN: "s3cret" } },
      docs: { type: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer t" } },
    },
  });
  const { args } = cliCommand(options, {}, runtime);
  assert.ok(args.includes("--await-initialize") && args.includes("--strict-mcp-config"));
  assert.ok(!args.join(" ").includes("s3cret") && !args.join(" ").includes("Bearer"), "no secret on the command line");
  // in-process servers alone need no --await-initialize (features/m6)
  const sdkOnly = parseSessionOptions({ mcpServers: { sdkfake: mcpServer({ name: "sdkfake" }) } });
  assert.ok(!cliCommand(sdkOnly, {}, runtime).args.includes("--await-initialize"));
  assert.deepEqual(Object.keys(sessionControl(sdkOnly).initialize), [
    "subtype",
    "sdkMcpServers",
    "sdkMcpServerManifests",
  ]);
  // a server without a manifest (one made by hand, or with it taken off) is handshaken over the control channel
  const bare = parseSessionOptions({
    mcpServers: { sdkfake: { ...mcpServer({ name: "sdkfake" }), manifest: undefined } },
  });
  assert.deepEqual(sessionControl(bare).initialize, { subtype: "initialize", sdkMcpServers: ["sdkfake"] });
});

test("mcpServer: its manifest is the recorded one (features/m7), byte for byte", () => {
  const stdin = readFileSync(join(PROTOCOL_DIR, "cli-2.1.332/features/m7_sdk_mcp_manifests.stdin.jsonl"), "utf8");
  const recorded = JSON.parse(stdin.split("\n")[0]).request.sdkMcpServerManifests.sdkfake;
  const server = mcpServer({ name: "sdkfake", tools: [echo] });
  assert.equal(JSON.stringify(server.manifest), JSON.stringify(recorded));
});

test("mcpServer: its manifest is what it answers to the CLI's initialize (2025-11-25, no capabilities) and tools/list", async () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);
  const definition = fc.record({
    name,
    description: fc.string(),
    readOnly: fc.option(fc.boolean(), { nil: undefined }),
  });
  await fc.assert(
    fc.asyncProperty(
      name,
      fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
      fc.uniqueArray(definition, { selector: (d) => d.name, maxLength: 4 }),
      async (serverName, instructions, definitions) => {
        const tools = definitions.map((d) =>
          tool(d.name, d.description, { type: "object" }, () => ({ content: [] }), {
            ...(d.readOnly === undefined ? {} : { annotations: { readOnlyHint: d.readOnly } }),
          })
        );
        const server = mcpServer({ name: serverName, instructions, tools });
        const initialize = {
          jsonrpc: "2.0",
          id: 0,
          method: "initialize",
          params: {
            protocolVersion: "2025-11-25",
            capabilities: {},
            clientInfo: { name: "claude-code", version: "x" },
          },
        };
        const initialized = await server.handleMessage(initialize, { signal });
        const listed = await server.handleMessage({ jsonrpc: "2.0", id: 1, method: "tools/list" }, { signal });
        assert.ok(initialized && "result" in initialized && listed && "result" in listed);
        assert.deepEqual(server.manifest, { initializeResult: initialized.result, toolsListResult: listed.result });
      },
    ),
  );
});

test("mcpServers option: each bad entry is INVALID_OPTION naming mcpServers and the server", () => {
  const bad: unknown[] = [
    [],
    { "a b": { command: "node" } },
    { files: { command: "" } },
    { files: { type: "stdio", command: "node", args: "srv.mjs" } },
    { files: { command: "node", env: { A: 1 } } },
    { files: { command: "node", env: { "A=B": "x" } } },
    { docs: { type: "http" } },
    { docs: { type: "ws", url: "https://x" } },
    { calc: { type: "sdk", name: "calc" } },
  ];
  for (const mcpServers of bad) {
    assert.throws(() => parseSessionOptions({ mcpServers }), (error) => {
      assert.ok(isClaudeCodeError(error, "INVALID_OPTION"));
      assert.equal(error.details.option, "mcpServers");
      return true;
    }, JSON.stringify(mcpServers));
  }
  assert.throws(
    () => parseSessionOptions({ mcpServers: { files: { type: "stdio" } } }),
    /server files must be/,
  );
});
