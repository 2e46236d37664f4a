/** Test support for the HTTP tests: the chat app on the CLI under test (tests/cli_under_test.ts) in a temp dir, served by the host runtime's server. */
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runtimeName } from "../../src/runtime/current.ts";
import { CLI_PATH } from "../cli_under_test.ts";
import { type ChatApp, createChatApp } from "../../examples/chat/app.ts";
import { toNodeListener } from "../../examples/chat/node_adapter.ts";

/** The server of the runtime the tests run on. */
export const SERVER_NAME = { deno: "Deno.serve", bun: "Bun.serve", node: "node:http" }[runtimeName()];

/** A running server: its base URL and how to stop it. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** What `serve` uses of `Deno.serve` and `Bun.serve` (tsc checks with Node's types, which have neither). */
interface ServerGlobals {
  Deno?: {
    serve(
      options: { hostname: string; port: number; onListen(): void },
      handler: (request: Request) => Promise<Response>,
    ): { addr: { port: number }; shutdown(): Promise<void> };
  };
  Bun?: {
    serve(options: {
      hostname: string;
      port: number;
      idleTimeout: number;
      fetch: (request: Request) => Promise<Response>;
    }): { port: number; stop(closeActiveConnections?: boolean): Promise<void> };
  };
}

/** Serves `handler` on 127.0.0.1 with a free port, on `Deno.serve`, `Bun.serve` or `node:http`. */
export async function serve(handler: (request: Request) => Promise<Response>): Promise<Served> {
  const g = globalThis as ServerGlobals;
  const name = runtimeName();
  if (name === "deno") {
    const server = g.Deno!.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
    return { url: `http://127.0.0.1:${server.addr.port}/`, close: () => server.shutdown() };
  }
  if (name === "bun") {
    const server = g.Bun!.serve({ hostname: "127.0.0.1", port: 0, idleTimeout: 0, fetch: handler });
    return { url: `http://127.0.0.1:${server.port}/`, close: () => server.stop(true) };
  }
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The chat app on the CLI under test, with a temp config dir and cwd, served; `close` stops it all and removes the dir. */
export interface ChatFixture extends Served {
  app: ChatApp;
  configDir: string;
  cwd: string;
}

/** Starts a {@link ChatFixture}; `slowMs` paces the fake's deltas for SLOW prompts (the real CLI gets the stand-in's own pace). */
export async function chatFixture(slowMs = 400): Promise<ChatFixture> {
  const root = await realpath(await mkdtemp(join(tmpdir(), "cs-http-")));
  const configDir = join(root, "config");
  const app = createChatApp({
    session: {
      cliPath: CLI_PATH,
      configDir,
      cwd: root,
      env: { CLAUDE_STREAM_FAKE_SLOW_MS: String(slowMs) },
      timeout: 60_000,
      shutdownGraceMs: 1_000,
    },
  });
  const served = await serve(app.fetch);
  return {
    ...served,
    app,
    configDir,
    cwd: root,
    async close() {
      await served.close();
      await app.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A fetch that keeps the chat cookie between calls, like a browser. */
export function visitor(base: string): (path: string, init?: RequestInit) => Promise<Response> {
  let cookie = "";
  return async (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookie !== "") headers.set("cookie", cookie);
    const response = await fetch(new URL(path, base), { ...init, headers });
    const set = response.headers.get("set-cookie");
    if (set !== null) cookie = set.split(";")[0];
    return response;
  };
}

/** One parsed server-sent event. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Parses an event stream the way the HTML spec tells `EventSource` to: lines end with CR, LF or CRLF, a blank line
 * dispatches, `data` lines join with LF, comments and unknown fields are ignored. Also returns what was left
 * unterminated at the end (a browser would drop it).
 */
export function parseSse(text: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  let event = "";
  let data: string[] = [];
  let pending = false;
  const lines = text.split(/\r\n|\r|\n/);
  const rest = lines.pop() ?? "";
  for (const line of lines) {
    if (line === "") {
      if (data.length > 0) events.push({ event: event || "message", data: data.join("\n") });
      event = "";
      data = [];
      pending = false;
      continue;
    }
    pending = true;
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return { events, rest: pending ? `${rest} (unterminated event)` : rest };
}
