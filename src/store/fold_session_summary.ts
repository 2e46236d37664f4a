/**
 * The running summary a store keeps beside a transcript, folded batch by batch: the same fields, in the same `data`
 * shape, as the official SDK's `foldSessionSummary`, so that summaries written by either read the same.
 * @module
 */
import type { SessionKey, SessionStoreEntry, SessionSummaryEntry } from "./session_store.ts";

/** Entry fields copied on every appearance (last one wins), and the `data` key each goes to. */
const LAST_WINS: Record<string, string> = {
  customTitle: "customTitle",
  aiTitle: "aiTitle",
  lastPrompt: "lastPrompt",
  summary: "summaryHint",
  gitBranch: "gitBranch",
};

/** Prompts that are not typed by a person: tags the CLI writes (`<command-name>`, `<local-command-stdout>`...), interrupts. */
const NOT_TYPED = /^(?:\s*<[a-z][\w-]*[\s>]|\[Request interrupted by user[^\]]*\])/;
const COMMAND_NAME = /<command-name>(.*?)<\/command-name>/;
const BASH_INPUT = /<bash-input>([\s\S]*?)<\/bash-input>/;
const PROMPT_LENGTH = 200;

/**
 * Folds a batch of entries appended to `key` into its previous summary (`undefined` for the first batch). Set-once
 * fields (`isSidechain`, `createdAt`, `cwd`, `firstPrompt`) freeze on first sight; last-wins ones (`customTitle`,
 * `aiTitle`, `lastPrompt`, `summaryHint`, `gitBranch`, `tag`) follow the newest entry. `mtime` is the store's write
 * time, passed as `options.mtime` (kept from `prev` without it). Pure: a store serializes its own read-fold-write.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { foldSessionSummary } from "@claude-stream/sdk";
 * const key = { projectKey: "-work-app", sessionId: "s1" };
 * const first = foldSessionSummary(undefined, key, [
 *   { type: "user", uuid: "u1", cwd: "/work/app", message: { role: "user", content: "Plan a trip" } },
 * ], { mtime: 1000 });
 * const next = foldSessionSummary(first, key, [{ type: "custom-title", customTitle: "Trip" }], { mtime: 2000 });
 * assert.deepEqual([next.mtime, next.data.firstPrompt, next.data.customTitle], [2000, "Plan a trip", "Trip"]);
 * ```
 */
export function foldSessionSummary(
  prev: SessionSummaryEntry | undefined,
  key: SessionKey,
  entries: SessionStoreEntry[],
  options: { mtime?: number } = {},
): SessionSummaryEntry {
  const mtime = options.mtime ?? prev?.mtime ?? 0;
  const data: Record<string, unknown> = prev === undefined ? {} : { ...prev.data };
  for (const entry of entries) {
    const at = typeof entry.timestamp === "string" ? Date.parse(entry.timestamp) : NaN;
    if (data.isSidechain === undefined) data.isSidechain = entry.isSidechain === true;
    if (data.createdAt === undefined && !Number.isNaN(at)) data.createdAt = at;
    if (data.cwd === undefined && typeof entry.cwd === "string" && entry.cwd !== "") data.cwd = entry.cwd;
    foldFirstPrompt(data, entry);
    for (const [field, name] of Object.entries(LAST_WINS)) {
      const value = entry[field];
      if (typeof value === "string") data[name] = value;
    }
    if (entry.type === "tag") {
      if (typeof entry.tag === "string" && entry.tag !== "") data.tag = entry.tag;
      else delete data.tag;
    }
    if (entry.type === "relocated" && typeof entry.relocatedCwd === "string" && entry.relocatedCwd !== "") {
      data.cwd = entry.relocatedCwd;
    }
  }
  return { sessionId: prev?.sessionId ?? key.sessionId, mtime, data };
}

/** The first prompt a person typed freezes `firstPrompt`; a slash command before it is kept as `commandFallback`. */
function foldFirstPrompt(data: Record<string, unknown>, entry: SessionStoreEntry): void {
  if (data.firstPromptLocked === true) return;
  const found = { commandFallback: typeof data.commandFallback === "string" ? data.commandFallback : "" };
  const prompt = typedPrompt(entry, found);
  if (found.commandFallback !== "" && !data.commandFallback) data.commandFallback = found.commandFallback;
  if (prompt !== undefined) {
    data.firstPrompt = prompt;
    data.firstPromptLocked = true;
  }
}

function typedPrompt(entry: SessionStoreEntry, found: { commandFallback: string }): string | undefined {
  if (entry.type !== "user" || entry.isMeta === true || entry.isCompactSummary === true) return undefined;
  const message = entry.message;
  if (typeof message !== "object" || message === null) return undefined;
  const content = (message as { content?: unknown }).content;
  const texts: string[] = [];
  if (typeof content === "string") texts.push(content);
  else if (Array.isArray(content)) {
    for (const block of content) {
      if (typeof block !== "object" || block === null) continue;
      if (block.type === "tool_result") return undefined;
      if (block.type === "text" && typeof block.text === "string") texts.push(block.text);
    }
  }
  for (const text of texts) {
    let line = text.replaceAll("\n", " ").trim();
    if (line === "") continue;
    const command = COMMAND_NAME.exec(line);
    if (command?.[1] !== undefined) {
      if (!found.commandFallback) found.commandFallback = command[1];
      continue;
    }
    const bash = BASH_INPUT.exec(line);
    if (bash?.[1] !== undefined) return `! ${bash[1].trim()}`;
    if (NOT_TYPED.test(line)) continue;
    const chars = [...line];
    if (chars.length > PROMPT_LENGTH) line = chars.slice(0, PROMPT_LENGTH).join("").trim() + "…";
    return line;
  }
  return undefined;
}
