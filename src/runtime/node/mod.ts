/** The Node adapter (also usable wherever `node:*` modules exist). @module */
import process from "node:process";
import { homedir } from "node:os";
import type { Runtime } from "../types.ts";
import { processAdapter } from "./process.ts";
import { fileAdapter } from "./files.ts";
import { hostPlatform } from "./platform.ts";

/** The Node runtime. */
export const runtime: Runtime = {
  name: "node",
  env: (name) => process.env[name],
  envObject: () => ({ ...process.env }) as Record<string, string>,
  homeDir: () => homedir(),
  cwd: () => process.cwd(),
  platform: hostPlatform,
  processes: processAdapter,
  files: fileAdapter,
};
