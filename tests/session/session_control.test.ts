// Control: the initialize handshake, interrupt, set_model, set_permission_mode, canUseTool, partial messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { reply, withSessions } from "./_fixture.ts";

async function all(stream: ReadableStream<Message>): Promise<Message[]> {
  const messages: Message[] = [];
  for await (const message of stream as unknown as AsyncIterable<Message>) messages.push(message);
  return messages;
}

test("control: start() warms the CLI up and resolves with the initialize answer; the first turn reuses it", async () => {
  await withSessions(async (make) => {
    const session = make();
    const info = await session.start();
    assert.ok(Array.isArray(info.commands));
    assert.ok(Array.isArray(info.models));
    const pid = session.pid;
    assert.equal(typeof pid, "number");
    assert.equal(session.sessionId, null);
    await reply(session, "hi");
    assert.equal(session.pid, pid);
  });
});

test("control: setModel switches the running CLI's model and later ones", async () => {
  await withSessions(async (make) => {
    const session = make({ model: "haiku" });
    // haiku is claude-haiku-4-5 for the fake (2.1.197's aliases), claude-haiku-5-5 for the real 2.1.332.
    assert.match(await reply(session, "SHOW_SYSTEM before"), /model=claude-haiku-/);
    await session.setModel("sonnet");
    assert.match(await reply(session, "SHOW_SYSTEM after"), /model=claude-sonnet-5/);
    // A new CLI (after a clear) starts with the new model too.
    await session.clear();
    assert.match(await reply(session, "SHOW_SYSTEM fresh"), /model=claude-sonnet-5/);
    await assert.rejects(session.setModel(42 as never), (error) => isClaudeCodeError(error, "INVALID_OPTION"));
  });
});

test("control: setPermissionMode reaches the CLI (before the first turn it goes on the command line)", async () => {
  await withSessions(async (make) => {
    const session = make();
    await session.setPermissionMode("plan");
    const [init] = await all(session.stream("hi"));
    assert.equal((init as { permissionMode?: string }).permissionMode, "plan");
    await session.setPermissionMode("acceptEdits");
    const [next] = await all(session.stream("again"));
    assert.equal((next as { permissionMode?: string }).permissionMode, "acceptEdits");
  });
});

test("control: canUseTool allows a tool call, with the CLI's request", async () => {
  const asked: { tool: string; input: Record<string, unknown> }[] = [];
  await withSessions(async (make) => {
    const session = make({
      canUseTool: (tool, input, context) => {
        asked.push({ tool, input });
        assert.equal(context.signal.aborted, false);
        return { behavior: "allow", updatedInput: input };
      },
    });
    // A command that changes files: the real CLI runs read-only ones such as `echo` without asking.
    const text = await reply(session, "TOOL_BASH touch allowed.txt");
    assert.equal(asked.length, 1);
    assert.equal(asked[0].tool, "Bash");
    assert.match(text, /tool_result\(toolu_[^,)]*\)=/);
  });
});

test("control: canUseTool denies a tool call; the model sees the message", async () => {
  await withSessions(async (make) => {
    const session = make({ canUseTool: () => ({ behavior: "deny", message: "not in this repo" }) });
    assert.match(await reply(session, "TOOL_BASH rm -rf /"), /tool_result\([^)]*,error\)=not in this repo/);
  });
});

test("control: a throwing canUseTool answers with an error instead of hanging the turn", async () => {
  await withSessions(async (make) => {
    const session = make({
      canUseTool: () => {
        throw new Error("policy service down");
      },
    });
    const messages = await all(session.stream("TOOL_BASH ls"));
    assert.equal(messages.at(-1)?.type, "result");
  });
});

test("control: includePartialMessages streams the deltas before each assistant line", async () => {
  await withSessions(async (make) => {
    const session = make({ includePartialMessages: true });
    const messages = await all(session.stream("hello"));
    const kinds = messages.map((message) => message.type);
    assert.ok(kinds.includes("stream_event"));
    assert.ok(kinds.indexOf("stream_event") < kinds.indexOf("assistant"));
    assert.equal(kinds.at(-1), "result");
  });
});

test("control: a prompt may be content blocks", async () => {
  await withSessions(async (make) => {
    const session = make();
    const messages = await all(session.stream([{ type: "text", text: "from blocks" }]));
    const result = messages.at(-1) as { type: string; result?: string };
    assert.equal(result.type, "result");
    assert.match(result.result ?? "", /last=from blocks/);
  });
});
