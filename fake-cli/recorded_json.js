// @ts-check
/**
 * Reads a JSON file of recorded data that sits beside the fake's own modules: from disk when the fake runs from
 * files (a checkout, an npm install), over `fetch` when it was loaded over https (the JSR package under Deno, see
 * `src/testing/fake_cli_path.ts`), where there is no file to read.
 * @module
 */
import * as fs from "node:fs";

/**
 * The parsed contents of `name`, a JSON file in the fake's folder.
 *
 * @example
 * ```js
 * const data = await recordedJson("data_2_1_332_session.json");
 * ```
 * @param {string} name
 * @returns {Promise<any>}
 */
export async function recordedJson(name) {
  const url = new URL(`./${name}`, import.meta.url);
  if (url.protocol === "file:") return JSON.parse(fs.readFileSync(url, "utf8"));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${url.href}: HTTP ${response.status}`);
  return await response.json();
}
