// A consumer's view of the public types. tsc checks this file twice: with the repo's tsconfig (`npm run typecheck`),
// and in session_types.test.ts with `exactOptionalPropertyTypes`, which strict consumers turn on and under which
// `name?: string` no longer takes `undefined`. Lines under `@ts-expect-error` must not compile in either.
import process from "node:process";
import {
  collectTurn,
  history,
  type PermissionMode,
  Session,
  type SessionOptions,
  type StreamOptions,
} from "../../mod.ts";
// @ts-expect-error registering a name is the Session's own business (new Session({ name }))
import { registerSession } from "../../mod.ts";

declare const env: Record<string, string | undefined>;

// Every option takes undefined explicitly: values read from the environment pass straight through.
export const fromEnv: SessionOptions = {
  name: env.NAME,
  model: env.MODEL,
  systemPrompt: env.PROMPT,
  appendSystemPrompt: env.APPEND,
  timeout: undefined,
  allowedTools: undefined,
  disallowedTools: undefined,
  maxTurns: undefined,
  permissionMode: env.MODE,
  includePartialMessages: undefined,
  cwd: env.CWD,
  env: undefined,
  configDir: env.CLAUDE_CONFIG_DIR,
  cliPath: env.CLI,
  extraArgs: undefined,
  stderr: undefined,
  canUseTool: undefined,
  resume: env.RESUME,
  forkSession: undefined,
  sessionId: env.SESSION_ID,
  continue: undefined,
  adapter: undefined,
  shutdownGraceMs: undefined,
  interruptGraceMs: undefined,
  onCrash: undefined,
  onProtocolError: undefined,
};
export const session = new Session({ model: process.env.MODEL, cwd: process.env.PWD });
export const streamOptions: StreamOptions = { signal: undefined, timeout: undefined };
export const historyOptions: history.SessionLookupOptions = {
  configDir: env.CLAUDE_CONFIG_DIR,
  projectPath: env.PROJECT,
  onError: undefined,
  files: undefined,
  runtime: undefined,
};

// The known permission modes are named (editors offer them), and a mode a newer CLI adds still passes.
export const modes: PermissionMode[] = [
  "default",
  "acceptEdits",
  "bypassPermissions",
  "plan",
  "dontAsk",
  "auto",
  "someFutureMode",
];
export const named: Extract<PermissionMode, "dontAsk"> = "dontAsk";
export const switched: Promise<void> = session.setPermissionMode("plan");
// @ts-expect-error a permission mode is a string
new Session({ permissionMode: 42 });
// @ts-expect-error options are checked, also by type
new Session({ timeout: "1s" });

// What a turn and the session's own history give.
export async function read(): Promise<number> {
  const turn = await collectTurn(session.stream("Hello"));
  const own: number = turn.costUsd;
  const runningTotal: number = turn.totalCostUsd;
  const messages: history.ConversationMessage[] = await session.conversation();
  const same = await history.conversation(turn.sessionId, {
    configDir: env.CLAUDE_CONFIG_DIR,
    projectPath: env.PROJECT,
  });
  return own + runningTotal + messages.length + same.length + (registerSession ? 1 : 0);
}
