// The CLI's "no such conversation" answers, read in one place (src/session/session_not_found.ts), checked against
// both recordings: the result's `errors` and the stderr line of c4 (an unknown UUID) and c5 (neither a UUID nor a title).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sessionNotFound } from "../../src/session/session_not_found.ts";
import { exitError } from "../../src/session/cli_connection.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";

const FOLDERS = ["transcripts", "cli-2.1.332/transcripts"];
const CASES = { c4_resume_unknown_id: "00000000-0000-4000-8000-000000000000", c5_resume_not_uuid: "not-a-uuid" };

function recorded(folder: string, name: string) {
  const base = join(PROTOCOL_DIR, folder, name);
  const lines = readFileSync(`${base}.jsonl`, "utf8").split("\n").filter((line) => line.startsWith("{")).map((line) =>
    JSON.parse(line)
  );
  return { result: lines.find((line) => line.type === "result"), stderr: readFileSync(`${base}.stderr.txt`, "utf8") };
}

for (const folder of FOLDERS) {
  for (const [name, asked] of Object.entries(CASES)) {
    test(`session not found: ${folder}/${name}: the result's errors and the stderr line both say SESSION_NOT_FOUND for ${asked}`, () => {
      const { result, stderr } = recorded(folder, name);
      assert.equal(result.subtype, "error_during_execution");
      const fromResult = sessionNotFound({ result });
      assert.equal(fromResult?.code, "SESSION_NOT_FOUND");
      assert.equal(fromResult?.details.sessionId, asked);
      assert.equal(fromResult?.message, result.errors[0]);
      const fromExit = exitError("the CLI exited", { exit: { code: 1, signal: null }, stderrTail: stderr });
      assert.equal(fromExit.code, "SESSION_NOT_FOUND");
      assert.equal(fromExit.details.sessionId, asked);
      assert.equal(fromExit.details.exitCode, 1);
    });
  }
}

test("session not found: other failures are not mistaken for it", () => {
  for (const folder of FOLDERS) {
    for (const name of ["e2_session_id_reuse", "e3_session_id_invalid", "i6_malformed_stdin_first", "i11_bad_flag"]) {
      const stderr = readFileSync(join(PROTOCOL_DIR, folder, `${name}.stderr.txt`), "utf8");
      assert.equal(
        sessionNotFound({ exit: { exitCode: 1, signal: null, stderrTail: stderr } }),
        undefined,
        `${folder}/${name}: ${stderr}`,
      );
      assert.equal(
        exitError("the CLI exited", { exit: { code: 1, signal: null }, stderrTail: stderr }).code,
        "PROCESS_EXIT",
      );
    }
  }
});
