// The demo (`npm run demo`) runs on the fake alone and shows what it promises.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runDemo } from "../../examples/demo.ts";

test("demo: streams a conversation and shows resume, fork, clear and history on the fake", async () => {
  let out = "";
  await runDemo({ write: (text) => void (out += text), slowMs: 1 });
  assert.match(
    out,
    /turns=3 last=What's my name and what am I learning\? \(be SLOW about it\) history=My name is Alice \| I'm learning TypeScript/,
  );
  assert.match(out, /turns=4 last=Remind me, what was my name\?/);
  assert.match(out, /same id: true/);
  assert.match(out, /turns=5 last=Let's say I'm learning Rust instead/);
  assert.match(
    out,
    /turns=5 last=Still Alice\? history=.*Remind me, what was my name\? \| Still Alice\?/,
    "the fork left the original untouched",
  );
  assert.match(out, /turns=1 last=Do you know my name now\? history=Do you know my name now\?\n/);
  assert.match(out, /== History[\s\S]*user {6}My name is Alice\nassistant turns=1/);
});

/** The demo as `npm run demo -- --real` starts it, on the runtime running this test. */
function demoCommand(): string[] {
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  const demo = fileURLToPath(new URL("../../examples/demo.ts", import.meta.url));
  if (g.Deno !== undefined) {
    return [process.execPath, "run", "-A", "--no-lock", "--config", `${ROOT}deno.json`, demo, "--real"];
  }
  if (g.Bun !== undefined) return [process.execPath, demo, "--real"];
  // --import is resolved from the cwd, a temp dir here: tsx's loader is named by its full URL.
  return [process.execPath, "--import", pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href, demo, "--real"];
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

test("demo --real without any claude installed says what to install and where it looked, with no stack", async () => {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "cs-demo-real-")));
  const emptyBin = join(dir, "bin");
  await mkdir(emptyBin);
  const env: Record<string, string | undefined> = { ...process.env, PATH: emptyBin, NO_COLOR: "1" };
  delete env.CLAUDE_STREAM_CLI_PATH;
  delete env.CLAUDECODE;
  try {
    const [command, ...args] = demoCommand();
    const child = spawn(command, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    const output = `exit ${code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
    assert.notEqual(code, 0, output);
    assert.match(stderr, /needs the Claude Code CLI/, output);
    assert.match(stderr, /npm install -g @anthropic-ai\/claude-code/, output);
    assert.match(stderr, /npm install @anthropic-ai\/claude-code {3}\(in this project\)/, output);
    assert.ok(stderr.includes(`  ${join(dir, "node_modules/@anthropic-ai/claude-code")}\n`), output);
    assert.ok(stderr.includes(`  ${join(emptyBin, "claude")}\n`), output);
    assert.ok(stderr.includes("$CLAUDE_STREAM_CLI_PATH (not set)"), output);
    assert.doesNotMatch(stderr, /^\s+at /m, `no stack trace\n${output}`);
    assert.doesNotMatch(stdout, /== A multi-turn/, "nothing of the show before the CLI is known to be there");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
