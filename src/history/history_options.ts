/**
 * Where the history lives and how it is reached: the options every history function takes.
 * @module
 */
import type { ClaudeCodeErrorOf } from "../errors.ts";
import { currentRuntime } from "../runtime/current.ts";
import type { FileAdapter, Runtime } from "../runtime/types.ts";
import { checkHistoryOptions } from "./_arguments.ts";

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
export async function resolveHistory(options: HistoryOptions = {}): Promise<ResolvedHistory> {
  checkHistoryOptions(options);
  const needsRuntime = options.files === undefined ||
    (options.configDir === undefined && options.runtime === undefined);
  const runtime = needsRuntime ? await currentRuntime() : undefined;
  const host = options.runtime ?? runtime!;
  const files = options.files ?? runtime!.files;
  const configDir = options.configDir ?? nonEmpty(host.env("CLAUDE_CONFIG_DIR")) ?? joinPath(host.homeDir(), ".claude");
  return { files, configDir, projectsDir: joinPath(configDir, "projects"), onError: options.onError ?? (() => {}) };
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
