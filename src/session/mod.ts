/** The session layer: `Session`, named sessions and the supervisor. @module */
export { Session } from "./session.ts";
export type { StreamOptions } from "./session.ts";
export type { CanUseTool, CanUseToolContext, PermissionMode, SessionOptions } from "./session_options.ts";
// What `session.conversation()` returns, by name at the top level too (the same types as `history.ConversationMessage`
// and `history.HistoryContentBlock`).
export type { ConversationMessage } from "../history/build_conversation.ts";
export type { HistoryContentBlock } from "../history/session_entry.ts";
// Registering a name is the Session's own business (`new Session({ name })`): only the lookups are public.
export { namedSession, sessionNames } from "./registry.ts";
export { startSupervisor } from "./supervisor.ts";
// Who may do what: the host environment a CLI inherits, and per-tenant folders.
export { ENV_ALLOWLIST, type InheritEnv } from "./inherit_env.ts";
export { type Tenant, tenantOptions } from "./tenant_options.ts";
export type { Supervisor, SupervisorOptions } from "./supervisor.ts";
// Structured output, the options handed to the CLI as they are, and what the control queries answer.
export type { OutputFormat } from "./output_format.ts";
export type {
  AgentDefinition,
  EffortLevel,
  PluginConfig,
  SettingSource,
  ThinkingConfig,
  ToolsOption,
} from "./cli_options.ts";
export type {
  AgentInfo,
  ContextUsage,
  InterruptReceipt,
  ModelInfo,
  RewindFilesResult,
  SlashCommand,
} from "./control_answers.ts";
