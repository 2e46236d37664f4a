/** The Deno adapter. @module */
import type { HostPlatform, Runtime } from "../types.ts";
import { processAdapter } from "./process.ts";
import { fileAdapter } from "./files.ts";
import type { DenoGlobal } from "./deno_globals.d.ts";

// This module is loaded only on Deno (see ../current.ts), where the global is there.
const Deno = (globalThis as { Deno?: DenoGlobal }).Deno!;

/** The Deno runtime. */
export const runtime: Runtime = {
  name: "deno",
  env: (name) => Deno.env.get(name),
  envObject: () => Deno.env.toObject(),
  homeDir: () => Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? "/",
  cwd: () => Deno.cwd(),
  platform: () => (platform ??= denoPlatform()),
  processes: processAdapter,
  files: fileAdapter,
};

let platform: HostPlatform | undefined;

/** Deno's build names, in Node's spelling, which is what npm platform packages are named after. */
function denoPlatform(): HostPlatform {
  const os: string = Deno.build.os === "windows" ? "win32" : Deno.build.os;
  const arch: string = ({ x86_64: "x64", aarch64: "arm64" } as Record<string, string>)[Deno.build.arch] ??
    Deno.build.arch;
  // Deno has no glibc probe; the libc it was built for is the one it runs on.
  return { os, arch, musl: os === "linux" && Deno.build.env === "musl" };
}
