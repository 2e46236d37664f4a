/**
 * claude-stream: drive the Claude Code CLI as persistent conversational sessions and stream every reply
 * as a Web `ReadableStream`, on Deno, Bun and Node.
 *
 * The main entry is the session face: `Session` and its named lookups and supervisor, the stream helpers, the HTTP
 * helpers, the errors, `history`, and the types they use. The protocol kit (decoder, encoders, schemas) is
 * `@claude-stream/sdk/protocol`; the fake CLI for tests is `@claude-stream/sdk/testing`.
 *
 * @example
 * ```ts
 * import { Session, textContent } from "@claude-stream/sdk";
 * await using session = new Session({ model: "sonnet" });
 * for await (const chunk of session.stream("Hello").pipeThrough(textContent())) console.log(chunk);
 * ```
 * @module
 */
export * from "./src/errors.ts";
export type * from "./src/protocol/messages.ts";
export { isKnownMessage, isMessageOfType, isSystemSubtype } from "./src/protocol/message_guards.ts";
export type { MessageOfType } from "./src/protocol/message_guards.ts";
export type * from "./src/runtime/mod.ts";
export * from "./src/stream/mod.ts";
export * from "./src/session/mod.ts";
// Transcripts beyond one machine: the official SDK's SessionStore (database stores: `@claude-stream/sdk/stores/*`).
export * from "./src/store/mod.ts";
// Many conversations on one worker: a bound on live CLIs, idle stops, warm spares, one live CLI per conversation.
export * from "./src/pool/mod.ts";
export type {
  AsyncHookJSONOutput,
  BaseHookInput,
  HookCallback,
  HookCallbackContext,
  HookCallbackMatcher,
  HookEvent,
  HookInput,
  HookInputs,
  HookJSONOutput,
  HooksOption,
  HookSpecificOutput,
  HookSpecificOutputs,
  NotificationHookInput,
  PermissionRequestHookInput,
  PostToolUseFailureHookInput,
  PostToolUseHookInput,
  PreCompactHookInput,
  PreToolUseHookInput,
  SessionEndHookInput,
  SessionStartHookInput,
  StopHookInput,
  SubagentStartHookInput,
  SubagentStopHookInput,
  SyncHookJSONOutput,
  UserPromptSubmitHookInput,
} from "./src/tools/hooks.ts";
export { HOOK_EVENTS } from "./src/tools/hooks.ts";
export { tool } from "./src/tools/tool.ts";
export type {
  CallToolResult,
  CallToolResultBlock,
  JsonSchemaObject,
  SdkMcpToolDefinition,
  ToolAnnotations,
  ToolContext,
  ToolHandler,
  ToolInput,
  ToolInputCheck,
  ToolInputSchema,
} from "./src/tools/tool.ts";
export type { SchemaOutput, ValibotSchema } from "./src/protocol/valibot_schema.ts";
export { mcpServer } from "./src/tools/mcp_server.ts";
export type {
  JsonRpcResponse,
  McpMessageContext,
  McpSdkServerConfig,
  McpServerOptions,
} from "./src/tools/mcp_server.ts";
export type { McpRemoteServerConfig, McpServerConfig, McpStdioServerConfig } from "./src/tools/mcp_config.ts";
export type { McpServerStatus } from "./src/tools/mcp_status.ts";
export type { McpServerManifest } from "./src/tools/mcp_manifest.ts";
export * as history from "./src/history/mod.ts";
