/**
 * Session files as CLIs of many versions wrote them (`fixtures/projects/`, and larger ones written here): titles from
 * summaries of other sessions (1.0.x), a first prompt behind hook output and command echoes, a file that ends right
 * after `compact_boundary`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { history } from "../../mod.ts";
import { ENDS_LENGTH, FIRST_PROMPT_SCAN_LENGTH, WIDE_ENDS_LENGTH } from "../../src/history/listing_bounds.ts";
import {
  countingFiles,
  entryBuilders,
  errorSink,
  FIXTURE,
  FIXTURE_PROJECTS,
  jsonl,
  withFixtureConfig,
  withTempDir,
} from "./_helpers.ts";

/** Chain entries as CLI 1.0.43 wrote them. */
const { entry, user, assistant } = entryBuilders("1.0.43", "2025-07-01T10:00:00.000Z", { stop_reason: "end_turn" });
/** The `i`th of a run of entries that are no prompt, `h0`, `h1`...: attachments and meta entries of about `bytes`. */
const injectedEntry = (i: number, bytes: number) =>
  i % 2
    ? user(`h${i}`, i ? `h${i - 1}` : null, "x".repeat(bytes), { isMeta: true })
    : entry("attachment", `h${i}`, i ? `h${i - 1}` : null, {
      attachment: { type: "skill_listing", content: "x".repeat(bytes) },
    });

async function projectDir(configDir: string): Promise<string> {
  const dir = join(configDir, "projects", "-p");
  await mkdir(dir, { recursive: true });
  return dir;
}

// --- 1. Summaries: a summary titles the session whose file holds its leaf -------------------------------------------

test("summaries (CLI 1.0.x): a listing titles each session by the summary naming its leaf, wherever that was written", async () => {
  await withFixtureConfig(async (configDir) => {
    const sink = errorSink();
    const sessions = await history.listSessions("/home/dev/work/legacy", { configDir, onError: sink.onError });
    assert.deepEqual(sessions.map((s) => [s.sessionId, s.title, s.firstPrompt]), [
      // C's file holds the summaries of B and of a deleted session: neither is C's.
      [FIXTURE.legacyC, "Why is CI red?", "Why is CI red?"],
      [FIXTURE.legacyB, "Login endpoint with argon2 hashing", "Add a login endpoint"],
      [FIXTURE.legacyA, "Database schema setup", "Set up the database schema"],
    ]);
    assert.deepEqual(sink.errors, []);
  });
});

test("summaries (CLI 1.0.x): one session's title never comes from another session's summary in its file", async () => {
  await withFixtureConfig(async (configDir) => {
    // One session is read alone, so only summaries in its own file can title it: B's file holds A's summary.
    assert.equal(await history.summary(FIXTURE.legacyB, { configDir }), "Add a login endpoint");
    assert.equal(await history.summary(FIXTURE.legacyC, { configDir }), "Why is CI red?");
    assert.equal((await history.sessionInfo(FIXTURE.legacyA, { configDir }))?.title, "Set up the database schema");
    // Once the summary of A is in A's own file, it titles A read alone too.
    const a = join(configDir, "projects", "-home-dev-work-legacy", `${FIXTURE.legacyA}.jsonl`);
    const lines = (await readFile(a, "utf8")).trimEnd().split("\n");
    const leaf = JSON.parse(lines[lines.length - 1]).uuid;
    await appendFile(a, JSON.stringify({ type: "summary", summary: "Schema work", leafUuid: leaf }) + "\n");
    assert.equal(await history.summary(FIXTURE.legacyA, { configDir }), "Schema work");
  });
});

test("summaries: a leaf seen only at the end of a long last line is still the session's; a far one titles nothing", async () => {
  await withTempDir(async (configDir) => {
    const dir = await projectDir(configDir);
    // The target's leaf is a 40 KiB reply: the tail window cuts it, but shows the uuid the CLI writes after `message`.
    const target = [user("t-u", null, "explain the cache"), assistant("t-leaf", "t-u", "cache ".repeat(7000))];
    await writeFile(join(dir, "target.jsonl"), jsonl(target));
    // A session summarised when its leaf was "d-mid", 30 KiB in, then continued for 30 KiB: no window read holds it.
    const turns = (from: string, n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => assistant(`${tag}${i}`, i ? `${tag}${i - 1}` : from, "y".repeat(1000)));
    const far = [
      user("d-u", null, "first"),
      ...turns("d-u", 30, "d-"),
      assistant("d-mid", "d-29", "ok"),
      ...turns("d-mid", 30, "e-"),
    ];
    await writeFile(join(dir, "far.jsonl"), jsonl(far));
    await writeFile(
      join(dir, "host.jsonl"),
      jsonl([
        { type: "summary", summary: "Cache explained", leafUuid: "t-leaf" },
        { type: "summary", summary: "Far summary", leafUuid: "d-mid" },
        user("h-u", null, "host prompt"),
        assistant("h-a", "h-u", "done"),
      ]),
    );
    const titles = Object.fromEntries(
      (await history.listSessions(undefined, { configDir })).map((s) => [s.sessionId, s.title]),
    );
    assert.deepEqual(titles, { target: "Cache explained", far: "first", host: "host prompt" });
  });
});

// --- 2. The first prompt: the first typed prompt in file order ------------------------------------------------------

test("first prompt (CLI 2.0.x): behind 16 KiB of hook output, caveats and command echoes, not a later one from the tail", async () => {
  await withFixtureConfig(async (configDir) => {
    const counting = await countingFiles();
    const [session] = await history.listSessions("/home/dev/work/hooks", { configDir, files: counting.files });
    assert.equal(session.sessionId, FIXTURE.hooks);
    assert.equal(session.firstPrompt, "Refactor the payment module");
    assert.equal(session.title, "Refactor the payment module");
    assert.equal(session.gitBranch, "feature/pay");
    assert.ok(counting.bytes() <= 2 * ENDS_LENGTH + 2 * WIDE_ENDS_LENGTH, `read ${counting.bytes()}`);
    assert.equal(counting.streams(), 0, "no whole-file reads");
    assert.equal((await history.sessionInfo(FIXTURE.hooks, { configDir }))?.firstPrompt, "Refactor the payment module");
  });
});

test("first prompt: hook output, caveats, command echoes, reminders and meta entries are not prompts", async () => {
  await withTempDir(async (configDir) => {
    const dir = await projectDir(configDir);
    const injected = [
      "<session-start-hook>On branch main\nnothing to commit</session-start-hook>",
      "<user-prompt-submit-hook>lint passed</user-prompt-submit-hook>",
      "<local-command-caveat>Caveat: The messages below were generated by the user while running local commands.</local-command-caveat>",
      "<command-name>/init</command-name>\n<command-message>init</command-message>\n<command-args></command-args>",
      "<local-command-stdout>Initialised CLAUDE.md</local-command-stdout>",
      "<local-command-stderr>warning: no git remote</local-command-stderr>",
      "<bash-input>ls</bash-input>",
      "<bash-stdout>README.md</bash-stdout><bash-stderr></bash-stderr>",
      "<system-reminder>Keep commits small.</system-reminder>",
      "<task-notification>\n<task-id>a1</task-id>\n<status>completed</status>\n</task-notification>",
      "[Request interrupted by user]",
    ];
    const entries: object[] = injected.map((content, i) => user(`i${i}`, i ? `i${i - 1}` : null, content));
    entries.push(user("meta", "i10", "Caveat: plain meta text", { isMeta: true }));
    entries.push(user("tool", "meta", [{ type: "tool_result", tool_use_id: "t", content: "out" }]));
    entries.push(user("sum", "tool", "This session is being continued…", { isCompactSummary: true }));
    entries.push(user("real", "sum", [{ type: "text", text: "  the real first prompt  " }]));
    entries.push(assistant("a", "real", "ok"), user("later", "a", "a later prompt"));
    await writeFile(join(dir, "s.jsonl"), jsonl(entries));
    // A prompt of one's own may start with "<": only the CLI's own tags are injected text.
    await writeFile(join(dir, "html.jsonl"), jsonl([user("h", null, "<div> will not centre")]));
    const byId = Object.fromEntries(
      (await history.listSessions(undefined, { configDir })).map((s) => [s.sessionId, s.firstPrompt]),
    );
    assert.deepEqual(byId, { s: "the real first prompt", html: "<div> will not centre" });
  });
});

test("first prompt: read on from the head past 256 KiB, in steps that stop at the prompt", async () => {
  await withTempDir(async (configDir) => {
    const dir = await projectDir(configDir);
    // 600 KiB of attachments and meta entries (lines of 4 KiB) before the first prompt, then 100 KiB of turns.
    const before = Array.from({ length: 150 }, (_, i) => injectedEntry(i, 4000));
    const after = Array.from(
      { length: 100 },
      (_, i) => assistant(`a${i}`, i ? `a${i - 1}` : "first", "z".repeat(1000)),
    );
    await writeFile(
      join(dir, "deep.jsonl"),
      jsonl([...before, user("first", "h149", "deep first prompt"), ...after, user("last", "a99", "tail prompt")]),
    );
    const counting = await countingFiles();
    const [session] = await history.listSessions(undefined, { configDir, files: counting.files });
    assert.equal(session.firstPrompt, "deep first prompt");
    assert.ok((session.size ?? 0) > 700_000);
    // The two reads of the ends, then 256 + 512 KiB on from the head: not the whole file.
    assert.ok(counting.bytes() <= 2 * ENDS_LENGTH + 2 * WIDE_ENDS_LENGTH + 768 * 1024, `read ${counting.bytes()}`);
    assert.equal(counting.streams(), 0);
  });
});

test("first prompt: none in the first 4 MiB is null, never a later prompt; the title falls back to the latest one", async () => {
  await withTempDir(async (configDir) => {
    const dir = await projectDir(configDir);
    const junk = Array.from({ length: 1100 }, (_, i) => injectedEntry(i, 4000));
    await writeFile(
      join(dir, "s.jsonl"),
      jsonl([...junk, user("p", "h1099", "too deep"), assistant("a", "p", "ok"), user("q", "a", "the latest prompt")]),
    );
    const counting = await countingFiles();
    const [session] = await history.listSessions(undefined, { configDir, files: counting.files });
    assert.ok((session.size ?? 0) > FIRST_PROMPT_SCAN_LENGTH);
    assert.equal(session.firstPrompt, null);
    assert.equal(session.title, "the latest prompt");
    assert.ok(
      counting.bytes() <= FIRST_PROMPT_SCAN_LENGTH + 2 * ENDS_LENGTH + 2 * WIDE_ENDS_LENGTH,
      `read ${counting.bytes()}`,
    );
  });
});

test("first prompt: a line across the two ends of a small file is read, and the first prompt stays the first", async () => {
  await withTempDir(async (configDir) => {
    const dir = await projectDir(configDir);
    // 20 KiB: the 16 KiB head cuts the first prompt, the tail (the last 4 KiB) starts inside it.
    const text = jsonl([
      user("u", null, "straddling " + "s".repeat(18_000)),
      assistant("a", "u", "ok"),
      user("v", "a", "second"),
    ]);
    await writeFile(join(dir, "s.jsonl"), text);
    const counting = await countingFiles();
    const [session] = await history.listSessions(undefined, { configDir, files: counting.files });
    assert.equal(session.firstPrompt, "straddling " + "s".repeat(18_000));
    assert.equal(counting.bytes(), text.length, "the ends met: nothing more was read");
  });
});

// --- 3. A file cut right after compact_boundary ----------------------------------------------------------------------

test("compaction (CLI 2.1.x): a file that ends right after compact_boundary yields the turns before it", async () => {
  await withFixtureConfig(async (configDir) => {
    const sink = errorSink();
    const messages = await history.conversation(FIXTURE.cutCompaction, { configDir, onError: sink.onError });
    assert.deepEqual(messages.map((m) => `${m.type}: ${m.text}`), [
      "user: one",
      "assistant: reply one",
      "user: two",
      "assistant: reply two",
    ]);
    assert.deepEqual(sink.errors, []);
  });
});

test("compaction: a half-written summary compacts nothing; the written summary does", async () => {
  const text = await readFile(
    join(FIXTURE_PROJECTS, "-home-dev-work-compact", `${FIXTURE.cutCompaction}.jsonl`),
    "utf8",
  );
  const boundary = JSON.parse(text.trimEnd().split("\n").at(-1)!);
  const summary = JSON.stringify(
    user("sum", boundary.uuid, "This session is being continued from a previous conversation.", {
      isCompactSummary: true,
      isVisibleInTranscriptOnly: true,
    }),
  );
  const sink = errorSink();
  const partial = await history.buildConversation(text + summary.slice(0, 60), { onError: sink.onError });
  assert.deepEqual(partial.map((m) => m.text), ["one", "reply one", "two", "reply two"]);
  assert.deepEqual(sink.errors.map((e) => e.details.reason), ["truncated-line"]);
  const whole = await history.buildConversation(text + summary + "\n");
  assert.deepEqual(whole.map((m) => m.text), ["This session is being continued from a previous conversation."]);
});
