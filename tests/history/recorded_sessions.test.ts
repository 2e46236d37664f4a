/** The real CLI's session files (`projects-sample/`) against what each recorded case sent and printed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ClaudeCodeError, history } from "../../mod.ts";
import { caseIndex, errorSink, isSubsequence, recordedTurns, SAMPLE_PROJECTS, withSampleConfig } from "./_helpers.ts";

/** Every main session file of the sample, as `<folder>/<id>.jsonl`. */
function sampleFiles(): string[] {
  return readdirSync(SAMPLE_PROJECTS).flatMap((folder) =>
    readdirSync(join(SAMPLE_PROJECTS, folder)).filter((name) => name.endsWith(".jsonl")).map((name) =>
      `${folder}/${name}`
    )
  );
}

const idOf = (file: string) => file.slice(file.indexOf("/") + 1, -".jsonl".length);

test("recorded: every sample file reads whole, without a reported problem", async () => {
  await withSampleConfig(async (configDir) => {
    const files = sampleFiles();
    assert.equal(files.length, 46);
    for (const file of files) {
      const sink = errorSink();
      const entries = await history.readSession(idOf(file), { configDir, onError: sink.onError });
      const lines = readFileSync(join(SAMPLE_PROJECTS, file), "utf8").split("\n").filter((line) => line !== "");
      assert.equal(entries.length, lines.length, file);
      assert.deepEqual(entries, lines.map((line) => JSON.parse(line)), file);
      const messages = await history.conversation(idOf(file), { configDir, onError: sink.onError });
      assert.ok(messages.length > 0, file);
      assert.deepEqual(sink.errors, [], file);
    }
  });
});

test("recorded: per case, conversation() holds the case's prompts and replies in order", async () => {
  await withSampleConfig(async (configDir) => {
    const byFile = new Map<string, string[]>();
    for (const [name, info] of Object.entries(caseIndex())) {
      for (const file of info.session_files.filter((f) => !f.includes("/subagents/"))) {
        byFile.set(file, [...byFile.get(file) ?? [], name]);
      }
    }
    assert.ok(byFile.size >= 40);
    for (const [file, cases] of byFile) {
      const messages = await history.conversation(idOf(file), { configDir, projectPath: "/home/dev/work/proj" });
      const texts = messages.map((message) => message.text);
      const turns = cases.flatMap((name) => recordedTurns(name)).filter((turn) => !turn.prompt.startsWith("/"));
      const compacted = cases.includes("k3_compact");
      const kept = compacted ? turns.slice(turns.findIndex((turn) => turn.prompt === "after compact")) : turns;
      const wanted = kept.flatMap((turn) => [turn.prompt, ...turn.replies]);
      assert.ok(wanted.length >= 2, `${cases}: nothing recorded`);
      assert.ok(
        isSubsequence(wanted, texts),
        `${cases}: ${JSON.stringify(wanted)} not in order in ${JSON.stringify(texts)}`,
      );
    }
  });
});

test("recorded: fork leaves the original without the forked turn; the fork holds both", async () => {
  await withSampleConfig(async (configDir) => {
    const index = caseIndex();
    const original = index.b1_multiturn_stdin.session_ids[0];
    const forked = index.d1_fork.session_ids[0];
    const originalTexts = (await history.conversation(original, { configDir })).map((m) => m.text);
    const forkTexts = (await history.conversation(forked, { configDir })).map((m) => m.text);
    assert.ok(!originalTexts.includes("forked turn"));
    assert.ok(forkTexts.includes("forked turn"));
    assert.ok(isSubsequence(["first message", "second message", "continue most recent", "forked turn"], forkTexts));
  });
});

test("recorded: interrupt keeps the partial reply and the marker before the next turn", async () => {
  await withSampleConfig(async (configDir) => {
    const id = caseIndex().g2_interrupt.session_ids[0];
    const texts = (await history.conversation(id, { configDir })).map((m) => m.text);
    assert.deepEqual(texts.slice(0, 4), [
      "please be SLOW",
      "turns=",
      "[Request interrupted by user]",
      "after interrupt",
    ]);
  });
});

test("recorded: subagent entries stay out of the session's conversation and make their own", async () => {
  await withSampleConfig(async (configDir) => {
    const id = caseIndex().k1_subagent_task.session_ids[0];
    const messages = await history.conversation(id, { configDir });
    const entries = await history.readSession(id, { configDir });
    assert.ok(entries.every((entry) => entry.isSidechain !== true));
    const agents = await history.listSubagents(id, { configDir });
    assert.equal(agents.length, 1);
    assert.equal(agents[0].agentType, "general-purpose");
    assert.equal(agents[0].description, "sub job");
    assert.equal(agents[0].toolUseId, "toolu_fake_0007");
    const subEntries = await history.readSubagent(id, agents[0].agentId, { configDir });
    const subUuids = new Set(subEntries.map((entry) => entry.uuid));
    assert.ok(messages.every((message) => !subUuids.has(message.uuid)));
    assert.ok(messages.every((message) => message.text !== "subagent prompt text"));
    const sub = await history.subagentConversation(id, agents[0].agentId, { configDir });
    assert.deepEqual(sub.map((m) => [m.type, m.text]), [
      ["user", "subagent prompt text"],
      ["assistant", "turns=1 last=subagent prompt text history=subagent prompt text"],
    ]);
    await assert.rejects(history.readSubagent(id, "nope", { configDir }), { code: "SESSION_NOT_FOUND" });
  });
});

test("recorded: compaction gives the summary, then the turns after it", async () => {
  await withSampleConfig(async (configDir) => {
    const id = caseIndex().k3_compact.session_ids[0];
    const messages = await history.conversation(id, { configDir });
    assert.equal(messages[0].isCompactSummary, true);
    assert.match(messages[0].text, /^This session is being continued/);
    const texts = messages.map((m) => m.text);
    for (const early of ["one", "two", "three", "four", "five"]) assert.ok(!texts.includes(early), early);
    assert.deepEqual(texts.slice(-2), ["after compact", texts.at(-1)]);
    assert.match(texts.at(-1)!, /^turns=2 last=after compact/);
  });
});

test("recorded: api errors are assistant messages flagged isApiErrorMessage", async () => {
  await withSampleConfig(async (configDir) => {
    const id = caseIndex().i1_api_500.session_ids[0];
    const messages = await history.conversation(id, { configDir });
    assert.equal(messages.at(-1)?.isApiErrorMessage, true);
    assert.match(messages.at(-1)!.text, /^API Error: 500/);
  });
});

test("recorded: unknown ids are SESSION_NOT_FOUND; findSession locates every file", async () => {
  await withSampleConfig(async (configDir) => {
    for (const run of [history.conversation, history.readSession, history.summary]) {
      await assert.rejects(run("00000000-0000-4000-8000-000000000000", { configDir }), (error: unknown) => {
        assert.ok(error instanceof ClaudeCodeError);
        assert.equal(error.code, "SESSION_NOT_FOUND");
        assert.equal(error.details.sessionId, "00000000-0000-4000-8000-000000000000");
        return true;
      });
    }
    assert.equal(await history.findSession("00000000-0000-4000-8000-000000000000", { configDir }), null);
    assert.equal(await history.findSession("../projects", { configDir }), null);
    for (const file of sampleFiles()) {
      const found = await history.findSession(idOf(file), { configDir });
      assert.equal(found?.path, join(configDir, "projects", file));
    }
  });
});
