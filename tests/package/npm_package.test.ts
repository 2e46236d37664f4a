/**
 * The npm package as a user gets it: `npm pack` (whose prepack runs `npm run build`) in a staged copy of the
 * repository, the tarball installed into a temporary project with `npm install --offline`, then imported under
 * Node and Bun to run a turn against the packaged fake CLI, and type-checked by a consumer with `skipLibCheck: false`.
 * Runs under Node only: it packs once and drives both Node and Bun itself.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runtimeName } from "../../src/runtime/current.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const skip = runtimeName() !== "node" ? "packs once under Node, which imports the tarball under both Node and Bun" : false;
/** What goes into the package, copied to a staging dir so that packing never touches the working tree's dist/. */
const SOURCES = ["package.json", "tsconfig.json", "tsconfig.build.json", "mod.ts", "testing.ts", "src", "fake-cli", "scripts", "README.md", "LICENSE"];

let tmp = "";
let consumer = "";
let packed: { filename: string; files: { path: string; mode: number }[] };

before(async () => {
  if (skip !== false) return;
  tmp = mkdtempSync(join(tmpdir(), "cs-pack-"));
  const stage = join(tmp, "stage");
  for (const source of SOURCES) cpSync(join(ROOT, source), join(stage, source), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(stage, "node_modules"), "dir");
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: stage, maxBuffer: 64 << 20 });
  packed = JSON.parse(stdout.slice(stdout.indexOf("[")))[0];
  consumer = join(tmp, "consumer");
  cpSync(join(ROOT, "tests/package/consumer"), consumer, { recursive: true });
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify(consumerTsconfig()));
  writeFileSync(join(consumer, "consumer.ts"), CONSUMER_TS);
  // The registry is not needed: the tarball is local and its dependency comes from npm's cache.
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", join(tmp, packed.filename)], { cwd: consumer });
}, { timeout: 300_000 });

after(() => {
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
});

test("the tarball holds the built library with types, and an executable fake CLI beside the testing entry", { skip }, () => {
  const files = new Map(packed.files.map((file) => [file.path, file.mode]));
  for (const path of ["package.json", "dist/mod.js", "dist/mod.d.ts", "dist/testing.js", "dist/testing.d.ts", "dist/src/runtime/deno/mod.js", "dist/src/runtime/bun/mod.js", "dist/fake-cli/main.js"]) {
    assert.ok(files.has(path), `${path} is packed`);
  }
  assert.ok(((files.get("dist/fake-cli/claude") ?? 0) & 0o111) !== 0, "dist/fake-cli/claude is executable");
  assert.ok(![...files.keys()].some((path) => path.startsWith("tests/") || path.startsWith("examples/")), "no tests or examples");
});

for (const runtime of ["node", "bun"] as const) {
  test(`the installed package runs a turn against its packaged fake CLI under ${runtime === "node" ? "Node" : "Bun"}`, { skip, timeout: 120_000 }, async () => {
    const binary = runtime === "node" ? process.execPath : join(ROOT, "node_modules/.bin/bun");
    const { stdout } = await run(binary, ["turn.mjs", join(tmp, `config-${runtime}`)], { cwd: consumer, env: withoutCliPath() });
    const { reply, fake } = JSON.parse(stdout);
    assert.equal(reply, "turns=1 last=hello from the package history=hello from the package");
    assert.equal(fake, join(consumer, "node_modules/claude-stream/dist/fake-cli/claude"));
  });
}

test("a consumer type-checks against the package with skipLibCheck false; Message is a precise union, not any", { skip, timeout: 300_000 }, async () => {
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  // Unused @ts-expect-error lines are errors, so a Message that were `any` fails this compile (see consumer.ts).
  const result = await run(process.execPath, [tsc, "-p", join(consumer, "tsconfig.json")], { cwd: consumer }).catch((error) => error);
  assert.equal(`${result.stdout}${result.stderr ?? ""}`, "");
  assert.ok(!(result instanceof Error), "tsc succeeds");
});

/**
 * A consumer of the package, type-checked with `skipLibCheck: false`. Each `@ts-expect-error` line compiles only
 * while `Message` is a precise union; were it `any`, the directives would be unused, which is an error.
 */
const CONSUMER_TS = `
import { type Message, Session, textContent, turnResponse } from "claude-stream";
import { fakeCli, scenario } from "claude-stream/testing";

declare const message: Message;
declare const result: Extract<Message, { type: "result" }>;
const cost: number = result.total_cost_usd;
// @ts-expect-error a number is not a Message
const notAMessage: Message = 42;
// @ts-expect-error a Message has a type
const noType: Message = { subtype: "init" };
// @ts-expect-error type is a string, not callable
message.type();
// @ts-expect-error the cost of a result is a number
const costText: string = result.total_cost_usd;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
const isUnion: IsUnion<Message> = true;
const session = new Session({ cliPath: fakeCli.path, env: scenario().reply("hi").env() });
const response: Response = turnResponse(session.stream("hi"), { format: "sse" });
const text: ReadableStream<string> = session.stream("hi").pipeThrough(textContent());
export { cost, costText, isUnion, noType, notAMessage, response, text };
`;

function consumerTsconfig(): object {
  return {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2022", "DOM", "DOM.Iterable", "DOM.AsyncIterable"],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      // The package's .d.ts files name Node types; the consumer borrows this repository's @types/node.
      types: ["node"],
      typeRoots: [join(ROOT, "node_modules/@types")],
    },
    files: ["consumer.ts"],
  };
}

function withoutCliPath(): Record<string, string | undefined> {
  const env = { ...process.env };
  delete env.CLAUDE_STREAM_CLI_PATH;
  return env;
}
