/**
 * The reply format other tests rely on, as a property: for any prompts sent over stdin, and across a resume in a
 * new process, the n-th answer is `turns=n last=<p_n> history=<p_1> | ... | <p_n>` (items cut to 80 characters).
 * Runs the fake in memory so many random conversations stay fast.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fakeCli } from "../../testing.ts";
import { type Sandbox, sandbox } from "./_support.ts";

const ARGS = ["--output-format", "stream-json", "--verbose", "--input-format", "stream-json"];

/** Sends the prompts one turn at a time; returns the result texts and the session id. */
async function converse(
  box: Sandbox,
  prompts: string[],
  extra: string[] = [],
): Promise<{ replies: string[]; sessionId: string }> {
  const child = fakeCli.inMemoryAdapter().spawn("claude", [...ARGS, ...extra], {
    cwd: box.cwd,
    env: { CLAUDE_CONFIG_DIR: box.config },
  });
  const writer = child.stdin.getWriter();
  const lines = child.stdout.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .getReader();
  const replies: string[] = [];
  let sessionId = "";
  let buffer = "";
  for (const prompt of prompts) {
    await writer.write(
      new TextEncoder().encode(JSON.stringify({ type: "user", message: { role: "user", content: prompt } }) + "\n"),
    );
    for (let done = false; !done;) {
      const newline = buffer.indexOf("\n");
      if (newline === -1) {
        const chunk = await lines.read();
        if (chunk.done) throw new Error("stdout ended early");
        buffer += chunk.value;
        continue;
      }
      const message = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      if (message.type === "result") {
        replies.push(message.result);
        sessionId = message.session_id;
        done = true;
      }
    }
  }
  await writer.close();
  await child.exited;
  return { replies, sessionId };
}

function expected(history: string[]): string {
  return `turns=${history.length} last=${history.at(-1)} history=${history.map((p) => p.slice(0, 80)).join(" | ")}`;
}

// Prompts free of the fake's prompt words, so every answer is a plain reply.
const prompt = fc.string({ minLength: 1, maxLength: 120 }).filter((p) =>
  p.trim() !== "" && !/SLOW|ERR\d|THINK|MAXTOK|SHOW_SYSTEM|TOOL/.test(p)
);

test("the n-th reply lists the n prompts so far, also after a resume in a new process", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(prompt, { minLength: 1, maxLength: 4 }),
      fc.array(prompt, { minLength: 1, maxLength: 3 }),
      async (first, second) => {
        const box = sandbox();
        try {
          const a = await converse(box, first);
          assert.deepEqual(a.replies, first.map((_, i) => expected(first.slice(0, i + 1))));
          const b = await converse(box, second, [`--resume=${a.sessionId}`]);
          const all = [...first, ...second];
          assert.deepEqual(b.replies, second.map((_, i) => expected(all.slice(0, first.length + i + 1))));
          assert.equal(b.sessionId, a.sessionId);
        } finally {
          box.cleanup();
        }
      },
    ),
    { numRuns: 40 },
  );
});
