/**
 * Whether a user entry is a prompt a person typed, and its text. The CLI writes much else as `user` entries: tool
 * results, interrupt markers, compact summaries, subagent prompts, and text it injects for the model, such as hook
 * output and slash-command echoes.
 * @module
 */
import { messageText } from "./message_text.ts";
import type { HistoryContentBlock } from "./session_entry.ts";

/**
 * The tags the CLI wraps injected text in, across versions: slash-command echoes (`<command-name>`,
 * `<command-message>`, `<command-args>`), their output and caveat (`<local-command-stdout>`, `-stderr`,
 * `<local-command-caveat>`), bash mode (`<bash-input>`, `<bash-stdout>`...), hook output (`<session-start-hook>`,
 * `<user-prompt-submit-hook>`, any `<…-hook>`), reminders and background-task notifications. A person's own prompt
 * may start with `<` too, so only these names count.
 */
const INJECTED = /^<(?:command-|local-command-|bash-|[a-z]+(?:-[a-z]+)*-hook>|system-reminder>|task-notification>)/;

/**
 * The text of a user entry a person typed, trimmed; null for meta entries (`isMeta`), sidechain and compact-summary
 * entries, tool results, interrupt markers, and injected text (hook output, command echoes and caveats).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { typedPrompt } from "./typed_prompt.ts";
 * assert.equal(typedPrompt({ type: "user", message: { content: " fix the build " } }), "fix the build");
 * assert.equal(typedPrompt({ type: "user", message: { content: "<session-start-hook>git status…</session-start-hook>" } }), null);
 * assert.equal(typedPrompt({ type: "user", isMeta: true, message: { content: "Caveat: …" } }), null);
 * ```
 */
export function typedPrompt(entry: Record<string, unknown>): string | null {
  if (entry.type !== "user") return null;
  if (entry.isMeta === true || entry.isSidechain === true || entry.isCompactSummary === true) return null;
  const content = (entry.message as { content?: unknown } | undefined)?.content;
  if (Array.isArray(content) && content.some((block) => block?.type === "tool_result")) return null;
  const text = messageText(content as string | HistoryContentBlock[]).trim();
  if (text === "" || INJECTED.test(text) || text.startsWith("[Request interrupted")) return null;
  return text;
}
