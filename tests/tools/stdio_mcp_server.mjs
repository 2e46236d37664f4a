// A tiny stdio MCP server for the tests, like the recordings' stdio-mcp-server.mjs (features/m9, m10): newline-delimited
// JSON-RPC on stdin/stdout, no dependencies, tools `add` and `whoami`. Environment: MCP_TAG (what whoami says),
// MCP_LOG (a file every message in and out is appended to), MCP_PID_FILE (where it writes its pid), MCP_LINGER=1 (it
// keeps running after stdin closes, as a careless server does: only a signal ends it).
import { appendFileSync, writeFileSync } from "node:fs";
import process from "node:process";

const log = (dir, m) => process.env.MCP_LOG && appendFileSync(process.env.MCP_LOG, JSON.stringify({ dir, m }) + "\n");
if (process.env.MCP_PID_FILE) writeFileSync(process.env.MCP_PID_FILE, String(process.pid));

const tools = [
  {
    name: "add",
    description: "Add two numbers",
    inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
  },
  { name: "whoami", description: "Say which server this is", inputSchema: { type: "object", properties: {} } },
];

function answer(message) {
  switch (message.method) {
    case "initialize":
      return {
        protocolVersion: message.params?.protocolVersion ?? "2025-11-25",
        capabilities: { tools: {} },
        serverInfo: { name: "stdio-fake", version: "0.1.0" },
      };
    case "tools/list":
      return { tools };
    case "tools/call": {
      const { name, arguments: args = {} } = message.params ?? {};
      if (name === "add") return { content: [{ type: "text", text: `sum=${Number(args.a) + Number(args.b)}` }] };
      if (name === "whoami") {
        return { content: [{ type: "text", text: `stdio-fake tag=${process.env.MCP_TAG ?? ""}` }] };
      }
      return { content: [{ type: "text", text: `no tool ${name}` }], isError: true };
    }
    default:
      return undefined;
  }
}

function send(m) {
  log("out", m);
  process.stdout.write(JSON.stringify(m) + "\n");
}

let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (text) => {
  buffered += text;
  for (let newline; (newline = buffered.indexOf("\n")) !== -1;) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    if (!line.trim()) continue;
    const message = JSON.parse(line);
    log("in", message);
    if (message.id === undefined) continue; // a notification
    const result = answer(message);
    if (result === undefined) {
      send({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } });
    } else send({ jsonrpc: "2.0", id: message.id, result });
  }
});
process.stdin.on("end", () => {
  if (process.env.MCP_LINGER === "1") setInterval(() => {}, 1 << 30);
  else process.exit(0);
});
