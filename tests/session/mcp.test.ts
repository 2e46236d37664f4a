// MCP servers of a Session, against the CLI under test (the fake, or the real 2.1.332 with the stand-in API): an
// in-process server (tool(), mcpServer(), served over mcp_message: features/m6-m8; its manifest sent with initialize,
// m7), a stdio server the CLI runs (tests/tools/stdio_mcp_server.mjs, given over initialize with --await-initialize:
// features/m10), http and sse servers the CLI dials (tests/_mcp_http_server.ts, their headers given over initialize),
// mcpStatus, reconnect and toggle, and no stdio server left running after stop() or after the CLI is killed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import * as v from "valibot";
import { type ClaudeCodeError, isClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { Session } from "../../src/session/mod.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import { mcpServer } from "../../src/tools/mcp_server.ts";
import { tool, type ToolContext } from "../../src/tools/tool.ts";
import type { McpStdioServerConfig } from "../../src/tools/mcp_config.ts";
import type { McpSdkServerConfig } from "../../src/tools/mcp_server.ts";
import { type McpHttpServer, startMcpHttpServer } from "../_mcp_http_server.ts";
import { fakeCli } from "../../testing.ts";
import { fakeOnly, waitFor, withSessions } from "./_fixture.ts";
import { running } from "../util.ts";

const SERVER_SCRIPT = fileURLToPath(new URL("../tools/stdio_mcp_server.mjs", import.meta.url));

async function all(stream: ReadableStream<Message>): Promise<Message[]> {
  const messages: Message[] = [];
  for await (const message of stream as unknown as AsyncIterable<Message>) messages.push(message);
  return messages;
}

/** The tool_result blocks of a turn's user lines. */
function toolResults(messages: Message[]): Array<{ content: unknown; is_error?: unknown }> {
  return messages.flatMap((m) => {
    const content = m.type === "user" && isRecord(m.message) ? m.message.content : undefined;
    return Array.isArray(content) ? content.filter((b) => isRecord(b) && b.type === "tool_result") : [];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A tool result's text, whether its content is a string or text blocks. */
function resultText(result: { content: unknown }): string {
  const { content } = result;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((block: { text?: string }) => block.text ?? "").join("") : "";
}

function echoServer(calls: Array<{ input: unknown; context: ToolContext }> = []) {
  const echo = tool("echo", "Echo the text back", v.object({ text: v.string() }), (input, context) => {
    calls.push({ input, context });
    return { content: [{ type: "text", text: `sdk-echo: ${input.text}` }] };
  }, { annotations: { readOnlyHint: true } });
  const fail = tool("fail", "Always fails", { type: "object", properties: {} }, () => {
    throw new Error("the tool broke");
  });
  return mcpServer({ name: "srv", version: "2.0.0", tools: [echo, fail] });
}

/** A server that notes the JSON-RPC method of every message the session hands it (the mcp_message requests). */
function spied(server: McpSdkServerConfig, methods: string[]): McpSdkServerConfig {
  return {
    ...server,
    handleMessage: (message, context) => {
      methods.push(isRecord(message) ? String(message.method) : "?");
      return server.handleMessage(message, context);
    },
  };
}

/** Runs `body` with an HTTP MCP server that wants `Authorization: Bearer s3cret-http`, closed at the end. */
async function withHttpServer(body: (server: McpHttpServer) => Promise<void>): Promise<void> {
  const server = await startMcpHttpServer({ authorization: "Bearer s3cret-http" });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

function stdioServer(fx: { cwd: string }, env: Record<string, string> = {}): McpStdioServerConfig {
  return {
    type: "stdio",
    command: process.execPath.endsWith("node") ? process.execPath : "node",
    args: [SERVER_SCRIPT],
    env: { MCP_TAG: "from-test", MCP_PID_FILE: join(fx.cwd, "mcp.pid"), ...env },
  };
}

test("mcp: an in-process tool is listed, called with its checked input and context, and its result reaches the model", async () => {
  const calls: Array<{ input: unknown; context: ToolContext }> = [];
  await withSessions(async (make) => {
    const session = make({ mcpServers: { srv: echoServer(calls) }, allowedTools: ["mcp__srv__echo"] });
    const messages = await all(session.stream('TOOL mcp__srv__echo {"text":"hello mcp"}'));
    const init = messages.find((m) => m.type === "system" && m.subtype === "init");
    assert.ok(Array.isArray(init?.tools) && init.tools.includes("mcp__srv__echo"), "system/init lists the tool");
    assert.ok(init.tools.includes("mcp__srv__fail"));
    assert.deepEqual(
      (init.mcp_servers as unknown[]).find((s) => (s as { name: string }).name === "srv"),
      { name: "srv", status: "connected", source: "sdk" },
    );
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].input, { text: "hello mcp" });
    assert.match(calls[0].context.toolUseId ?? "", /^toolu_/);
    assert.equal(calls[0].context.meta["claudecode/toolUseId"], calls[0].context.toolUseId);
    const [result] = toolResults(messages);
    assert.equal(resultText(result), "sdk-echo: hello mcp");
    assert.notEqual(result.is_error, true);
    const status = (await session.mcpStatus()).find((server) => server.name === "srv");
    assert.equal(status?.status, "connected");
    assert.deepEqual(status?.serverInfo, { name: "srv", version: "2.0.0" });
    assert.deepEqual(status?.tools?.map((t) => t.name).sort(), ["echo", "fail"]);
  });
});

test("mcp: an in-process server's manifest goes with initialize, so the CLI sends no handshake mcp_message (m7)", async () => {
  await withSessions(async (make) => {
    const parked: string[] = [];
    const session = make({ mcpServers: { srv: spied(echoServer(), parked) }, allowedTools: ["mcp__srv__echo"] });
    const messages = await all(session.stream('TOOL mcp__srv__echo {"text":"with a manifest"}'));
    assert.equal(resultText(toolResults(messages)[0]), "sdk-echo: with a manifest");
    const init = messages.find((m) => m.type === "system" && m.subtype === "init");
    assert.ok(Array.isArray(init?.tools) && init.tools.includes("mcp__srv__echo"));
    assert.deepEqual(parked, ["tools/call"], "no initialize, notifications/initialized or tools/list");
    // without one, the CLI handshakes the server over the control channel (as a CLI that predates the field does)
    const handshaken: string[] = [];
    const bare = spied({ ...echoServer(), manifest: undefined }, handshaken);
    const other = make({ mcpServers: { srv: bare }, allowedTools: ["mcp__srv__echo"] });
    const again = await all(other.stream('TOOL mcp__srv__echo {"text":"without"}'));
    assert.equal(resultText(toolResults(again)[0]), "sdk-echo: without");
    assert.deepEqual(handshaken, ["initialize", "notifications/initialized", "tools/list", "tools/call"]);
  });
});

test("mcp: an http server is dialled with the headers given over initialize (not the command line) and its tool called", async () => {
  await withHttpServer(async (server) => {
    await withSessions(async (make) => {
      const session = make({
        mcpServers: { docs: { type: "http", url: server.url, headers: { Authorization: "Bearer s3cret-http" } } },
        allowedTools: ["mcp__docs__secret", "mcp__docs__echo"],
      });
      await session.start();
      const cmdline = readFileSync(`/proc/${session.pid}/cmdline`, "utf8");
      assert.ok(!cmdline.includes("s3cret-http") && cmdline.includes("--await-initialize"), cmdline);
      const messages = await all(session.stream("TOOL mcp__docs__secret {}"));
      assert.equal(resultText(toolResults(messages)[0]), "authorized with Bearer s3cret-http");
      const init = messages.find((m) => m.type === "system" && m.subtype === "init");
      assert.deepEqual(init?.mcp_servers, [{ name: "docs", status: "connected", source: "dynamic" }]);
      assert.ok(Array.isArray(init.tools) && init.tools.includes("mcp__docs__echo"));
      const echoed = await all(session.stream('TOOL mcp__docs__echo {"text":"over http"}'));
      assert.equal(resultText(toolResults(echoed)[0]), "http-echo: over http");
      const [docs] = await session.mcpStatus();
      assert.equal(docs.status, "connected");
      assert.deepEqual(docs.serverInfo, { name: "http-fake", version: "0.2.0" });
      assert.equal(docs.transport, "http");
      assert.deepEqual(docs.tools?.map((t) => t.name), ["echo", "secret"]);
      assert.deepEqual(server.calls, [{}, { text: "over http" }]);
      const methods = server.messages.map((message) => message.method);
      assert.deepEqual(methods.filter((method) => method !== "server/discover"), [
        "initialize",
        "notifications/initialized",
        "tools/list",
        "tools/call",
        "tools/call",
      ]);
      // after initialize, every POST carries the session the server handed out
      const posts = server.requests.filter((r) => r.method === "POST" && r.status !== 400);
      assert.ok(posts.slice(1).every((r) => r.headers["mcp-session-id"] === "http-session-1"), JSON.stringify(posts));
    });
  });
});

test("mcp: an sse server is dialled over its event stream with the given headers, and its tool called", async () => {
  await withHttpServer(async (server) => {
    await withSessions(async (make) => {
      const session = make({
        mcpServers: { feed: { type: "sse", url: server.sseUrl, headers: { Authorization: "Bearer s3cret-http" } } },
        allowedTools: ["mcp__feed__echo"],
      });
      const messages = await all(session.stream('TOOL mcp__feed__echo {"text":"over sse"}'));
      assert.equal(resultText(toolResults(messages)[0]), "http-echo: over sse");
      const [feed] = await session.mcpStatus();
      assert.equal(feed.status, "connected");
      assert.equal(feed.transport, "sse");
      assert.deepEqual(feed.tools?.map((t) => t.name), ["echo", "secret"]);
      assert.equal(server.requests[0].method, "GET");
      assert.equal(server.requests[0].path, "/sse");
      assert.ok(server.requests.slice(1).every((r) => r.method === "POST" && r.path.startsWith("/messages?")));
      assert.deepEqual(server.messages.map((message) => message.method), [
        "initialize",
        "notifications/initialized",
        "tools/list",
        "tools/call",
      ]);
    });
  });
});

test("mcp: an http server that refuses the token is failed with the CLI's reason, and its tools do not exist", async () => {
  await withHttpServer(async (server) => {
    await withSessions(async (make) => {
      const session = make({
        mcpServers: { bad: { type: "http", url: server.url, headers: { Authorization: "Bearer wrong" } } },
        allowedTools: ["mcp__bad__echo"],
      });
      const messages = await all(session.stream('TOOL mcp__bad__echo {"text":"refused"}'));
      const init = messages.find((m) => m.type === "system" && m.subtype === "init");
      assert.deepEqual(init?.mcp_servers, [{ name: "bad", status: "failed", source: "dynamic" }]);
      const [result] = toolResults(messages);
      assert.equal(result.is_error, true);
      assert.match(resultText(result), /No such tool available: mcp__bad__echo/);
      const [bad] = await session.mcpStatus();
      assert.equal(bad.status, "failed");
      assert.match(bad.error ?? "", /rejected the configured Authorization header \(HTTP 401\)/);
      assert.equal(bad.tools, undefined);
      assert.ok(server.requests.length > 0 && server.requests.every((r) => r.status === 401));
      assert.deepEqual(server.calls, []);
    });
  });
});

test("mcp: an input that fails the schema is an isError result and the handler never runs", async () => {
  const calls: Array<{ input: unknown; context: ToolContext }> = [];
  await withSessions(async (make) => {
    const session = make({ mcpServers: { srv: echoServer(calls) }, allowedTools: ["mcp__srv__echo"] });
    const [result] = toolResults(await all(session.stream('TOOL mcp__srv__echo {"text":42}')));
    assert.equal(result.is_error, true);
    assert.match(resultText(result), /text/, "the issue names the property");
    assert.equal(calls.length, 0);
  });
});

test("mcp: a handler that throws is an isError result, reported as CALLBACK_ERROR; the session goes on", async () => {
  const errors: ClaudeCodeError[] = [];
  await withSessions(async (make) => {
    const session = make({
      mcpServers: { srv: echoServer() },
      allowedTools: ["mcp__srv__fail", "mcp__srv__echo"],
      onError: (error) => errors.push(error),
    });
    const [result] = toolResults(await all(session.stream("TOOL mcp__srv__fail {}")));
    assert.equal(result.is_error, true);
    assert.match(resultText(result), /the tool broke/);
    const reported = errors.find((error) => isClaudeCodeError(error, "CALLBACK_ERROR"));
    assert.ok(reported && isClaudeCodeError(reported, "CALLBACK_ERROR"));
    assert.equal(reported.details.callback, "mcpServers.srv.fail");
    const [next] = toolResults(await all(session.stream('TOOL mcp__srv__echo {"text":"still here"}')));
    assert.equal(resultText(next), "sdk-echo: still here");
  });
});

test("mcp: an interrupted turn aborts the running handler's signal", async () => {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  let aborted = false;
  const slow = tool(
    "slow",
    "Waits until aborted",
    { type: "object" },
    (_input, { signal }) =>
      new Promise((resolve) => {
        started();
        signal.addEventListener("abort", () => {
          aborted = true;
          resolve({ content: [{ type: "text", text: "aborted" }] });
        }, { once: true });
      }),
  );
  await withSessions(async (make) => {
    const session = make({
      mcpServers: { srv: mcpServer({ name: "srv", tools: [slow] }) },
      allowedTools: ["mcp__srv__slow"],
    });
    const turn = all(session.stream("TOOL mcp__srv__slow {}"));
    await running;
    await session.interrupt();
    const [stopped] = toolResults(await turn);
    assert.equal(stopped.is_error, true);
    assert.match(resultText(stopped), /stopped while running/);
    await waitFor(() => aborted);
    assert.equal(aborted, true);
  });
});

test("mcp: the tool needs permission like any other; canUseTool is asked with the MCP tool's name", async () => {
  const calls: Array<{ input: unknown; context: ToolContext }> = [];
  const asked: string[] = [];
  await withSessions(async (make) => {
    const denied = make({ mcpServers: { srv: echoServer(calls) } });
    const [refused] = toolResults(await all(denied.stream('TOOL mcp__srv__echo {"text":"no grant"}')));
    assert.equal(refused.is_error, true);
    assert.equal(calls.length, 0, "not run without a grant");
    const asking = make({
      mcpServers: { srv: echoServer(calls) },
      canUseTool: (name, input) => (asked.push(name), { behavior: "allow", updatedInput: input }),
    });
    const [allowed] = toolResults(await all(asking.stream('TOOL mcp__srv__echo {"text":"asked first"}')));
    assert.deepEqual(asked, ["mcp__srv__echo"]);
    assert.equal(resultText(allowed), "sdk-echo: asked first");
  });
});

test("mcp: a stdio server given over initialize runs with its env, which stays off the command line", async () => {
  await withSessions(async (make, fx) => {
    const session = make({
      mcpServers: { files: stdioServer(fx, { MCP_SECRET: "s3cret-token" }) },
      allowedTools: ["mcp__files__whoami", "mcp__files__add"],
    });
    const before = await session.mcpStatus();
    assert.equal(before.length, 1);
    assert.ok(["pending", "connected"].includes(before[0].status), before[0].status);
    const cmdline = readFileSync(`/proc/${session.pid}/cmdline`, "utf8");
    assert.ok(!cmdline.includes("s3cret-token") && cmdline.includes("--await-initialize"), cmdline);
    const messages = await all(session.stream("TOOL mcp__files__whoami {}"));
    assert.equal(resultText(toolResults(messages)[0]), "stdio-fake tag=from-test");
    const init = messages.find((m) => m.type === "system" && m.subtype === "init");
    assert.ok(
      Array.isArray(init?.tools) && init.tools.includes("mcp__files__add") && init.tools.includes("mcp__files__whoami"),
    );
    const [files] = await session.mcpStatus();
    assert.equal(files.status, "connected");
    assert.deepEqual(files.serverInfo, { name: "stdio-fake", version: "0.1.0" });
    assert.equal(files.transport, "stdio");
    assert.deepEqual(files.tools?.map((t) => t.name), ["add", "whoami"]);
    assert.equal(JSON.stringify(files).includes("s3cret-token"), false, "env is not echoed");
    const sum = await all(session.stream('TOOL mcp__files__add {"a":2,"b":3}'));
    assert.equal(resultText(toolResults(sum)[0]), "sum=5");
  });
});

test("mcp: toggling a stdio server off and on, and reconnecting it, restarts it; an unknown one is a CONTROL_ERROR", async () => {
  await withSessions(async (make, fx) => {
    const session = make({ mcpServers: { files: stdioServer(fx) }, allowedTools: ["mcp__files__whoami"] });
    await collectTurn(session.stream("TOOL mcp__files__whoami {}"));
    const first = Number(readFileSync(join(fx.cwd, "mcp.pid"), "utf8"));
    await session.toggleMcpServer("files", false);
    assert.equal((await session.mcpStatus())[0].status, "disabled");
    await waitFor(() => !running(first));
    await session.toggleMcpServer("files", true);
    await waitFor(() => Number(readFileSync(join(fx.cwd, "mcp.pid"), "utf8")) !== first);
    await session.reconnectMcpServer("files");
    const [files] = await session.mcpStatus();
    assert.equal(files.status, "connected");
    await assert.rejects(session.reconnectMcpServer("nope"), (error) => isClaudeCodeError(error, "CONTROL_ERROR"));
    await assert.rejects(session.toggleMcpServer("", true), (error) => isClaudeCodeError(error, "INVALID_OPTION"));
  });
});

test("mcp: a stdio server that ignores its closed stdin is gone after stop()", async () => {
  await withSessions(async (make, fx) => {
    const session = make({
      mcpServers: { files: stdioServer(fx, { MCP_LINGER: "1" }) },
      allowedTools: ["mcp__files__whoami"],
    });
    await collectTurn(session.stream("TOOL mcp__files__whoami {}"));
    const pid = Number(readFileSync(join(fx.cwd, "mcp.pid"), "utf8"));
    assert.equal(running(pid), true);
    await session.stop();
    await waitFor(() => !running(pid), 10_000);
  });
});

test("mcp: a stdio server is gone after stop() had to SIGKILL its CLI (which then cleans up nothing)", {
  skip: fakeOnly("a CLI that ignores stdin EOF and SIGTERM needs the fake's hang scenario"),
}, async () => {
  await withSessions(async (make, fx) => {
    const session = make({
      mcpServers: { files: stdioServer(fx, { MCP_LINGER: "1" }) },
      env: fakeCli.env(fakeCli.scenario().hang({ afterChunks: 0, ignoreSigterm: true })),
      shutdownGraceMs: 300,
    });
    await session.start();
    await waitFor(() => existsSync(join(fx.cwd, "mcp.pid")));
    const pid = Number(readFileSync(join(fx.cwd, "mcp.pid"), "utf8"));
    const turn = collectTurn(session.stream("hang")).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await session.stop();
    assert.ok(isClaudeCodeError(await turn, "SESSION_STOPPED"));
    await waitFor(() => !running(pid), 10_000);
  });
});

test("mcp: a stdio server is gone after its CLI is killed", async () => {
  await withSessions(async (make, fx) => {
    const crashes: unknown[] = [];
    const session = make({
      mcpServers: { files: stdioServer(fx, { MCP_LINGER: "1" }) },
      allowedTools: ["mcp__files__whoami"],
      onCrash: (error) => crashes.push(error),
    });
    await collectTurn(session.stream("TOOL mcp__files__whoami {}"));
    const pid = Number(readFileSync(join(fx.cwd, "mcp.pid"), "utf8"));
    assert.equal(running(pid), true);
    process.kill(session.pid!, "SIGKILL");
    await waitFor(() => crashes.length > 0);
    await waitFor(() => !running(pid), 10_000);
  });
});

test("mcp: bad mcpServers options are INVALID_OPTION naming the option, and no CLI starts", () => {
  const bad = [{ "bad name": { command: "node" } }, { files: { type: "stdio" } }, {
    web: { type: "http", url: "nope" },
  }];
  for (const mcpServers of bad) {
    assert.throws(
      // deliberately wrong shapes
      () => new Session({ cliPath: "/nonexistent/claude", mcpServers: mcpServers as never }),
      (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "mcpServers",
    );
  }
});
