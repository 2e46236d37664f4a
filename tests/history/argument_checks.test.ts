// The history functions' arguments: an options object where an id or a path goes is INVALID_OPTION naming the
// argument, never a TypeError from deep inside (`cwd.replace is not a function`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isClaudeCodeError } from "../../src/errors.ts";
import * as history from "../../src/history/mod.ts";

function invalid(option: string) {
  return (error: unknown) => {
    assert.ok(isClaudeCodeError(error, "INVALID_OPTION"), `expected INVALID_OPTION, got ${error}`);
    assert.equal(error.details.option, option);
    return true;
  };
}

test("history arguments: options passed where the id or path goes are INVALID_OPTION naming that argument", async () => {
  const configDir = await mkdtemp(join(tmpdir(), "cs-args-"));
  const options = { configDir };
  const asId = options as unknown as string;
  try {
    await assert.rejects(history.conversation(asId), invalid("sessionId"));
    await assert.rejects(history.readSession(asId), invalid("sessionId"));
    await assert.rejects(history.summary(asId), invalid("sessionId"));
    await assert.rejects(history.sessionInfo(asId), invalid("sessionId"));
    await assert.rejects(history.findSession(asId), invalid("sessionId"));
    await assert.rejects(history.listSubagents(asId), invalid("sessionId"));
    await assert.rejects(history.readSubagent(asId, "agent"), invalid("sessionId"));
    await assert.rejects(history.subagentConversation(asId, "agent"), invalid("sessionId"));
    await assert.rejects(history.listSessions(asId), invalid("projectPath"));
    assert.throws(() => history.encodeProjectPath(asId), invalid("cwd"));
    // A null id (a Session before its first turn) says the same.
    await assert.rejects(history.conversation(null as unknown as string, options), invalid("sessionId"));
    await assert.rejects(
      history.conversation("8ec596a5-375c-46da-9f57-4c8b183c77bc", { configDir, projectPath: {} as unknown as string }),
      invalid("projectPath"),
    );
    const message = await history.listSessions(asId).then(() => "resolved", (error) => String(error));
    assert.match(message, /projectPath must be a string, got an object: options go in the last argument/);
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
});

test("history arguments: options that are not an options object are INVALID_OPTION", async () => {
  const id = "8ec596a5-375c-46da-9f57-4c8b183c77bc";
  await assert.rejects(history.conversation(id, "/tmp/claude" as never), invalid("options"));
  await assert.rejects(history.listProjects(null as never), invalid("options"));
  await assert.rejects(history.listSessions(undefined, { configDir: 42 as never }), invalid("configDir"));
  await assert.rejects(
    history.readSession(id, { configDir: "/tmp/none", onError: "log" as never }),
    invalid("onError"),
  );
});

test("history arguments: an option whose value is undefined counts as absent", async () => {
  const configDir = await mkdtemp(join(tmpdir(), "cs-args-"));
  try {
    assert.deepEqual(
      await history.listSessions(undefined, { configDir, onError: undefined, files: undefined, runtime: undefined }),
      [],
    );
    await assert.rejects(
      history.conversation("8ec596a5-375c-46da-9f57-4c8b183c77bc", { configDir, projectPath: undefined }),
      (error) => isClaudeCodeError(error, "SESSION_NOT_FOUND"),
    );
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
});
