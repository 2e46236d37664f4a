/** The CLI version check, the debug log and stdout noise reporting, against real child processes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { ClaudeCodeError } from "../../mod.ts";
import { DEBUG_ENV } from "../../src/session/debug_log.ts";
import { MIN_CLI_VERSION, NEWEST_TESTED_CLI_VERSION } from "../../src/session/cli_version.ts";
import { compareVersions, parseVersion } from "../../src/session/cli_version.ts";
import { fakeCli } from "../../testing.ts";
import { fakeOnly, reply, withSessions } from "./_fixture.ts";

test("parseVersion and compareVersions read the CLI's --version output", () => {
  assert.equal(parseVersion("2.1.197 (Claude Code)\n"), "2.1.197");
  assert.equal(parseVersion("not a version"), null);
  assert.ok(compareVersions("1.0.128", MIN_CLI_VERSION) < 0);
  assert.ok(compareVersions("2.1.197", MIN_CLI_VERSION) > 0);
  assert.equal(compareVersions("2.0.0", "2.0.0"), 0);
  assert.ok(compareVersions("2.10.0", "2.9.9") > 0);
});

test("a CLI older than the oldest supported fails the turn with UNSUPPORTED_CLI_VERSION, spawning no session", async () => {
  const dir = await mkdtemp(join(tmpdir(), "cs-old-cli-"));
  const cli = join(dir, "claude");
  // An old CLI: answers --version, and would print nothing a session could use.
  await writeFile(
    cli,
    '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "1.0.128 (Claude Code)"; exit 0; fi\nsleep 30\n',
  );
  await chmod(cli, 0o755);
  try {
    await withSessions(async (make) => {
      const session = make({ cliPath: cli });
      await assert.rejects(reply(session, "hello"), (error: unknown) => {
        assert.ok(error instanceof ClaudeCodeError);
        assert.equal(error.code, "UNSUPPORTED_CLI_VERSION");
        assert.equal(error.details.version, "1.0.128");
        assert.match(error.message, /needs 2\.0\.0 or newer, and is tested up to 2\.1\.332/);
        assert.equal(error.details.newestTested, NEWEST_TESTED_CLI_VERSION);
        return true;
      });
      assert.equal(session.pid, undefined);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("CLAUDE_STREAM_DEBUG logs the argv and every line sent and received", async () => {
  const logged: string[] = [];
  const original = console.error;
  process.env[DEBUG_ENV] = "1";
  console.error = (line: unknown) => void logged.push(String(line));
  try {
    await withSessions(async (make) => {
      const text = await reply(make(), "debug me");
      assert.match(text, /last=debug me/);
    });
  } finally {
    console.error = original;
    delete process.env[DEBUG_ENV];
  }
  const body = logged.map((line) => line.replace(/^\[claude-stream \d+\] /, ""));
  assert.ok(body.some((line) => line.startsWith("spawn ") && line.includes("--input-format")), "argv logged");
  assert.ok(body.some((line) => line.startsWith("> ") && line.includes('"debug me"')), "the prompt line sent");
  assert.ok(
    body.some((line) => line.startsWith("< ") && line.includes('"type":"control_response"')),
    "control responses received",
  );
  assert.ok(body.some((line) => line.startsWith("< ") && line.includes('"type":"result"')), "the result received");
});

test("without CLAUDE_STREAM_DEBUG nothing is logged", async () => {
  const logged: string[] = [];
  const original = console.error;
  console.error = (line: unknown) => void logged.push(String(line));
  try {
    await withSessions(async (make) => void (await reply(make(), "quiet")));
  } finally {
    console.error = original;
  }
  assert.deepEqual(logged.filter((line) => line.startsWith("[claude-stream")), []);
});

test("non-JSON noise on stdout is reported through onProtocolError and the turn goes on", {
  skip: fakeOnly("noise lines come from the fake's scenarios"),
}, async () => {
  const errors: ClaudeCodeError[] = [];
  const scenario = fakeCli.scenario().noise("this is not json", "[1,2]").reply("still here");
  await withSessions(async (make) => {
    const session = make({ env: fakeCli.env(scenario), onProtocolError: (error) => errors.push(error) });
    assert.equal(await reply(session, "hi"), "still here");
  });
  assert.deepEqual(errors.map((error) => error.code).sort(), ["INVALID_JSON", "INVALID_MESSAGE"]);
});
