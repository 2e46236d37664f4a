/**
 * The real Claude Code CLI for a benchmark, offline, as scripts/test_real.sh runs it for the tests: the pinned binary
 * from the cache scripts/test_real.sh installs into, run inside a new network namespace (`unshare -n`: only a
 * loopback), its model the stand-in Messages API (tests/real_cli/serve_stand_in.ts) on 127.0.0.1, an empty HOME.
 * @module
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { binaryIn, installDir } from "../tests/real_cli/install_cli.ts";

/** Set in the namespace's copy of the benchmark. */
const INSIDE = "CLAUDE_STREAM_BENCH_IN_NAMESPACE";

/** The installed binary of the pinned CLI version; an error that says how to install it when there is none. */
export async function realCliBinary(): Promise<string> {
  const binary = await binaryIn(installDir());
  if (binary === undefined) {
    throw new Error(
      `no real CLI in ${installDir()}: run \`bash scripts/test_real.sh --runtime node\` once to install it`,
    );
  }
  return binary;
}

/**
 * Outside the namespace: runs `command` (this benchmark again) under `unshare -n` and returns its exit code (the
 * caller exits with it). Inside: null, the loopback up, and the caller goes on.
 */
export function reenterIsolated(command: string[]): Promise<number> | null {
  if (process.env[INSIDE] === "1") {
    execFileSync("ip", ["link", "set", "lo", "up"]);
    return null;
  }
  const child = spawn("unshare", ["-n", ...command], {
    stdio: "inherit",
    env: { ...process.env, [INSIDE]: "1" },
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}

/** The stand-in Messages API, started, and the environment that points the real CLI at it (and gives it a HOME). */
export interface StandInApi {
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts tests/real_cli/serve_stand_in.ts on a free port (with Node and tsx, as scripts/test_real.sh does). */
export async function startStandInApi(): Promise<StandInApi> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const server = spawn("node", ["--import", "tsx", join(root, "tests/real_cli/serve_stand_in.ts"), "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    server.stdout.on("data", (chunk) => {
      seen += String(chunk);
      const match = /listening on (\S+)/.exec(seen);
      if (match !== null) resolve(match[1]);
    });
    server.on("exit", (code) => reject(new Error(`the stand-in API ended (exit ${code}) before listening`)));
  });
  const home = mkdtempSync(join(tmpdir(), "cs-bench-home-"));
  return {
    env: {
      ANTHROPIC_BASE_URL: url,
      ANTHROPIC_API_KEY: "dummy",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_TELEMETRY: "1",
      DISABLE_AUTOUPDATER: "1",
      DISABLE_ERROR_REPORTING: "1",
      CLAUDE_CODE_MAX_RETRIES: "1",
      HOME: home,
    },
    stop: async () => {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill();
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
}
