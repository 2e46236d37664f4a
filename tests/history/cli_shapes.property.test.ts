/**
 * Properties of titles, first prompts and interrupted compactions over generated session files: whatever the CLI
 * injected before the first prompt and however much, wherever summaries were written, wherever a compaction was cut.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { history } from "../../mod.ts";
import { ENDS_LENGTH, FIRST_PROMPT_SCAN_LENGTH, WIDE_ENDS_LENGTH } from "../../src/history/listing_bounds.ts";
import { PROTOCOL_DIR } from "../fixtures.ts";
import { countingFiles, entryBuilders, FIXTURE, FIXTURE_PROJECTS, jsonl, withTempDir } from "./_helpers.ts";

/** Chain entries as CLI 2.0.14 wrote them. */
const { entry: chain, user, assistant } = entryBuilders("2.0.14", "2025-10-20T09:00:00.000Z");

// --- First prompts ---------------------------------------------------------------------------------------------------

/** What the CLI writes before a first prompt that is not one, each padded to about `size` bytes. */
const INJECTED = [
  "hook",
  "caveat",
  "command",
  "stdout",
  "reminder",
  "notification",
  "meta",
  "tool-result",
  "interrupt",
  "attachment",
  "summary",
  "snapshot",
  "queue-command",
] as const;
type Injected = { kind: typeof INJECTED[number]; size: number };

function injected({ kind, size }: Injected, i: number): object {
  const pad = "x".repeat(size);
  const parent = i ? `j${i - 1}` : null;
  switch (kind) {
    case "hook":
      return user(`j${i}`, parent, `<session-start-hook>${pad}</session-start-hook>`);
    case "caveat":
      return user(`j${i}`, parent, `<local-command-caveat>Caveat: ${pad}</local-command-caveat>`, { isMeta: true });
    case "command":
      return user(
        `j${i}`,
        parent,
        `<command-name>/model</command-name>\n<command-message>model</command-message>\n<command-args>${pad}</command-args>`,
      );
    case "stdout":
      return user(`j${i}`, parent, `<local-command-stdout>${pad}</local-command-stdout>`);
    case "reminder":
      return user(`j${i}`, parent, `<system-reminder>${pad}</system-reminder>`);
    case "notification":
      return user(`j${i}`, parent, `<task-notification>\n<task-id>t${i}</task-id>\n${pad}</task-notification>`);
    case "meta":
      return user(`j${i}`, parent, pad || "meta", { isMeta: true });
    case "tool-result":
      return user(`j${i}`, parent, [{ type: "tool_result", tool_use_id: `t${i}`, content: pad }]);
    case "interrupt":
      return user(`j${i}`, parent, [{ type: "text", text: "[Request interrupted by user]" }]);
    case "attachment":
      return chain("attachment", `j${i}`, parent, { attachment: { type: "skill_listing", content: pad } });
    case "summary":
      return { type: "summary", summary: `another session ${pad}`, leafUuid: `elsewhere-${i}` };
    case "snapshot":
      return { type: "file-history-snapshot", messageId: `j${i}`, snapshot: { trackedFileBackups: { pad } } };
    case "queue-command":
      return { type: "queue-operation", operation: "dequeue", timestamp: "2025-10-20T09:00:00.000Z" };
  }
}

const size = fc.oneof({ arbitrary: fc.nat({ max: 2_000 }), weight: 3 }, {
  arbitrary: fc.integer({ min: 10_000, max: 150_000 }),
  weight: 1,
});
const prompt = (tag: string) => fc.string({ minLength: 1, maxLength: 30 }).map((s) => `${tag} ${s}`);

test("property: the listing's first prompt is the first typed one, behind any injected entries, at a bounded cost", async () => {
  await withTempDir(async (configDir) => {
    const dir = join(configDir, "projects", "-p");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.constantFrom(...INJECTED), size }), { maxLength: 12 }),
        prompt("first"),
        fc.array(fc.record({ prompt: prompt("later"), reply: size }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (before, first, later, titled) => {
          const entries = before.map(injected);
          const lastInjected = before.length > 0 ? `j${before.length - 1}` : null;
          entries.push(user("first", lastInjected, first));
          let parent = "first";
          for (const [i, turn] of later.entries()) {
            entries.push(assistant(`a${i}`, parent, "r".repeat(turn.reply)), user(`l${i}`, `a${i}`, turn.prompt));
            parent = `l${i}`;
          }
          if (titled) entries.push({ type: "custom-title", customTitle: "Named", sessionId: "s" });
          await rm(dir, { recursive: true, force: true });
          await mkdir(dir, { recursive: true });
          const text = jsonl(entries);
          await writeFile(join(dir, "s.jsonl"), text);
          const { files, bytes: read, streams } = await countingFiles();
          const [session] = await history.listSessions(undefined, { configDir, files });
          const bytes = read();
          assert.equal(streams(), 0, "a listing never reads a whole file");
          assert.equal(session.firstPrompt, first.trim());
          assert.equal(session.title, titled ? "Named" : first.trim());
          const promptEnd = new TextEncoder().encode(text.slice(0, text.indexOf('"uuid":"first"'))).length + 200;
          if (promptEnd <= ENDS_LENGTH) assert.ok(bytes <= 2 * ENDS_LENGTH, `${bytes} bytes read`);
          assert.ok(bytes <= 2 * ENDS_LENGTH + 2 * WIDE_ENDS_LENGTH + FIRST_PROMPT_SCAN_LENGTH, `${bytes} bytes read`);
        },
      ),
      { numRuns: 25 },
    );
  });
});

// --- Summaries -------------------------------------------------------------------------------------------------------

/** Sessions `s0`…, each with turns; summaries of some of them, each written into any session's file, top or bottom. */
const project = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    turns: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }),
    summaries: fc.uniqueArray(
      fc.record({ target: fc.nat({ max: n - 1 }), host: fc.nat({ max: n - 1 }), entry: fc.nat(), top: fc.boolean() }),
      { selector: (s) => s.target, maxLength: n },
    ),
    orphans: fc.array(fc.record({ host: fc.nat({ max: n - 1 }), top: fc.boolean() }), { maxLength: 2 }),
  })
);

test("property: across a project a summary titles exactly the session holding its leaf; alone, only its own file's", async () => {
  await withTempDir(async (configDir) => {
    const dir = join(configDir, "projects", "-p");
    await fc.assert(
      fc.asyncProperty(project, async ({ turns, summaries, orphans }) => {
        const sessions = turns.map((count, s) =>
          Array.from({ length: count }, (_, t) => [
            user(`s${s}-u${t}`, t ? `s${s}-a${t - 1}` : null, `session ${s} prompt ${t}`),
            assistant(`s${s}-a${t}`, `s${s}-u${t}`, `reply ${t}`),
          ]).flat() as { uuid: string }[]
        );
        const files: { top: object[]; body: object[]; bottom: object[] }[] = sessions.map((body) => ({
          top: [],
          body,
          bottom: [],
        }));
        for (const { target, host, entry, top } of summaries) {
          const leaf = sessions[target][entry % sessions[target].length].uuid;
          files[host][top ? "top" : "bottom"].push({
            type: "summary",
            summary: `summary of s${target}`,
            leafUuid: leaf,
          });
        }
        for (const [i, { host, top }] of orphans.entries()) {
          files[host][top ? "top" : "bottom"].push({
            type: "summary",
            summary: `a deleted session ${i}`,
            leafUuid: `gone-${i}`,
          });
        }
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        for (const [s, file] of files.entries()) {
          await writeFile(join(dir, `s${s}.jsonl`), jsonl([...file.top, ...file.body, ...file.bottom]));
        }

        const listed = Object.fromEntries(
          (await history.listSessions(undefined, { configDir })).map((s) => [s.sessionId, s.title]),
        );
        for (let s = 0; s < sessions.length; s++) {
          const own = summaries.find((summary) => summary.target === s);
          assert.equal(listed[`s${s}`], own ? `summary of s${s}` : `session ${s} prompt 0`, `listed s${s}`);
          const alone = own !== undefined && own.host === s ? `summary of s${s}` : `session ${s} prompt 0`;
          assert.equal(await history.summary(`s${s}`, { configDir }), alone, `s${s} alone`);
        }
      }),
      { numRuns: 50 },
    );
  });
});

// --- Interrupted compaction ------------------------------------------------------------------------------------------

/** Session files with a compaction: as CLI 2.1.197 and 2.1.332 recorded them, and the fixture cut after its boundary. */
const compacted = [
  join(PROTOCOL_DIR, "projects-sample", "-home-dev-work-proj", "e0adfd32-ce0a-4f14-9e15-33bdee024edb.jsonl"),
  join(
    PROTOCOL_DIR,
    "cli-2.1.332",
    "projects-sample",
    "-home-dev-work-proj",
    "b7a5f397-ea2f-478c-8efc-e30da9523638.jsonl",
  ),
  join(FIXTURE_PROJECTS, "-home-dev-work-compact", `${FIXTURE.cutCompaction}.jsonl`),
].map((path) => {
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  const boundary = lines.findIndex((line) => line.includes('"subtype":"compact_boundary"'));
  const uuid = JSON.parse(lines[boundary]).uuid;
  const summary = lines.findIndex((line) =>
    line.includes('"isCompactSummary":true') && line.includes(`"parentUuid":"${uuid}"`)
  );
  const startOf = (i: number) => lines.slice(0, i).reduce((n, line) => n + line.length + 1, 0);
  // Cuts up to one character short of the summary's end: its line is incomplete, so it was not written.
  const cutsBefore = summary === -1 ? text.length : startOf(summary) + lines[summary].length - 1;
  return { text, boundaryStart: startOf(boundary), boundaryEnd: startOf(boundary + 1), cutsBefore };
});

test("property: a file cut anywhere before the compact summary is complete reads as if the boundary were not there", async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: compacted.length - 1 }), fc.nat(), fc.boolean(), async (pick, at, afterBoundary) => {
      const { text, boundaryStart, boundaryEnd, cutsBefore } = compacted[pick];
      // Half the cuts fall between the boundary and its summary's end, a few hundred bytes of the file.
      const cut = afterBoundary ? boundaryEnd + at % (cutsBefore - boundaryEnd + 1) : at % (cutsBefore + 1);
      const prefix = text.slice(0, cut);
      const hasBoundary = prefix.length >= boundaryEnd;
      const without = hasBoundary ? prefix.slice(0, boundaryStart) + prefix.slice(boundaryEnd) : prefix;
      const messages = await history.buildConversation(prefix);
      assert.deepEqual(messages, await history.buildConversation(without));
      if (hasBoundary) assert.ok(messages.length >= 2, "the turns before the boundary are kept");
    }),
    { numRuns: 150 },
  );
});
