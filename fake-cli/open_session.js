// @ts-check
/**
 * Opening and closing the session of a fake process: a new session, or the one `--resume`, `--continue` or
 * `--fork-session` names (its conversation read back, its model kept), and the entries the CLI writes at exit.
 * @module
 */
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import { errorResult } from "./messages.js";
import { resolveModel } from "./model.js";
import { closeSessionLog, resumeSessionLog } from "./session_log.js";
import {
  activeChain,
  findSessionByTitle,
  findSessionFile,
  isChainEntry,
  isUuid,
  latestSessionFile,
  projectDir,
  readEntries,
} from "./session_store.js";
import { shapeResult } from "./shape.js";
/** @import { FakeExitStatus } from "./core.js" */
/** @import { FakeProcess } from "./fake_process.js" */

/**
 * Picks the session: new (optionally with `--session-id`), resumed, continued or forked. Returns an exit status
 * when the recorded CLI would stop here.
 *
 * @example
 * ```js
 * // Used by run_process.js before the first turn: const stop = await openSession(fake);
 * ```
 * @param {FakeProcess} fake
 * @returns {Promise<FakeExitStatus | null>}
 */
export async function openSession(fake) {
  const { config, store } = fake;
  const { options, cwd } = config;
  /** @type {string | null} */
  let source = null;
  if (options.continue) {
    source = latestSessionFile(config.configDir, cwd);
    if (!source) {
      await fake.out.stderr("No conversation found to continue\n");
      return { code: 1, signal: null };
    }
  } else if (options.resume !== undefined) {
    const wanted = String(options.resume);
    source = isUuid(wanted)
      ? findSessionFile(config.configDir, cwd, wanted)
      : findSessionByTitle(config.configDir, cwd, wanted);
    if (!source) return resumeFailed(fake, wanted);
  }
  if (source) {
    openSource(fake, source);
    return null;
  }
  if (options.sessionId !== undefined) {
    if (findSessionFile(config.configDir, cwd, options.sessionId)) {
      await fake.out.stderr(`Error: Session ID ${options.sessionId} is already in use.\n`);
      return { code: 1, signal: null };
    }
    store.sessionId = options.sessionId;
  } else store.sessionId = randomUUID();
  store.file = path.join(projectDir(config.configDir, cwd), `${store.sessionId}.jsonl`);
  return null;
}

/**
 * `--resume` of a session that is not there: the recorded error result (stream-json and json) and message.
 * @param {FakeProcess} fake
 * @param {string} wanted the id or title asked for
 * @returns {Promise<FakeExitStatus>}
 */
async function resumeFailed(fake, wanted) {
  const message = isUuid(wanted)
    ? `No conversation found with session ID: ${wanted}`
    : `Error: --resume requires a valid session ID or session title when used with --print. Usage: claude -p --resume <session-id|title>. Provided value "${wanted}" is not a UUID and does not match any session title.`;
  fake.store.sessionId = isUuid(wanted) ? wanted : randomUUID();
  const result = shapeResult(
    fake,
    errorResult({ subtype: "error_during_execution", sessionId: fake.store.sessionId, errors: [message] }),
    { beforeTurn: true },
  );
  if (fake.config.outputFormat === "stream-json" || fake.config.outputFormat === "json") {
    await fake.out.stdout(JSON.stringify(result) + "\n");
  }
  await fake.out.stderr(message + "\n");
  return { code: 1, signal: null };
}

/**
 * Opens an existing session file: resumed (the same file goes on) or forked (a new file with copies of its
 * conversation); the model goes on as the conversation's unless `--model` names one.
 * @param {FakeProcess} fake
 * @param {string} source the session file
 */
function openSource(fake, source) {
  const { config, store } = fake;
  const { options } = config;
  const entries = readEntries(source);
  store.isNewSession = false;
  if (store.log) resumeSessionLog(store.log, entries, Boolean(options.forkSession));
  store.chain = activeChain(entries);
  // `--resume-session-at=<uuid>`: the conversation up to and including that entry; the next prompt branches off it (m20)
  const at = options.resumeSessionAt === undefined
    ? -1
    : store.chain.findIndex((e) => e.uuid === options.resumeSessionAt);
  if (at !== -1) store.chain = store.chain.slice(0, at + 1);
  if (!options.model) {
    const lastModel = [...store.chain].reverse().find((e) =>
      e.type === "assistant" && e.message?.model && e.message.model !== "<synthetic>"
    );
    if (lastModel) fake.settings.model = resolveModel(lastModel.message.model, config.data);
  }
  if (options.forkSession) {
    store.forked = true;
    store.sessionId = options.sessionId ?? randomUUID();
    store.file = path.join(projectDir(config.configDir, config.cwd), `${store.sessionId}.jsonl`);
    store.forkCopies = entries.filter(isChainEntry);
    store.lastPrompt = firstPrompt(store.chain);
    store.chain = store.chain.map((e) => ({ ...e, sessionId: store.sessionId }));
  } else {
    store.resumed = true;
    store.resumedByTitle = options.resume !== undefined && !isUuid(String(options.resume));
    store.sessionId = path.basename(source, ".jsonl");
    store.file = source;
    store.hadMode = entries.some((e) => e.type === "mode");
  }
}

/**
 * The first prompt of a chain (a fork's `last-prompt` names it, as recorded).
 * @param {import("./session_store.js").Entry[]} chain
 * @returns {string | undefined}
 */
function firstPrompt(chain) {
  const first = chain.find((e) => e.type === "user" && !e.isMeta);
  const content = first?.message?.content;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.find((b) => b.type === "text")?.text : undefined;
}

/**
 * The entries the CLI writes at exit: `last-prompt`, and `mode` the first time a session is resumed; 2.1.332 also
 * its `cost-state` (session_log.js).
 *
 * @example
 * ```js
 * // Used by run_process.js when the process ends: closeSession(fake);
 * ```
 * @param {FakeProcess} fake
 */
export function closeSession(fake) {
  const { store } = fake;
  if (fake.turns.index === 0 || !store.file) return;
  if (store.log) return closeSessionLog(store, fake.usage);
  const leaf = store.chain.at(-1)?.uuid;
  if (leaf && store.lastPrompt !== undefined) {
    store.append({ type: "last-prompt", lastPrompt: store.lastPrompt, leafUuid: leaf, sessionId: store.sessionId });
  }
  if (store.resumed && !store.hadMode) store.append({ type: "mode", mode: "normal", sessionId: store.sessionId });
}
