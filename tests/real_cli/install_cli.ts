/**
 * Installs the real Claude Code CLI for the real-CLI test run, once per version, into a cache folder, and prints the
 * path of its native binary. npm here does not run install scripts, so the package's `bin/claude.exe` stays the
 * stub; the binary is the one of the platform package, found with the library's own lookup (`findCli`).
 *
 * Usage: `node --import tsx tests/real_cli/install_cli.ts` (prints the binary's path on stdout, progress on stderr).
 * Env: `CLAUDE_STREAM_REAL_CLI_VERSION` picks another version; `XDG_CACHE_HOME` (default `~/.cache`) the cache root.
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { NEWEST_TESTED_CLI_VERSION } from "../../src/session/cli_version.ts";
import { findCli } from "../../src/session/find_cli.ts";
import { currentRuntime } from "../../src/runtime/current.ts";

/** The CLI version the real-CLI tests pin: the library's newest tested one (bumped there, on purpose). */
export const CLAUDE_CODE_VERSION: string = NEWEST_TESTED_CLI_VERSION;

/** The version to install: `$CLAUDE_STREAM_REAL_CLI_VERSION`, else the pinned one. */
export function cliVersion(): string {
  return process.env.CLAUDE_STREAM_REAL_CLI_VERSION || CLAUDE_CODE_VERSION;
}

/** The folder a version is installed into: `${XDG_CACHE_HOME:-$HOME/.cache}/claude-stream/claude-code-<version>`. */
export function installDir(version = cliVersion()): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "claude-stream", `claude-code-${version}`);
}

/** The native binary of an install folder, or undefined when it has none (yet). */
export async function binaryIn(dir: string): Promise<string | undefined> {
  if (!existsSync(join(dir, "node_modules", "@anthropic-ai", "claude-code", "package.json"))) return undefined;
  try {
    // cliPath and $CLAUDE_STREAM_CLI_PATH win in findCli: make sure neither is looked at.
    const saved = process.env.CLAUDE_STREAM_CLI_PATH;
    delete process.env.CLAUDE_STREAM_CLI_PATH;
    try {
      const found = await findCli({ cwd: dir, env: { PATH: "" } }, await currentRuntime());
      return found === "claude" ? undefined : found;
    } finally {
      if (saved !== undefined) process.env.CLAUDE_STREAM_CLI_PATH = saved;
    }
  } catch {
    return undefined;
  }
}

/**
 * Installs `@anthropic-ai/claude-code@<version>` with npm when the cache folder has no binary yet, and returns the
 * binary's path. Throws when npm fails or the install has no binary for this platform.
 */
export async function installCli(version = cliVersion()): Promise<string> {
  const dir = installDir(version);
  const existing = await binaryIn(dir);
  if (existing !== undefined) return existing;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  process.stderr.write(`installing @anthropic-ai/claude-code@${version} into ${dir}\n`);
  const npm = spawnSync(
    "npm",
    [
      "install",
      "--prefix",
      dir,
      "--no-audit",
      "--no-fund",
      "--no-save",
      "--loglevel=error",
      `@anthropic-ai/claude-code@${version}`,
    ],
    // npm's own report goes to stderr: stdout carries only the binary's path, which the caller reads.
    { stdio: ["ignore", 2, "inherit"], shell: process.platform === "win32" },
  );
  if (npm.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm install of @anthropic-ai/claude-code@${version} failed (exit ${npm.status ?? npm.signal})`);
  }
  const binary = await binaryIn(dir);
  if (binary === undefined) {
    throw new Error(
      `npm installed @anthropic-ai/claude-code@${version} into ${dir}, but no native binary for this platform`,
    );
  }
  process.stderr.write(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${binary}\n`);
  return binary;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("install_cli.ts")) {
  installCli().then((binary) => console.log(binary), (error) => {
    console.error(String(error?.message ?? error));
    process.exit(1);
  });
}
