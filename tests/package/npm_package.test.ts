/**
 * The npm package as a user gets it: `npm pack` (whose prepack runs `npm run build`) in a staged copy of the
 * repository, the tarball installed into a temporary project, then imported under Node and Bun to run a turn against
 * the packaged fake CLI, the README's Node and Bun quick starts run from it as the README says, and consumers
 * type-checked with `skipLibCheck: false` under this repository's TypeScript and the oldest one supported (5.2).
 * The install uses a new, empty npm cache, so that nothing depends on what this machine happens to have cached:
 * the dependencies (valibot, @valibot/to-json-schema) are packed from this repository's `node_modules` beside the tarball; the consumer's
 * dev tools (TypeScript 5.2, Bun's and Node's types) come from the registry.
 * Runs under Node only: it packs once and drives both Node and Bun itself.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runtimeName } from "../../src/runtime/current.ts";
import { startServer } from "../docs/_code_blocks.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const skip = runtimeName() !== "node"
  ? "packs once under Node, which imports the tarball under both Node and Bun"
  : false;
/** What goes into the package, copied to a staging dir so that packing never touches the working tree's dist/. */
const SOURCES = [
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "mod.ts",
  "protocol.ts",
  "testing.ts",
  "stores",
  "src",
  "fake-cli",
  "scripts",
  "docs",
  "README.md",
  "LICENSE",
];
/** The oldest TypeScript the package's types are checked with (`await using` needs 5.2). */
const OLDEST_TYPESCRIPT = "5.2.2";
const BUN = join(ROOT, "node_modules/.bin/bun");

let tmp = "";
let consumer = "";
let home = "";
let packed: { filename: string; files: { path: string; mode: number }[] };

before(async () => {
  if (skip !== false) return;
  tmp = mkdtempSync(join(tmpdir(), "cs-pack-"));
  const stage = join(tmp, "stage");
  for (const source of SOURCES) cpSync(join(ROOT, source), join(stage, source), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(stage, "node_modules"), "dir");
  const npmEnv = { ...process.env, npm_config_cache: join(tmp, "npm-cache"), npm_config_update_notifier: "false" };
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tmp], {
    cwd: stage,
    env: npmEnv,
    maxBuffer: 64 << 20,
  });
  packed = JSON.parse(stdout.slice(stdout.indexOf("[")))[0];
  const packDependency = async (name: string) =>
    JSON.parse(
      (await run("npm", ["pack", "--json", "--pack-destination", tmp, join(ROOT, "node_modules", name)], {
        cwd: tmp,
        env: npmEnv,
      })).stdout,
    )[0];
  const valibot = await packDependency("valibot");
  const toJsonSchema = await packDependency("@valibot/to-json-schema");
  consumer = join(tmp, "consumer");
  cpSync(join(ROOT, "tests/package/consumer"), consumer, { recursive: true });
  cpSync(join(ROOT, "examples/quickstart"), consumer, { recursive: true });
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  writeFileSync(join(consumer, "consumer.ts"), CONSUMER_TS);
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify(consumerTsconfig(CURRENT_LIBS, { exactOptionalPropertyTypes: true })),
  );
  writeFileSync(join(consumer, "tsconfig.oldest.json"), JSON.stringify(consumerTsconfig(OLDEST_LIBS)));
  writeFileSync(join(consumer, "tsconfig.bun.json"), JSON.stringify(bunTsconfig()));
  const tarballs = [join(tmp, packed.filename), join(tmp, valibot.filename), join(tmp, toJsonSchema.filename)];
  const tools = [`typescript-oldest@npm:typescript@${OLDEST_TYPESCRIPT}`, "@types/node@20", "@types/bun@1.4.5"];
  await run("npm", ["install", "--no-audit", "--no-fund", ...tarballs, ...tools], {
    cwd: consumer,
    env: npmEnv,
    maxBuffer: 64 << 20,
  });
  home = join(tmp, "home");
  mkdirSync(home);
}, { timeout: 300_000 });

after(() => {
  if (tmp !== "") rmSync(tmp, { recursive: true, force: true });
});

test(
  "the tarball holds the built library with types, an executable fake CLI beside the testing entry, and the guides",
  { skip },
  () => {
    const files = new Map(packed.files.map((file) => [file.path, file.mode]));
    for (
      const path of [
        "package.json",
        "dist/mod.js",
        "dist/mod.d.ts",
        "dist/testing.js",
        "dist/testing.d.ts",
        "dist/stores/postgres.js",
        "dist/stores/postgres.d.ts",
        "dist/src/runtime/deno/mod.js",
        "dist/src/runtime/bun/mod.js",
        "dist/fake-cli/main.js",
        "docs/testing.md",
      ]
    ) {
      assert.ok(files.has(path), `${path} is packed`);
    }
    assert.ok(((files.get("dist/fake-cli/claude") ?? 0) & 0o111) !== 0, "dist/fake-cli/claude is executable");
    assert.ok(
      ![...files.keys()].some((path) => path.startsWith("tests/") || path.startsWith("examples/")),
      "no tests or examples",
    );
  },
);

test("every relative link of the packed README and guides leads to a packed file", { skip }, () => {
  const files = new Set(packed.files.map((file) => file.path));
  const markdown = [...files].filter((path) => path.endsWith(".md"));
  assert.ok(markdown.includes("README.md"));
  let links = 0;
  for (const file of markdown) {
    const text = readFileSync(join(consumer, "node_modules/claude-stream", file), "utf8");
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      links++;
      assert.ok(files.has(normalize(join(dirname(file), target))), `${file} links to ${target}, which is packed`);
    }
  }
  assert.ok(links >= 8, `the README and guides link to each other (${links} links)`);
});

for (const runtime of ["node", "bun"] as const) {
  test(
    `the installed package runs a turn against its packaged fake CLI under ${
      runtime === "node" ? "Node" : "Bun"
    }, in a config dir of its own`,
    { skip, timeout: 120_000 },
    async () => {
      const binary = runtime === "node" ? process.execPath : BUN;
      const { stdout } = await run(binary, ["turn.mjs"], { cwd: consumer, env: userEnv() });
      const { reply, fake, configDir, conversation } = JSON.parse(stdout);
      assert.equal(reply, "turns=1 last=hello from the package history=hello from the package");
      assert.equal(fake, join(consumer, "node_modules/claude-stream/dist/fake-cli/claude"));
      assert.ok(configDir.startsWith(tmpdir()) || configDir.startsWith("/tmp"), `a temp config dir: ${configDir}`);
      assert.deepEqual(conversation, ["hello from the package", reply]);
      assert.ok(!existsSync(join(home, ".claude")), "nothing written to ~/.claude");
    },
  );
}

test(
  "the README's Node quick start runs with plain node from the installed package, against the fake as the README says",
  { skip, timeout: 120_000 },
  async () => {
    const { stdout } = await run(process.execPath, ["node.mjs"], { cwd: consumer, env: readmeFakeEnv() });
    const lines = stdout.trimEnd().split("\n");
    assert.equal(
      lines[0],
      "turns=1 last=Remember: the secret code is 12345 history=Remember: the secret code is 12345",
    );
    assert.match(lines[1], /^turns=2 last=What is the secret code\? .* \(this turn cost \$0\.\d+\)$/);
    assert.deepEqual(lines.slice(2).map((line) => line.slice(0, line.indexOf(":"))), [
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
  },
);

test(
  "the README's Bun quick start serves a turn as SSE from the installed package",
  { skip, timeout: 120_000 },
  async () => {
    const server = await startServer([BUN, "bun.ts"], {
      cwd: consumer,
      env: { ...readmeFakeEnv(), PORT: "0" },
      timeoutMs: 60_000,
    });
    try {
      const response = await fetch(`${server.url}?q=hello`);
      assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
      assert.match(await response.text(), /^event: result\ndata: .*"result":"turns=1 last=hello history=hello"/m);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  },
);

test(
  "a consumer type-checks with skipLibCheck false and exactOptionalPropertyTypes; Message is a precise union, not any",
  { skip, timeout: 300_000 },
  async () => {
    await assertCompiles(join(ROOT, "node_modules/typescript/bin/tsc"), "tsconfig.json");
  },
);

test(`the same consumer type-checks under TypeScript ${OLDEST_TYPESCRIPT}, with Node's types and no DOM lib`, {
  skip,
  timeout: 300_000,
}, async () => {
  await assertCompiles(join(consumer, "node_modules/typescript-oldest/bin/tsc"), "tsconfig.oldest.json");
});

test(
  "the README's Bun quick start type-checks against the package with Bun's types",
  { skip, timeout: 300_000 },
  async () => {
    await assertCompiles(join(ROOT, "node_modules/typescript/bin/tsc"), "tsconfig.bun.json");
  },
);

async function assertCompiles(tsc: string, project: string): Promise<void> {
  // Unused @ts-expect-error lines are errors, so a Message that were `any` fails this compile (see CONSUMER_TS).
  const result = await run(process.execPath, [tsc, "-p", join(consumer, project)], { cwd: consumer }).catch((error) =>
    error
  );
  assert.equal(`${result.stdout}${result.stderr ?? ""}`, "");
  assert.ok(!(result instanceof Error), "tsc succeeds");
}

/**
 * A consumer of the package, type-checked with `skipLibCheck: false`. Each `@ts-expect-error` line compiles only
 * while `Message` is a precise union; were it `any`, the directives would be unused, which is an error.
 */
const CONSUMER_TS = `
import { type Message, Session, textContent, turnResponse } from "claude-stream";
import { fakeCli } from "claude-stream/testing";
import { isMessageOfType, MessageDecoderStream } from "claude-stream/protocol";

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
// an option may be given as undefined, as an unset environment variable is (exactOptionalPropertyTypes)
const session = new Session({ ...fakeCli.sessionOptions({ scenario: fakeCli.scenario().reply("hi") }), model: process.env.MODEL });
const response: Response = turnResponse(session.stream("hi"), { format: "sse" });
const text: ReadableStream<string> = session.stream("hi").pipeThrough(textContent());
for await (const chunk of text) console.log(chunk);
await using disposed = new Session(fakeCli.sessionOptions());
// the protocol entry: decoding an NDJSON body back into messages
const decoded: ReadableStream<Message> = turnResponse(session.stream("hi"), { format: "ndjson" }).body!.pipeThrough(new MessageDecoderStream());
const isResult: boolean = isMessageOfType(message, "result");
export { cost, costText, decoded, disposed, isResult, isUnion, noType, notAMessage, response };
`;

/** TypeScript 5.6 and later: the DOM libs, whose `DOM.AsyncIterable` makes a `ReadableStream` iterable. */
const CURRENT_LIBS = ["ES2022", "ESNext.Disposable", "DOM", "DOM.Iterable", "DOM.AsyncIterable"];
/** Before 5.6 the DOM's `ReadableStream` is not iterable: Node's types alone, whose `ReadableStream` is. */
const OLDEST_LIBS = ["ES2022", "ESNext.Disposable"];

function consumerTsconfig(lib: string[], extra: object = {}): object {
  return {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib,
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ["node"],
      ...extra,
    },
    files: ["consumer.ts"],
  };
}

/** The quick start's own code against the package; bun-types themselves do not lib-check against Node 20's types. */
function bunTsconfig(): object {
  return {
    compilerOptions: {
      target: "ESNext",
      module: "Preserve",
      moduleResolution: "Bundler",
      lib: ["ESNext"],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["bun"],
    },
    files: ["bun.ts"],
  };
}

/** The environment of a user of the package: no CLI path set, a home of its own (to see that nothing lands in it). */
function userEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, HOME: home };
  delete env.CLAUDE_STREAM_CLI_PATH;
  delete env.CLAUDE_CONFIG_DIR;
  return env;
}

/** The README's "try them offline" environment: the packaged fake, by the path the README gives, and a temp config dir. */
function readmeFakeEnv(): Record<string, string | undefined> {
  return {
    ...userEnv(),
    CLAUDE_STREAM_CLI_PATH: "node_modules/claude-stream/dist/fake-cli/claude",
    CLAUDE_CONFIG_DIR: mkdtempSync(join(tmp, "config-")),
  };
}
