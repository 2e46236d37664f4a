/**
 * The package as Deno gets it from JSR: modules over https, no files on disk. A local static server serves the files
 * `deno publish` includes (deno.json), a user's script imports the main and testing entries from it through an
 * import map, and runs the fake CLI both as a child process (the kit writes a launcher on first use) and in
 * memory; then the README's Deno quick start runs over http against that launcher. JSR rewrites the bare `valibot`
 * and `@valibot/to-json-schema` imports to `npm:` ones when it publishes; the import map plays that part here, pointing
 * at the served copies of this repository's.
 * Runs under Deno only: it is Deno that imports over http (the test spawns Deno itself, so the host adds nothing).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { runtimeName } from "../../src/runtime/current.ts";
import { ROOT, runToEnd } from "../docs/_code_blocks.ts";

const skip = runtimeName() !== "deno" ? "Deno is the runtime that imports a package over http(s)" : false;
const DENO = join(ROOT, "node_modules/.bin/deno");
/** What the static server serves: the JSR package's files (deno.json `publish.include`) and stand-ins for its npm: deps. */
const SERVED = [
  "mod.ts",
  "protocol.ts",
  "testing.ts",
  "src/",
  "fake-cli/",
  "node_modules/valibot/",
  "node_modules/@valibot/to-json-schema/",
];
const TYPES: Record<string, string> = {
  ".ts": "application/typescript",
  ".js": "application/javascript",
  ".mjs": "application/javascript",
  ".json": "application/json",
};

let dir = "";
let server: Server;
let base = "";
const requested: string[] = [];

before(async () => {
  if (skip !== false) return;
  dir = realpathSync(mkdtempSync(join(tmpdir(), "cs-over-http-")));
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)).slice(1);
    requested.push(path);
    const file = join(ROOT, path);
    if (!SERVED.some((prefix) => path === prefix || path.startsWith(prefix)) || !isFile(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(
      readFileSync(file),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  writeFileSync(
    join(dir, "import_map.json"),
    JSON.stringify({
      imports: {
        "@claude-stream/sdk": `${base}mod.ts`,
        "@claude-stream/sdk/testing": `${base}testing.ts`,
        "valibot": `${base}node_modules/valibot/dist/index.mjs`,
        "@valibot/to-json-schema": `${base}node_modules/@valibot/to-json-schema/dist/index.mjs`,
      },
    }),
  );
  writeFileSync(join(dir, "user.ts"), USER_SCRIPT);
  writeFileSync(join(dir, "deno.ts"), readFileSync(join(ROOT, "examples/quickstart/deno.ts")));
});

after(() => {
  server?.close();
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

/** A user's script: both entries from the server, a fake session as a child process and one in memory. */
const USER_SCRIPT = `
import { collectTurn, Session } from "@claude-stream/sdk";
import { fakeCli } from "@claude-stream/sdk/testing";

const options = fakeCli.sessionOptions({ scenario: fakeCli.scenario().reply("hello over http") });
await using child = new Session(options);
const spawned = await collectTurn(child.stream("hi"));
await using inMemory = new Session({ adapter: fakeCli.inMemoryAdapter(), configDir: options.configDir });
const inProcess = await collectTurn(inMemory.stream("ping"));
console.log(JSON.stringify({ path: fakeCli.path, spawned: spawned.text, pid: child.pid, inProcess: inProcess.text, configDir: options.configDir }));
`;

test(
  "the main and testing entries import over http under Deno; the fake runs as a child process from a launcher, and in memory",
  { skip, timeout: 180_000 },
  async () => {
    const result = await runToEnd(denoRun("user.ts"), { cwd: dir, env: userEnv(), timeoutMs: 150_000 });
    assert.equal(result.code, 0, result.output);
    const out = JSON.parse(result.output.trim().split("\n").pop()!);
    assert.equal(out.spawned, "hello over http");
    assert.equal(typeof out.pid, "number", "a real child process ran the fake");
    assert.equal(out.inProcess, "turns=1 last=ping history=ping");
    assert.ok(
      out.path.startsWith(join(dir, "cache", "claude-stream", "fake-cli-")),
      `the launcher is in the cache folder: ${out.path}`,
    );
    assert.ok(statSync(out.path).mode & 0o100, "the launcher is executable");
    const launcher = readFileSync(out.path, "utf8");
    assert.ok(launcher.includes(`'${base}fake-cli/main.js'`), launcher);
    assert.ok(out.configDir.startsWith(tmpdir()), "the fake wrote into a temp config dir");
    assert.ok(requested.includes("fake-cli/main.js"), "the launched fake loaded its modules from the server");
    assert.ok(!requested.some((path) => path.startsWith("tests/")), "nothing outside the package was asked for");
  },
);

test(
  "the README's Deno quick start runs over http against the kit's launcher",
  { skip, timeout: 180_000 },
  async () => {
    const found = await runToEnd(
      [
        DENO,
        "eval",
        "--no-config",
        "--no-lock",
        `--import-map=${join(dir, "import_map.json")}`,
        `import { fakeCli } from "@claude-stream/sdk/testing"; console.log(fakeCli.path)`,
      ],
      { cwd: dir, env: userEnv(), timeoutMs: 60_000 },
    );
    assert.equal(found.code, 0, found.output);
    const env = { ...userEnv(), CLAUDE_STREAM_CLI_PATH: found.output.trim(), CLAUDE_CONFIG_DIR: join(dir, "config") };
    const result = await runToEnd(denoRun("deno.ts"), { cwd: dir, env, timeoutMs: 150_000 });
    assert.equal(result.code, 0, result.output);
    assert.match(
      result.output,
      /turns=2 last=What is my name\? history=My name is Alice \| What is my name\?\nsession [0-9a-f-]{36}\n$/,
    );
  },
);

function denoRun(file: string): string[] {
  return [
    DENO,
    "run",
    "-A",
    "--quiet",
    "--no-config",
    "--no-lock",
    `--import-map=${join(dir, "import_map.json")}`,
    join(dir, file),
  ];
}

/** A user's environment: their own Deno cache and XDG cache (where the launcher goes), no CLI path set. */
function userEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DENO_DIR: join(dir, "deno-dir"),
    XDG_CACHE_HOME: join(dir, "cache"),
    NO_COLOR: "1",
  };
  delete env.CLAUDE_STREAM_CLI_PATH;
  delete env.CLAUDE_CONFIG_DIR;
  delete env.CLAUDECODE;
  return env;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
