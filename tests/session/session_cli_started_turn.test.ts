// CLI 2.1.332 starts a turn by itself when a background task ends: its lines come while a prompt of ours may be the
// turn that runs, and its `result` carries `origin: { kind: "task-notification" }` (recording k1 of 2.1.332). That
// result is not the answer to our prompt: before, it ended our turn with the wrong result, and our real result then
// ended the next turn.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../src/session/mod.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import { answerLikeTheCli, resultLine, scriptedAdapter, SESSION_ID } from "./_scripted_cli.ts";

test("a result of a turn the CLI started itself (origin: task-notification) ends none of our turns", async () => {
  let prompts = 0;
  // Answers every prompt; before answering the second, it runs a turn of its own (a task notification), as 2.1.332 does.
  const adapter = scriptedAdapter({
    script: (message, child) => {
      if (message.type === "user" && ++prompts === 2) {
        child.send({ type: "system", subtype: "init", session_id: SESSION_ID });
        child.send({
          ...resultLine("task done"),
          origin: { kind: "task-notification", producer: "session-task", runId: "r1" },
          result_index: 1,
        });
      }
      answerLikeTheCli(message, child);
    },
  });
  const session = new Session({ adapter });
  try {
    assert.equal((await collectTurn(session.stream("one"))).result.result, "reply 1");
    const second = session.stream("two");
    const third = session.stream("three");
    assert.equal((await collectTurn(second)).result.result, "reply 2");
    assert.equal((await collectTurn(third)).result.result, "reply 3");
  } finally {
    await session.stop();
  }
});
