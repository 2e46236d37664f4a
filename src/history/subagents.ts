/**
 * A session's subagents: `<project>/<sessionId>/subagents/agent-<agentId>.jsonl` and `.meta.json`.
 * @module
 */
import { invalidOptionError, sessionNotFoundError } from "../error_constructors.ts";
import type { ResolvedHistory } from "./history_options.ts";
import { joinPath, resolveHistory } from "./history_options.ts";
import { requireString } from "./_arguments.ts";
import { locateSession, readDirReported } from "./find_session.ts";
import type { ConversationMessage } from "./build_conversation.ts";
import { buildConversation } from "./build_conversation.ts";
import { readEntriesOf, readFileReported } from "./read_session.ts";
import type { SessionLookupOptions } from "./read_session.ts";
import type { SessionEntry } from "./session_entry.ts";

/** A subagent a session started. */
export interface SubagentInfo {
  /** The subagent's id, from its file name `agent-<agentId>.jsonl`. */
  agentId: string;
  /** Its transcript. */
  path: string;
  /** From its `.meta.json`, when present and readable. */
  agentType: string | null;
  /** The task description, from its `.meta.json`, when present and readable. */
  description: string | null;
  /** The `Task` tool use that started it. */
  toolUseId: string | null;
}

/**
 * The subagents of a session, in agent id order. `SESSION_NOT_FOUND` for an unknown session id; none when it
 * started no subagent. From a `sessionStore`, its subkeys `subagents/agent-<id>` (which needs `listSubkeys()`:
 * `INVALID_OPTION` without).
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * for (const agent of await history.listSubagents("58150e9f-83cc-49e7-b2d4-541eb2e40b2d", { configDir: "/tmp/claude" })) {
 *   console.log(agent.agentId, agent.agentType, agent.description);
 * }
 * ```
 */
export async function listSubagents(sessionId: string, options: SessionLookupOptions = {}): Promise<SubagentInfo[]> {
  const history = await resolveHistory(options, options.projectPath);
  if (history.store !== undefined && history.store.store.listSubkeys === undefined) {
    throw invalidOptionError("sessionStore", "listing the subagents of a sessionStore needs its listSubkeys()");
  }
  const dir = await subagentsDir(history, sessionId, options);
  const names = (await readDirReported(history, dir))
    .filter((entry) => entry.isFile && /^agent-.+\.jsonl$/.test(entry.name))
    .map((entry) => entry.name).sort();
  const agents: SubagentInfo[] = [];
  for (const name of names) {
    const agentId = name.slice("agent-".length, -".jsonl".length);
    const meta = await readMeta(history, joinPath(dir, `agent-${agentId}.meta.json`));
    agents.push({
      agentId,
      path: joinPath(dir, name),
      agentType: stringOr(meta.agentType),
      description: stringOr(meta.description),
      toolUseId: stringOr(meta.toolUseId),
    });
  }
  return agents;
}

/**
 * Every entry of a subagent's transcript. `SESSION_NOT_FOUND` when the session or the agent is unknown.
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const entries = await history.readSubagent("58150e9f-83cc-49e7-b2d4-541eb2e40b2d", "a6529131a2b467f32", { configDir: "/tmp/claude" });
 * console.log(entries.length);
 * ```
 */
export async function readSubagent(
  sessionId: string,
  agentId: string,
  options: SessionLookupOptions = {},
): Promise<SessionEntry[]> {
  const history = await resolveHistory(options, options.projectPath);
  return await readEntriesOf(history, await subagentPath(history, sessionId, agentId, options));
}

/**
 * A subagent's conversation (its entries are all sidechain entries: here they are the conversation).
 *
 * @example
 * ```ts
 * import { history } from "@claude-stream/sdk";
 * const messages = await history.subagentConversation("58150e9f-83cc-49e7-b2d4-541eb2e40b2d", "a6529131a2b467f32", { configDir: "/tmp/claude" });
 * console.log(messages.map((m) => m.text));
 * ```
 */
export async function subagentConversation(
  sessionId: string,
  agentId: string,
  options: SessionLookupOptions = {},
): Promise<ConversationMessage[]> {
  const history = await resolveHistory(options, options.projectPath);
  const path = await subagentPath(history, sessionId, agentId, options);
  return await readFileReported(
    history,
    path,
    (stream) => buildConversation(stream, { path, onError: history.onError, sidechain: true }),
  );
}

async function subagentsDir(
  history: ResolvedHistory,
  sessionId: string,
  options: SessionLookupOptions,
): Promise<string> {
  const { projectDir } = await locateSession(sessionId, history, options);
  return joinPath(projectDir, sessionId, "subagents");
}

async function subagentPath(
  history: ResolvedHistory,
  sessionId: string,
  agentId: string,
  options: SessionLookupOptions,
) {
  requireString(agentId, "agentId");
  const path = joinPath(await subagentsDir(history, sessionId, options), `agent-${agentId}.jsonl`);
  const exists = await history.files.stat(path).then((info) => info.isFile, () => false);
  if (/[\\/]/.test(agentId) || !exists) {
    throw sessionNotFoundError(`session ${sessionId} has no subagent ${agentId}`, { sessionId, agentId });
  }
  return path;
}

async function readMeta(history: ResolvedHistory, path: string): Promise<Record<string, unknown>> {
  try {
    const bytes = await history.files.readRange(path, 0, 1024 * 1024);
    const value = JSON.parse(new TextDecoder().decode(bytes));
    return value !== null && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

function stringOr(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
