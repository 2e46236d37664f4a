/** The recordings copied into the repo are the shared ones: where they differ, the shared recording wins. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PROTOCOL_DIR } from "./fixtures.ts";

const SHARED = fileURLToPath(new URL("../../shared/protocol/", import.meta.url));

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

test("tests/fixtures/protocol is a faithful copy of the shared protocol folder", {
  // Outside this project's workspace (a plain clone) there is no shared folder to compare with.
  skip: existsSync(SHARED) ? false : "no ../shared/protocol beside the repo",
}, () => {
  const shared = files(SHARED);
  assert.deepEqual(files(PROTOCOL_DIR), shared, "the same files");
  for (const file of shared) {
    assert.ok(
      readFileSync(join(PROTOCOL_DIR, file)).equals(readFileSync(join(SHARED, file))),
      `${file} differs: copy it again from shared/protocol`,
    );
  }
});
