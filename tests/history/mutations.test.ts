/**
 * Changing saved sessions without a CLI: renameSession, tagSession, archiveSession/unarchiveSession and deleteSession,
 * on the CLI's files (a copy of the recorded sample) and on stores (in memory, without summaries, PostgreSQL): the
 * entries written, what the history then shows, appends that lose nothing next to a writer appending at the same
 * time, and the typed errors of bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { history, isClaudeCodeError, type SessionStore, type SessionStoreEntry } from "../../mod.ts";
import { withSampleConfig } from "./_helpers.ts";
import { plainStore, storeKinds } from "./_stores.ts";

const ID = "8ec596a5-375c-46da-9f57-4c8b183c77bc"; // five turns, no title
const WITH_AGENT = "58150e9f-83cc-49e7-b2d4-541eb2e40b2d"; // one subagent transcript in its folder
const PROJECT = join("projects", "-home-dev-work-proj");
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

const lines = async (path: string) =>
  (await readFile(path, "utf8")).split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
const fileOf = (configDir: string, id = ID) => join(configDir, PROJECT, `${id}.jsonl`);
const prompt = (uuid: string, parentUuid: string | null, content: string, timestamp: string): SessionStoreEntry => ({
  type: "user",
  uuid,
  parentUuid,
  timestamp,
  message: { role: "user", content },
});

test("renameSession appends the line the CLI writes for /rename, trimmed, and the listing shows it", async () => {
  await withSampleConfig(async (configDir) => {
    const before = await readFile(fileOf(configDir), "utf8");
    await history.renameSession(ID, "  Trip planning ", { configDir });
    const after = await readFile(fileOf(configDir), "utf8");
    assert.ok(after.startsWith(before), "appended: nothing before it changed");
    assert.equal(
      after.slice(before.length),
      `{"type":"custom-title","customTitle":"Trip planning","sessionId":"${ID}"}\n`,
    );
    const [listed] = (await history.listSessions("/home/dev/work/proj", { configDir })).filter((s) =>
      s.sessionId === ID
    );
    assert.equal(listed.title, "Trip planning");
    assert.equal(listed.customTitle, "Trip planning");
    await history.renameSession(ID, "Second name", { configDir, dir: "/home/dev/work/proj" });
    assert.equal(await history.summary(ID, { configDir }), "Second name", "the last title counts");
  });
});

test("tagSession sets and clears the tag with the SDK's entries; tags are cleaned of invisible characters", async () => {
  await withSampleConfig(async (configDir) => {
    await history.tagSession(ID, " \u202Eurg\u200Bent\u0007 ", { configDir });
    assert.deepEqual((await lines(fileOf(configDir))).at(-1), { type: "tag", tag: "urgent", sessionId: ID });
    assert.equal((await history.sessionInfo(ID, { configDir }))?.tag, "urgent");
    await history.tagSession(ID, "ｔｒａｖｅｌ", { configDir }); // full-width letters: NFKC makes them plain
    assert.equal((await history.sessionInfo(ID, { configDir }))?.tag, "travel");
    await history.tagSession(ID, null, { configDir });
    assert.deepEqual((await lines(fileOf(configDir))).at(-1), { type: "tag", tag: "", sessionId: ID });
    const [listed] = (await history.listSessions(undefined, { configDir })).filter((s) => s.sessionId === ID);
    assert.equal(listed.tag, null);
    await assert.rejects(history.tagSession(ID, " \u200B ", { configDir }), {
      code: "INVALID_OPTION",
      details: { option: "tag" },
    });
  });
});

test("archiveSession writes the SDK's mark beside the transcript; a later prompt or unarchiveSession unarchives", async () => {
  await withSampleConfig(async (configDir) => {
    const transcript = await readFile(fileOf(configDir), "utf8");
    assert.equal("archived" in (await history.sessionInfo(ID, { configDir }))!, false, "never archived: absent");
    await history.archiveSession(ID, { configDir });
    assert.equal(await readFile(fileOf(configDir), "utf8"), transcript, "the transcript is untouched");
    const mark = JSON.parse(await readFile(join(configDir, PROJECT, ID, "archived.json"), "utf8"));
    assert.deepEqual(Object.keys(mark), ["archived", "at", "by"]);
    assert.equal(mark.archived, true);
    assert.equal(mark.by, "sdk");
    assert.ok(Date.now() - Date.parse(mark.at) < 60_000);
    assert.equal((await stat(join(configDir, PROJECT, ID, "archived.json"))).mode & 0o777, 0o600);
    const listed = async () => (await history.listSessions(undefined, { configDir })).find((s) => s.sessionId === ID);
    assert.equal((await listed())?.archived, true);
    assert.equal((await history.sessionInfo(ID, { configDir }))?.archived, true);

    await history.unarchiveSession(ID, { configDir });
    assert.equal((await listed())?.archived, false);

    await history.archiveSession(ID, { configDir });
    const later = new Date(Date.now() + 60_000).toISOString();
    await appendFile(fileOf(configDir), JSON.stringify(prompt("late", null, "one more thing", later)) + "\n");
    assert.equal((await listed())?.archived, false, "a prompt after the mark unarchives");
  });
});

test("deleteSession removes the transcript and its folder; a repeat is SESSION_NOT_FOUND", async () => {
  await withSampleConfig(async (configDir) => {
    await history.deleteSession(WITH_AGENT, { configDir });
    await assert.rejects(stat(fileOf(configDir, WITH_AGENT)), { code: "ENOENT" });
    await assert.rejects(stat(join(configDir, PROJECT, WITH_AGENT)), { code: "ENOENT" });
    assert.equal(await history.findSession(WITH_AGENT, { configDir }), null);
    await assert.rejects(history.deleteSession(WITH_AGENT, { configDir }), {
      code: "SESSION_NOT_FOUND",
      details: { sessionId: WITH_AGENT },
    });
    // what an interrupted delete left (the folder, its file gone) goes on the next call
    await mkdir(join(configDir, PROJECT, UNKNOWN, "subagents"), { recursive: true });
    await history.deleteSession(UNKNOWN, { configDir });
    await assert.rejects(stat(join(configDir, PROJECT, UNKNOWN)), { code: "ENOENT" });
  });
});

test("a mark after a last line cut without its newline goes on a line of its own", async () => {
  await withSampleConfig(async (configDir) => {
    await appendFile(fileOf(configDir), '{"type":"user","uuid":"cut","message":{"con'); // a crash mid-line
    await history.renameSession(ID, "After the crash", { configDir });
    const text = await readFile(fileOf(configDir), "utf8");
    assert.ok(text.endsWith(`{"con\n{"type":"custom-title","customTitle":"After the crash","sessionId":"${ID}"}\n`));
    assert.equal(await history.summary(ID, { configDir }), "After the crash");
  });
});

test("marks appended while another writer appends to the same file: no line lost, cut or interleaved", async () => {
  await withSampleConfig(async (configDir) => {
    const path = fileOf(configDir);
    const before = (await lines(path)).length;
    // the other writer appends as the CLI does (one O_APPEND write per line), lines long enough to span pages
    const writer = (async () => {
      for (let i = 0; i < 300; i++) {
        await appendFile(path, JSON.stringify({ type: "progress", n: i, pad: "x".repeat(5000 + i) }) + "\n");
      }
    })();
    const renames = Array.from({ length: 60 }, (_, i) => history.renameSession(ID, `title ${i}`, { configDir }));
    await Promise.all([writer, ...renames]);
    const after = await lines(path); // every line parses
    assert.equal(after.length, before + 300 + 60);
    assert.deepEqual(
      after.filter((e) => e.type === "progress").map((e) => e.n),
      Array.from({ length: 300 }, (_, i) => i),
    );
    assert.equal(after.filter((e) => e.type === "custom-title").length, 60);
  });
});

test("bad input is a typed error naming what is wrong, and nothing is written", async () => {
  await withSampleConfig(async (configDir) => {
    const transcript = await readFile(fileOf(configDir), "utf8");
    const invalid = (option: string) => ({ code: "INVALID_OPTION", details: { option } });
    await assert.rejects(history.renameSession(ID, "   ", { configDir }), invalid("title"));
    await assert.rejects(history.renameSession(ID, 42 as unknown as string, { configDir }), invalid("title"));
    await assert.rejects(history.tagSession(ID, 7 as unknown as string, { configDir }), invalid("tag"));
    await assert.rejects(history.renameSession("../x", "T", { configDir }), invalid("sessionId"));
    await assert.rejects(history.deleteSession("", { configDir }), invalid("sessionId"));
    await assert.rejects(history.archiveSession(ID, "/tmp" as unknown as object), invalid("options"));
    await assert.rejects(history.renameSession(ID, "T", { configDir, dir: "/a", projectPath: "/b" }), invalid("dir"));
    await assert.rejects(history.renameSession(ID, "T", { configDir, projectKey: "p" }), invalid("projectKey"));
    for (
      const change of [
        () => history.renameSession(UNKNOWN, "T", { configDir }),
        () => history.tagSession(UNKNOWN, "t", { configDir }),
        () => history.archiveSession(UNKNOWN, { configDir }),
        () => history.unarchiveSession(UNKNOWN, { configDir }),
        () => history.deleteSession(UNKNOWN, { configDir }),
      ]
    ) {
      await assert.rejects(change(), { code: "SESSION_NOT_FOUND", details: { sessionId: UNKNOWN } });
    }
    assert.equal(await readFile(fileOf(configDir), "utf8"), transcript);
  });
});

test("a mark that cannot be written is UNWRITABLE_HISTORY naming the path", async () => {
  await withSampleConfig(async (configDir) => {
    await writeFile(join(configDir, PROJECT, ID), "a file where the session's folder goes");
    await assert.rejects(history.archiveSession(ID, { configDir }), (error) => {
      assert.ok(isClaudeCodeError(error, "UNWRITABLE_HISTORY"));
      assert.equal(error.details.path, join(configDir, PROJECT, ID, "archived.json"));
      assert.ok(["EEXIST", "ENOTDIR"].includes(String(error.details.osCode)), error.details.osCode);
      return true;
    });
  });
});

async function seeded(store: SessionStore, projectKey: string): Promise<void> {
  const key = { projectKey, sessionId: ID };
  await store.append(key, [
    prompt("u1", null, "Plan a trip to Lisbon", "2026-01-01T10:00:00.000Z"),
    {
      type: "assistant",
      uuid: "a1",
      parentUuid: "u1",
      timestamp: "2026-01-01T10:00:01.000Z",
      message: { role: "assistant", content: [{ type: "text", text: "Sure" }] },
    },
  ]);
  await store.append({ ...key, subpath: "subagents/agent-x1" }, [{ type: "user", uuid: "x1", isSidechain: true }]);
}

for (const kind of storeKinds()) {
  test(`on ${kind.name}: rename, tag, archive and delete change the store, and the history shows it`, {
    skip: kind.skip,
  }, async () => {
    const { store, close } = await kind.open();
    try {
      const projectKey = "tenant-1";
      const options = { sessionStore: store, projectKey };
      await seeded(store, projectKey);
      const key = { projectKey, sessionId: ID };

      await history.renameSession(ID, " Lisbon ", options);
      const title = (await store.load(key))!.at(-1)!;
      assert.equal(title.type, "custom-title");
      assert.equal(title.customTitle, "Lisbon");
      assert.equal(title.sessionId, ID);
      assert.match(String(title.uuid), /^[0-9a-f-]{36}$/);
      assert.ok(!Number.isNaN(Date.parse(String(title.timestamp))));
      await history.tagSession(ID, "travel", options);
      const [listed] = await history.listSessions(undefined, options);
      assert.deepEqual([listed.title, listed.customTitle, listed.tag, listed.firstPrompt, listed.size], [
        "Lisbon",
        "Lisbon",
        "travel",
        "Plan a trip to Lisbon",
        null,
      ]);
      await history.tagSession(ID, null, options);
      assert.equal((await history.sessionInfo(ID, options))?.tag, null);

      await history.archiveSession(ID, options);
      const transcript = await store.load(key);
      assert.equal((await history.listSessions(undefined, options))[0].archived, true);
      assert.equal((await history.sessionInfo(ID, options))?.archived, true);
      assert.deepEqual(await store.load(key), transcript, "the transcript is untouched");
      await store.append(key, [prompt("u2", "a1", "And Porto?", new Date(Date.now() + 60_000).toISOString())]);
      assert.equal((await history.listSessions(undefined, options))[0].archived, false, "a later prompt unarchives");
      await history.archiveSession(ID, options);
      await history.unarchiveSession(ID, options);
      assert.equal((await history.sessionInfo(ID, options))?.archived, false);

      for (
        const change of [
          () => history.renameSession(UNKNOWN, "T", options),
          () => history.tagSession(UNKNOWN, "t", options),
          () => history.archiveSession(UNKNOWN, options),
        ]
      ) {
        await assert.rejects(change(), { code: "SESSION_NOT_FOUND", details: { sessionId: UNKNOWN } });
      }
      assert.equal(await store.load({ projectKey, sessionId: UNKNOWN }), null, "no transcript started for it");

      await history.deleteSession(ID, options);
      if (store.delete === undefined) {
        assert.notEqual(await store.load(key), null, "a store without delete() keeps everything");
      } else {
        assert.equal(await store.load(key), null);
        assert.equal(await store.load({ ...key, subpath: "subagents/agent-x1" }), null);
        assert.equal(await store.load({ ...key, subpath: "archived" }), null, "the archive mark goes too");
        assert.deepEqual(await history.listSessions(undefined, options), []);
        await history.deleteSession(ID, options); // not there: nothing to do
      }
    } finally {
      await close();
    }
  });
}

test("a store without delete() is left as it is, as the official SDK does", async () => {
  const store = plainStore();
  await seeded(store, "p");
  await history.deleteSession(ID, { sessionStore: store, projectKey: "p" });
  assert.equal((await store.load({ projectKey: "p", sessionId: ID }))?.length, 2);
});
