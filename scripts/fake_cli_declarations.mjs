// The declarations of the fake CLI's modules that TypeScript code imports (fake-cli/core.d.ts, scenario.d.ts,
// model.d.ts), generated from their JavaScript and JSDoc by tsc (allowJs, emitDeclarationOnly) with the compiler
// options of tsconfig.fake.json. They are checked in beside the JavaScript because the JSR package is the repository's
// files (each module names its own with `@ts-self-types`) and tsc -p tsconfig.json reads them (it has no allowJs).
//   node scripts/fake_cli_declarations.mjs           writes them
//   node scripts/fake_cli_declarations.mjs --check   fails when a checked-in one differs (scripts/test.sh)
// scripts/build.mjs copies them into the npm package.
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const fakeDir = join(root, "fake-cli");

/** The modules whose declarations are generated: the ones TypeScript code imports. */
const DECLARED = ["core.js", "scenario.js", "model.js"];

/** The generated declarations, by file name (`core.d.ts` ...). */
function fakeDeclarations() {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.fake.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  // outDir is never written (emit goes to the callback); it keeps the outputs from naming the inputs
  const options = {
    ...config.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: fakeDir,
    outDir: join(tmpdir(), "fake-cli-declarations"),
  };
  const program = ts.createProgram(DECLARED.map((name) => join(fakeDir, name)), options);
  /** @type {Map<string, string>} */
  const out = new Map();
  for (const name of DECLARED) {
    const source = program.getSourceFile(join(fakeDir, name));
    program.emit(source, (file, text) => out.set(basename(file), withHeader(name, text)), undefined, true);
  }
  return out;
}

/**
 * tsc copies each `@typedef` and `@import` comment as it stands ahead of the declarations (beside the types it made
 * of them): those copies are left out, and a line says where the file comes from.
 * @param {string} name
 * @param {string} text
 */
function withHeader(name, text) {
  const body = text.replace(/^\/\*\*(?:(?!\*\/)[\s\S])*?@(?:typedef|import)(?:(?!\*\/)[\s\S])*\*\/\n/gm, "");
  return `// Generated from ${name} by scripts/fake_cli_declarations.mjs: edit the JSDoc there, then run the script.\n${body}`;
}

/** Writes the declarations beside the JavaScript. */
function writeFakeDeclarations() {
  for (const [file, text] of fakeDeclarations()) writeFileSync(join(fakeDir, file), text);
}

/** The checked-in declarations that differ from the generated ones. */
function staleDeclarations() {
  const stale = [];
  for (const [file, text] of fakeDeclarations()) {
    let current = "";
    try {
      current = readFileSync(join(fakeDir, file), "utf8");
    } catch {
      // missing: stale
    }
    if (current !== text) stale.push(`fake-cli/${file}`);
  }
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--check")) {
    const stale = staleDeclarations();
    if (stale.length) {
      console.error(
        `${stale.join(", ")}: not what the JavaScript declares; run node scripts/fake_cli_declarations.mjs`,
      );
      process.exit(1);
    }
  } else writeFakeDeclarations();
}
