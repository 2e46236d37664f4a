/**
 * The chat app (`chat/app.ts`) on `node:http`. Run: `node --import tsx examples/node_http.ts`, open the printed URL.
 * Uses the fake CLI unless `CLAUDE_STREAM_CLI_PATH` names a real `claude`; see `chat/options_from_env.ts`.
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import process from "node:process";
import { createChatApp } from "./chat/app.ts";
import { toNodeListener } from "./chat/node_adapter.ts";
import { settingsFromEnv } from "./chat/options_from_env.ts";

const settings = settingsFromEnv(process.env, process.cwd());
const app = createChatApp(settings.app);
const server = createServer(toNodeListener(app.fetch));
server.listen(settings.port, settings.hostname, () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`listening on http://${address}:${port}/`);
});

// Stop every visitor's CLI before leaving, so none outlives the server.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await app.close();
    server.closeAllConnections();
    server.close();
    process.exit(0);
  });
}
