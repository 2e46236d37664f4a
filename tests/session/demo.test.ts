// The demo (`npm run demo`) runs on the fake alone and shows what it promises.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runDemo } from "../../examples/demo.ts";

test("demo: streams a conversation and shows resume, fork, clear and history on the fake", async () => {
  let out = "";
  await runDemo({ write: (text) => void (out += text), slowMs: 1 });
  assert.match(out, /turns=3 last=What's my name and what am I learning\? \(be SLOW about it\) history=My name is Alice \| I'm learning TypeScript/);
  assert.match(out, /turns=4 last=Remind me, what was my name\?/);
  assert.match(out, /same id: true/);
  assert.match(out, /turns=5 last=Let's say I'm learning Rust instead/);
  assert.match(out, /turns=5 last=Still Alice\? history=.*Remind me, what was my name\? \| Still Alice\?/, "the fork left the original untouched");
  assert.match(out, /turns=1 last=Do you know my name now\? history=Do you know my name now\?\n/);
  assert.match(out, /== History[\s\S]*user {6}My name is Alice\nassistant turns=1/);
});
