/**
 * What `session.mcpStatus()` returns: the CLI's account of each MCP server (recorded: features/m6, m10, m34).
 * @module
 */
import { invalidMessageError } from "../error_constructors.ts";

/**
 * One MCP server as the CLI reports it (`mcp_status`; the official SDK's `McpServerStatus`). `pending` while it
 * connects (a stdio server before the first turn), `connected` with its `serverInfo` and `tools` once it is.
 *
 * @example
 * ```ts
 * import type { McpServerStatus } from "@claude-stream/sdk";
 * const status: McpServerStatus = {
 *   name: "calc",
 *   status: "connected",
 *   serverInfo: { name: "calc", version: "1.0.0" },
 *   transport: "sdk",
 *   scope: "dynamic",
 *   source: "sdk",
 *   tools: [{ name: "add", annotations: {} }],
 * };
 * ```
 */
export interface McpServerStatus {
  /** The server's name, as configured (its `mcpServers` key). */
  name: string;
  /** `connected`, `pending`, `failed`, `needs-auth`, `disabled`, or a state a newer CLI adds. */
  status: "connected" | "failed" | "needs-auth" | "pending" | "disabled" | (string & {});
  /** What the server said it is, once connected. */
  serverInfo?: { name: string; version: string };
  /** Why it failed, when it did. */
  error?: string;
  /** Its configuration, as the CLI holds it (without `env`). */
  config?: Record<string, unknown>;
  /** `stdio`, `http`, `sse`, `sdk`... */
  transport?: string;
  /** The configuration scope (`dynamic` for servers given by the session). */
  scope?: string;
  /** Where the definition came from: `sdk` for an in-process server, else a scope. */
  source?: string;
  /** Its tools, once connected. */
  tools?: { name: string; description?: string; annotations?: Record<string, unknown>; [key: string]: unknown }[];
  /** Any other field a newer CLI adds. */
  [key: string]: unknown;
}

/**
 * The servers of an `mcp_status` answer (`{ mcpServers: [...] }`); `INVALID_MESSAGE` when it has no such list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mcpStatusList } from "./mcp_status.ts";
 * assert.deepEqual(mcpStatusList({ mcpServers: [{ name: "files", status: "pending" }] }), [{ name: "files", status: "pending" }]);
 * ```
 */
export function mcpStatusList(answer: Record<string, unknown> | undefined): McpServerStatus[] {
  const list = answer?.mcpServers;
  if (Array.isArray(list) && list.every(isServerStatus)) return list;
  throw invalidMessageError({
    subject: "the CLI's mcp_status answer",
    issues: ["mcpServers: a list of { name, status } is expected"],
    type: "control_response",
  });
}

function isServerStatus(value: unknown): value is McpServerStatus {
  return typeof value === "object" && value !== null && "name" in value && typeof value.name === "string" &&
    "status" in value && typeof value.status === "string";
}
