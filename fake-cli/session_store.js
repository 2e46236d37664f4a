// @ts-check
/**
 * Where and how the fake keeps conversations on disk, as the real CLI does:
 * `<config>/projects/<encoded cwd>/<sessionId>.jsonl`, one JSON entry per line, appended as the session runs.
 * @module
 */
import * as fs from "node:fs";
import { Buffer } from "node:buffer";
import * as path from "node:path";

/**
 * A session-file entry: JSON as the CLI writes it. Its kinds are many and its fields open-ended (and the fake reads
 * files the real CLI wrote), so an entry is typed no further than an object of unknown JSON.
 * @typedef {Record<string, any>} Entry
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entry kinds that form the conversation chain through `parentUuid`. */
const CHAIN_KINDS = new Set(["user", "assistant", "attachment", "system"]);

/**
 * Whether a string is a UUID as the CLI accepts it for `--session-id` and `--resume`.
 *
 * @example
 * ```js
 * import { isUuid } from "./session_store.js";
 * isUuid("11111111-2222-4333-8444-555555555555"); // true
 * ```
 * @param {string} value
 */
export function isUuid(value) {
  return UUID.test(value);
}

/**
 * The CLI's project folder name for a cwd: every UTF-16 code unit that is not `[a-zA-Z0-9]` becomes `-`; names over
 * 200 characters keep 200 and get `-` plus the base-36 Java-style hash of the original cwd.
 *
 * @example
 * ```js
 * import { encodeCwd } from "./session_store.js";
 * encodeCwd("/home/dev/work/my_proj.v2/sub dir_x"); // "-home-dev-work-my-proj-v2-sub-dir-x"
 * ```
 * @param {string} cwd
 */
export function encodeCwd(cwd) {
  const encoded = cwd.replace(/[^a-zA-Z0-9]/g, "-");
  if (encoded.length <= 200) return encoded;
  let hash = 0;
  for (let i = 0; i < cwd.length; i++) hash = ((hash << 5) - hash + cwd.charCodeAt(i)) | 0;
  return `${encoded.slice(0, 200)}-${Math.abs(hash).toString(36)}`;
}

/**
 * The config dir: `$CLAUDE_CONFIG_DIR`, else `$HOME/.claude`.
 *
 * @example
 * ```js
 * import { configDir } from "./session_store.js";
 * configDir({ CLAUDE_CONFIG_DIR: "/tmp/cfg" }); // "/tmp/cfg"
 * ```
 * @param {Record<string, string | undefined>} env
 */
export function configDir(env) {
  if (env.CLAUDE_CONFIG_DIR) return env.CLAUDE_CONFIG_DIR;
  return path.join(env.HOME ?? env.USERPROFILE ?? ".", ".claude");
}

/**
 * The project folder of a cwd under a config dir.
 *
 * @example
 * ```js
 * import { projectDir } from "./session_store.js";
 * projectDir("/tmp/cfg", "/home/dev/work/proj"); // "/tmp/cfg/projects/-home-dev-work-proj"
 * ```
 * @param {string} config
 * @param {string} cwd
 */
export function projectDir(config, cwd) {
  return path.join(config, "projects", encodeCwd(cwd));
}

/**
 * Every parseable entry of a session file; a torn last line and foreign lines are skipped.
 *
 * @example
 * ```js
 * import { readEntries } from "./session_store.js";
 * readEntries("/no/such/file.jsonl"); // []
 * ```
 * @param {string} file
 * @returns {Entry[]}
 */
export function readEntries(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return [];
  }
  /** @type {Entry[]} */
  const entries = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line);
      if (entry && typeof entry === "object") entries.push(entry);
    } catch {
      // a line still being written, or not ours: the CLI skips it too
    }
  }
  return entries;
}

/**
 * Finds the file of a session id: first in the cwd's project folder, then in every project folder.
 *
 * @example
 * ```js
 * import { findSessionFile } from "./session_store.js";
 * findSessionFile("/tmp/empty-config", "/tmp", "11111111-2222-4333-8444-555555555555"); // null
 * ```
 * @param {string} config
 * @param {string} cwd
 * @param {string} id
 * @returns {string | null}
 */
export function findSessionFile(config, cwd, id) {
  const own = path.join(projectDir(config, cwd), `${id}.jsonl`);
  if (fs.existsSync(own)) return own;
  for (const folder of listDir(path.join(config, "projects"))) {
    const candidate = path.join(config, "projects", folder, `${id}.jsonl`);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * The cwd's most recently written session file, for `--continue`.
 *
 * @example
 * ```js
 * import { latestSessionFile } from "./session_store.js";
 * latestSessionFile("/tmp/empty-config", "/tmp"); // null
 * ```
 * @param {string} config
 * @param {string} cwd
 * @returns {string | null}
 */
export function latestSessionFile(config, cwd) {
  const dir = projectDir(config, cwd);
  let best = null;
  let bestTime = -Infinity;
  for (const name of listDir(dir)) {
    if (!name.endsWith(".jsonl") || !isUuid(name.slice(0, -6))) continue;
    const time = fs.statSync(path.join(dir, name)).mtimeMs;
    if (time >= bestTime) [best, bestTime] = [path.join(dir, name), time];
  }
  return best;
}

/**
 * The newest session of the cwd whose `custom-title` is `title` (`--resume <title>`).
 *
 * @example
 * ```js
 * import { findSessionByTitle } from "./session_store.js";
 * findSessionByTitle("/tmp/empty-config", "/tmp", "My work"); // null
 * ```
 * @param {string} config
 * @param {string} cwd
 * @param {string} title
 * @returns {string | null}
 */
export function findSessionByTitle(config, cwd, title) {
  const dir = projectDir(config, cwd);
  let best = null;
  let bestTime = -Infinity;
  for (const name of listDir(dir)) {
    if (!name.endsWith(".jsonl")) continue;
    const file = path.join(dir, name);
    const titled = readEntries(file).some((e) => e.type === "custom-title" && e.customTitle === title);
    const time = fs.statSync(file).mtimeMs;
    if (titled && time >= bestTime) [best, bestTime] = [file, time];
  }
  return best;
}

/**
 * The active branch of a conversation: from the newest chain entry back to the root, or to the compact boundary
 * (a compaction's preserved segment continues at the summary it is anchored to).
 *
 * @example
 * ```js
 * import { activeChain } from "./session_store.js";
 * activeChain([{ type: "user", uuid: "a", parentUuid: null }, { type: "assistant", uuid: "b", parentUuid: "a" }]).length; // 2
 * ```
 * @param {Entry[]} entries
 * @returns {Entry[]}
 */
export function activeChain(entries) {
  /** @type {Map<string, Entry>} */
  const byUuid = new Map();
  /** @type {Map<string, string>} a compaction's preserved segment hangs under its summary (the anchor) */
  const anchors = new Map();
  /** @type {Entry | null | undefined} */
  let leaf = null;
  for (const entry of entries) {
    if (!CHAIN_KINDS.has(entry.type) || typeof entry.uuid !== "string" || entry.isSidechain) continue;
    byUuid.set(entry.uuid, entry);
    leaf = entry;
    const segment = entry.subtype === "compact_boundary" ? entry.compactMetadata?.preservedSegment : null;
    if (segment?.headUuid && segment.anchorUuid) anchors.set(segment.headUuid, segment.anchorUuid);
  }
  /** @type {Entry[]} */
  const chain = [];
  /** @type {Set<string>} */
  const seen = new Set();
  while (leaf && !seen.has(leaf.uuid)) {
    seen.add(leaf.uuid);
    chain.push(leaf);
    /** @type {string | null | undefined} */
    const parent = anchors.get(leaf.uuid) ?? leaf.parentUuid;
    leaf = parent ? byUuid.get(parent) : null;
  }
  return chain.reverse();
}

/**
 * Whether an entry belongs to the conversation (and is copied by a fork).
 *
 * @example
 * ```js
 * import { isChainEntry } from "./session_store.js";
 * isChainEntry({ type: "queue-operation" }); // false
 * ```
 * @param {Entry} entry
 */
export function isChainEntry(entry) {
  return CHAIN_KINDS.has(entry.type) && typeof entry.uuid === "string";
}

/**
 * A copy of an entry with the keys of `order` first, in that order, and the others after them as they were.
 *
 * @example
 * ```js
 * import { inKeyOrder } from "./session_store.js";
 * Object.keys(inKeyOrder({ b: 1, a: 2, c: 3 }, ["a", "b"])); // ["a", "b", "c"]
 * ```
 * @param {Entry} entry
 * @param {readonly string[]} order
 * @returns {Entry}
 */
export function inKeyOrder(entry, order) {
  return Object.fromEntries([
    ...order.filter((k) => k in entry).map((k) => [k, entry[k]]),
    ...Object.entries(entry).filter(([k]) => !order.includes(k)),
  ]);
}

/**
 * Appends one entry to a session file, creating the project folder (and its empty `memory/`) on first use.
 * Returns the number of bytes written.
 *
 * @example
 * ```js
 * import { appendEntry } from "./session_store.js";
 * appendEntry("/tmp/cfg/projects/-tmp/x.jsonl", { type: "mode", mode: "normal", sessionId: "x" }); // 48
 * ```
 * @param {string} file
 * @param {object} entry
 * @returns {number}
 */
export function appendEntry(file, entry) {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(path.join(dir, "memory"), { recursive: true });
  }
  const line = JSON.stringify(entry) + "\n";
  fs.appendFileSync(file, line);
  return Buffer.byteLength(line);
}

/** @param {string} dir */
function listDir(dir) {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
