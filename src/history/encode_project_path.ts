/**
 * The CLI's rule for a project folder name: every UTF-16 code unit outside `[a-zA-Z0-9]` becomes `-`; a name
 * longer than 200 characters is cut to 200 and suffixed with `-` and the base-36 absolute value of the 32-bit
 * Java-style hash of the original path. No Unicode normalisation: decomposed and composed forms differ.
 * @module
 */
import { requireString } from "./_arguments.ts";

/**
 * Longest folder name the CLI writes before cutting and hashing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history } from "@claude-stream/sdk";
 * import { MAX_PROJECT_DIR_LENGTH } from "./encode_project_path.ts";
 * assert.ok(history.encodeProjectPath("/" + "a".repeat(300)).length > MAX_PROJECT_DIR_LENGTH);
 * ```
 */
export const MAX_PROJECT_DIR_LENGTH = 200;

/**
 * The folder name under `<config>/projects/` the CLI uses for a working directory. The cwd should be the real
 * path (symlinks resolved): the CLI resolves it before encoding. The rule is lossy, so read a project's true
 * cwd from its entries (see `listProjects`), never decode a folder name. `INVALID_OPTION` naming `cwd` for a non-string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { history } from "@claude-stream/sdk";
 * assert.equal(history.encodeProjectPath("/home/dev/work/my_proj.v2/sub dir_x"), "-home-dev-work-my-proj-v2-sub-dir-x");
 * ```
 */
export function encodeProjectPath(cwd: string): string {
  requireString(cwd, "cwd");
  const name = cwd.replace(/[^a-zA-Z0-9]/g, "-");
  if (name.length <= MAX_PROJECT_DIR_LENGTH) return name;
  return `${name.slice(0, MAX_PROJECT_DIR_LENGTH)}-${Math.abs(javaStringHash(cwd)).toString(36)}`;
}

/**
 * The 32-bit string hash of Java's `String.hashCode`, over UTF-16 code units.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { javaStringHash } from "./encode_project_path.ts";
 * assert.equal(javaStringHash("a"), 97);
 * ```
 */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = ((hash << 5) - hash + text.charCodeAt(i)) | 0;
  return hash;
}
