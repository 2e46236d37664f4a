/**
 * Which session a `summary` entry titles. Older CLIs (1.0.x) wrote into the file of the session they ran the
 * summaries of other sessions of the project as well: `{"type":"summary","summary":"…","leafUuid":"<uuid>"}`. A
 * summary belongs to the session whose file holds the entry its `leafUuid` names, whichever file it was written in.
 *
 * A listing knows the uuids of the entries it read, not of whole files: a summary names the leaf of the conversation
 * it summarises, the entry the CLI had written last, so the owner's entry is in the tail the listing reads anyway.
 * A summary whose leaf is in no window read (the session went on long after it was summarised) titles nothing:
 * the title falls back to the first prompt rather than read every file whole, and is never another session's.
 * @module
 */

/** A `summary` entry as read from a file. */
export interface SeenSummary {
  /** The summary text. */
  summary: string;
  /** The uuid of the leaf it summarises; null when the entry has none. */
  leafUuid: string | null;
}

/** What was read of one file that decides which summaries title it. */
export interface SummaryEvidence {
  /** The `summary` entries read from the file, in file order. */
  summaries: SeenSummary[];
  /** The uuids of the file's entries that were read, each with its rank in file order (higher is later). */
  uuids: Map<string, number>;
}

/**
 * The summaries found in a project's files, by the uuid of the leaf they name. Files are taken in the order given,
 * and a later summary of the same leaf replaces an earlier one: give them oldest first, so the newest summary wins.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summariesByLeaf } from "./summary_owner.ts";
 * const a = { summaries: [{ summary: "Fix auth", leafUuid: "b7" }], uuids: new Map([["a1", 0]]) };
 * assert.equal(summariesByLeaf([a]).get("b7"), "Fix auth");
 * ```
 */
export function summariesByLeaf(files: Iterable<SummaryEvidence>): Map<string, string> {
  const byLeaf = new Map<string, string>();
  for (const file of files) {
    for (const { summary, leafUuid } of file.summaries) if (leafUuid !== null) byLeaf.set(leafUuid, summary);
  }
  return byLeaf;
}

/**
 * The summary that titles a file's session: among the summaries whose leaf is an entry of the file (those written in
 * the file itself, then those of `project`, see {@link summariesByLeaf}), the one naming the latest entry, as that
 * one summarises the most of it. A summary without a `leafUuid` names no other session: it counts for its own file,
 * after every summary with one. Null when none belongs to the file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ownSummary } from "./summary_owner.ts";
 * const file = { summaries: [{ summary: "Another session", leafUuid: "x9" }], uuids: new Map([["u1", 0], ["a1", 1]]) };
 * assert.equal(ownSummary(file), null); // x9 is not an entry of this file
 * assert.equal(ownSummary(file, new Map([["a1", "This session"]])), "This session"); // found in a sibling file
 * ```
 */
export function ownSummary(file: SummaryEvidence, project?: ReadonlyMap<string, string>): string | null {
  const own = summariesByLeaf([file]);
  let best: string | null = null;
  let bestRank = -1;
  for (const [uuid, rank] of file.uuids) {
    const summary = own.get(uuid) ?? project?.get(uuid);
    if (summary !== undefined && rank > bestRank) [best, bestRank] = [summary, rank];
  }
  if (best !== null) return best;
  for (let i = file.summaries.length - 1; i >= 0; i--) {
    if (file.summaries[i].leafUuid === null) return file.summaries[i].summary;
  }
  return null;
}
