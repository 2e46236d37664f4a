/**
 * Where the fake `claude` executable is. From a package on disk (a checkout, npm's `node_modules`) it is the
 * `claude` file of the package's `fake-cli/` folder. From a package loaded over http(s) (JSR serves modules that way to Deno) there
 * is no file to run, so a launcher is written into a cache folder on first use: a shell script that runs the fake's
 * `main.js` from the same URL under the Deno that loaded the kit.
 * @module
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

let located: string | undefined;

/**
 * The absolute path of the fake executable, found (or, for a kit loaded over http(s), written) on the first call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * assert.match(fakeCli.path, /\/claude$/); // .../fake-cli/claude, or ~/.cache/claude-stream/fake-cli-<hash>/claude from JSR
 * ```
 */
export function fakeCliPath(): string {
  located ??= locate(new URL("../../fake-cli/main.js", import.meta.url));
  return located;
}

/** The executable that runs the fake whose entry module is `main`. */
function locate(main: URL): string {
  if (main.protocol === "file:") return fileURLToPath(new URL("./claude", main));
  return writeLauncher(main, launcherDir(main.href), process.execPath);
}

/**
 * Writes `<dir>/claude`, which runs `main` with `deno run` (written to a temporary name, then renamed, so that
 * test processes starting together never see half a file). `--no-config --no-lock`: the fake must neither read nor
 * write the deno.json and lock file of the project it runs in.
 */
function writeLauncher(main: URL, dir: string, deno: string): string {
  const file = path.join(dir, "claude");
  const script = [
    "#!/bin/sh",
    `# The fake claude of claude-stream, run from ${main.href}.`,
    `exec ${shellQuote(deno)} run -A --quiet --no-config --no-lock ${shellQuote(main.href)} "$@"`,
    "",
  ].join("\n");
  if (readOrUndefined(file) === script) return file;
  fs.mkdirSync(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(temporary, script, { mode: 0o755 });
  fs.renameSync(temporary, file);
  return file;
}

/** One folder per kit URL, under `$XDG_CACHE_HOME` or `~/.cache` (the temp dir where there is no home). */
function launcherDir(url: string): string {
  const home = os.homedir();
  const cache = process.env.XDG_CACHE_HOME || (home ? path.join(home, ".cache") : os.tmpdir());
  const hash = createHash("sha256").update(url).digest("hex").slice(0, 16);
  return path.join(cache, "claude-stream", `fake-cli-${hash}`);
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
