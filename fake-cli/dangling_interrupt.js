// @ts-check
/**
 * CLI 2.1.332's repair of a resumed conversation that ends with the interrupt marker (what an interrupt leaves):
 * before the first prompt of the resuming (or forking) process it writes a synthetic assistant entry answering the
 * marker, parented on it, and the prompt is parented on that entry. It is not printed, and the stand-in model does
 * not count it (`apiMessages` leaves `<synthetic>` messages out). 2.1.197 has no such entry.
 * @module
 */
import { syntheticMessage, syntheticMessageV2 } from "./messages.js";
import { INTERRUPT_MARKER, toBlocks } from "./model.js";
/** @import { FakeProcess } from "./fake_process.js" */
/** @import { Entry } from "./session_store.js" */

/**
 * The text of the synthetic answer.
 *
 * @example
 * ```js
 * import { NO_RESPONSE_REQUESTED } from "./dangling_interrupt.js";
 * console.log(NO_RESPONSE_REQUESTED); // No response requested.
 * ```
 */
export const NO_RESPONSE_REQUESTED = "No response requested.";

/** The key order of the observed entry (the common fields follow). */
const ENTRY_ORDER = [
  "parentUuid",
  "isSidechain",
  "type",
  "uuid",
  "timestamp",
  "message",
  "isApiErrorMessage",
  "madeBy",
];

/**
 * Whether a chain's last entry is the user's interrupt marker `[Request interrupted by user]`.
 *
 * @example
 * ```js
 * import { endsWithInterruptMarker } from "./dangling_interrupt.js";
 * endsWithInterruptMarker([{ type: "user", message: { role: "user", content: [{ type: "text", text: "[Request interrupted by user]" }] } }]); // true
 * ```
 * @param {Entry[]} chain
 */
export function endsWithInterruptMarker(chain) {
  const last = chain.at(-1);
  if (last?.type !== "user") return false;
  const blocks = toBlocks(last.message?.content);
  return blocks.length === 1 && blocks[0].type === "text" && blocks[0].text === INTERRUPT_MARKER;
}

/**
 * On the first prompt of a process that resumed or forked a conversation ending with the interrupt marker (2.1.332),
 * appends the synthetic answer to the chain and the session file. Does nothing otherwise.
 *
 * @example
 * ```js
 * // Used by turn.js before the first prompt's entries: answerDanglingInterrupt(fake);
 * ```
 * @param {FakeProcess} fake the process state built by core.js
 */
export function answerDanglingInterrupt(fake) {
  const { store } = fake;
  if (!fake.config.cli.has("answersDanglingInterrupt") || store.isNewSession || fake.turns.index !== 1) return;
  if (!endsWithInterruptMarker(store.chain)) return;
  const message = syntheticMessageV2(syntheticMessage(NO_RESPONSE_REQUESTED));
  const { requestId: _, ...entry } = store.chainEntry("assistant", {
    message,
    isApiErrorMessage: false,
    madeBy: "other",
  });
  store.appendChain(entry, ENTRY_ORDER);
}
