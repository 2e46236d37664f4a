/**
 * The Hono example on the host runtime, through `app.request()` (Hono's own in-process fetch) and the CLI under test:
 * a conversation by id over several turns and formats, its history, resuming it after the app restarts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_PATH } from "../cli_under_test.ts";
import { createHonoApp } from "../../examples/hono_app.ts";

test("hono example: turns in three formats, history, and a resumed conversation after a restart", async () => {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "cs-hono-")));
  const options = { cliPath: CLI_PATH, configDir: join(dir, "config"), cwd: dir };
  const id = crypto.randomUUID();
  const turn = (app: ReturnType<typeof createHonoApp>["app"], prompt: string, format: string) =>
    app.request(`/conversations/${id}/turns`, { method: "POST", body: JSON.stringify({ prompt, format }) });
  const first = createHonoApp(options);
  try {
    assert.equal(
      await (await turn(first.app, "My name is Alice", "text")).text(),
      "turns=1 last=My name is Alice history=My name is Alice",
    );
    const ndjson = (await (await turn(first.app, "What is my name?", "ndjson")).text()).trim().split("\n").map((line) =>
      JSON.parse(line)
    );
    assert.equal(ndjson.at(-1).type, "result");
    assert.equal(ndjson.at(-1).session_id, id);
    const sse = await turn(first.app, "third", "sse");
    assert.equal(sse.headers.get("content-type"), "text/event-stream; charset=utf-8");
    assert.match(await sse.text(), /event: result/);
    const saved = await (await first.app.request(`/conversations/${id}`)).json() as { type: string; text: string }[];
    assert.deepEqual(saved.filter((m) => m.type === "user").map((m) => m.text), [
      "My name is Alice",
      "What is my name?",
      "third",
    ]);
    assert.equal((await turn(first.app, "x", "xml")).status, 400);
    assert.equal((await first.app.request("/conversations/not-an-id")).status, 404);
    assert.equal((await first.app.request(`/conversations/${id}`, { method: "DELETE" })).status, 204);
  } finally {
    await first.close();
  }
  const second = createHonoApp(options);
  try {
    const text = await (await turn(second.app, "Still there?", "text")).text();
    assert.equal(text, "turns=4 last=Still there? history=My name is Alice | What is my name? | third | Still there?");
  } finally {
    await second.close();
    await rm(dir, { recursive: true, force: true });
  }
});
