/**
 * forkSession on the real CLI's session files (a copy of the 2.1.332 sample) and on stores: fresh uuids, the chain
 * kept, cuts before, inside and after a compaction, the title, what is not copied, and the errors of bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { history, importSessionToStore } from "../../mod.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";
import { SAMPLE_PROJECTS, withTempDir } from "./_helpers.ts";
import { storeKinds } from "./_stores.ts";

/** Five turns, `/compact` (its boundary, summary, caveat, command echo and output), then one more turn. */
const COMPACTED = "b7a5f397-ea2f-478c-8efc-e30da9523638";
const BOUNDARY = "d9c1cc6c";
const SUMMARY = "9faa93e4";
const PROJECT = "-home-dev-work-proj";
const SAMPLE_332 = join(PROTOCOL_DIR, "cli-2.1.332", "projects-sample");

type Entry = Record<string, unknown> & { type: string };
const read = async (path: string): Promise<Entry[]> =>
  (await readFile(path, "utf8")).split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));

async function withSample332<T>(run: (configDir: string) => Promise<T>): Promise<T> {
  return await withTempDir(async (configDir) => {
    cpSync(SAMPLE_332, join(configDir, "projects"), { recursive: true });
    return await run(configDir);
  });
}

/** The source's uuid that starts with `prefix` (the recorded uuids are long; the tests name them by their start). */
async function uuidOf(configDir: string, prefix: string): Promise<string> {
  const entries = await history.readSession(COMPACTED, { configDir });
  const found = entries.map((entry) => entry.uuid).find((uuid) => typeof uuid === "string" && uuid.startsWith(prefix));
  assert.ok(typeof found === "string", prefix);
  return found;
}

const texts = (messages: history.ConversationMessage[]) =>
  messages.map((message) => `${message.type}: ${message.text}`);

test("a whole fork: a new file beside the source, every uuid fresh, the chain and the conversation the same", async () => {
  await withSample332(async (configDir) => {
    const sourcePath = join(configDir, "projects", PROJECT, `${COMPACTED}.jsonl`);
    const sourceText = await readFile(sourcePath, "utf8");
    const { sessionId } = await history.forkSession(COMPACTED, { configDir });
    assert.match(sessionId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(await readFile(sourcePath, "utf8"), sourceText, "the source is untouched");
    const forkPath = join(configDir, "projects", PROJECT, `${sessionId}.jsonl`);
    assert.equal((await history.findSession(sessionId, { configDir }))?.path, forkPath);

    assert.deepEqual(
      texts(await history.conversation(sessionId, { configDir })),
      texts(await history.conversation(COMPACTED, { configDir })),
    );
    const source = await read(sourcePath);
    const fork = await read(forkPath);
    const sourceUuids = new Set(source.map((entry) => entry.uuid).filter((uuid) => uuid !== undefined));
    const forkUuids = fork.map((entry) => entry.uuid).filter((uuid) => uuid !== undefined); // latches have none
    assert.ok(forkUuids.length > 30);
    assert.equal(new Set(forkUuids).size, forkUuids.length, "unique");
    assert.ok(forkUuids.every((uuid) => typeof uuid === "string" && !sourceUuids.has(uuid)), "fresh");
    // every copied entry names its original; its parent is its original's parent, remapped
    const copies = fork.filter((entry) => entry.forkedFrom !== undefined);
    const newOf = new Map<unknown, unknown>(
      copies.map((entry) => [(entry.forkedFrom as { messageUuid: string }).messageUuid, entry.uuid]),
    );
    const byUuid = new Map(source.map((entry) => [entry.uuid, entry]));
    for (const copy of copies) {
      const original = byUuid.get((copy.forkedFrom as { messageUuid: string }).messageUuid)!;
      assert.deepEqual(copy.forkedFrom, { sessionId: COMPACTED, messageUuid: original.uuid });
      assert.equal(copy.parentUuid, original.parentUuid === null ? null : newOf.get(original.parentUuid));
      assert.equal(copy.sessionId, sessionId);
      assert.equal(copy.type, original.type);
      assert.deepEqual(copy.message, original.message);
    }
    assert.deepEqual(
      copies.map((entry) => (entry.forkedFrom as { messageUuid: string }).messageUuid),
      source.filter((entry) => ["user", "assistant", "attachment", "system"].includes(entry.type)).map((e) => e.uuid),
      "every conversation entry, in order",
    );
    // the compact boundary's links are remapped too: the leaf it compacted, and the kept message under the summary
    const boundary = copies.find((entry) => entry.subtype === "compact_boundary")!;
    const original = byUuid.get((boundary.forkedFrom as { messageUuid: string }).messageUuid)!;
    assert.equal(boundary.logicalParentUuid, newOf.get(original.logicalParentUuid));
    const kept = (boundary.compactMetadata as { preservedSegment: Record<string, string> }).preservedSegment;
    const keptBefore = (original.compactMetadata as { preservedSegment: Record<string, string> }).preservedSegment;
    assert.deepEqual(kept, {
      headUuid: newOf.get(keptBefore.headUuid),
      anchorUuid: newOf.get(keptBefore.anchorUuid),
      tailUuid: newOf.get(keptBefore.tailUuid),
    });
    // not copied: queue entries, request logs, snapshots, last-prompt, cost; the title comes last
    assert.deepEqual(
      [...new Set(fork.map((entry) => entry.type))].sort(),
      ["assistant", "atis-latch", "attachment", "custom-title", "system", "tools-used", "user"].filter((type) =>
        type !== "tools-used" || source.some((entry) => entry.type === "tools-used")
      ).sort(),
    );
    assert.equal(fork.at(-1)?.type, "custom-title");
    assert.equal(await history.summary(sessionId, { configDir }), "one (fork)");
    assert.equal((await history.sessionInfo(sessionId, { configDir }))?.customTitle, "one (fork)");
  });
});

test("a cut before the compaction keeps the turns up to it; at the boundary, the same", async () => {
  await withSample332(async (configDir) => {
    const all = await history.conversation(COMPACTED, { configDir: join(configDir) });
    const sourceEntries = await history.readSession(COMPACTED, { configDir });
    const second = sourceEntries.find((entry) =>
      entry.type === "assistant" && JSON.stringify(entry).includes("turns=2")
    );
    const cut = await history.forkSession(COMPACTED, { configDir, upToMessageId: String(second?.uuid) });
    assert.deepEqual(texts(await history.conversation(cut.sessionId, { configDir })), [
      "user: one",
      "assistant: turns=1 last=one history=one",
      "user: two",
      "assistant: turns=2 last=two history=one | two",
    ]);
    const atBoundary = await history.forkSession(COMPACTED, {
      configDir,
      upToMessageId: await uuidOf(configDir, BOUNDARY),
    });
    const before = await history.conversation(atBoundary.sessionId, { configDir });
    assert.equal(before.length, 10, "the five turns before /compact");
    assert.equal(before.at(-1)?.text, "turns=5 last=five history=one | two | three | four | five");
    assert.ok(
      !(await history.readSession(atBoundary.sessionId, { configDir })).some((e) => e.subtype === "compact_boundary"),
    );
    assert.ok(all[0].isCompactSummary, "the source itself reads compacted");
  });
});

test("a cut after the compaction keeps it; a cut at its summary leaves out the messages it kept after it", async () => {
  await withSample332(async (configDir) => {
    const source = await history.conversation(COMPACTED, { configDir });
    const afterCompact = source.find((message) => message.text === "after compact")!;
    const after = await history.forkSession(COMPACTED, { configDir, upToMessageId: afterCompact.uuid });
    const forked = await history.conversation(after.sessionId, { configDir });
    assert.deepEqual(texts(forked), texts(source.slice(0, source.indexOf(afterCompact) + 1)));
    assert.ok(forked[0].isCompactSummary);

    const atSummary = await history.forkSession(COMPACTED, {
      configDir,
      upToMessageId: await uuidOf(configDir, SUMMARY),
    });
    const entries = await history.readSession(atSummary.sessionId, { configDir });
    const boundary = entries.find((entry) => entry.subtype === "compact_boundary")!;
    const metadata = boundary.compactMetadata as Record<string, unknown>;
    assert.equal(metadata.preservedSegment, undefined);
    assert.equal(metadata.preservedMessages, undefined);
    assert.equal(metadata.trigger, "manual", "the rest of the metadata stays");
    const messages = await history.conversation(atSummary.sessionId, { configDir });
    assert.deepEqual(messages.map((message) => message.isCompactSummary), [true]);
  });
});

test("the title: given, else the source's title + (fork); the last copied entry is the newest", async () => {
  await withSample332(async (configDir) => {
    await history.renameSession(COMPACTED, "Counting", { configDir });
    const derived = await history.forkSession(COMPACTED, { configDir, title: "   " });
    assert.equal(await history.summary(derived.sessionId, { configDir }), "Counting (fork)");
    const named = await history.forkSession(COMPACTED, { configDir, title: " Counting, take two " });
    assert.equal(await history.summary(named.sessionId, { configDir }), "Counting, take two");
    const entries = await history.readSession(named.sessionId, { configDir });
    const copied = entries.filter((entry) => entry.forkedFrom !== undefined);
    assert.ok(Date.now() - Date.parse(String(copied.at(-1)?.timestamp)) < 60_000);
    assert.deepEqual(
      copied.slice(0, -1).map((entry) => entry.timestamp),
      (await history.readSession(COMPACTED, { configDir }))
        .filter((entry) => ["user", "assistant", "attachment", "system"].includes(entry.type)).slice(0, -1)
        .map((entry) => entry.timestamp),
      "the others keep their times",
    );
  });
});

test("subagent transcripts stay with the source, as with the official SDK; the fork's conversation holds their results", async () => {
  await withTempDir(async (configDir) => {
    cpSync(SAMPLE_PROJECTS, join(configDir, "projects"), { recursive: true });
    const withAgent = "58150e9f-83cc-49e7-b2d4-541eb2e40b2d";
    const { sessionId } = await history.forkSession(withAgent, { configDir });
    assert.deepEqual(await history.listSubagents(sessionId, { configDir }), []);
    assert.equal((await history.listSubagents(withAgent, { configDir })).length, 1);
    assert.deepEqual(
      texts(await history.conversation(sessionId, { configDir })),
      texts(await history.conversation(withAgent, { configDir })),
    );
    assert.ok(!readdirSync(join(configDir, "projects", PROJECT)).includes(sessionId), "no folder for the fork");
  });
});

test("bad input: an unknown cut, options of the wrong type, an unknown session", async () => {
  await withSample332(async (configDir) => {
    const invalid = (option: string) => ({ code: "INVALID_OPTION", details: { option } });
    await assert.rejects(
      history.forkSession(COMPACTED, { configDir, upToMessageId: "no-such-uuid" }),
      invalid("upToMessageId"),
    );
    await assert.rejects(history.forkSession(COMPACTED, { configDir, upToMessageId: "" }), invalid("upToMessageId"));
    await assert.rejects(
      history.forkSession(COMPACTED, { configDir, title: 3 as unknown as string }),
      invalid("title"),
    );
    await assert.rejects(history.forkSession("00000000-0000-4000-8000-000000000000", { configDir }), {
      code: "SESSION_NOT_FOUND",
    });
    const before = readdirSync(join(configDir, "projects", PROJECT)).length;
    await assert.rejects(history.forkSession(COMPACTED, { configDir, upToMessageId: "nope" }));
    assert.equal(readdirSync(join(configDir, "projects", PROJECT)).length, before, "no file written");
  });
});

for (const kind of storeKinds()) {
  test(`on ${kind.name}: a fork is a new key of the store, the source key untouched`, { skip: kind.skip }, async () => {
    const { store, close } = await kind.open();
    try {
      await withSample332(async (configDir) => {
        await importSessionToStore(COMPACTED, store, { configDir, projectKey: "tenant-1" });
        const options = { sessionStore: store, projectKey: "tenant-1" };
        const sourceEntries = await store.load({ projectKey: "tenant-1", sessionId: COMPACTED });
        const source = await history.conversation(COMPACTED, options);
        const afterCompact = source.find((message) => message.text === "after compact")!;
        const { sessionId } = await history.forkSession(COMPACTED, { ...options, upToMessageId: afterCompact.uuid });
        assert.deepEqual(await store.load({ projectKey: "tenant-1", sessionId: COMPACTED }), sourceEntries);
        assert.deepEqual(
          texts(await history.conversation(sessionId, options)),
          texts(source.slice(0, source.indexOf(afterCompact) + 1)),
        );
        assert.equal(await history.summary(sessionId, options), "one (fork)");
        // the same fork from the files gives the same entries but for the fresh uuids and the times
        const fromDisk = await history.forkSession(COMPACTED, { configDir, upToMessageId: afterCompact.uuid });
        const shape = (entries: Record<string, unknown>[]) =>
          entries.map((
            {
              uuid: _u,
              parentUuid: _p,
              logicalParentUuid: _l,
              sessionId: _s,
              timestamp: _t,
              compactMetadata: _c,
              ...rest
            },
          ) => rest);
        assert.deepEqual(
          shape((await store.load({ projectKey: "tenant-1", sessionId }))!),
          shape(await history.readSession(fromDisk.sessionId, { configDir })),
        );
        await assert.rejects(history.forkSession("00000000-0000-4000-8000-000000000000", options), {
          code: "SESSION_NOT_FOUND",
        });
      });
    } finally {
      await close();
    }
  });
}
