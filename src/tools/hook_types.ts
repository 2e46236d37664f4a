/**
 * The hook events of Claude Code and what flows through them: the input the CLI sends a hook callback for each
 * event, and the output a callback answers with. Names and shapes are the official TypeScript SDK's (0.3.333,
 * `sdk.d.ts`: `HOOK_EVENTS`, `HookInput`, `SyncHookJSONOutput`...), which follow the CLI's own JSON: inputs are
 * snake_case as the CLI sends them, outputs camelCase as it reads them.
 * @module
 */

/**
 * Every hook event of the newest CLI (2.1.332), in the official SDK's order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HOOK_EVENTS } from "./hook_types.ts";
 * assert.ok(HOOK_EVENTS.includes("PreToolUse"));
 * assert.equal(HOOK_EVENTS.length, 34);
 * ```
 */
export const HOOK_EVENTS = [
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "PostToolBatch",
  "Notification",
  "UserPromptSubmit",
  "UserPromptExpansion",
  "SessionStart",
  "SessionEnd",
  "Stop",
  "StopFailure",
  "SubagentStart",
  "SubagentStop",
  "PreCompact",
  "PostCompact",
  "PreModelSwitch",
  "PostModelSwitch",
  "PermissionRequest",
  "PermissionDenied",
  "Setup",
  "TeammateIdle",
  "TaskCreated",
  "TaskCompleted",
  "Elicitation",
  "ElicitationResult",
  "ConfigChange",
  "WorktreeCreate",
  "WorktreeRemove",
  "InstructionsLoaded",
  "CwdChanged",
  "FileChanged",
  "DirectoryAdded",
  "MessageDisplay",
  "PreSkillShellCommand",
] as const;

/**
 * The name of a hook event (`"PreToolUse"`, `"Stop"`...): a key of the `hooks` option.
 *
 * @example
 * ```ts
 * import type { HookEvent } from "@claude-stream/sdk";
 * const guarded: HookEvent[] = ["PreToolUse", "UserPromptSubmit"];
 * ```
 */
export type HookEvent = typeof HOOK_EVENTS[number];

/**
 * What every hook input carries.
 *
 * @example
 * ```ts
 * import type { BaseHookInput } from "@claude-stream/sdk";
 * const where = (input: BaseHookInput) => `${input.session_id} in ${input.cwd}`;
 * ```
 */
export interface BaseHookInput {
  /** The session the hook runs in. */
  session_id: string;
  /** The session file (`<config>/projects/<project>/<session>.jsonl`). */
  transcript_path: string;
  /** The CLI's working directory. */
  cwd: string;
  /** Ties together the events of one prompt; absent before the first prompt. */
  prompt_id?: string;
  /** The permission mode in force (`default`, `acceptEdits`...). */
  permission_mode?: string;
  /** The subagent the hook fires in; absent on the main thread. */
  agent_id?: string;
  /** The subagent's type (or the main thread's, with `--agent`). */
  agent_type?: string;
  /** The reasoning effort of the turn, for events inside one (PreToolUse, PostToolUse, Stop...). */
  effort?: { level: string };
}

/**
 * The input of each hook event, by event: `HookInputs["PreToolUse"]` is what a PreToolUse callback gets.
 *
 * @example
 * ```ts
 * import type { HookInputs } from "@claude-stream/sdk";
 * const command = (input: HookInputs["PreToolUse"]) => input.tool_name === "Bash" ? input.tool_input : undefined;
 * ```
 */
export interface HookInputs {
  /** Before a tool runs: the callback may allow, deny or ask (`permissionDecision`), change its input (`updatedInput`) or add context. */
  PreToolUse: BaseHookInput & {
    hook_event_name: "PreToolUse";
    tool_name: string;
    tool_input: unknown;
    tool_use_id: string;
    mcp_server?: { name: string; source: string };
  };
  /** After a tool ran: its result in `tool_response`; `additionalContext` reaches the model after the tool result. */
  PostToolUse: BaseHookInput & {
    hook_event_name: "PostToolUse";
    tool_name: string;
    tool_input: unknown;
    tool_response: unknown;
    tool_use_id: string;
    duration_ms?: number;
    mcp_server?: { name: string; source: string };
  };
  /** After a tool call failed: the error text. */
  PostToolUseFailure: BaseHookInput & {
    hook_event_name: "PostToolUseFailure";
    tool_name: string;
    tool_input: unknown;
    tool_use_id: string;
    error: string;
    is_interrupt?: boolean;
    duration_ms?: number;
    mcp_server?: { name: string; source: string };
  };
  /** After every tool call of one assistant message ran. */
  PostToolBatch: BaseHookInput & {
    hook_event_name: "PostToolBatch";
    tool_calls: Array<{ tool_name: string; tool_input: unknown; tool_use_id: string; tool_response?: unknown }>;
  };
  /** The CLI notifies the user (a permission prompt, an idle session...). */
  Notification: BaseHookInput & {
    hook_event_name: "Notification";
    message: string;
    title?: string;
    notification_type: string;
  };
  /** A prompt is about to be sent, before `system/init`: a `decision: "block"` drops it, `additionalContext` goes with it. */
  UserPromptSubmit: BaseHookInput & {
    hook_event_name: "UserPromptSubmit";
    prompt: string;
    source?: "user" | "sdk" | "system" | "loop_wakeup" | "schedule_wakeup" | "poll_event";
    session_title?: string;
  };
  /** A slash command or MCP prompt is being expanded into a prompt. */
  UserPromptExpansion: BaseHookInput & {
    hook_event_name: "UserPromptExpansion";
    expansion_type: "slash_command" | "mcp_prompt";
    command_name: string;
    command_args: string;
    command_source?: string;
    prompt: string;
  };
  /** The session starts (startup, resume, clear, compact or fork). */
  SessionStart: BaseHookInput & {
    hook_event_name: "SessionStart";
    source: "startup" | "resume" | "clear" | "compact" | "fork";
    agent_type?: string;
    model?: string;
    session_title?: string;
    seconds_since_last_response?: number;
    context_tokens?: number;
    prompt_cache_likely_expired?: boolean;
    estimated_cache_write_usd?: number;
  };
  /** The session ends. */
  SessionEnd: BaseHookInput & {
    hook_event_name: "SessionEnd";
    reason: "clear" | "resume" | "logout" | "prompt_input_exit" | "other" | (string & {});
  };
  /** The model finished answering: a `decision: "block"` with a `reason` makes it go on (once `stop_hook_active` is true, let it stop). */
  Stop: BaseHookInput & {
    hook_event_name: "Stop";
    stop_hook_active: boolean;
    last_assistant_message?: string;
    background_tasks?: Array<{ id: string; type: string; status: string; description: string; [key: string]: unknown }>;
    session_crons?: Array<{ id: string; schedule: string; recurring: boolean; prompt: string }>;
  };
  /** A turn ended with an API error. */
  StopFailure: BaseHookInput & {
    hook_event_name: "StopFailure";
    error: string;
    error_details?: string;
    last_assistant_message?: string;
  };
  /** A subagent (the Task/Agent tool) starts. */
  SubagentStart: BaseHookInput & {
    hook_event_name: "SubagentStart";
    agent_id: string;
    agent_type: string;
  };
  /** A subagent finished answering; a block makes it go on. */
  SubagentStop: BaseHookInput & {
    hook_event_name: "SubagentStop";
    stop_hook_active: boolean;
    agent_id: string;
    agent_transcript_path: string;
    agent_type: string;
    last_assistant_message?: string;
    background_tasks?: Array<{ id: string; type: string; status: string; description: string; [key: string]: unknown }>;
    session_crons?: Array<{ id: string; schedule: string; recurring: boolean; prompt: string }>;
  };
  /** Before the conversation is compacted (`/compact` or automatically). */
  PreCompact: BaseHookInput & {
    hook_event_name: "PreCompact";
    trigger: "manual" | "auto";
    custom_instructions: string | null;
  };
  /** After the conversation was compacted, with the summary. */
  PostCompact: BaseHookInput & {
    hook_event_name: "PostCompact";
    trigger: "manual" | "auto";
    compact_summary: string;
  };
  /** Before the model changes; the callback may deny the switch. */
  PreModelSwitch: BaseHookInput & {
    hook_event_name: "PreModelSwitch";
    from_model: string;
    to_model: string;
    requested_model: string | null;
    source: "command" | "picker" | "sdk";
    context_tokens: number;
    prompt_cache_warm: boolean;
    cache_ttl: "5m" | "1h";
    estimated_cache_write_usd: number;
    pricing: "configured" | "catalog" | "default";
  };
  /** After the model changed. */
  PostModelSwitch: BaseHookInput & {
    hook_event_name: "PostModelSwitch";
    from_model: string;
    to_model: string;
    requested_model: string | null;
    source: "command" | "picker" | "sdk" | "auto" | "resume";
    context_tokens: number;
    prompt_cache_warm: boolean;
    cache_ttl: "5m" | "1h";
    estimated_cache_write_usd: number;
    pricing: "configured" | "catalog" | "default";
  };
  /** The CLI is about to ask for a permission: the callback may decide instead (`decision`). */
  PermissionRequest: BaseHookInput & {
    hook_event_name: "PermissionRequest";
    tool_name: string;
    tool_input: unknown;
    permission_suggestions?: Record<string, unknown>[];
    mcp_server?: { name: string; source: string };
  };
  /** A tool call was denied (by a rule, the mode or a classifier). */
  PermissionDenied: BaseHookInput & {
    hook_event_name: "PermissionDenied";
    tool_name: string;
    tool_input: unknown;
    tool_use_id: string;
    reason: string;
    mcp_server?: { name: string; source: string };
  };
  /** The CLI runs its setup (`init` or `maintenance`). */
  Setup: BaseHookInput & {
    hook_event_name: "Setup";
    trigger: "init" | "maintenance";
  };
  /** A teammate of an agent team has nothing to do. */
  TeammateIdle: BaseHookInput & {
    hook_event_name: "TeammateIdle";
    teammate_name: string;
    team_name: string;
  };
  /** A task was created. */
  TaskCreated: BaseHookInput & {
    hook_event_name: "TaskCreated";
    task_id: string;
    task_subject: string;
    task_description?: string;
    teammate_name?: string;
    team_name?: string;
  };
  /** A task was completed. */
  TaskCompleted: BaseHookInput & {
    hook_event_name: "TaskCompleted";
    task_id: string;
    task_subject: string;
    task_description?: string;
    teammate_name?: string;
    team_name?: string;
  };
  /** An MCP server asks the user for input. */
  Elicitation: BaseHookInput & {
    hook_event_name: "Elicitation";
    mcp_server_name: string;
    message: string;
    mode?: "form" | "url";
    url?: string;
    elicitation_id?: string;
    requested_schema?: Record<string, unknown>;
  };
  /** The user answered an MCP server's elicitation. */
  ElicitationResult: BaseHookInput & {
    hook_event_name: "ElicitationResult";
    mcp_server_name: string;
    elicitation_id?: string;
    mode?: "form" | "url";
    action: "accept" | "decline" | "cancel";
    content?: Record<string, unknown>;
  };
  /** A settings file or the skills changed. */
  ConfigChange: BaseHookInput & {
    hook_event_name: "ConfigChange";
    source: "user_settings" | "project_settings" | "local_settings" | "policy_settings" | "skills";
    file_path?: string;
  };
  /** A git worktree is to be created: the callback says where (`worktreePath`). */
  WorktreeCreate: BaseHookInput & {
    hook_event_name: "WorktreeCreate";
    name: string;
  };
  /** A git worktree is to be removed. */
  WorktreeRemove: BaseHookInput & {
    hook_event_name: "WorktreeRemove";
    worktree_path: string;
  };
  /** An instructions file (CLAUDE.md, a memory file) was loaded. */
  InstructionsLoaded: BaseHookInput & {
    hook_event_name: "InstructionsLoaded";
    file_path: string;
    memory_type: "User" | "Project" | "Local" | "Managed";
    load_reason: "session_start" | "nested_traversal" | "path_glob_match" | "include" | "compact";
    globs?: string[];
    trigger_file_path?: string;
    parent_file_path?: string;
  };
  /** The working directory changed. */
  CwdChanged: BaseHookInput & {
    hook_event_name: "CwdChanged";
    old_cwd: string;
    new_cwd: string;
  };
  /** A watched file changed. */
  FileChanged: BaseHookInput & {
    hook_event_name: "FileChanged";
    file_path: string;
    event: "change" | "add" | "unlink";
  };
  /** A directory was added to the session's working directories. */
  DirectoryAdded: BaseHookInput & {
    hook_event_name: "DirectoryAdded";
    directory: string;
    source: "slash_command" | "register_repo_root";
  };
  /** A piece of an assistant message is about to be displayed. */
  MessageDisplay: BaseHookInput & {
    hook_event_name: "MessageDisplay";
    turn_id: string;
    message_id: string;
    index: number;
    final: boolean;
    delta: string;
  };
  /** Before a skill runs a shell command: allow, deny or change it as with PreToolUse. */
  PreSkillShellCommand: BaseHookInput & {
    hook_event_name: "PreSkillShellCommand";
    tool_name: string;
    tool_input: {
      command: string;
    };
    tool_use_id: string;
    command_name: string;
    command_source?: string;
    invoked_by: "user" | "claude" | "other";
  };
}

/**
 * The input of a hook event (of any event when `E` is left out): tell them apart by `hook_event_name`.
 *
 * @example
 * ```ts
 * import type { HookInput } from "@claude-stream/sdk";
 * const label = (input: HookInput) => input.hook_event_name === "PreToolUse" ? input.tool_name : input.hook_event_name;
 * ```
 */
export type HookInput<E extends HookEvent = HookEvent> = HookInputs[E];

/**
 * A PreToolUse input: the tool call about to run.
 *
 * @example
 * ```ts
 * import type { PreToolUseHookInput } from "@claude-stream/sdk";
 * const describe = (input: PreToolUseHookInput) => `${input.tool_name} ${JSON.stringify(input.tool_input)} (${input.tool_use_id})`;
 * ```
 */
export type PreToolUseHookInput = HookInputs["PreToolUse"];

/**
 * A PostToolUse input: the tool call and its structured result.
 *
 * @example
 * ```ts
 * import type { PostToolUseHookInput } from "@claude-stream/sdk";
 * const describe = (input: PostToolUseHookInput) => input.tool_response;
 * ```
 */
export type PostToolUseHookInput = HookInputs["PostToolUse"];

/**
 * A PostToolUseFailure input: the tool call and its error.
 *
 * @example
 * ```ts
 * import type { PostToolUseFailureHookInput } from "@claude-stream/sdk";
 * const describe = (input: PostToolUseFailureHookInput) => input.error;
 * ```
 */
export type PostToolUseFailureHookInput = HookInputs["PostToolUseFailure"];

/**
 * A UserPromptSubmit input: the prompt about to be sent.
 *
 * @example
 * ```ts
 * import type { UserPromptSubmitHookInput } from "@claude-stream/sdk";
 * const describe = (input: UserPromptSubmitHookInput) => input.prompt;
 * ```
 */
export type UserPromptSubmitHookInput = HookInputs["UserPromptSubmit"];

/**
 * A Stop input: the last answer, and whether a Stop hook already made the model go on.
 *
 * @example
 * ```ts
 * import type { StopHookInput } from "@claude-stream/sdk";
 * const describe = (input: StopHookInput) => input.stop_hook_active ? "stopping" : input.last_assistant_message;
 * ```
 */
export type StopHookInput = HookInputs["Stop"];

/**
 * A SubagentStart input: the subagent that starts.
 *
 * @example
 * ```ts
 * import type { SubagentStartHookInput } from "@claude-stream/sdk";
 * const describe = (input: SubagentStartHookInput) => `${input.agent_type} ${input.agent_id}`;
 * ```
 */
export type SubagentStartHookInput = HookInputs["SubagentStart"];

/**
 * A SubagentStop input: the subagent that finished, and its transcript.
 *
 * @example
 * ```ts
 * import type { SubagentStopHookInput } from "@claude-stream/sdk";
 * const describe = (input: SubagentStopHookInput) => input.agent_transcript_path;
 * ```
 */
export type SubagentStopHookInput = HookInputs["SubagentStop"];

/**
 * A PreCompact input: what started the compaction.
 *
 * @example
 * ```ts
 * import type { PreCompactHookInput } from "@claude-stream/sdk";
 * const describe = (input: PreCompactHookInput) => input.trigger;
 * ```
 */
export type PreCompactHookInput = HookInputs["PreCompact"];

/**
 * A Notification input: what the CLI tells the user.
 *
 * @example
 * ```ts
 * import type { NotificationHookInput } from "@claude-stream/sdk";
 * const describe = (input: NotificationHookInput) => `${input.notification_type}: ${input.message}`;
 * ```
 */
export type NotificationHookInput = HookInputs["Notification"];

/**
 * A SessionStart input: how the session starts.
 *
 * @example
 * ```ts
 * import type { SessionStartHookInput } from "@claude-stream/sdk";
 * const describe = (input: SessionStartHookInput) => input.source;
 * ```
 */
export type SessionStartHookInput = HookInputs["SessionStart"];

/**
 * A SessionEnd input: why the session ends.
 *
 * @example
 * ```ts
 * import type { SessionEndHookInput } from "@claude-stream/sdk";
 * const describe = (input: SessionEndHookInput) => input.reason;
 * ```
 */
export type SessionEndHookInput = HookInputs["SessionEnd"];

/**
 * A PermissionRequest input: the tool call the CLI is about to ask about.
 *
 * @example
 * ```ts
 * import type { PermissionRequestHookInput } from "@claude-stream/sdk";
 * const describe = (input: PermissionRequestHookInput) => input.tool_name;
 * ```
 */
export type PermissionRequestHookInput = HookInputs["PermissionRequest"];

/**
 * The event-specific part of a hook's output, by event (only the events that have one).
 *
 * @example
 * ```ts
 * import type { HookSpecificOutputs } from "@claude-stream/sdk";
 * const deny: HookSpecificOutputs["PreToolUse"] = { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "no" };
 * ```
 */
export interface HookSpecificOutputs {
  /** What a PreToolUse callback may return in `hookSpecificOutput`. */
  PreToolUse: {
    hookEventName: "PreToolUse";
    permissionDecision?: "allow" | "deny" | "ask" | "defer";
    permissionDecisionReason?: string;
    updatedInput?: Record<string, unknown>;
    additionalContext?: string;
  };
  /** What a PostToolUse callback may return in `hookSpecificOutput`. */
  PostToolUse: {
    hookEventName: "PostToolUse";
    additionalContext?: string;
    classifierContext?: string;
    updatedToolOutput?: unknown;
    updatedMCPToolOutput?: unknown;
  };
  /** What a PostToolUseFailure callback may return in `hookSpecificOutput`. */
  PostToolUseFailure: {
    hookEventName: "PostToolUseFailure";
    additionalContext?: string;
  };
  /** What a PostToolBatch callback may return in `hookSpecificOutput`. */
  PostToolBatch: {
    hookEventName: "PostToolBatch";
    additionalContext?: string;
  };
  /** What a Notification callback may return in `hookSpecificOutput`. */
  Notification: {
    hookEventName: "Notification";
    additionalContext?: string;
  };
  /** What a UserPromptSubmit callback may return in `hookSpecificOutput`. */
  UserPromptSubmit: {
    hookEventName: "UserPromptSubmit";
    additionalContext?: string;
    sessionTitle?: string;
    suppressOriginalPrompt?: boolean;
  };
  /** What a UserPromptExpansion callback may return in `hookSpecificOutput`. */
  UserPromptExpansion: {
    hookEventName: "UserPromptExpansion";
    additionalContext?: string;
    suppressOriginalPrompt?: boolean;
  };
  /** What a SessionStart callback may return in `hookSpecificOutput`. */
  SessionStart: {
    hookEventName: "SessionStart";
    additionalContext?: string;
    initialUserMessage?: string;
    sessionTitle?: string;
    watchPaths?: string[];
    reloadSkills?: boolean;
  };
  /** What a Stop callback may return in `hookSpecificOutput`. */
  Stop: {
    hookEventName: "Stop";
    additionalContext?: string;
  };
  /** What a SubagentStart callback may return in `hookSpecificOutput`. */
  SubagentStart: {
    hookEventName: "SubagentStart";
    additionalContext?: string;
  };
  /** What a SubagentStop callback may return in `hookSpecificOutput`. */
  SubagentStop: {
    hookEventName: "SubagentStop";
    additionalContext?: string;
  };
  /** What a PreModelSwitch callback may return in `hookSpecificOutput`. */
  PreModelSwitch: {
    hookEventName: "PreModelSwitch";
    permissionDecision?: "allow" | "deny" | "ask";
    permissionDecisionReason?: string;
  };
  /** What a PostModelSwitch callback may return in `hookSpecificOutput`. */
  PostModelSwitch: {
    hookEventName: "PostModelSwitch";
    additionalContext?: string;
  };
  /** What a PermissionRequest callback may return in `hookSpecificOutput`. */
  PermissionRequest: {
    hookEventName: "PermissionRequest";
    decision: {
      behavior: "allow";
      updatedInput?: Record<string, unknown>;
      updatedPermissions?: Record<string, unknown>[];
    } | {
      behavior: "deny";
      message?: string;
      interrupt?: boolean;
    };
  };
  /** What a PermissionDenied callback may return in `hookSpecificOutput`. */
  PermissionDenied: {
    hookEventName: "PermissionDenied";
    retry?: boolean;
  };
  /** What a Setup callback may return in `hookSpecificOutput`. */
  Setup: {
    hookEventName: "Setup";
    additionalContext?: string;
  };
  /** What a Elicitation callback may return in `hookSpecificOutput`. */
  Elicitation: {
    hookEventName: "Elicitation";
    action?: "accept" | "decline" | "cancel";
    content?: Record<string, unknown>;
  };
  /** What a ElicitationResult callback may return in `hookSpecificOutput`. */
  ElicitationResult: {
    hookEventName: "ElicitationResult";
    action?: "accept" | "decline" | "cancel";
    content?: Record<string, unknown>;
  };
  /** What a WorktreeCreate callback may return in `hookSpecificOutput`. */
  WorktreeCreate: {
    hookEventName: "WorktreeCreate";
    worktreePath: string;
  };
  /** What a CwdChanged callback may return in `hookSpecificOutput`. */
  CwdChanged: {
    hookEventName: "CwdChanged";
    watchPaths?: string[];
  };
  /** What a FileChanged callback may return in `hookSpecificOutput`. */
  FileChanged: {
    hookEventName: "FileChanged";
    watchPaths?: string[];
  };
  /** What a MessageDisplay callback may return in `hookSpecificOutput`. */
  MessageDisplay: {
    hookEventName: "MessageDisplay";
    displayContent?: string;
  };
  /** What a PreSkillShellCommand callback may return in `hookSpecificOutput`. */
  PreSkillShellCommand: {
    hookEventName: "PreSkillShellCommand";
    permissionDecision?: "allow" | "deny" | "ask" | "defer";
    permissionDecisionReason?: string;
    updatedInput?: Record<string, unknown>;
  };
}

/**
 * The `hookSpecificOutput` a callback of event `E` may return (never, for an event that has none).
 *
 * @example
 * ```ts
 * import type { HookSpecificOutput } from "@claude-stream/sdk";
 * const context: HookSpecificOutput<"UserPromptSubmit"> = { hookEventName: "UserPromptSubmit", additionalContext: "today is Monday" };
 * ```
 */
export type HookSpecificOutput<E extends HookEvent = HookEvent> = E extends keyof HookSpecificOutputs
  ? HookSpecificOutputs[E]
  : never;

/**
 * What a hook callback answers, all fields optional (`{}` lets things go on as they would have).
 *
 * @example
 * ```ts
 * import type { SyncHookJSONOutput } from "@claude-stream/sdk";
 * const block: SyncHookJSONOutput<"Stop"> = { decision: "block", reason: "run the tests first" };
 * const allow: SyncHookJSONOutput<"PreToolUse"> = {
 *   hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", updatedInput: { command: "ls" } },
 * };
 * ```
 */
export interface SyncHookJSONOutput<E extends HookEvent = HookEvent> {
  /** `false` stops the whole turn after this hook (with `stopReason`). */
  continue?: boolean;
  /** Keep the hook's output out of the transcript. */
  suppressOutput?: boolean;
  /** Why the turn stops, with `continue: false`. */
  stopReason?: string;
  /**
   * `"block"`: PreToolUse denies the tool call (the legacy form of `permissionDecision: "deny"`), UserPromptSubmit
   * drops the prompt, Stop and SubagentStop make the model go on with `reason` as feedback. `"approve"` allows.
   */
  decision?: "approve" | "block";
  /** A message shown to the user. */
  systemMessage?: string;
  /** A terminal notification or title escape sequence for the CLI to emit. */
  terminalSequence?: string;
  /** Why, with `decision`: the model sees it (a denied tool's result, the Stop feedback). */
  reason?: string;
  /** The event's own fields (`permissionDecision`, `updatedInput`, `additionalContext`...). */
  hookSpecificOutput?: HookSpecificOutput<E>;
}

/**
 * An answer that lets the CLI go on without waiting for the hook (`asyncTimeout`: how long it may still run, in ms).
 *
 * @example
 * ```ts
 * import type { AsyncHookJSONOutput } from "@claude-stream/sdk";
 * const later: AsyncHookJSONOutput = { async: true, asyncTimeout: 30_000 };
 * ```
 */
export interface AsyncHookJSONOutput {
  /** Always `true`. */
  async: true;
  /** How long the hook may go on, in ms. */
  asyncTimeout?: number;
}

/**
 * What a hook callback of event `E` returns.
 *
 * @example
 * ```ts
 * import type { HookJSONOutput } from "@claude-stream/sdk";
 * const answer: HookJSONOutput<"UserPromptSubmit"> = { decision: "block", reason: "not today" };
 * ```
 */
export type HookJSONOutput<E extends HookEvent = HookEvent> = AsyncHookJSONOutput | SyncHookJSONOutput<E>;
