/**
 * A config dir of its own for a fake session: the fake writes session files where the real CLI would, so without
 * one it would write into the user's real `~/.claude`.
 * @module
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * A new empty folder under the temp dir, for `CLAUDE_CONFIG_DIR` (left for the OS to clean, like other temp files).
 *
 * @example
 * ```ts
 * import { fakeCli } from "@claude-stream/sdk/testing";
 * const { configDir } = fakeCli.sessionOptions(); // a tempConfigDir()
 * ```
 */
export function tempConfigDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "claude-stream-fake-config-")));
}
