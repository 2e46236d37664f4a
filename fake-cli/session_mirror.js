// @ts-check
/**
 * `--session-mirror` as CLI 2.1.332 does it (features/m15, m16): every entry written to a session file (the main
 * transcript and a subagent's `<sessionId>/subagents/agent-<id>.jsonl`) is also printed on stdout, in
 * `{"type":"transcript_mirror","filePath":"<absolute path of the file>","entries":[...]}` lines, except the request
 * records (`api-request`, `api-request-shape`, `api-request-blob`). The entries are the file's lines themselves, in
 * the order written; they are sent in batches cut at the turn's milestones (see `output.js`): after an `assistant`
 * line, before a `result` (the turn's entries, then its end-of-turn metadata), and one batch per entry written at
 * exit. A resumed session only sends what this process appends.
 * @module
 */
import * as path from "node:path";

/** The entry kinds a mirror leaves out: what each API request sent (the recordings never mirror them). */
const UNMIRRORED = new Set(["api-request", "api-request-shape", "api-request-blob"]);

/**
 * The entries of one file written since the last cut, as the JSON lines written.
 * @typedef {{ filePath: string, lines: string[] }} MirrorBatch
 */

/**
 * The mirror of a process run with `--session-mirror`: what was written but not printed yet.
 * @typedef {object} SessionMirror
 * @property {(file: string, entry: object) => void} record notes an entry just written to `file`
 * @property {() => void} cut ends the current batches: what is recorded from now on goes in later frames
 * @property {() => string[]} take the frames (stdout lines, each with its newline) of every batch recorded so far,
 *   oldest first, the batches cut; empty when nothing was recorded
 */

/**
 * A new mirror, nothing recorded.
 *
 * @example
 * ```js
 * import { createSessionMirror } from "./session_mirror.js";
 * const mirror = createSessionMirror();
 * mirror.record("/cfg/projects/-p/s.jsonl", { type: "mode", mode: "normal", sessionId: "s" });
 * mirror.cut();
 * mirror.record("/cfg/projects/-p/s.jsonl", { type: "api-request", sessionId: "s" }); // never mirrored
 * mirror.take();
 * // ['{"type":"transcript_mirror","filePath":"/cfg/projects/-p/s.jsonl","entries":[{"type":"mode","mode":"normal","sessionId":"s"}]}\n']
 * ```
 * @returns {SessionMirror}
 */
export function createSessionMirror() {
  /** @type {MirrorBatch[]} batches cut, not yet taken */
  const done = [];
  /** @type {MirrorBatch[]} the batches being recorded: one per file, in the order their first entry came */
  let open = [];
  const cut = () => {
    done.push(...open);
    open = [];
  };
  return {
    record(file, entry) {
      if (isUnmirrored(entry)) return;
      const filePath = path.resolve(file);
      let batch = open.at(-1);
      // a batch holds one file's entries written in a row: an entry of another file in between starts a new one
      if (batch?.filePath !== filePath) open.push(batch = { filePath, lines: [] });
      batch.lines.push(JSON.stringify(entry));
    },
    cut,
    take() {
      cut();
      return done.splice(0).map(frameLine);
    },
  };
}

/**
 * Prints the frames of everything mirrored so far (nothing without `--session-mirror`, or in an output format other
 * than stream-json). A batch ends here: entries written from now on go in later frames.
 *
 * @example
 * ```js
 * // Used by output.js after an assistant line and before a result, and by run_process.js at exit:
 * // await flushMirror(fake);
 * ```
 * @param {import("./fake_process.js").FakeProcess} fake
 */
export async function flushMirror(fake) {
  const mirror = fake.store.mirror;
  if (!mirror) return;
  for (const frame of mirror.take()) {
    if (fake.config.outputFormat === "stream-json") await fake.out.stdout(frame);
  }
}

/**
 * Whether an entry is one a mirror leaves out (the request records).
 *
 * @example
 * ```js
 * import { isUnmirrored } from "./session_mirror.js";
 * isUnmirrored({ type: "api-request-blob" }); // true
 * isUnmirrored({ type: "last-prompt" }); // false
 * ```
 * @param {object} entry
 */
export function isUnmirrored(entry) {
  return "type" in entry && typeof entry.type === "string" && UNMIRRORED.has(entry.type);
}

/**
 * The `transcript_mirror` line of a batch: the keys in the recorded order, the entries as written to the file.
 * @param {MirrorBatch} batch
 */
function frameLine(batch) {
  return `{"type":"transcript_mirror","filePath":${JSON.stringify(batch.filePath)},"entries":[${
    batch.lines.join(",")
  }]}\n`;
}
