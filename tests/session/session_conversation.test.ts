// session.conversation(): a session reads its own history with its own config dir and cwd.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isClaudeCodeError } from "../../src/errors.ts";
import * as history from "../../src/history/mod.ts";
import { reply, withSessions } from "./_fixture.ts";

test("conversation: a session reads its own conversation without repeating configDir or cwd", async () => {
  await withSessions(async (make, fx) => {
    const session = make();
    await reply(session, "My name is Alice");
    await reply(session, "What is my name?");
    // Without the session's config dir, history looks in the default one, where this session is not.
    await assert.rejects(
      history.conversation(session.sessionId!, { configDir: `${fx.configDir}-elsewhere` }),
      (error) => isClaudeCodeError(error, "SESSION_NOT_FOUND"),
    );
    const messages = await session.conversation();
    assert.deepEqual(messages.map((message) => message.type), ["user", "assistant", "user", "assistant"]);
    assert.equal(messages[0].text, "My name is Alice");
    assert.match(messages[3].text, /history=My name is Alice \| What is my name\?/);
    assert.deepEqual(
      messages,
      await history.conversation(session.sessionId!, { configDir: fx.configDir, projectPath: fx.cwd }),
    );
  });
});

test("conversation: the config dir may come from env.CLAUDE_CONFIG_DIR, as the CLI gets it", async () => {
  await withSessions(async (make, fx) => {
    const session = make({ configDir: undefined, env: { CLAUDE_CONFIG_DIR: fx.configDir } });
    await reply(session, "hello");
    assert.deepEqual((await session.conversation()).map((message) => message.text.split(" ")[0]), ["hello", "turns=1"]);
  });
});

test("conversation: before the first turn, the conversation the next turn continues", async () => {
  await withSessions(async (make) => {
    const fresh = make();
    assert.equal(fresh.sessionId, null);
    assert.deepEqual(await fresh.conversation(), [], "a new session has said nothing yet");
    await reply(fresh, "My name is Alice");
    const id = fresh.sessionId!;
    await fresh.stop();

    const resumed = make({ resume: id });
    assert.equal(resumed.sessionId, null);
    assert.deepEqual(
      (await resumed.conversation()).map((message) => message.text.split(" ")[0]),
      ["My", "turns=1"],
      "with resume: the resumed conversation",
    );
    const fork = make({ resume: id, forkSession: true });
    assert.equal((await fork.conversation()).length, 2, "with forkSession: the conversation its first turn copies");
    assert.deepEqual(
      await make({ continue: true }).conversation(),
      [],
      "with continue the CLI picks the conversation when it starts",
    );
    assert.deepEqual(await make({ resume: "a title" }).conversation(), [], "a title is resolved by the CLI only");
    const unknown = make({ resume: "00000000-0000-4000-8000-00000000abcd" });
    await assert.rejects(unknown.conversation(), (error) => isClaudeCodeError(error, "SESSION_NOT_FOUND"));

    await reply(resumed, "What is my name?");
    assert.equal((await resumed.conversation()).length, 4);
    await resumed.clear();
    assert.deepEqual(await resumed.conversation(), [], "after clear() the next turn starts a new conversation");
  });
});
