/**
 * The chat app (`chat/app.ts`) on `Bun.serve`. Run: `bun examples/bun_serve.ts`, open the printed URL.
 * Uses the fake CLI unless `CLAUDE_STREAM_CLI_PATH` names a real `claude`; see `chat/options_from_env.ts`.
 * @module
 */
import process from "node:process";
import { createChatApp } from "./chat/app.ts";
import { settingsFromEnv } from "./chat/options_from_env.ts";

// This project type-checks with Node's types, which have no `Bun`; what this file uses of it:
interface BunServer {
  hostname: string;
  port: number;
  stop(closeActiveConnections?: boolean): Promise<void>;
}
// deno-lint-ignore no-explicit-any
const Bun = (globalThis as any).Bun as { serve(options: object): BunServer };

const settings = settingsFromEnv(process.env, process.cwd());
const app = createChatApp(settings.app);
const server = Bun.serve({
  hostname: settings.hostname,
  port: settings.port,
  // Bun closes a connection silent for 10 s by default; a reply may think longer than that.
  idleTimeout: 0,
  fetch: app.fetch,
});
console.log(`listening on http://${server.hostname}:${server.port}/`);

// Stop every visitor's CLI before leaving, so none outlives the server.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await app.close();
    await server.stop(true);
    process.exit(0);
  });
}
