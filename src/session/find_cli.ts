/**
 * Where the `claude` executable is. In order: the `cliPath` option, `$CLAUDE_STREAM_CLI_PATH`, the CLI's npm package
 * `@anthropic-ai/claude-code` installed in the project, then `claude` on the `PATH`. Every look goes through the
 * runtime's file adapter, and what was looked at is kept for the `CLI_NOT_FOUND` error, which is what a user needs
 * to fix an install.
 * @module
 */
import { cliNotFoundError } from "../error_constructors.ts";
import type { ClaudeCodeError } from "../errors.ts";
import type { FileAdapter, HostPlatform, Runtime } from "../runtime/types.ts";

/** The environment variable naming the CLI when no `cliPath` option is given. */
export const CLI_PATH_ENV = "CLAUDE_STREAM_CLI_PATH";

/** The npm package of the Claude Code CLI. */
export const CLI_PACKAGE = "@anthropic-ai/claude-code";

/** The commands that install the CLI, globally and in a project, as the `CLI_NOT_FOUND` error suggests them. */
export const CLI_INSTALL_COMMANDS: readonly string[] = [`npm install -g ${CLI_PACKAGE}`, `npm install ${CLI_PACKAGE}`];

/**
 * The placeholder `bin/claude.exe` of the npm package is a 500-byte shell script that only prints install advice;
 * its install script replaces it with the native binary. The install script tells the two apart the same way.
 */
const STUB_MAX_BYTES = 4096;

/** A package.json is a few hundred bytes; a larger read means something else sits there. */
const MANIFEST_MAX_BYTES = 64 * 1024;

/** The options the lookup reads (a subset of `SessionOptions`). */
export interface CliLookupOptions {
  /** The executable, used as given. */
  cliPath?: string;
  /** The project: its `node_modules`, and its parents', are searched for the npm package. */
  cwd?: string;
  /** The child's environment additions; their `PATH`, if any, is the one searched. */
  env?: Record<string, string>;
}

/**
 * The CLI to run for `options`: `cliPath` and `$CLAUDE_STREAM_CLI_PATH` as given (a bad path is reported when it
 * fails to start); else the native binary of `@anthropic-ai/claude-code` found from `cwd` (or the process cwd) up,
 * as Node would resolve the package, in its platform package (`@anthropic-ai/claude-code-linux-x64/claude`...) or
 * in the package's `bin/claude.exe` once its install script has put it there (or its `cli.js`, before 2.1.113);
 * else `"claude"` when a `claude` file is on the `PATH`, which the spawn then searches as the OS does. Rejects with
 * `CLI_NOT_FOUND` naming every place looked at (`details.tried`) and how to install the CLI (`details.install`).
 *
 * @example
 * ```ts
 * import { findCli } from "./find_cli.ts";
 * import { currentRuntime } from "../runtime/current.ts";
 * console.log(await findCli({ cwd: "/srv/app" }, await currentRuntime()));
 * // "/srv/app/node_modules/@anthropic-ai/claude-code-linux-x64/claude", or "claude"
 * ```
 */
export async function findCli(options: CliLookupOptions, runtime: Runtime): Promise<string> {
  if (options.cliPath !== undefined) return options.cliPath;
  const fromEnv = runtime.env(CLI_PATH_ENV);
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const tried = ["cliPath option (not set)", `$${CLI_PATH_ENV} (not set)`];
  const paths = pathsOf(runtime);
  const start = paths.resolve(runtime.cwd(), options.cwd ?? ".");
  const npm = await fromPackage(start, runtime, paths, tried);
  if (npm.binary !== undefined) return npm.binary;
  const search = options.env?.PATH ?? runtime.env("PATH") ?? "";
  if (await onPath(search, runtime.files, paths, tried)) return "claude";
  throw notFound(start, tried, npm.problem);
}

/** What the npm step found: a binary, or the package without one (and why). */
interface PackageLookup {
  binary?: string;
  problem?: { packageDir: string; platform?: string; message: string };
}

/** The first `node_modules/@anthropic-ai/claude-code` from `start` up, as Node's resolution walks, and its binary. */
async function fromPackage(start: string, runtime: Runtime, paths: Paths, tried: string[]): Promise<PackageLookup> {
  for (const dir of paths.ancestors(start)) {
    // Node never looks for node_modules/node_modules.
    if (paths.basename(dir) === "node_modules") continue;
    const packageDir = paths.join(dir, "node_modules", CLI_PACKAGE);
    tried.push(packageDir);
    const manifest = await readManifest(runtime.files, paths.join(packageDir, "package.json"));
    if (manifest === "absent") continue;
    // The first package found is the one Node would load: a broken one is reported, not skipped.
    return await packageBinary(packageDir, manifest, runtime, paths, tried);
  }
  return {};
}

async function packageBinary(
  packageDir: string,
  manifest: Manifest | "unreadable",
  runtime: Runtime,
  paths: Paths,
  tried: string[],
): Promise<PackageLookup> {
  const bin = manifest === "unreadable" ? undefined : binOf(manifest);
  // Up to 2.1.112 the package was the CLI itself, a Node script started through its #! line.
  if (bin !== undefined && /\.[cm]?js$/.test(bin)) {
    const script = paths.join(packageDir, bin);
    tried.push(script);
    if ((await statOf(runtime.files, script))?.isFile) return { binary: script };
    return {
      problem: {
        packageDir,
        message: `${CLI_PACKAGE} is installed at ${packageDir}, but its ${bin} is missing: reinstall it`,
      },
    };
  }
  const platform = runtime.platform();
  const keys = platformKeys(platform);
  const executable = platform.os === "win32" ? "claude.exe" : "claude";
  for (const key of keys) {
    for (const dir of await platformPackageDirs(packageDir, runtime.files, paths)) {
      const binary = paths.join(dir, `${CLI_PACKAGE}-${key}`, executable);
      tried.push(binary);
      if ((await statOf(runtime.files, binary))?.isFile) return { binary };
    }
  }
  const placed = paths.join(packageDir, bin ?? "bin/claude.exe");
  tried.push(placed);
  const info = await statOf(runtime.files, placed);
  if (info?.isFile && info.size > STUB_MAX_BYTES) return { binary: placed };
  const message = `${CLI_PACKAGE} is installed at ${packageDir}, but not its native binary for ${keys[0]} ` +
    `(the optional dependency ${CLI_PACKAGE}-${keys[0]} is missing and the install script did not run: ` +
    `was it installed with --omit=optional or --ignore-scripts?); reinstall it without those`;
  return { problem: { packageDir, platform: keys[0], message } };
}

/**
 * The platform packages for this host, preferred first, named as the CLI's install script names them. On Linux both
 * C libraries are tried, the host's first: a package manager that ignores npm's `libc` field may have fetched both.
 */
function platformKeys({ os, arch, musl }: HostPlatform): string[] {
  if (os === "android") return [`linux-${arch}-android`];
  if (os === "linux") return musl ? [`linux-${arch}-musl`, `linux-${arch}`] : [`linux-${arch}`, `linux-${arch}-musl`];
  return [`${os}-${arch}`];
}

/**
 * Where package managers put the package's optional dependencies, as its install script looks for them: beside it in
 * the enclosing `node_modules` (npm, yarn; pnpm and bun's isolated stores, once the symlink is resolved), then in
 * its own `node_modules`.
 */
async function platformPackageDirs(packageDir: string, files: FileAdapter, paths: Paths): Promise<string[]> {
  const real = await files.realPath(packageDir).catch(() => packageDir);
  const scope = paths.parent(real);
  const enclosing = scope === null ? null : paths.basename(scope) === "node_modules" ? scope : paths.parent(scope);
  const dirs = [paths.join(real, "node_modules")];
  if (enclosing !== null && paths.basename(enclosing) === "node_modules") dirs.unshift(enclosing);
  return dirs;
}

/** Whether a `claude` file is in a folder of the `PATH`. */
async function onPath(search: string, files: FileAdapter, paths: Paths, tried: string[]): Promise<boolean> {
  const dirs = search.split(paths.delimiter).filter((dir) => dir !== "");
  if (dirs.length === 0) tried.push("PATH (empty)");
  for (const dir of dirs) {
    const candidate = paths.join(dir, paths.windows ? "claude.exe" : "claude");
    tried.push(candidate);
    if ((await statOf(files, candidate))?.isFile) return true;
  }
  return false;
}

function notFound(cwd: string, tried: string[], problem: PackageLookup["problem"]): ClaudeCodeError<"CLI_NOT_FOUND"> {
  const [global, local] = CLI_INSTALL_COMMANDS;
  const message = `Claude Code CLI not found; looked at: ${tried.join(", ")}. ` +
    (problem === undefined ? "" : `${problem.message}. `) +
    `Install it with \`${global}\`, or \`${local}\` in the project, or set the cliPath option or $${CLI_PATH_ENV} to its path.`;
  return cliNotFoundError(message, {
    path: "claude",
    cwd,
    tried,
    install: [...CLI_INSTALL_COMMANDS],
    ...(problem === undefined ? {} : { packageDir: problem.packageDir, problem: problem.message }),
    ...(problem?.platform === undefined ? {} : { platform: problem.platform }),
  });
}

interface Manifest {
  bin?: string | Record<string, string>;
}

/** The package.json at `path`; "absent" when nothing is there, "unreadable" when something is but cannot be used. */
async function readManifest(files: FileAdapter, path: string): Promise<Manifest | "absent" | "unreadable"> {
  let bytes: Uint8Array;
  try {
    bytes = await files.readRange(path, 0, MANIFEST_MAX_BYTES + 1);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "absent" : "unreadable";
  }
  try {
    const manifest = bytes.length > MANIFEST_MAX_BYTES ? null : JSON.parse(new TextDecoder().decode(bytes));
    return typeof manifest === "object" && manifest !== null ? manifest as Manifest : "unreadable";
  } catch {
    return "unreadable";
  }
}

/** The file the package's `claude` command runs (`bin` is a string or a map of command names). */
function binOf(manifest: Manifest): string | undefined {
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.claude;
  return typeof bin === "string" ? bin.replace(/^\.\//, "") : undefined;
}

async function statOf(files: FileAdapter, path: string): Promise<{ isFile: boolean; size: number } | null> {
  try {
    return await files.stat(path);
  } catch {
    return null;
  }
}

/** Path arithmetic for the host's separator, done here because the file adapter takes paths as strings. */
interface Paths {
  windows: boolean;
  delimiter: string;
  resolve(base: string, path: string): string;
  join(dir: string, ...parts: string[]): string;
  parent(path: string): string | null;
  basename(path: string): string;
  ancestors(path: string): string[];
}

function pathsOf(runtime: Runtime): Paths {
  const windows = runtime.platform().os === "win32";
  const sep = windows ? "\\" : "/";
  const split = windows ? /[\\/]+/ : /\/+/;
  const rootOf = (path: string) =>
    windows ? (/^([A-Za-z]:)?[\\/]/.exec(path)?.[0] ?? "") : path.startsWith("/") ? "/" : "";
  const normalize = (path: string) => {
    const root = rootOf(path);
    const parts: string[] = [];
    for (const part of path.slice(root.length).split(split)) {
      if (part === "" || part === ".") continue;
      if (part === "..") parts.pop();
      else parts.push(part);
    }
    return { root: root.replace(/[\\/]$/, sep), parts };
  };
  const format = ({ root, parts }: { root: string; parts: string[] }) => root + parts.join(sep);
  return {
    windows,
    delimiter: windows ? ";" : ":",
    resolve: (base, path) => format(normalize(rootOf(path) !== "" ? path : `${base}${sep}${path}`)),
    join: (dir, ...parts) => format(normalize([dir, ...parts].join(sep))),
    parent(path) {
      const { root, parts } = normalize(path);
      return parts.length === 0 ? null : format({ root, parts: parts.slice(0, -1) });
    },
    basename: (path) => normalize(path).parts.at(-1) ?? "",
    ancestors(path) {
      const { root, parts } = normalize(path);
      return parts.map((_, i) => format({ root, parts: parts.slice(0, parts.length - i) })).concat(
        root === "" ? [] : [root],
      );
    },
  };
}
