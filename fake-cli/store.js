// @ts-check
/**
 * The session store of a fake process: the conversation it holds (the chain of entries the model is sent) and the
 * session file it appends to, with how the session was opened (new, resumed, forked). The file format and the
 * lookups on disk are `session_store.js`'s; 2.1.332's bookkeeping of the file is `session_log.js`'s.
 * @module
 */
import { randomUUID } from "node:crypto";
import { createSessionLog } from "./session_log.js";
import { createSessionMirror } from "./session_mirror.js";
import { appendEntry, inKeyOrder } from "./session_store.js";

/** @typedef {import("./session_store.js").Entry} Entry */

/**
 * A user entry written to the chain when the next turn starts (the notes of a `set_model` under 2.1.197, g5).
 * @typedef {{ content: string, isMeta?: boolean }} PendingNote
 */

/**
 * @typedef {object} FakeStore
 * @property {string} sessionId "" until the session is opened
 * @property {string | null} file the session file; null until the session is opened
 * @property {boolean} isNewSession neither resumed nor forked
 * @property {boolean} forked
 * @property {boolean} resumed
 * @property {boolean} resumedByTitle `--resume <title>`
 * @property {boolean} hadMode the resumed file already has a `mode` entry
 * @property {Entry[]} forkCopies a fork's copies of the source's conversation entries, written with its first prompt
 * @property {Entry[]} chain the active branch of the conversation, oldest first
 * @property {PendingNote[]} pendingEntries
 * @property {import("./session_log.js").SessionLog | null} log 2.1.332's bookkeeping of the file; null for 2.1.197
 * @property {import("./session_mirror.js").SessionMirror | null} mirror what `--session-mirror` has still to print;
 *   null without the flag
 * @property {string | undefined} lastPrompt what the `last-prompt` entry names
 * @property {(type: string, fields: Entry) => Entry} chainEntry a conversation entry with the recorded
 *   key order and common fields, parented on the chain's tail
 * @property {(entry: Entry, order?: readonly string[]) => void} appendChain appends an entry to the chain and the
 *   file, optionally with its keys in a given order
 * @property {(entry: object) => void} append appends any entry to the file (unless persistence is off), or holds it
 *   back while the log holds entries
 * @property {(entry: object) => void} appendNow appends an entry to the file at once, counting its bytes for the
 *   metadata refresh, and hands it to the mirror
 */

/**
 * The store of a process before its session is opened (`openSession` in core.js picks it).
 *
 * @example
 * ```js
 * import { readConfig } from "./config.js";
 * import { createStore } from "./store.js";
 * import { cliVersion } from "./version.js";
 * const store = createStore(readConfig({ env: {}, cwd: "/tmp" }, {}, {}, cliVersion({})));
 * store.chainEntry("user", { message: { role: "user", content: "hi" } }).parentUuid; // null
 * ```
 * @param {import("./config.js").FakeConfig} config
 * @returns {FakeStore}
 */
export function createStore(config) {
  /** @type {FakeStore} */
  const store = {
    sessionId: "",
    file: null,
    isNewSession: true,
    forked: false,
    resumed: false,
    resumedByTitle: false,
    hadMode: false,
    forkCopies: [],
    chain: [],
    pendingEntries: [],
    lastPrompt: undefined,
    log: config.cli.has("sessionFileV2") ? createSessionLog() : null,
    mirror: config.options.sessionMirror ? createSessionMirror() : null,
    chainEntry: (type, fields) => {
      const { message, promptId, uuid, attachment, requestId, isMeta, ...rest } = fields;
      /** @type {Entry} */
      const entry = { parentUuid: store.chain.at(-1)?.uuid ?? null, isSidechain: false };
      if (promptId) entry.promptId = promptId;
      if (attachment) entry.attachment = attachment;
      if (type === "assistant") Object.assign(entry, { message, requestId });
      entry.type = type;
      if (type !== "assistant" && message) entry.message = message;
      if (isMeta) entry.isMeta = true;
      entry.uuid = uuid ?? randomUUID();
      entry.timestamp = new Date().toISOString();
      return Object.assign(entry, rest, {
        userType: "external",
        entrypoint: config.entrypoint,
        cwd: config.cwd,
        sessionId: store.sessionId,
        version: config.cli.version,
        gitBranch: "HEAD",
      });
    },
    appendChain: (entry, order) => {
      if (order) entry = inKeyOrder(entry, order);
      store.chain.push(entry);
      store.append(entry);
    },
    append: (entry) => {
      if (!config.persist || !store.file) return;
      if (store.log?.held) store.log.held.push(entry);
      else store.appendNow(entry);
    },
    appendNow: (entry) => {
      if (!config.persist || !store.file) return;
      const bytes = appendEntry(store.file, entry);
      if (store.log) store.log.bytes += bytes;
      store.mirror?.record(store.file, entry);
    },
  };
  return store;
}
