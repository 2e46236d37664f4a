/** Recorded session files, damaged at random: reading and listing never fail, and a half-written line changes nothing. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { history } from "../../mod.ts";
import { ClaudeCodeError } from "../../src/errors.ts";
import { errorSink, SAMPLE_PROJECTS, withTempDir } from "./_helpers.ts";

const samples = readdirSync(join(SAMPLE_PROJECTS, "-home-dev-work-proj"))
  .filter((name) => name.endsWith(".jsonl"))
  .map((name) => readFileSync(join(SAMPLE_PROJECTS, "-home-dev-work-proj", name), "utf8"));

type Damage = { at: number; kind: "cut" | "garbage" | "nul" | "crlf" | "bom" | "drop-line" | "swap-lines" };

function damage(text: string, { at, kind }: Damage): string {
  const lines = text.split("\n");
  const i = at % lines.length;
  if (kind === "cut") return text.slice(0, at % (text.length + 1));
  if (kind === "garbage") {
    return [...lines.slice(0, i), '{"type":"user","uuid":', "\u0000\u0001\u0002", ...lines.slice(i)].join("\n");
  }
  if (kind === "nul") return [...lines.slice(0, i), "\0".repeat(64), ...lines.slice(i)].join("\n");
  if (kind === "crlf") return lines.join("\r\n");
  if (kind === "bom") return "\ufeff" + text;
  if (kind === "drop-line") return [...lines.slice(0, i), ...lines.slice(i + 1)].join("\n");
  const j = (i + 1) % lines.length;
  [lines[i], lines[j]] = [lines[j], lines[i]];
  return lines.join("\n");
}

const damages = fc.array(
  fc.record({
    at: fc.nat({ max: 20_000 }),
    kind: fc.constantFrom("cut", "garbage", "nul", "crlf", "bom", "drop-line", "swap-lines"),
  }).map((d) => ({ ...d }) as Damage),
  { minLength: 1, maxLength: 3 },
);

test("damaged files: conversation, readSession and listings never fail; problems arrive as ClaudeCodeErrors", async () => {
  await withTempDir(async (configDir) => {
    const dir = join(configDir, "projects", "-home-dev-work-proj");
    await mkdir(dir, { recursive: true });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: samples.length - 1 }), damages, async (pick, list) => {
        const id = `damaged-${run++}`;
        await writeFile(join(dir, `${id}.jsonl`), list.reduce(damage, samples[pick]));
        const sink = errorSink();
        await history.conversation(id, { configDir, onError: sink.onError });
        await history.readSession(id, { configDir, onError: sink.onError });
        await history.summary(id, { configDir });
        const listed = await history.listSessions(undefined, { configDir, onError: sink.onError });
        assert.ok(listed.length <= run);
        for (const error of sink.errors) {
          assert.ok(error instanceof ClaudeCodeError);
          assert.ok(error.code === "CORRUPT_HISTORY" || error.code === "UNREADABLE_HISTORY", error.code);
        }
      }),
      { numRuns: 60 },
    );
  });
});

test("damaged files: a half-written last line leaves the conversation as it was", async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: samples.length - 1 }), fc.nat(), async (pick, at) => {
      const text = samples[pick];
      const lines = text.trimEnd().split("\n");
      const next = lines[at % lines.length];
      const partial = next.slice(0, 1 + (at % Math.max(1, next.length - 1)));
      const whole = await history.buildConversation(text);
      const sink = errorSink();
      const appended = await history.buildConversation(text + partial, { onError: sink.onError });
      assert.deepEqual(appended, whole);
      assert.deepEqual(sink.errors.map((e) => e.details.reason), ["truncated-line"]);
    }),
    { numRuns: 100 },
  );
});
