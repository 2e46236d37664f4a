import { test } from "node:test";
import assert from "node:assert/strict";
import { currentRuntime, defaultProcessAdapter } from "../../src/runtime/current.ts";
import { isClaudeCodeError } from "../../src/errors.ts";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

const env = { PATH: "/usr/local/bin:/usr/bin:/bin" };
const encoder = new TextEncoder();

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

test("process adapter: stdin in, stdout out, exit code 0", async () => {
  const adapter = await defaultProcessAdapter();
  const child = adapter.spawn("cat", [], { env });
  assert.equal(typeof child.pid, "number");
  const writer = child.stdin.getWriter();
  await writer.write(encoder.encode("one\n"));
  await writer.write(encoder.encode("two\n"));
  await writer.close();
  assert.equal(await text(child.stdout), "one\ntwo\n");
  assert.deepEqual(await child.exited, { code: 0, signal: null });
});

test("process adapter: exit code and stderr", async () => {
  const adapter = await defaultProcessAdapter();
  const child = adapter.spawn("sh", ["-c", "echo oops >&2; exit 3"], { env });
  const [stderr, stdout] = await Promise.all([text(child.stderr), text(child.stdout)]);
  assert.equal(stderr, "oops\n");
  assert.equal(stdout, "");
  assert.deepEqual(await child.exited, { code: 3, signal: null });
});

test("process adapter: the environment given is the whole environment, cwd is honoured", async () => {
  const adapter = await defaultProcessAdapter();
  const child = adapter.spawn("sh", ["-c", 'echo "$FOO|$HOME|$(pwd)"'], { env: { ...env, FOO: "bar" }, cwd: "/tmp" });
  assert.equal(await text(child.stdout), "bar||/tmp\n");
  await child.exited;
});

test("process adapter: kill reports the signal, and is a no-op once exited", async () => {
  const adapter = await defaultProcessAdapter();
  const child = adapter.spawn("sh", ["-c", "exec sleep 30"], { env });
  child.kill("SIGTERM");
  assert.deepEqual(await child.exited, { code: null, signal: "SIGTERM" });
  child.kill("SIGKILL");
  await child.stdout.cancel();
  await child.stderr.cancel();
});

test("process adapter: a missing executable throws CLI_NOT_FOUND at once", async () => {
  const adapter = await defaultProcessAdapter();
  assert.throws(
    () => adapter.spawn("/nonexistent/claude-xyz", [], { env }),
    (error) => isClaudeCodeError(error, "CLI_NOT_FOUND") && error.details.path === "/nonexistent/claude-xyz",
  );
  assert.throws(
    () => adapter.spawn("claude-definitely-not-installed", [], { env }),
    (error) => isClaudeCodeError(error, "CLI_NOT_FOUND"),
  );
});

test("process adapter: a missing file, a file without the run bit and a directory each say why (ENOENT, EACCES, EISDIR)", async () => {
  const adapter = await defaultProcessAdapter();
  const dir = await mkdtemp(join(tmpdir(), "cs-spawn-"));
  try {
    const missing = join(dir, "missing");
    const notExecutable = join(dir, "not-executable");
    const folder = join(dir, "folder");
    await writeFile(notExecutable, "#!/bin/sh\necho hi\n");
    await chmod(notExecutable, 0o644);
    await mkdir(folder);
    for (
      const [path, osCode, why] of [[missing, "ENOENT", /no such file/], [notExecutable, "EACCES", /not executable/], [
        folder,
        "EISDIR",
        /is a directory/,
      ]] as const
    ) {
      assert.throws(() => adapter.spawn(path, [], { env }), (error) => {
        assert.ok(isClaudeCodeError(error, "CLI_NOT_FOUND"));
        assert.equal(error.details.path, path);
        assert.equal(error.details.osCode, osCode);
        assert.ok(error.message.startsWith(`cannot start ${path}: ${osCode} (`), error.message);
        assert.match(error.message, why);
        return true;
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("process adapter: a name not on the PATH, a missing cwd and a missing #! interpreter are ENOENT, each with its reason", async () => {
  const adapter = await defaultProcessAdapter();
  const dir = await mkdtemp(join(tmpdir(), "cs-spawn-"));
  try {
    const script = join(dir, "script");
    await writeFile(script, "#!/nonexistent/interpreter\n");
    await chmod(script, 0o755);
    const cases: [string, string | undefined, RegExp][] = [
      ["claude-definitely-not-installed", undefined, /not found on the PATH \(\/usr\/local\/bin:\/usr\/bin:\/bin\)/],
      ["/bin/sh", join(dir, "gone"), /the working directory .*gone does not exist/],
      [script, undefined, /the interpreter on its #! line or its loader was not found/],
    ];
    for (const [command, cwd, why] of cases) {
      assert.throws(() => adapter.spawn(command, [], { env, cwd }), (error) => {
        assert.ok(isClaudeCodeError(error, "CLI_NOT_FOUND"));
        assert.equal(error.details.osCode, "ENOENT");
        assert.match(error.message, why);
        return true;
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("process adapter: stdin writes wait while the child does not read (backpressure)", async () => {
  const adapter = await defaultProcessAdapter();
  const dir = await mkdtemp(join(tmpdir(), "cs-gate-"));
  const gate = join(dir, "open");
  // The child reads nothing until the gate file exists, then counts what it receives.
  const script = 'while [ ! -e "$GATE" ]; do sleep 0.02; done; exec wc -c';
  const child = adapter.spawn("sh", ["-c", script], { env: { ...env, GATE: gate } });
  const writer = child.stdin.getWriter();
  const chunk = new Uint8Array(1024 * 1024).fill(97);
  let written = 0;
  const writing = (async () => {
    for (let i = 0; i < 16; i++) {
      await writer.write(chunk);
      written++;
    }
    await writer.close();
  })();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(written < 16, `all ${written} MiB were accepted although the child read nothing`);
  await writeFile(gate, "");
  const [count] = await Promise.all([text(child.stdout), writing]);
  assert.equal(Number(count.trim()), 16 * 1024 * 1024);
  assert.equal(written, 16);
  assert.deepEqual(await child.exited, { code: 0, signal: null });
  await rm(dir, { recursive: true, force: true });
});

test("runtime: the platform is named as Node names it, which npm platform packages follow", async () => {
  const platform = (await currentRuntime()).platform();
  assert.equal(platform.os, process.platform);
  assert.equal(platform.arch, process.arch);
  assert.equal(typeof platform.musl, "boolean");
  if (platform.os !== "linux") assert.equal(platform.musl, false);
  assert.equal((await currentRuntime()).platform(), platform, "read once");
});

test("runtime: the environment, home and working directory are the host's own", async () => {
  const runtime = await currentRuntime();
  assert.equal(runtime.env("PATH"), process.env.PATH);
  assert.equal(runtime.env("CLAUDE_STREAM_SURELY_UNSET"), undefined);
  const env = runtime.envObject();
  assert.equal(env.PATH, process.env.PATH);
  env.CLAUDE_STREAM_SURELY_UNSET = "x";
  assert.equal(runtime.env("CLAUDE_STREAM_SURELY_UNSET"), undefined, "a copy");
  if (process.env.HOME !== undefined) assert.equal(runtime.homeDir(), process.env.HOME);
  assert.equal(runtime.cwd(), process.cwd());
});

test("process adapter: the runtime picks its own adapter", async () => {
  const runtime = await currentRuntime();
  assert.equal(runtime.processes, await defaultProcessAdapter());
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  assert.equal(runtime.name, g.Deno ? "deno" : g.Bun ? "bun" : "node");
});
