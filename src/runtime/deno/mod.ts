/** The Deno adapter. @module */
import type { Runtime } from "../types.ts";
import { processAdapter } from "./process.ts";
import { fileAdapter } from "./files.ts";

// deno-lint-ignore no-explicit-any
const Deno = (globalThis as any).Deno;

/** The Deno runtime. */
export const runtime: Runtime = {
  name: "deno",
  env: (name) => Deno.env.get(name),
  envObject: () => Deno.env.toObject(),
  homeDir: () => Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? "/",
  cwd: () => Deno.cwd(),
  processes: processAdapter,
  files: fileAdapter,
};
