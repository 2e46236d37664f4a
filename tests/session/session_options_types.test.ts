// `SessionOptions` (the interface users write) and `SessionOptionsSchema` (the checks `new Session()` runs) name the
// same options twice. session_options.ts makes their keys equal (`satisfies`); this compile-time check ties each
// option's type to its check's, both ways (tests/type_ties.ts), so an option typed differently fails `tsc`.
import { test } from "node:test";
import assert from "node:assert/strict";
import type * as v from "valibot";
import { isClaudeCodeError } from "../../src/errors.ts";
import { parseSessionOptions, type SessionOptions, SessionOptionsSchema } from "../../src/session/session_options.ts";
import type { Assert, IsEqual, Tied } from "../type_ties.ts";

type Checked = v.InferOutput<typeof SessionOptionsSchema>;

export type OptionTies = [
  Assert<IsEqual<keyof Checked, keyof SessionOptions>>,
  Assert<Tied<SessionOptions, Checked>>,
  // @ts-expect-error an option whose check lets through what its type does not allow (timeout as a string)
  Assert<Tied<SessionOptions, Omit<Checked, "timeout"> & { timeout?: number | string }>>,
  // @ts-expect-error an option whose type allows what its check rejects (stderr with two arguments)
  Assert<Tied<Omit<SessionOptions, "stderr"> & { stderr?: (line: string, at: number) => void }, Checked>>,
];

test("options: every option the schema checks may be undefined, which counts as absent; others are INVALID_OPTION", () => {
  const names = Object.keys(SessionOptionsSchema.entries);
  assert.deepEqual(Object.keys(parseSessionOptions(Object.fromEntries(names.map((name) => [name, undefined])))), []);
  assert.throws(
    () => parseSessionOptions({ modle: "haiku" }),
    (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "modle",
  );
});
