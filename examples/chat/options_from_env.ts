/**
 * The chat servers' settings from the environment, the same for every runtime.
 * @module
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeCli } from "../../testing.ts";
import type { ChatAppOptions } from "./app.ts";

/**
 * What a chat server needs: the app's options and where to listen.
 *
 * @example
 * ```ts
 * import { type ChatServerSettings, settingsFromEnv } from "./options_from_env.ts";
 * const settings: ChatServerSettings = settingsFromEnv({ PORT: "8080" }, "/tmp");
 * ```
 */
export interface ChatServerSettings {
  app: ChatAppOptions;
  hostname: string;
  port: number;
}

/**
 * `PORT` (default 8000; 0 picks a free one), `HOST` (default 127.0.0.1), `CLAUDE_CONFIG_DIR`. The app runs on the
 * fake CLI unless `CLAUDE_STREAM_CLI_PATH` names a real one; the fake's history goes to a temp config dir unless
 * `CLAUDE_CONFIG_DIR` is set, so a demo never writes into `~/.claude`.
 *
 * @example
 * ```ts
 * import { settingsFromEnv } from "./options_from_env.ts";
 * const { port } = settingsFromEnv({ PORT: "0" }, "/tmp");
 * ```
 */
export function settingsFromEnv(env: Record<string, string | undefined>, cwd: string): ChatServerSettings {
  const real = env.CLAUDE_STREAM_CLI_PATH !== undefined && env.CLAUDE_STREAM_CLI_PATH !== "";
  const configDir = env.CLAUDE_CONFIG_DIR || (real ? undefined : join(tmpdir(), "claude-stream-chat-demo"));
  return {
    app: { session: { cliPath: real ? undefined : fakeCli.path, configDir, cwd } },
    hostname: env.HOST || "127.0.0.1",
    port: Number(env.PORT ?? 8000),
  };
}
