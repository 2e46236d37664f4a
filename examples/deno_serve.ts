/**
 * The chat app (`chat/app.ts`) on `Deno.serve`. Run: `deno run -A examples/deno_serve.ts`, open the printed URL.
 * Uses the fake CLI unless `CLAUDE_STREAM_CLI_PATH` names a real `claude`; see `chat/options_from_env.ts`.
 * @module
 */
import { createChatApp } from "./chat/app.ts";
import { settingsFromEnv } from "./chat/options_from_env.ts";

// This project type-checks with Node's types, which have no `Deno`; what this file uses of it:
interface DenoServer {
  shutdown(): Promise<void>;
}
// deno-lint-ignore no-explicit-any
const Deno = (globalThis as any).Deno as {
  env: { toObject(): Record<string, string> };
  cwd(): string;
  serve(options: object, handler: (request: Request) => Promise<Response>): DenoServer;
  addSignalListener(signal: "SIGINT" | "SIGTERM", listener: () => void): void;
  exit(code: number): never;
};

const settings = settingsFromEnv(Deno.env.toObject(), Deno.cwd());
const app = createChatApp(settings.app);
const server = Deno.serve({
  hostname: settings.hostname,
  port: settings.port,
  onListen: ({ hostname, port }: { hostname: string; port: number }) =>
    console.log(`listening on http://${hostname}:${port}/`),
}, app.fetch);

// Stop every visitor's CLI before leaving, so none outlives the server.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await app.close();
    await server.shutdown().catch(() => {});
    Deno.exit(0);
  });
}
