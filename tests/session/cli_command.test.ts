import { test } from "node:test";
import assert from "node:assert/strict";
import { CLI_PATH_ENV, cliCommand } from "../../src/session/cli_command.ts";
import type { Runtime } from "../../src/runtime/types.ts";

function runtimeWith(env: Record<string, string>): Runtime {
  return { name: "node", env: (name) => env[name], envObject: () => ({ ...env }), homeDir: () => "/home/x", cwd: () => "/", processes: { spawn: () => { throw new Error("unused"); } }, files: undefined as never };
}

test("cli command: stream-json both ways, options as flags, ids as --flag=value", () => {
  const { args } = cliCommand(
    { model: "haiku", systemPrompt: "-be brief", appendSystemPrompt: "x", allowedTools: ["Read", "Bash(git:*)"], disallowedTools: ["Write"], maxTurns: 3, permissionMode: "acceptEdits", includePartialMessages: true, canUseTool: () => ({ behavior: "deny", message: "" }), extraArgs: ["--debug"] },
    { resume: "8ec596a5-375c-46da-9f57-4c8b183c77bc", forkSession: true, sessionId: "00000000-0000-4000-8000-000000000001" },
    runtimeWith({}),
  );
  assert.deepEqual(args, [
    "--output-format", "stream-json", "--verbose", "--input-format", "stream-json",
    "--model=haiku", "--system-prompt=-be brief", "--append-system-prompt=x", "--allowedTools=Read,Bash(git:*)", "--disallowedTools=Write",
    "--max-turns=3", "--permission-mode=acceptEdits", "--include-partial-messages", "--permission-prompt-tool", "stdio",
    "--resume=8ec596a5-375c-46da-9f57-4c8b183c77bc", "--fork-session", "--session-id=00000000-0000-4000-8000-000000000001", "--debug",
  ]);
});

test("cli command: lookup order is the option, then the environment variable, then claude on the PATH", () => {
  assert.equal(cliCommand({ cliPath: "/opt/claude" }, {}, runtimeWith({ [CLI_PATH_ENV]: "/env/claude" })).command, "/opt/claude");
  assert.equal(cliCommand({}, {}, runtimeWith({ [CLI_PATH_ENV]: "/env/claude" })).command, "/env/claude");
  assert.equal(cliCommand({}, {}, runtimeWith({})).command, "claude");
});

test("cli command: env is merged into the parent's, CLAUDECODE removed, configDir set", () => {
  const { env, cwd } = cliCommand({ env: { EXTRA: "1", HOME: "/other" }, configDir: "/tmp/cfg", cwd: "/work" }, {}, runtimeWith({ PATH: "/bin", HOME: "/home/x", CLAUDECODE: "1" }));
  assert.equal(env.PATH, "/bin");
  assert.equal(env.HOME, "/other");
  assert.equal(env.EXTRA, "1");
  assert.equal(env.CLAUDE_CONFIG_DIR, "/tmp/cfg");
  assert.equal(env.CLAUDE_CODE_ENTRYPOINT, "sdk-ts");
  assert.equal("CLAUDECODE" in env, false);
  assert.equal(cwd, "/work");
});
