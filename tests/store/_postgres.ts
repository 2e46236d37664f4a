/**
 * A real PostgreSQL server for the store tests: `CLAUDE_STREAM_PG_URL` when it is set (CI or a developer's own
 * server), else a throwaway server of this test file's own: Debian's binaries (under `/usr/lib/postgresql/<version>/bin`,
 * not on PATH) found, `initdb` into a temp dir (as the `postgres` user when we are root: the server refuses to run as
 * root), `pg_ctl start` on a free port with its socket in that dir, a database created, and all of it stopped and
 * removed by `stop()`. When no server can be had, `skipReason` says why, and the tests that need one are skipped with
 * it (counted as skipped, not passed).
 */
import { execFile, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A server the tests can use. */
export interface TestPostgres {
  /** The connection URL of a database of its own. */
  url: string;
  /** Stops and removes a server we started; does nothing for `CLAUDE_STREAM_PG_URL`. */
  stop(): Promise<void>;
}

/** Waits until process `$1` is gone, then runs the rest of its arguments (the server's stop) and removes folder `$2`. */
const WATCHDOG =
  'parent=$1; dir=$2; shift 2; while kill -0 "$parent" 2>/dev/null; do sleep 1; done; "$@" >/dev/null 2>&1; rm -rf "$dir"';

/** The server programs the helper runs. */
const PROGRAMS = ["initdb", "pg_ctl", "createdb"];

/** Why the PostgreSQL tests cannot run here, or false when they can. */
export const skipReason: string | false = process.env.CLAUDE_STREAM_PG_URL || process.env.CI
  ? false // CI installs PostgreSQL (.ci/run): there a missing server fails the tests instead of skipping them
  : findBinDir() === null
  ? "needs PostgreSQL: set CLAUDE_STREAM_PG_URL, or install Debian's postgresql (initdb, pg_ctl, createdb not found)"
  : false;

/** The folder holding the server programs: the newest `/usr/lib/postgresql/<version>/bin`, else one on PATH. */
export function findBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root).filter((name) => /^\d+(\.\d+)?$/.test(name)).sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [...versions.map((version) => join(root, version, "bin")), ...(process.env.PATH ?? "").split(":")];
  return candidates.find((dir) => dir !== "" && PROGRAMS.every((name) => existsSync(join(dir, name)))) ?? null;
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the server to take). */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server (or hands out `CLAUDE_STREAM_PG_URL`). Call only when {@link skipReason} is false. */
export async function startPostgres(): Promise<TestPostgres> {
  const given = process.env.CLAUDE_STREAM_PG_URL;
  if (given) return { url: given, stop: async () => {} };
  const bin = findBinDir();
  if (bin === null) throw new Error(String(skipReason));
  const dir = mkdtempSync(join(tmpdir(), "cs-pg-"));
  const data = join(dir, "data");
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  chmodSync(dir, 0o700);
  // the server programs run as the `postgres` user when we are root
  const argv = (command: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, command), ...args]] : [join(bin, command), args];
  const as = (command: string, args: string[]) => run(...argv(command, args), { cwd: dir });
  await as("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  let port = 0;
  for (let attempt = 0;; attempt++) {
    port = await freePort();
    try {
      await as("pg_ctl", [
        "-D",
        data,
        "-l",
        join(dir, "server.log"),
        "-w",
        "-t",
        "60",
        "-o",
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
        "start",
      ]);
      break;
    } catch (error) {
      // another process took the port between our look and the server's bind: try another
      if (attempt >= 3) throw error;
    }
  }
  const stopArgs = ["-D", data, "-m", "immediate", "-w", "stop"];
  // A watchdog stops the server once this process is gone, however it ended: a runner that skips a file's `after`
  // hooks (as a Deno run of many files did) or that was killed leaves no server behind.
  const [file, args] = argv("pg_ctl", stopArgs);
  const watchdog = spawn("sh", ["-c", WATCHDOG, "watchdog", String(process.pid), dir, file, ...args], {
    detached: true,
    stdio: "ignore",
  });
  watchdog.unref();
  const stop = async () => {
    watchdog.kill();
    await as("pg_ctl", stopArgs).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await as("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "claude_stream_test"]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/claude_stream_test`, stop };
}

/**
 * A server for the test file: started before its tests and stopped after them, when one can be had (see
 * {@link skipReason}: tests that need it skip with that reason). The function returned gives its URL inside a test.
 */
export function postgresForFile(): () => string {
  let server: TestPostgres | undefined;
  before(async () => {
    if (skipReason === false) server = await startPostgres();
  }, { timeout: 120_000 });
  after(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error(`no PostgreSQL for this test: ${skipReason}`);
    return server.url;
  };
}
