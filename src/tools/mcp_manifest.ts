/**
 * In-process server manifests: each server's handshake answers, computed by the session itself and sent in the
 * `initialize` request (`sdkMcpServerManifests`, recorded: features/m7), so the CLI skips the per-server
 * `initialize`, `notifications/initialized` and `tools/list` round trips over the control channel before the first
 * turn. `mcp_message` is still answered for everything: a CLI that predates the field, or that declines an entry
 * (`sdk_mcp_manifests_parked` in its answer says why), does the full handshake as before.
 * @module
 */
import type { McpSdkServerConfig } from "./mcp_server.ts";

/**
 * What an in-process server answers to the CLI's MCP handshake, ahead of it (the official SDK's
 * `sdkMcpServerManifests` entry): its JSON-RPC `initialize` result for the protocol version the CLI's client asks
 * (`2025-11-25`) and no client capabilities, and its `tools/list` result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mcpServer } from "@claude-stream/sdk";
 * import type { McpServerManifest } from "@claude-stream/sdk";
 * const manifest: McpServerManifest | undefined = mcpServer({ name: "calc" }).manifest;
 * assert.deepEqual(manifest, {
 *   initializeResult: { protocolVersion: "2025-11-25", capabilities: { tools: {} }, serverInfo: { name: "calc", version: "1.0.0" } },
 *   toolsListResult: { tools: [] },
 * });
 * ```
 */
export interface McpServerManifest {
  /** The server's `initialize` result (`protocolVersion`, `capabilities`, `serverInfo`, `instructions`...). */
  readonly initializeResult: Record<string, unknown>;
  /** Its `tools/list` result; left out, the CLI lists the tools over the control channel. */
  readonly toolsListResult?: Record<string, unknown> | undefined;
}

/**
 * The `sdkMcpServerManifests` of an `initialize` request: the manifest of each in-process server that has one (every
 * `mcpServer()` does), by the name the CLI knows it by; undefined when none has.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mcpServer } from "@claude-stream/sdk";
 * import { sdkMcpServerManifests } from "./mcp_manifest.ts";
 * const calc = mcpServer({ name: "calc" });
 * assert.deepEqual(Object.keys(sdkMcpServerManifests({ math: calc }) ?? {}), ["math"]);
 * assert.equal(sdkMcpServerManifests({ math: { ...calc, manifest: undefined } }), undefined);
 * ```
 */
export function sdkMcpServerManifests(
  servers: Readonly<Record<string, McpSdkServerConfig>>,
): Record<string, McpServerManifest> | undefined {
  const manifests: Record<string, McpServerManifest> = {};
  for (const [name, server] of Object.entries(servers)) {
    if (server.manifest !== undefined) manifests[name] = server.manifest;
  }
  return Object.keys(manifests).length > 0 ? manifests : undefined;
}
