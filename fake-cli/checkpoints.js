// @ts-check
/**
 * SDK file checkpointing's rewind (`rewind_files`, m35): with `CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING`, the
 * content of each file before a turn's first edit of it is kept, by the turn's user message; a rewind to a message
 * puts every file edited since back the way it was before that message (a file that did not exist is removed).
 * @module
 */
import * as fs from "node:fs";
/** @import { FakeProcess } from "./fake_process.js" */

/**
 * Per process: the user messages with checkpoints in order, each with the files' content before its edits (null: the
 * file did not exist).
 * @type {WeakMap<FakeProcess, { id: string, before: Map<string, string | null> }[]>}
 */
const checkpoints = new WeakMap();

/**
 * Keeps a file's content before the turn of user message `messageId` edits it (once per turn and file).
 *
 * @example
 * ```js
 * // In turn.js, before an edit tool runs: noteBeforeEdit(fake, turn.snapshot.messageId, "/w/notes.txt");
 * ```
 * @param {FakeProcess} fake
 * @param {string} messageId
 * @param {string} file an absolute path
 */
export function noteBeforeEdit(fake, messageId, file) {
  const list = checkpoints.get(fake) ?? [];
  checkpoints.set(fake, list);
  let checkpoint = list.find((c) => c.id === messageId);
  if (!checkpoint) list.push(checkpoint = { id: messageId, before: new Map() });
  if (!checkpoint.before.has(file)) checkpoint.before.set(file, readOrNull(file));
}

/**
 * The answer to `rewind_files`: a preview (`dryRun`: the files that would change, lines added and removed) or the
 * rewind itself; `{ error }` for a message without a checkpoint, worded as recorded.
 *
 * @example
 * ```js
 * // rewindFiles(fake, "17170000-0000-4000-8000-000000000002", true); // { canRewind: true, filesChanged: [...], insertions: 1, deletions: 1 }
 * ```
 * @param {FakeProcess} fake
 * @param {unknown} messageId
 * @param {boolean} dryRun
 * @returns {{ answer: Record<string, unknown> } | { error: string }}
 */
export function rewindFiles(fake, messageId, dryRun) {
  const list = checkpoints.get(fake) ?? [];
  const at = list.findIndex((c) => c.id === messageId);
  if (at === -1) return { error: "No file checkpoint found for this message." };
  /** @type {Map<string, string | null>} the state to go back to: the earliest one kept from that message on */
  const target = new Map();
  for (const checkpoint of list.slice(at)) {
    for (const [file, content] of checkpoint.before) if (!target.has(file)) target.set(file, content);
  }
  if (dryRun) {
    const filesChanged = [];
    let insertions = 0;
    let deletions = 0;
    for (const [file, content] of target) {
      const now = readOrNull(file);
      if (now === content) continue;
      filesChanged.push(file);
      const diff = lineDiff(now ?? "", content ?? "");
      insertions += diff.added;
      deletions += diff.removed;
    }
    return { answer: { canRewind: true, filesChanged, insertions, deletions } };
  }
  for (const [file, content] of target) {
    if (content === null) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, content);
  }
  // the checkpoints of the rewound turns are spent
  list.splice(at + 1);
  return { answer: { canRewind: true, skippedLinks: 0 } };
}

/** @param {string} file */
function readOrNull(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/**
 * Lines of `to` that `from` lacks (added) and lines of `from` that `to` lacks (removed), counted as multisets.
 * @param {string} from @param {string} to
 */
function lineDiff(from, to) {
  const lines = (/** @type {string} */ text) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  const left = lines(from);
  const right = lines(to);
  const count = (/** @type {string[]} */ list) => {
    const map = new Map();
    for (const line of list) map.set(line, (map.get(line) ?? 0) + 1);
    return map;
  };
  const a = count(left);
  const b = count(right);
  let added = 0;
  let removed = 0;
  for (const [line, n] of b) added += Math.max(0, n - (a.get(line) ?? 0));
  for (const [line, n] of a) removed += Math.max(0, n - (b.get(line) ?? 0));
  return { added, removed };
}
