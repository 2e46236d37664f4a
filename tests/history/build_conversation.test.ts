import { test } from "node:test";
import assert from "node:assert/strict";
import { history } from "../../mod.ts";
import { errorSink } from "./_helpers.ts";

type Fields = Record<string, unknown>;
const user = (uuid: string, parentUuid: string | null, content: unknown, extra: Fields = {}) => ({
  type: "user",
  uuid,
  parentUuid,
  isSidechain: false,
  timestamp: "2026-01-01T00:00:00Z",
  message: { role: "user", content },
  ...extra,
});
const assistant = (uuid: string, parentUuid: string | null, text: string, extra: Fields = {}) => ({
  type: "assistant",
  uuid,
  parentUuid,
  isSidechain: false,
  message: { role: "assistant", content: [{ type: "text", text }] },
  ...extra,
});
const attachment = (uuid: string, parentUuid: string | null) => ({
  type: "attachment",
  uuid,
  parentUuid,
  isSidechain: false,
  attachment: { type: "skill_listing" },
});
const jsonl = (entries: object[]) => entries.map((e) => JSON.stringify(e)).join("\n") + "\n";

async function texts(entries: object[], options: Parameters<typeof history.buildConversation>[1] = {}) {
  const sink = errorSink();
  const fromText = await history.buildConversation(jsonl(entries), { ...options, onError: sink.onError });
  const fromEntries = await history.buildConversation(entries as history.SessionEntry[], options);
  assert.deepEqual(fromEntries, fromText, "entries and text give the same conversation");
  return { texts: fromText.map((m) => m.text), messages: fromText, errors: sink.errors.map((e) => e.details.reason) };
}

test("buildConversation: runs through attachments, skips meta, sidechain, snapshots and queue entries", async () => {
  const result = await texts([
    { type: "queue-operation", operation: "enqueue", content: "hi" },
    user("u1", null, "hi"),
    attachment("at1", "u1"),
    { type: "file-history-snapshot", messageId: "u1", snapshot: {} },
    assistant("a1", "at1", "hello"),
    user("m1", "a1", "<local-command-caveat>", { isMeta: true }),
    user("s1", "a1", "subagent prompt", { isSidechain: true }),
    assistant("s2", "s1", "subagent reply", { isSidechain: true }),
    user("u2", "m1", "next"),
    assistant("a2", "u2", "reply"),
    { type: "last-prompt", lastPrompt: "next", leafUuid: "a2" },
  ]);
  assert.deepEqual(result.texts, ["hi", "hello", "next", "reply"]);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.messages[0], {
    type: "user",
    uuid: "u1",
    parentUuid: null,
    timestamp: "2026-01-01T00:00:00Z",
    content: "hi",
    text: "hi",
  });
  assert.deepEqual(result.messages[1].content, [{ type: "text", text: "hello" }]);
});

test("buildConversation: the latest leaf wins over an abandoned branch", async () => {
  const result = await texts([
    user("u1", null, "root"),
    assistant("a1", "u1", "first answer"),
    user("u2", "a1", "abandoned"),
    assistant("a2", "u2", "abandoned reply"),
    user("u3", "a1", "retry"),
    assistant("a3", "u3", "kept reply"),
  ]);
  assert.deepEqual(result.texts, ["root", "first answer", "retry", "kept reply"]);
});

test("buildConversation: a dangling parent ends the chain and is reported", async () => {
  const result = await texts([user("u2", "gone", "orphan"), assistant("a2", "u2", "reply")]);
  assert.deepEqual(result.texts, ["orphan", "reply"]);
  assert.deepEqual(result.errors, ["dangling-parent"]);
});

test("buildConversation: a parentUuid loop ends the chain and is reported", async () => {
  const result = await texts([
    user("x", "z", "x"),
    assistant("y", "x", "y"),
    user("z", "y", "z"),
    assistant("leaf", "z", "leaf"),
  ]);
  assert.deepEqual(result.texts, ["x", "y", "z", "leaf"]);
  assert.deepEqual(result.errors, ["parent-loop"]);
  const selfLoop = await texts([user("s", "s", "self")]);
  assert.deepEqual(selfLoop.texts, ["self"]);
  assert.deepEqual(selfLoop.errors, ["parent-loop"]);
});

test("buildConversation: duplicates keep their first copy; unknown linked kinds carry the chain", async () => {
  const result = await texts([
    user("u1", null, "one"),
    { type: "progress", uuid: "p1", parentUuid: "u1", data: {} },
    assistant("a1", "p1", "two"),
    assistant("a1", "p1", "two again"),
  ]);
  assert.deepEqual(result.texts, ["one", "two"]);
});

test("buildConversation: compaction keeps the summary and what came after it", async () => {
  const result = await texts([
    user("u1", null, "one"),
    assistant("a1", "u1", "r1"),
    user("u2", "a1", "two"),
    assistant("a2", "u2", "r2"),
    {
      type: "system",
      subtype: "compact_boundary",
      uuid: "cb",
      parentUuid: null,
      logicalParentUuid: "a2",
      isSidechain: false,
    },
    user("sum", "cb", "Summary of one and two", { isCompactSummary: true, isVisibleInTranscriptOnly: true }),
    user("meta", "a2", "<local-command-caveat>", { isMeta: true }),
    user("u3", "meta", "after"),
    assistant("a3", "u3", "r3"),
  ]);
  assert.deepEqual(result.texts, ["Summary of one and two", "after", "r3"]);
  assert.equal(result.messages[0].isCompactSummary, true);
  // The other way the CLI chains it: the next turn continues from the summary.
  const chained = await texts([
    user("u1", null, "one"),
    assistant("a1", "u1", "r1"),
    {
      type: "system",
      subtype: "compact_boundary",
      uuid: "cb",
      parentUuid: null,
      logicalParentUuid: "a1",
      isSidechain: false,
    },
    user("sum", "cb", "Summary", { isCompactSummary: true }),
    user("u2", "sum", "after"),
    assistant("a2", "u2", "r2"),
  ]);
  assert.deepEqual(chained.texts, ["Summary", "after", "r2"]);
  // Two compactions: the latest one the chain crosses counts.
  const twice = await texts([
    user("u1", null, "one"),
    assistant("a1", "u1", "r1"),
    { type: "system", subtype: "compact_boundary", uuid: "cb1", parentUuid: null, logicalParentUuid: "a1" },
    user("sum1", "cb1", "Summary 1", { isCompactSummary: true }),
    user("u2", "sum1", "two"),
    assistant("a2", "u2", "r2"),
    { type: "system", subtype: "compact_boundary", uuid: "cb2", parentUuid: null, logicalParentUuid: "a2" },
    user("sum2", "cb2", "Summary 2", { isCompactSummary: true }),
    user("u3", "sum2", "three"),
    assistant("a3", "u3", "r3"),
  ]);
  assert.deepEqual(twice.texts, ["Summary 2", "three", "r3"]);
});

test("buildConversation: a compact boundary whose summary was never written compacts nothing", async () => {
  const turns = [
    user("u1", null, "one"),
    assistant("a1", "u1", "r1"),
    user("u2", "a1", "two"),
    assistant("a2", "u2", "r2"),
  ];
  const boundary = (uuid: string, logicalParentUuid: string) => ({
    type: "system",
    subtype: "compact_boundary",
    uuid,
    parentUuid: null,
    logicalParentUuid,
    isSidechain: false,
    content: "Conversation compacted",
  });
  // The CLI killed mid-compaction: the file ends with the boundary.
  const cut = await texts([...turns, { type: "last-prompt", lastPrompt: "two", leafUuid: "a2" }, boundary("cb", "a2")]);
  assert.deepEqual(cut.texts, ["one", "r1", "two", "r2"]);
  assert.deepEqual(cut.errors, []);
  // Turns written after it chain on through the boundary to the leaf it names.
  const resumed = await texts([...turns, boundary("cb", "a2"), user("u3", "cb", "three"), assistant("a3", "u3", "r3")]);
  assert.deepEqual(resumed.texts, ["one", "r1", "two", "r2", "three", "r3"]);
  // An earlier compaction that completed still counts.
  const second = await texts([
    ...turns,
    boundary("cb1", "a2"),
    user("sum1", "cb1", "Summary 1", { isCompactSummary: true }),
    user("u3", "sum1", "three"),
    assistant("a3", "u3", "r3"),
    boundary("cb2", "a3"),
  ]);
  assert.deepEqual(second.texts, ["Summary 1", "three", "r3"]);
  // A boundary naming a leaf that is not in the file stays a root, as before.
  assert.deepEqual((await texts([boundary("cb", "elsewhere")])).texts, []);
});

test("buildConversation: sidechain transcripts when asked; nothing from an empty or chainless file", async () => {
  const sub = [user("s1", null, "task", { isSidechain: true }), assistant("s2", "s1", "done", { isSidechain: true })];
  assert.deepEqual((await texts(sub, { sidechain: true })).texts, ["task", "done"]);
  assert.deepEqual((await texts(sub)).texts, []);
  assert.deepEqual((await texts([])).texts, []);
  assert.deepEqual((await texts([{ type: "custom-title", customTitle: "t" }])).texts, []);
});

test("buildConversation: a truncated last line does not lose the chain before it", async () => {
  const sink = errorSink();
  const text = jsonl([user("u1", null, "one"), assistant("a1", "u1", "r1")]) +
    JSON.stringify(user("u2", "a1", "two")).slice(0, 30);
  const messages = await history.buildConversation(text, { onError: sink.onError });
  assert.deepEqual(messages.map((m) => m.text), ["one", "r1"]);
  assert.deepEqual(sink.errors.map((e) => e.details.reason), ["truncated-line"]);
});

test("messageText: strings, text blocks, and blocks without plain text", () => {
  assert.equal(history.messageText("plain"), "plain");
  assert.equal(
    history.messageText([{ type: "thinking", thinking: "hm" }, { type: "text", text: "a" }, {
      type: "tool_result",
      content: "x",
    }]),
    "a",
  );
  assert.equal(history.messageText(undefined), "");
});
