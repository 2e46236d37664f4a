// The public types as a strict consumer sees them: _strict_consumer.ts type-checks with the repo's tsconfig plus
// `exactOptionalPropertyTypes` (the repo's own check, `tsc -p tsconfig.json`, covers it without). Only that file's
// diagnostics count: the library's own sources are checked with the repo's settings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { runtimeName } from "../../src/runtime/current.ts";

const consumer = fileURLToPath(new URL("./_strict_consumer.ts", import.meta.url));
const tsconfig = fileURLToPath(new URL("../../tsconfig.json", import.meta.url));

// Types do not depend on the runtime, and a program over the whole library takes seconds: checked once, under Node.
const skip = runtimeName() !== "node" ? "types are the same on every runtime: checked under Node" : false;

test("types: a consumer with exactOptionalPropertyTypes passes undefined options; what must not compile does not", {
  skip,
  timeout: 120_000,
}, () => {
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, dirname(tsconfig));
  const program = ts.createProgram([consumer], { ...options, exactOptionalPropertyTypes: true, noEmit: true });
  const source = program.getSourceFile(consumer)!;
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  // An unused @ts-expect-error is a diagnostic too: a line that should fail but compiles fails the test.
  const text = diagnostics.map((d) =>
    `${d.start === undefined ? "" : source.getLineAndCharacterOfPosition(d.start).line + 1}: ${
      ts.flattenDiagnosticMessageText(d.messageText, "\n")
    }`
  );
  assert.deepEqual(text, []);
});
