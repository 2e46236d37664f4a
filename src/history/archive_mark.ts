/**
 * The archive mark of a session, as the official SDK keeps it: a file beside the transcript,
 * `<project>/<sessionId>/archived.json`, `{"archived":true,"at":"<ISO time>","by":"sdk"}`. It changes nothing in the
 * transcript, so the CLI never sees it; a prompt sent in the session after `at` unarchives it. In a store the mark is
 * the session's subkey `archived` (entries of kind `archived` with the same fields; the last one counts), which the
 * store view serves as that same file.
 * @module
 */
import type { FileAdapter } from "../runtime/types.ts";
import { joinPath } from "./history_options.ts";

/** A session's archive mark. */
export interface ArchiveMark {
  /** Archived (true) or unarchived (false). */
  archived: boolean;
  /** When it was set, ms since the epoch. */
  at: number;
}

/** Marks longer than this are not marks (the SDK reads at most this much). */
const MARK_BYTES = 4096;

/**
 * Where a session's archive mark is kept, beside its transcript.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { archiveMarkPath } from "./archive_mark.ts";
 * assert.equal(archiveMarkPath("/c/projects/-work-app", "s1"), "/c/projects/-work-app/s1/archived.json");
 * ```
 */
export function archiveMarkPath(projectDir: string, sessionId: string): string {
  return joinPath(projectDir, sessionId, "archived.json");
}

/**
 * The session's archive mark; undefined when it has none, or none that reads as one (too long, not JSON, no boolean
 * `archived`, no valid `at`). Read failures count as no mark: a mark never breaks a listing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultFileAdapter } from "../runtime/current.ts";
 * import { readArchiveMark } from "./archive_mark.ts";
 * assert.equal(await readArchiveMark(await defaultFileAdapter(), "/no/such/project", "s1"), undefined);
 * ```
 */
export async function readArchiveMark(
  files: FileAdapter,
  projectDir: string,
  sessionId: string,
): Promise<ArchiveMark | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await files.readRange(archiveMarkPath(projectDir, sessionId), 0, MARK_BYTES + 1);
  } catch {
    return undefined;
  }
  if (bytes.length > MARK_BYTES) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof value !== "object" || value === null) return undefined;
    const { archived, at } = value as { archived?: unknown; at?: unknown };
    const time = typeof at === "string" ? Date.parse(at) : NaN;
    return typeof archived === "boolean" && !Number.isNaN(time) ? { archived, at: time } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a session counts as archived, as the SDK's listings say it: undefined when it never was; false when it was
 * unarchived, or a prompt was typed in it after it was archived (`lastPromptAt`, ms, of the prompts a listing read).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { archivedState } from "./archive_mark.ts";
 * assert.equal(archivedState({ archived: true, at: 1000 }, 500), true);
 * assert.equal(archivedState({ archived: true, at: 1000 }, 2000), false); // a prompt since
 * assert.equal(archivedState(undefined, 2000), undefined);
 * ```
 */
export function archivedState(mark: ArchiveMark | undefined, lastPromptAt: number | null): boolean | undefined {
  if (mark === undefined) return undefined;
  return mark.archived && !(lastPromptAt !== null && lastPromptAt > mark.at);
}

/**
 * The mark's fields as the SDK writes them: `archived`, `at` (ISO), `by: "sdk"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { archiveMarkFields } from "./archive_mark.ts";
 * assert.deepEqual(archiveMarkFields(true, new Date(0)), { archived: true, at: "1970-01-01T00:00:00.000Z", by: "sdk" });
 * ```
 */
export function archiveMarkFields(archived: boolean, now: Date): { archived: boolean; at: string; by: "sdk" } {
  return { archived, at: now.toISOString(), by: "sdk" };
}
