/**
 * The host platform as Node and Bun report it (Bun implements `process.platform`, `process.arch` and `process.report`).
 * @module
 */
import process from "node:process";
import type { HostPlatform } from "../types.ts";

let cached: HostPlatform | undefined;
let musl: boolean | undefined;

/**
 * The OS, CPU and C library of the host, read once.
 *
 * @example
 * ```ts
 * import { hostPlatform } from "./platform.ts";
 * console.log(hostPlatform()); // { os: "linux", arch: "x64", musl: false }
 * ```
 */
export function hostPlatform(): HostPlatform {
  cached ??= {
    os: process.platform,
    arch: process.arch,
    get musl() {
      musl ??= process.platform === "linux" && isMusl();
      return musl;
    },
  };
  return cached;
}

/**
 * A glibc build of Node reports the glibc it runs on; on musl there is none to report. This is the test the CLI's own
 * installer makes, so both pick the same platform package. It is asked only when read: a report takes ~10 ms on Node.
 */
function isMusl(): boolean {
  const report = process.report?.getReport?.() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report !== undefined && report.header?.glibcVersionRuntime === undefined;
}
