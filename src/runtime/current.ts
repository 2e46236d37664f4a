/**
 * Picks the runtime adapter of the host, loading only that runtime's code.
 * @module
 */
import type { FileAdapter, ProcessAdapter, Runtime } from "./types.ts";

let current: Promise<Runtime> | undefined;

/** Which runtime this code runs on. */
export function runtimeName(): Runtime["name"] {
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  if (g.Deno !== undefined) return "deno";
  if (g.Bun !== undefined) return "bun";
  return "node";
}

/**
 * The adapters of the host runtime (Deno, Bun or Node), loaded once.
 *
 * @example
 * ```ts
 * import { currentRuntime } from "./current.ts";
 * const runtime = await currentRuntime();
 * console.log(runtime.name);
 * ```
 */
export function currentRuntime(): Promise<Runtime> {
  current ??= loadRuntime(runtimeName());
  return current;
}

async function loadRuntime(name: Runtime["name"]): Promise<Runtime> {
  if (name === "deno") return (await import("./deno/mod.ts")).runtime;
  if (name === "bun") return (await import("./bun/mod.ts")).runtime;
  return (await import("./node/mod.ts")).runtime;
}

/**
 * The process adapter of the host runtime: `Deno.Command`, `Bun.spawn` or `node:child_process`.
 *
 * @example
 * ```ts
 * import { defaultProcessAdapter } from "./current.ts";
 * const adapter = await defaultProcessAdapter();
 * ```
 */
export async function defaultProcessAdapter(): Promise<ProcessAdapter> {
  return (await currentRuntime()).processes;
}

/**
 * The file adapter of the host runtime.
 *
 * @example
 * ```ts
 * import { defaultFileAdapter } from "./current.ts";
 * const files = await defaultFileAdapter();
 * ```
 */
export async function defaultFileAdapter(): Promise<FileAdapter> {
  return (await currentRuntime()).files;
}
