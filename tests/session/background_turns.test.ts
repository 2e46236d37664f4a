// Turns the CLI starts by itself (2.1.332: when a background task ends) and what it prints between turns: never in a
// turn's stream, handed to `onBackgroundMessage`. Each prompt goes with a uuid; the CLI tags the system/init of a
// prompt's turn with it (features/m17, and the real CLI's notification turn, which carries no tag).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Message } from "../../src/protocol/messages.ts";
import { Session } from "../../src/session/session.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import { answerLikeTheCli, resultLine, scriptedAdapter, SESSION_ID } from "./_scripted_cli.ts";
import { waitFor, withSessions } from "./_fixture.ts";

const QUICK = { shutdownGraceMs: 50, interruptGraceMs: 200, timeout: 10_000 };

/** The turn's messages and what `collectTurn` makes of them. */
async function turnOf(stream: ReadableStream<Message>) {
  const [mine, collected] = stream.tee();
  const messages: Message[] = [];
  const reading = (async () => {
    for await (const message of mine as unknown as AsyncIterable<Message>) messages.push(message);
  })();
  const turn = await collectTurn(collected);
  await reading;
  return { ...turn, messages };
}

function originOf(message: Message): unknown {
  return (message.origin as { kind?: unknown } | undefined)?.kind;
}

test("background turns: a turn the CLI runs before a queued prompt's is not that prompt's (scripted race)", async () => {
  const background: Message[] = [];
  const adapter = scriptedAdapter({
    script: (message, child, answer) => {
      const uuid = message.uuid;
      if (message.type !== "user" || typeof uuid !== "string") return answer();
      const lifecycle = (state: string) =>
        child.send({ type: "command_lifecycle", command_uuid: uuid, state, uuid: crypto.randomUUID() });
      lifecycle("queued");
      if (child.received.filter((m) => m.type === "user").length === 2) {
        // a background task ended: the CLI runs its notification turn first, untagged, its result with an origin
        child.send({ type: "system", subtype: "task_notification", task_id: "b1", status: "completed" });
        child.send({ type: "system", subtype: "init", session_id: SESSION_ID });
        child.send({
          type: "assistant",
          session_id: SESSION_ID,
          parent_tool_use_id: null,
          message: { role: "assistant", content: [{ type: "text", text: "the task finished" }] },
        });
        child.send({ ...resultLine("the task finished"), origin: { kind: "task-notification" } });
      }
      lifecycle("started");
      child.send({ type: "system", subtype: "init", session_id: SESSION_ID, user_message_uuids: [uuid] });
      child.send({
        type: "assistant",
        session_id: SESSION_ID,
        parent_tool_use_id: null,
        user_message_uuids: [uuid],
        message: { role: "assistant", content: [{ type: "text", text: `answer to ${uuid}` }] },
      });
      child.send({ ...resultLine(`answer to ${uuid}`), user_message_uuids: [uuid] });
      lifecycle("completed");
    },
  });
  await using session = new Session({ ...QUICK, adapter, onBackgroundMessage: (m) => background.push(m) });
  for (const prompt of ["one", "two", "three"]) {
    const turn = await turnOf(session.stream(prompt));
    const sent = adapter.children[0].received.filter((m) => m.type === "user").at(-1);
    assert.equal((sent?.message as { content: unknown }).content, prompt);
    assert.equal(turn.text, `answer to ${sent?.uuid}`, `${prompt}: only its own reply`);
    assert.ok(turn.messages.every((m) => m.type !== "command_lifecycle"), "the session's bookkeeping stays inside");
    assert.equal(turn.messages.filter((m) => m.type === "system" && m.subtype === "init").length, 1);
  }
  assert.deepEqual(
    background.map((m) => m.subtype ?? m.type),
    ["task_notification", "init", "assistant", "success"],
  );
  assert.equal(originOf(background.at(-1)!), "task-notification");
});

test("background turns: a CLI that tags nothing (older CLIs) has every turn count as the prompt's", async () => {
  const background: Message[] = [];
  const adapter = scriptedAdapter({ script: (message, child) => answerLikeTheCli(message, child) });
  await using session = new Session({ ...QUICK, adapter, onBackgroundMessage: (m) => background.push(m) });
  assert.equal((await turnOf(session.stream("one"))).text, "reply 1");
  assert.equal((await turnOf(session.stream("two"))).text, "reply 2");
  assert.deepEqual(background, []);
  // the prompts went with uuids all the same
  assert.ok(adapter.children[0].received.filter((m) => m.type === "user").every((m) => typeof m.uuid === "string"));
});

test("background turns: with a CLI that tags nothing, a result with an origin (task-notification) ends no turn", async () => {
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
  const session = new Session({ ...QUICK, adapter });
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

test("background turns: a background task's notification turn reaches onBackgroundMessage, not the next turn", async () => {
  const background: Message[] = [];
  await withSessions(async (make) => {
    const session = make({ allowedTools: ["Bash"], onBackgroundMessage: (m) => background.push(m) });
    const input = { command: "sleep 1", description: "short sleep", run_in_background: true };
    const first = await turnOf(session.stream(`TOOL Bash ${JSON.stringify(input)}`));
    assert.equal(first.isError, false);
    assert.ok(first.messages.some((m) => m.subtype === "task_started"), "the task started in the turn");
    await waitFor(() => background.some((m) => m.type === "result"), 30_000);
    const notification = background.find((m) => m.type === "result")!;
    assert.equal(originOf(notification), "task-notification");
    assert.ok(background.some((m) => m.type === "system" && m.subtype === "init"), "its init");
    assert.ok(background.some((m) => m.type === "assistant"), "its reply");
    const second = await turnOf(session.stream("second"));
    assert.match(second.text, /last=second/);
    assert.ok(second.messages.every((m) => originOf(m) === undefined));
    assert.ok(second.messages.every((m) => m.type !== "command_lifecycle"));
  });
});

test("background turns: a turn sent while a background task runs gets only its own messages", async () => {
  const background: Message[] = [];
  await withSessions(async (make) => {
    const session = make({ allowedTools: ["Bash"], onBackgroundMessage: (m) => background.push(m) });
    const input = { command: "sleep 0.5", description: "short sleep", run_in_background: true };
    await turnOf(session.stream(`TOOL Bash ${JSON.stringify(input)}`));
    // the task ends during this turn or the next, or between them: wherever the CLI puts its notification turn,
    // no turn's stream holds it
    for (const prompt of ["please be SLOW", "third", "fourth"]) {
      const turn = await turnOf(session.stream(prompt));
      assert.equal(turn.isError, false, prompt);
      assert.equal(turn.messages.filter((m) => m.type === "result").length, 1);
      assert.ok(turn.messages.every((m) => originOf(m) === undefined), `${prompt}: no notification in its stream`);
      assert.match(turn.text, new RegExp(`last=${prompt}`));
    }
    await waitFor(() => background.some((m) => m.type === "result"), 30_000);
  });
});

test("background turns: a command_lifecycle line naming no prompt of ours changes nothing (found by the fuzz test)", async () => {
  const background: Message[] = [];
  const adapter = scriptedAdapter({
    script: (message, child, answer) => {
      answer();
      // after the first turn's result: a lifecycle line without a prompt's uuid, from a CLI that tags nothing
      if (message.type === "user" && child.received.filter((m) => m.type === "user").length === 1) {
        child.send({ type: "command_lifecycle" });
        child.send({ type: "command_lifecycle", command_uuid: crypto.randomUUID(), state: "queued" });
      }
    },
  });
  await using session = new Session({ ...QUICK, adapter, onBackgroundMessage: (m) => background.push(m) });
  assert.equal((await turnOf(session.stream("one"))).text, "reply 1");
  assert.equal((await turnOf(session.stream("two"))).text, "reply 2", "the next untagged turn is still the prompt's");
  assert.deepEqual(background, []);
});
