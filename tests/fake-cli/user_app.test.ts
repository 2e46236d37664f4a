/**
 * The user's test shown in docs/testing.md ("Testing your app offline"), kept here so it runs: an app function
 * built on Session, tested against the fake CLI as a child process and in memory.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Session, textContent } from "../../mod.ts";
import { fakeCli } from "../../testing.ts";

// --- the app under test -------------------------------------------------------------------------------------
/** Asks Claude one question in an ongoing session and returns the whole answer. */
async function ask(session: Session, question: string): Promise<string> {
  let answer = "";
  for await (const chunk of session.stream(question).pipeThrough(textContent()) as unknown as AsyncIterable<string>) {
    answer += chunk;
  }
  return answer;
}

// --- the tests -------------------------------------------------------------------------------------------------
/** A throwaway config dir (never the real ~/.claude) and project dir. */
function tempDirs() {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "my-app-test-")));
  return {
    configDir: path.join(root, "config"),
    cwd: root,
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

test("the app keeps context between questions and after a restart (fake CLI as a child process)", async () => {
  const { configDir, cwd, cleanup } = tempDirs();
  const session = new Session({ cliPath: fakeCli.path, configDir, cwd });
  try {
    await ask(session, "My name is Alice");
    // the fake answers `turns=N last=<prompt> history=<p1> | <p2>`: it shows what context the CLI sent
    assert.equal(
      await ask(session, "What is my name?"),
      "turns=2 last=What is my name? history=My name is Alice | What is my name?",
    );
    const id = session.sessionId!;
    await session.stop();

    const resumed = new Session({ cliPath: fakeCli.path, configDir, cwd, resume: id });
    try {
      assert.match(
        await ask(resumed, "Still there?"),
        /history=My name is Alice \| What is my name\? \| Still there\?$/,
      );
    } finally {
      await resumed.stop();
    }
  } finally {
    await session.stop();
    cleanup();
  }
});

test("the app shows a scripted answer (fake CLI in memory, with a scenario)", async () => {
  const { configDir, cwd, cleanup } = tempDirs();
  const adapter = fakeCli.inMemoryAdapter({ scenario: fakeCli.scenario().reply("Bonjour Alice !", { chunkSize: 3 }) });
  const session = new Session({ adapter, configDir, cwd });
  try {
    assert.equal(await ask(session, "Say hello in French"), "Bonjour Alice !");
  } finally {
    await session.stop();
    cleanup();
  }
});
