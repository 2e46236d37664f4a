/**
 * Where the history lives and how it is reached: the options every history function takes.
 * @module
 */
import type { ClaudeCodeErrorOf } from "../errors.ts";
import { currentRuntime } from "../runtime/current.ts";
import type { FileAdapter, Runtime } from "../runtime/types.ts";
import type { SessionStore } from "../store/session_store.ts";
import { checkHistoryOptions } from "./_arguments.ts";
import { encodeProjectPath } from "./encode_project_path.ts";
import { STORE_ROOT, storeFiles } from "./store_files.ts";

/**
 * Options of every history function, always their last argument. An option whose value is `undefined` counts as
 * absent; options that are not an object, and a non-string where an id or a path goes, throw `INVALID_OPTION`.
 */
export interface HistoryOptions {
  /** The CLI's config dir; else `$CLAUDE_CONFIG_DIR`, else `~/.claude`. Sessions live in its `projects/`. */
  configDir?: string | undefined;
  /** File access; the host runtime's adapter by default (tests pass their own). */
  files?: FileAdapter | undefined;
  /** Environment and home directory; the host runtime by default. */
  runtime?: Pick<Runtime, "env" | "homeDir"> | undefined;
  /**
   * Told of everything skipped instead of failing: corrupt lines, truncated last lines, broken chains
   * (`CORRUPT_HISTORY`), files or folders that cannot be read (`UNREADABLE_HISTORY`). Without it they are dropped.
   */
  onError?: ((error: ClaudeCodeErrorOf<"CORRUPT_HISTORY" | "UNREADABLE_HISTORY">) => void) | undefined;
  /**
   * Read (and change) the sessions kept in this store instead of the CLI's files: the same results for the same
   * entries. One project of it at a time: `projectKey`.
   */
  sessionStore?: SessionStore | undefined;
  /**
   * The store's project to use: else the encoded project path (the cwd when none is given, symlinks resolved), as the
   * official SDK and `importSessionToStore` derive it. Only with `sessionStore`.
   */
  projectKey?: string | undefined;
}

/** A store the history is read from, and its project. */
export interface StoreScope {
  /** The store. */
  store: SessionStore;
  /** The project key read. */
  projectKey: string;
}

/** The options with every default filled in. */
export interface ResolvedHistory {
  /** File access: the given adapter, else the host runtime's. */
  files: FileAdapter;
  /** The CLI's config dir: the given one, else `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
  configDir: string;
  /** `<configDir>/projects`, where the session files live. */
  projectsDir: string;
  /** Told of everything skipped; does nothing when no `onError` was given. */
  onError: NonNullable<HistoryOptions["onError"]>;
  /** The store read, with `sessionStore`: `files` is then its view (see `store_files.ts`) under `configDir`. */
  store?: StoreScope;
}

/**
 * Fills in the defaults of {@link HistoryOptions}; `INVALID_OPTION` when they are not options (see above).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveHistory } from "./history_options.ts";
 * const { projectsDir } = await resolveHistory({ configDir: "/tmp/claude" });
 * assert.equal(projectsDir, "/tmp/claude/projects");
 * ```
 */
export async function resolveHistory(options: HistoryOptions = {}, projectPath?: string): Promise<ResolvedHistory> {
  checkHistoryOptions(options);
  if (options.sessionStore !== undefined) return await resolveStore(options, options.sessionStore, projectPath);
  const needsRuntime = options.files === undefined ||
    (options.configDir === undefined && options.runtime === undefined);
  const runtime = needsRuntime ? await currentRuntime() : undefined;
  const host = options.runtime ?? runtime!;
  const files = options.files ?? runtime!.files;
  const configDir = options.configDir ?? nonEmpty(host.env("CLAUDE_CONFIG_DIR")) ?? joinPath(host.homeDir(), ".claude");
  return { files, configDir, projectsDir: joinPath(configDir, "projects"), onError: options.onError ?? (() => {}) };
}

/**
 * The history of a store: its view as the files, under {@link STORE_ROOT}. The project key is `options.projectKey`,
 * else `projectPath`'s (or the cwd's) encoded real path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionStore } from "@claude-stream/sdk";
 * import { resolveHistory } from "./history_options.ts";
 * const history = await resolveHistory({ sessionStore: new InMemorySessionStore(), projectKey: "tenant-1" });
 * assert.equal(history.projectsDir, "sessionStore:/projects");
 * assert.equal(history.store?.projectKey, "tenant-1");
 * ```
 */
async function resolveStore(
  options: HistoryOptions,
  store: SessionStore,
  projectPath: string | undefined,
): Promise<ResolvedHistory> {
  const projectKey = options.projectKey ?? await projectKeyOf(projectPath, options.files);
  return {
    files: storeFiles(store, projectKey),
    configDir: STORE_ROOT,
    projectsDir: joinPath(STORE_ROOT, "projects"),
    onError: options.onError ?? (() => {}),
    store: { store, projectKey },
  };
}

/**
 * The project key of a project path, as the official SDK derives it: the encoded real path (symlinks resolved), of
 * the cwd when no path is given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { projectKeyOf } from "./history_options.ts";
 * assert.equal(await projectKeyOf("/no/such/work/app"), "-no-such-work-app");
 * ```
 */
export async function projectKeyOf(projectPath: string | undefined, files?: FileAdapter): Promise<string> {
  const runtime = projectPath === undefined || files === undefined ? await currentRuntime() : undefined;
  const path = projectPath ?? runtime!.cwd();
  const real = await (files ?? runtime!.files).realPath(path).catch(() => path);
  return encodeProjectPath(real);
}

/**
 * Joins path segments with `/` (which every runtime accepts, also on Windows), without doubling separators.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { joinPath } from "./history_options.ts";
 * assert.equal(joinPath("/home/me/.claude/", "projects"), "/home/me/.claude/projects");
 * ```
 */
export function joinPath(...parts: string[]): string {
  return parts.map((part, i) => i === 0 ? part.replace(/[\\/]+$/, "") : part.replace(/^[\\/]+|[\\/]+$/g, "")).join("/");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
