/**
 * How much of a session file a listing reads: both ends, and more of the head only while no typed prompt was found.
 * @module
 */

/**
 * Bytes first read at each end of a session file for a listing: the prompt and metadata are near the ends.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ENDS_LENGTH, WIDE_ENDS_LENGTH } from "./listing_bounds.ts";
 * assert.deepEqual([ENDS_LENGTH, WIDE_ENDS_LENGTH], [16384, 262144]);
 * ```
 */
export const ENDS_LENGTH = 16 * 1024;

/**
 * Bytes read at each end when the first read found no typed prompt in the head (a huge first line, say).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ENDS_LENGTH, WIDE_ENDS_LENGTH } from "./listing_bounds.ts";
 * assert.equal(WIDE_ENDS_LENGTH / ENDS_LENGTH, 16);
 * ```
 */
export const WIDE_ENDS_LENGTH = 256 * 1024;

/**
 * How far into a file a listing looks for the first typed prompt: 4 MiB from its start. Hook output, command
 * echoes, old CLIs' summaries of other sessions or a pasted image can come before it. Past the wide head the file is
 * read on in doubling steps, stopping at the prompt; a file with none in its first 4 MiB gets `firstPrompt: null`
 * (never a later prompt). The bound keeps a listing of many such files to a few MiB per file in flight.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FIRST_PROMPT_SCAN_LENGTH } from "./listing_bounds.ts";
 * assert.equal(FIRST_PROMPT_SCAN_LENGTH / 1024 / 1024, 4);
 * ```
 */
export const FIRST_PROMPT_SCAN_LENGTH = 4 * 1024 * 1024;
