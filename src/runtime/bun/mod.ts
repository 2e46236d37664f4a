/** The Bun adapter. @module */
import process from "node:process";
import type { Runtime } from "../types.ts";
import { processAdapter } from "./process.ts";
import { fileAdapter } from "./files.ts";
import { hostPlatform } from "../node/platform.ts";
import type { BunGlobal } from "./bun_globals.d.ts";

// This module is loaded only on Bun (see ../current.ts), where the global is there.
const Bun = (globalThis as { Bun?: BunGlobal }).Bun!;

/** The Bun runtime. */
export const runtime: Runtime = {
  name: "bun",
  env: (name) => Bun.env[name],
  envObject: () => ({ ...Bun.env }) as Record<string, string>,
  homeDir: () => Bun.env.HOME ?? "/",
  cwd: () => process.cwd(),
  platform: hostPlatform,
  processes: processAdapter,
  files: fileAdapter,
};
