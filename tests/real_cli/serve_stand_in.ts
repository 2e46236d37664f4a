/**
 * Serves the stand-in Messages API (`stand_in_api.ts`) on 127.0.0.1 with node:http, which Node, Deno and Bun all
 * provide. Port: the first argument, else `$STAND_IN_PORT`, else 0 (any free port). Prints
 * `listening on http://127.0.0.1:PORT` once it accepts connections. `$STAND_IN_LOG_FILE` names a file every request
 * is appended to as one JSON line; `$STAND_IN_SLOW_MS` sets the pace of SLOW replies.
 *
 * Usage: `node --import tsx tests/real_cli/serve_stand_in.ts [port]`
 * @module
 */
import { Buffer } from "node:buffer";
import { appendFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import process from "node:process";
import { standInApi } from "./stand_in_api.ts";

const logFile = process.env.STAND_IN_LOG_FILE;
const api = standInApi({
  slowMs: process.env.STAND_IN_SLOW_MS ? Number(process.env.STAND_IN_SLOW_MS) : undefined,
  onLog: logFile ? (entry) => appendFileSync(logFile, JSON.stringify(entry) + "\n") : undefined,
});

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of req) chunks.push(chunk as Uint8Array);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD" || chunks.length === 0 ? undefined : Buffer.concat(chunks);
  const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method, headers, body });
  const response = await api.handler(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body === null || method === "HEAD") {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // The CLI drops the connection on an interrupt: stop the reply's stream then.
  res.on("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.writable) break;
      res.write(value);
    }
  } catch {
    // the client went away
  }
  res.end();
}

const port = Number(process.argv[2] ?? process.env.STAND_IN_PORT ?? 0);
const server = createServer((req, res) => {
  serve(req, res).catch((error) => {
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end(String(error));
  });
});
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  console.log(`listening on http://127.0.0.1:${actual}`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
