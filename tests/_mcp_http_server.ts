/**
 * A small MCP server over HTTP for the tests, on 127.0.0.1 and a free port, written on `node:http` (which Node, Deno
 * and Bun all serve): JSON-RPC `initialize`, `notifications/*`, `tools/list`, `tools/call` and `ping`, over both
 * transports the CLI dials:
 * - streamable HTTP (`{ type: "http", url }`, the URL `/mcp`): each message a POST, each answer its JSON body, a
 *   notification `202`; an `Mcp-Session-Id` handed out with the `initialize` answer and required after it; a GET (the
 *   optional server-to-client stream) `405`, a DELETE ends the session;
 * - server-sent events (`{ type: "sse", url }`, the URL `/sse`): a GET opens the event stream, whose first event names
 *   the endpoint (`/messages?sessionId=...`) the client POSTs its messages to (`202`); the answers come as `message`
 *   events on the stream.
 * Every request must carry the `Authorization` header the test chose, else it is answered `401`: a CLI that reached
 * the server's tools proves the secret got to it (over `initialize`, never on the command line). Every request is
 * logged with its headers and body.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** One HTTP request the server received. */
export interface McpHttpRequest {
  method: string;
  /** The path and query. */
  path: string;
  /** The headers, lower-cased names. */
  headers: Record<string, string>;
  /** The parsed JSON body, when there was one. */
  body?: unknown;
  /** The status the server answered with. */
  status: number;
}

/** Options of {@link startMcpHttpServer}. */
export interface McpHttpServerOptions {
  /** The `Authorization` header every request must carry (e.g. `Bearer s3cret`). */
  authorization: string;
  /** The `serverInfo.name` (default `http-fake`). */
  name?: string;
}

/** A running server: its URLs, its log, and how to stop it. */
export interface McpHttpServer {
  /** The streamable HTTP endpoint, `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** The SSE endpoint, `http://127.0.0.1:<port>/sse`. */
  readonly sseUrl: string;
  /** Every request so far, in order. */
  readonly requests: McpHttpRequest[];
  /** The JSON-RPC messages that came with an accepted `Authorization`, in order (a batch flattened). */
  readonly messages: Array<Record<string, unknown>>;
  /** The `arguments` of every `tools/call`, in order. */
  readonly calls: unknown[];
  /** Stops listening and ends every connection (open event streams included). */
  close(): Promise<void>;
}

/** The server's tools: `echo` says its text back, `secret` tells whether the caller showed the right header. */
const TOOLS = [
  {
    name: "echo",
    description: "Echo the text back",
    inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  },
  { name: "secret", description: "Say how the caller authenticated", inputSchema: { type: "object", properties: {} } },
];

/**
 * Starts the server; `close()` it at the end of the test.
 *
 * @example
 * ```ts
 * const server = await startMcpHttpServer({ authorization: "Bearer s3cret" });
 * try {
 *   // new Session({ mcpServers: { docs: { type: "http", url: server.url, headers: { Authorization: "Bearer s3cret" } } } })
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<McpHttpServer> {
  const serverInfo = { name: options.name ?? "http-fake", version: "0.2.0" };
  const requests: McpHttpRequest[] = [];
  const messages: Array<Record<string, unknown>> = [];
  const calls: unknown[] = [];
  const sockets = new Set<Socket>();
  /** The streamable HTTP sessions handed out, and the SSE streams open, by session id. */
  const httpSessions = new Set<string>();
  const streams = new Map<string, ServerResponse>();
  let nextSession = 1;

  const answer = (message: Record<string, unknown>): Record<string, unknown> | undefined => {
    if (!("id" in message)) return undefined; // a notification
    const params = isRecord(message.params) ? message.params : {};
    const reply = (result: Record<string, unknown>) => ({ jsonrpc: "2.0", id: message.id, result });
    switch (message.method) {
      case "initialize":
        return reply({
          protocolVersion: typeof params.protocolVersion === "string" ? params.protocolVersion : "2025-11-25",
          capabilities: { tools: {} },
          serverInfo,
        });
      case "tools/list":
        return reply({ tools: TOOLS });
      case "ping":
        return reply({});
      case "tools/call": {
        calls.push(params.arguments);
        const args = isRecord(params.arguments) ? params.arguments : {};
        if (params.name === "echo") {
          return reply({ content: [{ type: "text", text: `http-echo: ${String(args.text)}` }] });
        }
        if (params.name === "secret") {
          return reply({ content: [{ type: "text", text: `authorized with ${options.authorization}` }] });
        }
        return reply({ content: [{ type: "text", text: `no tool ${String(params.name)}` }], isError: true });
      }
      default:
        return {
          jsonrpc: "2.0",
          id: message.id,
          error: { code: -32601, message: `Method not found: ${message.method}` },
        };
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const entry: McpHttpRequest = { method: request.method ?? "", path: url.pathname + url.search, headers, status: 0 };
    if (body !== undefined) entry.body = body;
    requests.push(entry);
    const send = (status: number, json?: unknown, extra: Record<string, string> = {}) => {
      entry.status = status;
      const payload = json === undefined ? "" : JSON.stringify(json);
      response.writeHead(status, { ...(json === undefined ? {} : { "content-type": "application/json" }), ...extra });
      response.end(payload);
    };
    if (headers.authorization !== options.authorization) {
      return send(401, { error: "invalid_token", error_description: "wrong or missing Authorization" });
    }
    const batch = Array.isArray(body) ? body.filter(isRecord) : isRecord(body) ? [body] : [];

    if (url.pathname === "/mcp") {
      if (request.method === "GET") return send(405, undefined, { allow: "POST, DELETE" });
      const session = headers["mcp-session-id"];
      if (request.method === "DELETE") {
        if (session !== undefined) httpSessions.delete(session);
        return send(200);
      }
      if (request.method !== "POST") return send(405, undefined, { allow: "POST, DELETE" });
      if (batch.length === 0) {
        return send(400, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      }
      const initializing = batch.some((message) => message.method === "initialize");
      // as the MCP SDK's stateful server answers: no session yet (the CLI's `server/discover` probe), an unknown one
      if (!initializing && session === undefined) {
        return send(400, {
          jsonrpc: "2.0",
          id: null,
          error: { code: -32000, message: "Bad Request: Server not initialized" },
        });
      }
      if (!initializing && !httpSessions.has(session ?? "")) {
        return send(404, { jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } });
      }
      messages.push(...batch);
      const answers = batch.map(answer).filter((reply) => reply !== undefined);
      const extra: Record<string, string> = {};
      if (initializing) {
        const id = `http-session-${nextSession++}`;
        httpSessions.add(id);
        extra["mcp-session-id"] = id;
      }
      if (answers.length === 0) return send(202, undefined, extra);
      return send(200, Array.isArray(body) ? answers : answers[0], extra);
    }

    if (url.pathname === "/sse" && request.method === "GET") {
      const id = `sse-session-${nextSession++}`;
      entry.status = 200;
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.write(`event: endpoint\ndata: /messages?sessionId=${id}\n\n`);
      streams.set(id, response);
      response.on("close", () => streams.delete(id));
      return;
    }
    if (url.pathname === "/messages" && request.method === "POST") {
      const stream = streams.get(url.searchParams.get("sessionId") ?? "");
      if (stream === undefined) return send(404, { error: "no such SSE session" });
      if (batch.length === 0) return send(400, { error: "not JSON-RPC" });
      messages.push(...batch);
      send(202);
      for (const reply of batch.map(answer)) {
        if (reply !== undefined) stream.write(`event: message\ndata: ${JSON.stringify(reply)}\n\n`);
      }
      return;
    }
    send(404, { error: "not found" });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the MCP test server has no port");
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/mcp`,
    sseUrl: `${origin}/sse`,
    requests,
    messages,
    calls,
    close: async () => {
      for (const stream of streams.values()) stream.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", () => resolve(text));
    request.on("error", reject);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
