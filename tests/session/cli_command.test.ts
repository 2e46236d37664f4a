import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { CLI_PATH_ENV, cliCommand, resolveCliCommand } from "../../src/session/cli_command.ts";
import { isClaudeCodeError } from "../../src/errors.ts";
import { currentRuntime } from "../../src/runtime/current.ts";
import type { Runtime } from "../../src/runtime/types.ts";
import { Session } from "../../src/session/mod.ts";
import { fakeCli } from "../../testing.ts";
import { reply } from "./_fixture.ts";

function runtimeWith(env: Record<string, string>): Runtime {
  return {
    name: "node",
    env: (name) => env[name],
    envObject: () => ({ ...env }),
    homeDir: () => "/home/x",
    cwd: () => "/",
    platform: () => ({ os: "linux", arch: "x64", musl: false }),
    processes: {
      spawn: () => {
        throw new Error("unused");
      },
    },
    files: undefined as never,
  };
}

test("cli command: stream-json both ways, options as flags, ids as --flag=value", () => {
  const { args } = cliCommand(
    {
      model: "haiku",
      systemPrompt: "-be brief",
      appendSystemPrompt: "x",
      allowedTools: ["Read", "Bash(git:*)"],
      disallowedTools: ["Write"],
      maxTurns: 3,
      permissionMode: "acceptEdits",
      includePartialMessages: true,
      canUseTool: () => ({ behavior: "deny", message: "" }),
      extraArgs: ["--debug"],
    },
    {
      resume: "8ec596a5-375c-46da-9f57-4c8b183c77bc",
      forkSession: true,
      sessionId: "00000000-0000-4000-8000-000000000001",
    },
    runtimeWith({}),
  );
  assert.deepEqual(args, [
    "--output-format",
    "stream-json",
    "--verbose",
    "--input-format",
    "stream-json",
    "--model=haiku",
    "--system-prompt=-be brief",
    "--append-system-prompt=x",
    "--allowedTools=Read,Bash(git:*)",
    "--disallowedTools=Write",
    "--max-turns=3",
    "--permission-mode=acceptEdits",
    "--include-partial-messages",
    "--permission-prompt-tool",
    "stdio",
    "--resume=8ec596a5-375c-46da-9f57-4c8b183c77bc",
    "--fork-session",
    "--session-id=00000000-0000-4000-8000-000000000001",
    "--debug",
  ]);
});

test("cli command: without looking at the disk, the option, then the environment variable (unless empty), then claude", () => {
  assert.equal(
    cliCommand({ cliPath: "/opt/claude" }, {}, runtimeWith({ [CLI_PATH_ENV]: "/env/claude" })).command,
    "/opt/claude",
  );
  assert.equal(cliCommand({}, {}, runtimeWith({ [CLI_PATH_ENV]: "/env/claude" })).command, "/env/claude");
  assert.equal(cliCommand({}, {}, runtimeWith({})).command, "claude");
  assert.equal(cliCommand({}, {}, runtimeWith({ [CLI_PATH_ENV]: "" })).command, "claude");
});

test("cli command: env is merged into the parent's, CLAUDECODE removed, configDir set", () => {
  const { env, cwd } = cliCommand(
    { env: { EXTRA: "1", HOME: "/other" }, configDir: "/tmp/cfg", cwd: "/work" },
    {},
    runtimeWith({ PATH: "/bin", HOME: "/home/x", CLAUDECODE: "1" }),
  );
  assert.equal(env.PATH, "/bin");
  assert.equal(env.HOME, "/other");
  assert.equal(env.EXTRA, "1");
  assert.equal(env.CLAUDE_CONFIG_DIR, "/tmp/cfg");
  assert.equal(env.CLAUDE_CODE_ENTRYPOINT, "sdk-ts");
  assert.equal("CLAUDECODE" in env, false);
  assert.equal(cwd, "/work");
});

// --- Where the CLI is found: through the host runtime's file adapter, in a fake install laid out in a temp dir ---

/** The platform package the CLI's installer would pick on this host. */
function platformKey(runtime: Runtime): string {
  const { os, arch, musl } = runtime.platform();
  return os === "linux" && musl ? `linux-${arch}-musl` : `${os}-${arch}`;
}

/** The host runtime with a given environment and cwd: real files, so each runtime's adapter does the looking. */
async function hostWith(env: Record<string, string>, cwd: string): Promise<Runtime> {
  const host = await currentRuntime();
  return { ...host, env: (name) => env[name], envObject: () => ({ ...env }), cwd: () => cwd };
}

/** Writes `files` (path -> content; mode 755) under `root`. */
async function lay(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content, { mode: 0o755 });
  }
}

const STUB = `echo "Error: claude native binary not installed." >&2\n${"#".repeat(440)}\nexit 1\n`; // the 500-byte placeholder
const NATIVE_MANIFEST = JSON.stringify({
  name: "@anthropic-ai/claude-code",
  version: "2.1.332",
  bin: { claude: "bin/claude.exe" },
});

async function withTemp(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "cs-find-cli-")));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("cli lookup: the option wins over the variable, the variable over the project's npm package", async () => {
  await withTemp(async (dir) => {
    const key = platformKey(await currentRuntime());
    await lay(dir, {
      "node_modules/@anthropic-ai/claude-code/package.json": NATIVE_MANIFEST,
      [`node_modules/@anthropic-ai/claude-code-${key}/claude`]: "#!/bin/sh\n",
    });
    const runtime = await hostWith({ [CLI_PATH_ENV]: "/env/claude", PATH: "" }, dir);
    assert.equal((await resolveCliCommand({ cliPath: "/opt/claude" }, {}, runtime)).command, "/opt/claude");
    assert.equal((await resolveCliCommand({}, {}, runtime)).command, "/env/claude");
    assert.equal(
      (await resolveCliCommand({}, {}, await hostWith({ PATH: "" }, dir))).command,
      join(dir, `node_modules/@anthropic-ai/claude-code-${key}/claude`),
    );
  });
});

test("cli lookup: the npm package's platform binary, found from the session's cwd up (hoisted, nested, pnpm)", async () => {
  await withTemp(async (dir) => {
    const runtime = await hostWith({ PATH: "" }, "/");
    const key = platformKey(runtime);
    // npm and yarn hoist the platform package beside the main one.
    await lay(dir, {
      "hoisted/node_modules/@anthropic-ai/claude-code/package.json": NATIVE_MANIFEST,
      "hoisted/node_modules/@anthropic-ai/claude-code/bin/claude.exe": STUB,
      [`hoisted/node_modules/@anthropic-ai/claude-code-${key}/claude`]: "#!/bin/sh\n",
      "hoisted/src/deep/.keep": "",
    });
    assert.equal(
      (await resolveCliCommand({ cwd: join(dir, "hoisted/src/deep") }, {}, runtime)).command,
      join(dir, `hoisted/node_modules/@anthropic-ai/claude-code-${key}/claude`),
    );
    // ...or nest it in the main package's own node_modules.
    await lay(dir, {
      "nested/node_modules/@anthropic-ai/claude-code/package.json": NATIVE_MANIFEST,
      [`nested/node_modules/@anthropic-ai/claude-code/node_modules/@anthropic-ai/claude-code-${key}/claude`]:
        "#!/bin/sh\n",
    });
    assert.equal(
      (await resolveCliCommand({ cwd: join(dir, "nested") }, {}, runtime)).command,
      join(dir, `nested/node_modules/@anthropic-ai/claude-code/node_modules/@anthropic-ai/claude-code-${key}/claude`),
    );
    // pnpm links the package into a store folder, whose node_modules holds its dependencies.
    const store = "pnpm/node_modules/.pnpm/@anthropic-ai+claude-code@2.1.332/node_modules";
    await lay(dir, {
      [`${store}/@anthropic-ai/claude-code/package.json`]: NATIVE_MANIFEST,
      [`${store}/@anthropic-ai/claude-code-${key}/claude`]: "#!/bin/sh\n",
    });
    await mkdir(join(dir, "pnpm/node_modules/@anthropic-ai"), { recursive: true });
    await symlink(
      join(dir, `${store}/@anthropic-ai/claude-code`),
      join(dir, "pnpm/node_modules/@anthropic-ai/claude-code"),
    );
    assert.equal(
      (await resolveCliCommand({ cwd: join(dir, "pnpm") }, {}, runtime)).command,
      join(dir, `${store}/@anthropic-ai/claude-code-${key}/claude`),
    );
  });
});

test("cli lookup: the package's own bin once its install script placed the binary there, and cli.js before 2.1.113", async () => {
  await withTemp(async (dir) => {
    const runtime = await hostWith({ PATH: "" }, dir);
    await lay(dir, {
      "placed/node_modules/@anthropic-ai/claude-code/package.json": NATIVE_MANIFEST,
      "placed/node_modules/@anthropic-ai/claude-code/bin/claude.exe": "\x7fELF".padEnd(8192, "\0"),
    });
    assert.equal(
      (await resolveCliCommand({ cwd: join(dir, "placed") }, {}, runtime)).command,
      join(dir, "placed/node_modules/@anthropic-ai/claude-code/bin/claude.exe"),
    );
    await lay(dir, {
      "old/node_modules/@anthropic-ai/claude-code/package.json": JSON.stringify({
        version: "2.1.112",
        bin: { claude: "cli.js" },
      }),
      "old/node_modules/@anthropic-ai/claude-code/cli.js": "#!/usr/bin/env node\n",
    });
    assert.equal(
      (await resolveCliCommand({ cwd: join(dir, "old") }, {}, runtime)).command,
      join(dir, "old/node_modules/@anthropic-ai/claude-code/cli.js"),
    );
  });
});

test("cli lookup: claude on the PATH (the child's PATH) comes last, and is left to the spawn to pick", async () => {
  await withTemp(async (dir) => {
    await lay(dir, { "bin/claude": "#!/bin/sh\n" });
    const runtime = await hostWith({ PATH: "/nonexistent" }, dir);
    assert.equal(
      (await resolveCliCommand({ env: { PATH: `/nonexistent:${join(dir, "bin")}` } }, {}, runtime)).command,
      "claude",
    );
    // A custom adapter spawns wherever it spawns: this host's disk is not searched.
    const adapter = {
      spawn: () => {
        throw new Error("unused");
      },
    };
    assert.equal((await resolveCliCommand({ adapter }, {}, runtime)).command, "claude");
  });
});

test("cli lookup: nothing found is CLI_NOT_FOUND naming every place looked at and how to install", async () => {
  await withTemp(async (dir) => {
    const project = join(dir, "project");
    await mkdir(join(dir, "empty"));
    await mkdir(project);
    const runtime = await hostWith({ PATH: `${join(dir, "empty")}:/nonexistent` }, project);
    await assert.rejects(resolveCliCommand({}, {}, runtime), (error) => {
      assert.ok(isClaudeCodeError(error, "CLI_NOT_FOUND"));
      const tried = error.details.tried as string[];
      const modules = ["cliPath option (not set)", `$${CLI_PATH_ENV} (not set)`];
      for (let at = project;; at = dirname(at)) {
        modules.push(join(at, "node_modules/@anthropic-ai/claude-code"));
        if (at === dirname(at)) break;
      }
      assert.deepEqual(tried, [...modules, join(dir, "empty/claude"), "/nonexistent/claude"]);
      for (const place of tried) assert.ok(error.message.includes(place), `${place} in the message`);
      assert.deepEqual(error.details.install, [
        "npm install -g @anthropic-ai/claude-code",
        "npm install @anthropic-ai/claude-code",
      ]);
      assert.match(
        error.message,
        /`npm install -g @anthropic-ai\/claude-code`, or `npm install @anthropic-ai\/claude-code` in the project, or set the cliPath option or \$CLAUDE_STREAM_CLI_PATH/,
      );
      return true;
    });
  });
});

test("cli lookup: a package installed without its binary (--omit=optional, --ignore-scripts) is named as the problem", async () => {
  await withTemp(async (dir) => {
    await lay(dir, {
      "node_modules/@anthropic-ai/claude-code/package.json": NATIVE_MANIFEST,
      "node_modules/@anthropic-ai/claude-code/bin/claude.exe": STUB,
    });
    const runtime = await hostWith({ PATH: "" }, dir);
    const key = platformKey(runtime);
    await assert.rejects(resolveCliCommand({}, {}, runtime), (error) => {
      assert.ok(isClaudeCodeError(error, "CLI_NOT_FOUND"));
      const tried = error.details.tried as string[];
      assert.ok(tried.includes(join(dir, `node_modules/@anthropic-ai/claude-code-${key}/claude`)), tried.join("\n"));
      assert.ok(
        tried.includes(
          join(dir, `node_modules/@anthropic-ai/claude-code/node_modules/@anthropic-ai/claude-code-${key}/claude`),
        ),
      );
      assert.ok(tried.includes(join(dir, "node_modules/@anthropic-ai/claude-code/bin/claude.exe")));
      assert.ok(tried.includes("PATH (empty)"));
      assert.equal(error.details.packageDir, join(dir, "node_modules/@anthropic-ai/claude-code"));
      assert.match(error.message, new RegExp(`not its native binary for ${key}.*--omit=optional or --ignore-scripts`));
      return true;
    });
  });
});

test("cli lookup: a Session runs the CLI of its project's npm package, and reports a missing one with the places looked at", async () => {
  await withTemp(async (dir) => {
    const key = platformKey(await currentRuntime());
    await lay(dir, {
      "app/node_modules/@anthropic-ai/claude-code/package.json": NATIVE_MANIFEST,
      [`app/node_modules/@anthropic-ai/claude-code-${key}/claude`]: `#!/bin/sh\nexec "${fakeCli.path}" "$@"\n`,
    });
    await mkdir(join(dir, "none"));
    const saved = process.env[CLI_PATH_ENV];
    delete process.env[CLI_PATH_ENV];
    try {
      const options = {
        configDir: join(dir, "config"),
        env: { PATH: "/usr/bin:/bin" },
        timeout: 60_000,
        shutdownGraceMs: 1_000,
      };
      await using found = new Session({ ...options, cwd: join(dir, "app") });
      assert.match(await reply(found, "hello"), /last=hello/);
      await using missing = new Session({ ...options, cwd: join(dir, "none"), env: { PATH: join(dir, "none") } });
      await assert.rejects(reply(missing, "hello"), (error) => {
        assert.ok(isClaudeCodeError(error, "CLI_NOT_FOUND"));
        assert.ok((error.details.tried as string[]).includes(join(dir, "none/node_modules/@anthropic-ai/claude-code")));
        assert.ok((error.details.tried as string[]).includes(join(dir, "none/claude")));
        return true;
      });
    } finally {
      if (saved !== undefined) process.env[CLI_PATH_ENV] = saved;
    }
  });
});

test("cli command: structured output, agents, settings and limits as the official SDK passes them", async () => {
  const { parseSessionOptions } = await import("../../src/session/session_options.ts");
  const v = await import("valibot");
  const options = parseSessionOptions({
    outputFormat: { type: "json_schema", schema: v.object({ answer: v.number() }) },
    agents: { reviewer: { description: "Reviews", prompt: "You review." } },
    agent: "reviewer",
    settingSources: ["project", "local"],
    settings: { model: "claude-sonnet-4-5" },
    plugins: [{ type: "local", path: "./plugin" }],
    thinking: { type: "enabled", budgetTokens: 4000 },
    effort: "high",
    maxBudgetUsd: 0.5,
    fallbackModel: "sonnet",
    additionalDirectories: ["/srv/a", "/srv/b"],
    persistSession: false,
    tools: ["Read", "Grep"],
    betas: ["context-1m-2025-08-07"],
    enableFileCheckpointing: true,
  });
  const { args, env } = cliCommand(options, { resume: "s1", resumeSessionAt: "u1" }, runtimeWith({}));
  const expected = [
    '--json-schema={"type":"object","properties":{"answer":{"type":"number"}},"required":["answer"]}',
    '--agents={"reviewer":{"description":"Reviews","prompt":"You review."}}',
    "--agent=reviewer",
    "--setting-sources=project,local",
    '--settings={"model":"claude-sonnet-4-5"}',
    "--plugin-dir=./plugin",
    "--max-thinking-tokens=4000",
    "--effort=high",
    "--max-budget-usd=0.5",
    "--fallback-model=sonnet",
    "--add-dir=/srv/a",
    "--add-dir=/srv/b",
    "--no-session-persistence",
    "--tools=Read,Grep",
    "--betas=context-1m-2025-08-07",
    "--resume=s1",
    "--resume-session-at=u1",
  ];
  for (const arg of expected) assert.ok(args.includes(arg), `${arg} in ${JSON.stringify(args)}`);
  assert.equal(env.CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING, "true");
  const flags = (extra: Record<string, unknown>) => cliCommand(parseSessionOptions(extra), {}, runtimeWith({})).args;
  assert.ok(flags({ thinking: { type: "disabled" } }).includes("--thinking=disabled"));
  assert.ok(flags({ thinking: { type: "adaptive" } }).includes("--thinking=adaptive"));
  assert.ok(flags({ maxThinkingTokens: 100 }).includes("--max-thinking-tokens=100"));
  assert.ok(flags({ tools: [] }).includes("--tools="));
  assert.ok(flags({ tools: { type: "preset", preset: "claude_code" } }).includes("--tools=default"));
  assert.ok(flags({ settings: "/etc/claude.json" }).includes("--settings=/etc/claude.json"));
  assert.ok(
    flags({ outputFormat: { type: "json_schema", schema: { type: "object" } } }).includes(
      '--json-schema={"type":"object"}',
    ),
  );
  const plain = flags({});
  for (const name of ["--json-schema", "--agents", "--effort", "--no-session-persistence", "--tools", "--add-dir"]) {
    assert.ok(!plain.some((arg) => arg.startsWith(name)), name);
  }
});
