/** The Bun adapter. @module */
import type { Runtime } from "../types.ts";
import { processAdapter } from "./process.ts";
import { fileAdapter } from "./files.ts";
import { hostPlatform } from "../node/platform.ts";

// deno-lint-ignore no-explicit-any
const Bun = (globalThis as any).Bun;
// deno-lint-ignore no-explicit-any
const proc = (globalThis as any).process;

/** The Bun runtime. */
export const runtime: Runtime = {
  name: "bun",
  env: (name) => Bun.env[name],
  envObject: () => ({ ...Bun.env }),
  homeDir: () => Bun.env.HOME ?? proc.env.HOME ?? "/",
  cwd: () => proc.cwd(),
  platform: hostPlatform,
  processes: processAdapter,
  files: fileAdapter,
};
