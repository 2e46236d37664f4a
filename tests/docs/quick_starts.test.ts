/**
 * The README's quick starts are the files in `examples/quickstart/`, shown verbatim (a test compares them), and each
 * runs on its own runtime against the CLI under test (the fake, or the real one under `npm run test:real`): `deno.ts` under Deno, `bun.ts` under Bun (an HTTP server, requested
 * by a real client), `node.mjs` under Node. Here the package's names point at this checkout (see `mapImports`);
 * `tests/package/` runs the Node and Bun ones again from the installed npm package, and the Deno one from a package
 * served over http.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runtimeName } from "../../src/runtime/current.ts";
import { CLI_PATH_ENV } from "../../src/session/cli_command.ts";
import { fakeCli } from "../../testing.ts";
import { CLI_PATH, IS_REAL_CLI } from "../cli_under_test.ts";
import { processExists } from "../session/_fixture.ts";
import { mapImports, ROOT, runCommand, runToEnd, startServer } from "./_code_blocks.ts";

const QUICK_STARTS = ["deno.ts", "bun.ts", "node.mjs"] as const;
const runtime = runtimeName();

test("the README shows each quick start file verbatim, after a comment naming it", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.deepEqual(
    readdirSync(join(ROOT, "examples/quickstart")).sort(),
    [...QUICK_STARTS].sort(),
    "the quick start files",
  );
  for (const name of QUICK_STARTS) {
    const shown = quickStartBlock(readme, `examples/quickstart/${name}`);
    assert.equal(
      shown,
      readFileSync(join(ROOT, "examples/quickstart", name), "utf8"),
      `README shows examples/quickstart/${name} as it is`,
    );
  }
  assert.doesNotMatch(readme, /```\w+ no-run/, "no quick start is no-run");
});

test("the Deno quick start type-checks and streams a two-turn conversation", { skip: skipUnless("deno") }, async () => {
  const sandbox = quickStartSandbox("deno.ts");
  try {
    const check = await runToEnd([
      `${ROOT}node_modules/.bin/deno`,
      "check",
      "--quiet",
      "--no-lock",
      "--config",
      `${ROOT}deno.json`,
      sandbox.file,
    ], sandbox.options());
    assert.equal(check.code, 0, check.output);
    const result = await runToEnd(runCommand(sandbox.file), sandbox.options());
    assert.equal(result.code, 0, result.output);
    assert.match(
      result.output,
      /^> My name is Alice\nturns=1 last=My name is Alice history=My name is Alice\n> What is my name\?\n/,
    );
    assert.match(
      result.output,
      /turns=2 last=What is my name\? history=My name is Alice \| What is my name\?\nsession [0-9a-f-]{36}\n$/,
    );
  } finally {
    sandbox.cleanup();
  }
});

test("the Node quick start runs two turns, prints the turn's own cost and reads the conversation back", {
  skip: skipUnless("node"),
}, async () => {
  const sandbox = quickStartSandbox("node.mjs");
  try {
    const result = await runToEnd(runCommand(sandbox.file), sandbox.options());
    assert.equal(result.code, 0, result.output);
    const lines = result.output.trimEnd().split("\n");
    // The fake model's cost depends on the model it imitates: the second turn's own cost, not the running total.
    const cost =
      /^turns=2 last=What is the secret code\? history=Remember: the secret code is 12345 \| What is the secret code\? \(this turn cost \$(0\.\d{6})\)$/
        .exec(lines[1]);
    assert.ok(cost !== null && Number(cost[1]) > 0, lines[1]);
    assert.deepEqual([lines[0], ...lines.slice(2)], [
      "turns=1 last=Remember: the secret code is 12345 history=Remember: the secret code is 12345",
      "user: Remember: the secret code is 12345",
      "assistant: turns=1 last=Remember: the secret code is 12345 history=Remember: the secret code is 12345",
      "user: What is the secret code?",
      "assistant: turns=2 last=What is the secret code? history=Remember: the secret code is 12345 | What is the secret code?",
    ]);
  } finally {
    sandbox.cleanup();
  }
});

test(
  "the Bun quick start serves turns as server-sent events, keeps a reply silent for 11 s open, and takes its CLI down with it",
  { skip: skipUnless("bun"), timeout: 90_000 },
  async () => {
    // With the fake, the first turn is silent for 11 s: longer than Bun's default idle timeout of 10 s. The real CLI
    // has no such scenario (its stand-in model answers at once): there the test serves the two turns only.
    const silence = IS_REAL_CLI ? {} : fakeCli.scenario().startDelay(11_000).env();
    const sandbox = quickStartSandbox("bun.ts", { ...silence, PORT: "0" });
    const server = await startServer(runCommand(sandbox.file), sandbox.options());
    try {
      const first = await fetch(`${server.url}?q=My+name+is+Alice`);
      assert.equal(first.headers.get("content-type"), "text/event-stream; charset=utf-8");
      assert.equal(resultOf(await first.text()), "turns=1 last=My name is Alice history=My name is Alice");
      const second = await fetch(`${server.url}?q=What+is+my+name%3F`);
      assert.equal(
        resultOf(await second.text()),
        "turns=2 last=What is my name? history=My name is Alice | What is my name?",
      );
      const children = childrenOf(server.child.pid!);
      assert.equal(children.length, 1, "one CLI serves every request");
      assert.equal(await server.stop(), 0);
      assert.ok(!children.some(processExists), "the CLI ended with the server");
    } finally {
      server.child.kill("SIGKILL");
      sandbox.cleanup();
    }
  },
);

function skipUnless(name: typeof runtime): string | false {
  return runtime === name ? false : `the ${name} quick start runs under ${name}; this is ${runtime}`;
}

/** The fenced block right after `<!-- file -->` in the README. */
function quickStartBlock(readme: string, file: string): string {
  const at = readme.indexOf(`<!-- ${file} -->`);
  assert.ok(at >= 0, `README names ${file}`);
  const block = /^```\w+\n([\s\S]*?)^```$/m.exec(readme.slice(at));
  assert.ok(block !== null, `a code block follows the name of ${file}`);
  return block[1];
}

/** The quick start with the package's names mapped to this checkout, in a temp dir with the CLI under test as `claude`. */
function quickStartSandbox(name: string, env: Record<string, string> = {}) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "cs-quickstart-")));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  const file = join(dir, name);
  writeFileSync(file, mapImports(readFileSync(join(ROOT, "examples/quickstart", name), "utf8")));
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    [CLI_PATH_ENV]: CLI_PATH,
    CLAUDE_CONFIG_DIR: join(dir, "config"),
    NO_COLOR: "1",
    ...env,
  };
  delete childEnv.CLAUDECODE;
  return {
    file,
    options: () => ({ cwd: dir, env: childEnv, timeoutMs: 60_000 }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The `result` text of an SSE body: the data of its `result` event. */
function resultOf(body: string): string {
  const event = body.split("\n\n").find((block) => block.startsWith("event: result\n"));
  assert.ok(event !== undefined, `a result event in ${body}`);
  return JSON.parse(event.slice(event.indexOf("data: ") + 6)).result;
}

/** The pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number).filter((child) => {
    try {
      return Number(readFileSync(`/proc/${child}/stat`, "utf8").replace(/^.*\) /, "").split(" ")[1]) === pid;
    } catch {
      return false;
    }
  });
}
