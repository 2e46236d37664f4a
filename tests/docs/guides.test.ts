/**
 * Every ```ts block of the guides in `docs/` runs, standalone, as a child process on the current runtime (`deno run`,
 * `bun`, `node --import tsx`): the package's imports point at this checkout, `claude` is the CLI under test (the fake, or the
 * real one under `npm run test:real`; on the PATH and as `CLAUDE_STREAM_CLI_PATH`), and each block gets its own temp cwd and `CLAUDE_CONFIG_DIR`, whose `projects/`
 * starts as the recorded sample (so the history guide reads real sessions such as `8ec596a5-…`). A block importing
 * `node:test` is a test file and runs under the runtime's test runner (`deno test`, `bun test`, `node --test`).
 * A block fenced as ```ts deno (bun, node) runs on that runtime only, and is skipped, saying so, on the others; one
 * fenced ```ts server ... is a server: started with `PORT=0`, asked for a turn, stopped. No block may be `no-run`.
 * `GUIDE=http.md` runs one guide only.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { CLI_PATH_ENV } from "../../src/session/cli_command.ts";
import { CLI_PATH } from "../cli_under_test.ts";
import { PROJECTS_SAMPLE_DIR } from "../fixtures.ts";
import { skipReason as noPostgres, startPostgres, type TestPostgres } from "../store/_postgres.ts";
import { runtimeName } from "../../src/runtime/current.ts";
import {
  blocksOf,
  guideBlocks,
  isTestFile,
  mapImports,
  ROOT,
  runCommand,
  runToEnd,
  startServer,
} from "./_code_blocks.ts";

const BLOCK_TIMEOUT_MS = 60_000;

/** A block that reads `DATABASE_URL` gets a throwaway PostgreSQL (started once, for the first such block). */
let postgres: Promise<TestPostgres> | undefined;
after(async () => await (await postgres)?.stop());
// GUIDE=http.md runs one guide's blocks only (while writing it).
const blocks = guideBlocks().filter((block) => !process.env.GUIDE || block.file === `docs/${process.env.GUIDE}`);

test("the guides have code blocks to run", () => {
  assert.ok(blocks.some((block) => !block.noRun), "at least one runnable ```ts block");
});

test("the block extractor: ts and typescript fences, no-run flags, other languages ignored, nested fences kept", () => {
  const markdown = [
    "```ts",
    "run1()",
    "```",
    "```sh",
    "npm test",
    "```",
    "````md",
    "```ts",
    "inside()",
    "```",
    "````",
    "```typescript no-run",
    "skip()",
    "```",
    "```ts server bun",
    "serve()",
    "```",
  ].join("\n");
  assert.deepEqual(blocksOf("x.md", markdown), [
    { file: "x.md", line: 1, noRun: false, server: false, code: "run1()" },
    { file: "x.md", line: 12, noRun: true, server: false, code: "skip()" },
    { file: "x.md", line: 15, noRun: false, runtime: "bun", server: true, code: "serve()" },
  ]);
});

test("the import mapping: every spelling of the package, and nothing else", () => {
  const mapped = mapImports(
    `import "@claude-stream/sdk"; import 'claude-stream/testing'; import "jsr:@claude-stream/sdk@0.1/testing"; import "npm:claude-stream/protocol"; import "valibot"; import "./examples/chat/app.ts"; import "./mine.ts";`,
  );
  assert.equal((mapped.match(/mod\.ts/g) ?? []).length, 1);
  assert.equal((mapped.match(/testing\.ts/g) ?? []).length, 2);
  assert.equal((mapped.match(/\/protocol\.ts"/g) ?? []).length, 1);
  assert.match(mapped, /"file:\/\/\S+\/examples\/chat\/app\.ts"/);
  assert.match(mapped, /"valibot"/);
  assert.match(mapped, /"\.\/mine\.ts"/);
});

test("every guide with code says, at its top, how Node and Bun import the package", () => {
  for (const file of new Set(blocks.map((block) => block.file))) {
    const top = readFileSync(join(ROOT, file), "utf8").split("\n").slice(0, 8).join("\n");
    assert.match(top, /`@claude-stream\/sdk`[\s\S]*`claude-stream`[\s\S]*README\.md#install-and-import/, file);
  }
});

test("no guide block is fenced no-run: every block runs, on its runtime", () => {
  assert.deepEqual(blocks.filter((block) => block.noRun).map((block) => `${block.file}:${block.line}`), []);
});

for (const block of blocks) {
  const title = `${block.file}:${block.line} runs${block.runtime ? ` on ${block.runtime}` : ""}${
    block.server ? " and serves a turn as SSE" : ""
  }`;
  const needsPostgres = block.code.includes("DATABASE_URL");
  const skip = block.runtime !== undefined && block.runtime !== runtimeName()
    ? `written for ${block.runtime}; this is ${runtimeName()}`
    : needsPostgres && noPostgres !== false
    ? noPostgres
    : false;
  test(title, { skip, timeout: BLOCK_TIMEOUT_MS + 30_000 }, async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "cs-guide-")));
    try {
      const bin = join(dir, "bin");
      mkdirSync(bin);
      symlinkSync(CLI_PATH, join(bin, "claude"));
      // the package's own dependencies, as a project that installed it has them (a block may import valibot)
      symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
      cpSync(PROJECTS_SAMPLE_DIR, join(dir, "config", "projects"), { recursive: true });
      // Node reads a .ts file outside any package as CommonJS, where top-level await is not allowed.
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
      const asTest = isTestFile(block.code);
      const file = join(dir, asTest ? "block.test.ts" : "block.ts");
      writeFileSync(file, mapImports(block.code) + "\n");
      const env: Record<string, string | undefined> = {
        ...process.env,
        [CLI_PATH_ENV]: CLI_PATH,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
        CLAUDE_CONFIG_DIR: join(dir, "config"),
        NO_COLOR: "1",
      };
      delete env.CLAUDECODE;
      if (needsPostgres) env.DATABASE_URL = (await (postgres ??= startPostgres())).url;
      if (block.server) {
        return await requestServer(runCommand(file), {
          cwd: dir,
          env: { ...env, PORT: "0" },
          timeoutMs: BLOCK_TIMEOUT_MS,
        });
      }
      const result = await runToEnd(runCommand(file, asTest), { cwd: dir, env, timeoutMs: BLOCK_TIMEOUT_MS });
      const why = result.timedOut
        ? `did not end within ${BLOCK_TIMEOUT_MS} ms`
        : `exited with ${result.code ?? result.signal}`;
      assert.ok(
        !result.timedOut && result.code === 0,
        `${block.file}:${block.line} ${why}:\n${result.output.slice(-3000)}`,
      );
    } finally {
      // A server block is stopped by a signal, which its Session does not see: its CLI (in a process group of its
      // own) ends on the EOF of its stdin, and may still write its session file for a moment.
      await untilNoProcessIn(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Waits (up to 10 s) until no process has its working directory in `dir` (Linux: /proc; elsewhere, no wait). */
async function untilNoProcessIn(dir: string): Promise<void> {
  if (!existsSync("/proc/self/cwd")) return;
  const inDir = () =>
    readdirSync("/proc").some((pid) => {
      try {
        return /^\d+$/.test(pid) && readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
      } catch {
        return false; // gone while we looked, or not ours to read
      }
    });
  for (let waited = 0; waited < 10_000 && inDir(); waited += 100) await new Promise((r) => setTimeout(r, 100));
}

/** A server block: started with `PORT=0`, asked for one turn once it listens, then stopped with SIGTERM. */
async function requestServer(
  command: string[],
  options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number },
): Promise<void> {
  const server = await startServer(command, options);
  try {
    const response = await fetch(new URL("?prompt=Hello", server.url.replace("0.0.0.0", "127.0.0.1")));
    assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const body = await response.text();
    assert.match(body, /^event: result\ndata: .*"result":"turns=1 last=Hello history=Hello"/m, body);
  } finally {
    await server.stop();
  }
}
