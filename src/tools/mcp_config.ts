/**
 * The `mcpServers` session option: servers the CLI runs or connects to (stdio, HTTP, SSE), which reach it in the
 * `initialize` request, and in-process servers ({@link mcpServer}), which it reaches over the control channel.
 * @module
 */
import * as v from "valibot";
import type { McpSdkServerConfig } from "./mcp_server.ts";

/**
 * A server the CLI starts as its child and talks to over stdin/stdout (newline-delimited JSON-RPC).
 *
 * @example
 * ```ts
 * import type { McpStdioServerConfig } from "@claude-stream/sdk";
 * const files: McpStdioServerConfig = { type: "stdio", command: "node", args: ["server.mjs"], env: { TOKEN: "s3cret" } };
 * ```
 */
export interface McpStdioServerConfig {
  /** The default kind: `"stdio"` may be left out. */
  type?: "stdio" | undefined;
  /** The executable. */
  command: string;
  /** Its arguments. */
  args?: string[] | undefined;
  /** Its extra environment (sent over stdin, never on the command line). */
  env?: Record<string, string> | undefined;
  /** Any other field a newer CLI reads (`timeout`, `alwaysLoad`...), passed on as given. */
  [key: string]: unknown;
}

/**
 * A server the CLI reaches over HTTP (`"http"`, streamable HTTP) or server-sent events (`"sse"`).
 *
 * @example
 * ```ts
 * import type { McpRemoteServerConfig } from "@claude-stream/sdk";
 * const docs: McpRemoteServerConfig = { type: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer t" } };
 * ```
 */
export interface McpRemoteServerConfig {
  /** The transport. */
  type: "http" | "sse";
  /** The server's URL. */
  url: string;
  /** Request headers (sent over stdin, never on the command line). */
  headers?: Record<string, string> | undefined;
  /** Any other field a newer CLI reads, passed on as given. */
  [key: string]: unknown;
}

/**
 * One entry of the `mcpServers` option: a server the CLI runs or dials, or one of this process ({@link mcpServer}).
 *
 * @example
 * ```ts
 * import { type McpServerConfig, mcpServer } from "@claude-stream/sdk";
 * const servers: Record<string, McpServerConfig> = {
 *   calc: mcpServer({ name: "calc", tools: [] }),
 *   files: { type: "stdio", command: "node", args: ["server.mjs"] },
 * };
 * ```
 */
export type McpServerConfig = McpStdioServerConfig | McpRemoteServerConfig | McpSdkServerConfig;

/** A stdin-safe environment or header map: names without `=`/NUL (and not `__proto__`...), values without NUL. */
const stringMap = (what: string) =>
  v.custom<Record<string, string>>(
    (value) =>
      typeof value === "object" && value !== null && !Array.isArray(value) &&
      Object.entries(value).every(([name, text]) =>
        /^[^=\0]+$/.test(name) && !UNSAFE_KEYS.has(name) && typeof text === "string" && !text.includes("\0")
      ),
    `${what} must map names (not empty, no "=" or NUL, not __proto__, constructor or prototype) to strings without NUL`,
  );
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

const stdioSchema = v.looseObject({
  type: v.optional(v.literal("stdio")),
  command: v.pipe(v.string(), v.minLength(1)),
  args: v.optional(v.array(v.string())),
  env: v.optional(stringMap("env")),
});
const remoteSchema = v.looseObject({
  type: v.picklist(["http", "sse"]),
  url: v.pipe(v.string(), v.url()),
  headers: v.optional(stringMap("headers")),
});
const sdkSchema = v.custom<McpSdkServerConfig>(
  (value) =>
    typeof value === "object" && value !== null && "type" in value && value.type === "sdk" &&
    "handleMessage" in value && typeof value.handleMessage === "function",
  "must be made by mcpServer()",
);

/**
 * The check of the `mcpServers` option: names of 1 to 64 letters, digits, `_` or `-` (they go into tool names), each
 * a stdio, http/sse or in-process server.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { McpServersSchema } from "./mcp_config.ts";
 * v.is(McpServersSchema, { files: { command: "node", args: ["server.mjs"] } }); // true
 * v.is(McpServersSchema, { files: { type: "stdio" } }); // false: no command
 * ```
 */
export const McpServersSchema: v.GenericSchema<Record<string, McpServerConfig>> = v.custom<
  Record<string, McpServerConfig>
>((value) => mcpServersIssue(value) === undefined, (issue) => mcpServersIssue(issue.input) ?? "is invalid");

const serverSchema = v.union([sdkSchema, remoteSchema, stdioSchema]);

/** What is wrong with an `mcpServers` value, naming the server; undefined when nothing is. */
function mcpServersIssue(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "must be an object of servers by name";
  }
  for (const [name, server] of Object.entries(value)) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name) || UNSAFE_KEYS.has(name)) {
      return `server name ${JSON.stringify(name)}: 1 to 64 letters, digits, "_" or "-" expected`;
    }
    if (!v.is(serverSchema, server)) {
      return `server ${name} must be { type: "stdio", command, args?, env? }, { type: "http" | "sse", url, headers? } or an mcpServer()`;
    }
  }
  return undefined;
}

/**
 * The `mcpServers` option split by who runs each server: `sdk`, the in-process ones (their names go in the
 * `initialize` request's `sdkMcpServers`, their messages come over the control channel); `external`, the ones the
 * CLI runs or dials (the `initialize` request's `mcpServers`, as plain data).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mcpServer } from "@claude-stream/sdk";
 * import { splitMcpServers } from "./mcp_config.ts";
 * const { sdk, external } = splitMcpServers({ calc: mcpServer({ name: "calc" }), files: { command: "node" } });
 * assert.deepEqual(Object.keys(sdk), ["calc"]);
 * assert.deepEqual(external, { files: { command: "node" } });
 * ```
 */
export function splitMcpServers(servers: Readonly<Record<string, McpServerConfig>> | undefined): {
  sdk: Record<string, McpSdkServerConfig>;
  external: Record<string, McpStdioServerConfig | McpRemoteServerConfig>;
} {
  const sdk: Record<string, McpSdkServerConfig> = Object.create(null);
  const external: Record<string, McpStdioServerConfig | McpRemoteServerConfig> = {};
  for (const [name, server] of Object.entries(servers ?? {})) {
    if (isSdkServer(server)) sdk[name] = server;
    else external[name] = structuredClone(server);
  }
  return { sdk, external };
}

/**
 * Whether an `mcpServers` entry is an in-process server.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mcpServer } from "@claude-stream/sdk";
 * import { isSdkServer } from "./mcp_config.ts";
 * assert.equal(isSdkServer(mcpServer({ name: "calc" })), true);
 * assert.equal(isSdkServer({ command: "node" }), false);
 * ```
 */
export function isSdkServer(server: McpServerConfig): server is McpSdkServerConfig {
  return server.type === "sdk" && typeof server.handleMessage === "function";
}
