/**
 * The CLI's version, read once per executable with `--version`, and the oldest one this library drives.
 * @module
 */
import { unsupportedCliVersionError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import { CLI_INSTALL_COMMANDS } from "./find_cli.ts";
import type { ProcessAdapter } from "../runtime/types.ts";
import type { CliCommand } from "./cli_command.ts";

/**
 * The oldest CLI version supported: the 2.x line, whose stream-json input, control protocol and session files
 * `protocol/README.md` records (from 2.1.197).
 */
export const MIN_CLI_VERSION = "2.0.0";

/**
 * The newest CLI version the suite runs against (the real binary in `npm run test:real`, and the recordings the
 * fake is held to); `tests/real_cli/install_cli.ts` installs this one.
 */
export const NEWEST_TESTED_CLI_VERSION = "2.1.332";

/** How long `--version` may take before the check is given up (the session then goes on). */
const VERSION_TIMEOUT_MS = 10_000;

/**
 * Reads the CLI's version once per command and adapter, and rejects with `UNSUPPORTED_CLI_VERSION` when it is older
 * than {@link MIN_CLI_VERSION}. An answer that is not a version (a stand-in script) or no answer in time is let
 * through: only a CLI known to be too old is refused.
 *
 * @example
 * ```ts
 * import { checkCliVersion } from "./cli_version.ts";
 * import { cliCommand } from "./cli_command.ts";
 * import { currentRuntime } from "../runtime/current.ts";
 * const runtime = await currentRuntime();
 * console.log(await checkCliVersion(runtime.processes, cliCommand({}, {}, runtime))); // "2.1.197" or null
 * ```
 */
export function checkCliVersion(adapter: ProcessAdapter, command: CliCommand): Promise<string | null> {
  let byAdapter = versionCache.get(adapter);
  if (byAdapter === undefined) versionCache.set(adapter, byAdapter = new Map());
  let version = byAdapter.get(command.command);
  if (version === undefined) {
    version = readVersion(adapter, command);
    byAdapter.set(command.command, version);
    version.catch(() => byAdapter.delete(command.command)); // a missing CLI may be installed later
  }
  return version.then((found) => {
    if (found !== null && compareVersions(found, MIN_CLI_VERSION) < 0) throw tooOld(command.command, found);
    return found;
  });
}

const versionCache = new WeakMap<ProcessAdapter, Map<string, Promise<string | null>>>();

async function readVersion(adapter: ProcessAdapter, command: CliCommand): Promise<string | null> {
  const child = adapter.spawn(command.command, ["--version"], { env: command.env, cwd: command.cwd });
  void child.stdin.close().catch(() => {});
  void new Response(child.stderr).arrayBuffer().catch(() => {});
  const timer = setTimeout(() => child.kill("SIGKILL"), VERSION_TIMEOUT_MS);
  try {
    const [output] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    return parseVersion(output);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `x.y.z` at the start of `claude --version` output (`2.1.197 (Claude Code)`), or null.
 *
 * @example
 * ```ts
 * import { parseVersion } from "./cli_version.ts";
 * parseVersion("2.1.197 (Claude Code)\n"); // "2.1.197"
 * ```
 */
export function parseVersion(output: string): string | null {
  return /^\s*v?(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null;
}

/**
 * Orders two `x.y.z` versions: negative, zero or positive.
 *
 * @example
 * ```ts
 * import { compareVersions } from "./cli_version.ts";
 * compareVersions("1.0.128", "2.0.0") < 0; // true
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function tooOld(path: string, version: string): ClaudeCodeError<"UNSUPPORTED_CLI_VERSION"> {
  return unsupportedCliVersionError({
    path,
    version,
    minVersion: MIN_CLI_VERSION,
    newestTested: NEWEST_TESTED_CLI_VERSION,
  }, CLI_INSTALL_COMMANDS[0]);
}
