/**
 * Random programs of turns, resumes, forks, clears and interrupts run through the CLI under test (the fake, which
 * writes session files in the recorded format, or the real `claude` under `npm run test:real`); `conversation()` of
 * every session must equal the program's model.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdir, realpath } from "node:fs/promises";
import { join } from "node:path";
import process from "node:process";
import fc from "fast-check";
import { fileURLToPath } from "node:url";
import { history } from "../../mod.ts";
import { IS_REAL_CLI, REAL_CLI } from "../cli_under_test.ts";
import { errorSink, withTempDir } from "./_helpers.ts";

/** The command that starts the CLI under test: the real binary, or the fake's script under Node. */
const CLI: [string, ...string[]] = REAL_CLI !== undefined
  ? [REAL_CLI]
  : [process.env.NODE_BINARY ?? "node", fileURLToPath(new URL("../../fake-cli/claude", import.meta.url))];
const MARKER = "[Request interrupted by user]";
/**
 * What CLI 2.1.332 answers, as a synthetic assistant message (`model: "<synthetic>"`), for the interrupt marker a
 * resumed conversation ends with, before the new prompt; 2.1.197 (and the fake imitating it) adds nothing.
 */
const NO_RESPONSE = "No response requested.";
const ANSWERS_DANGLING_MARKER = process.env.CLAUDE_STREAM_FAKE_CLI_VERSION !== "2.1.197";

type Op =
  | { kind: "turn"; prompt: string }
  | { kind: "fork"; prompt: string; follow: boolean }
  | { kind: "clear" }
  | { kind: "interrupt"; prompt: string };

/** What a session's conversation must be: each item an exact text, or a partial reply (a prefix of the full one). */
type Expected = { text: string } | { prefixOf: string };

interface Model {
  userTexts: string[];
  expected: Expected[];
}

const replyFor = (texts: string[]) => `turns=${texts.length} last=${texts.at(-1)} history=${texts.join(" | ")}`;

/** The conversation a resume continues: one ending with the interrupt marker gets the CLI's answer to it first. */
function resumed(model: Model): Expected[] {
  const last = model.expected.at(-1);
  const dangling = last !== undefined && "text" in last && last.text === MARKER;
  return dangling && ANSWERS_DANGLING_MARKER ? [...model.expected, { text: NO_RESPONSE }] : model.expected;
}

function modelTurn(model: Model, prompt: string): Model {
  const userTexts = [...model.userTexts, prompt];
  return { userTexts, expected: [...resumed(model), { text: prompt }, { text: replyFor(userTexts) }] };
}

function modelInterrupt(model: Model, prompt: string): Model {
  const userTexts = [...model.userTexts, prompt];
  return {
    userTexts: [...userTexts, MARKER],
    expected: [...resumed(model), { text: prompt }, { prefixOf: replyFor(userTexts) }, { text: MARKER }],
  };
}

interface World {
  configDir: string;
  cwd: string;
  env: Record<string, string>;
}

/** One `-p` run; returns the session id of its init line. */
function runPrint(world: World, prompt: string, flags: string[]): string {
  const out = spawnSync(CLI[0], [
    ...CLI.slice(1),
    "-p",
    prompt,
    ...flags,
    "--output-format",
    "stream-json",
    "--verbose",
  ], {
    cwd: world.cwd,
    env: world.env,
    encoding: "utf8",
  });
  assert.equal(out.status, 0, out.stderr);
  const init = out.stdout.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l)).find((m) =>
    m.type === "system" && m.subtype === "init"
  );
  return init.session_id;
}

/** A stream-json run interrupted during its reply, as an SDK does it. */
async function runInterrupted(world: World, prompt: string, resume: string | null): Promise<string> {
  const flags = [
    "--input-format",
    "stream-json",
    "--output-format",
    "stream-json",
    "--verbose",
    "--include-partial-messages",
  ];
  if (resume !== null) flags.push(`--resume=${resume}`);
  const child = spawn(CLI[0], [...CLI.slice(1), ...flags], {
    cwd: world.cwd,
    env: world.env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const send = (message: object) => child.stdin.write(JSON.stringify(message) + "\n");
  let sessionId = "";
  let buffered = "";
  let interrupted = false;
  let finished = false;
  const done = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf("\n")) !== -1) {
        const message = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (message.type === "system" && message.subtype === "init") sessionId = message.session_id;
        if (!interrupted && message.type === "stream_event" && message.event?.type === "content_block_delta") {
          interrupted = true;
          send({ type: "control_request", request_id: "int-1", request: { subtype: "interrupt" } });
        }
        if (message.type === "result") {
          finished = true;
          child.stdin.end();
        }
      }
    });
    child.on("error", reject);
    // The CLI exits 1 when the last turn ended in an error result (here: the interrupt).
    child.on("exit", (code) => finished ? resolve() : reject(new Error(`the CLI exited ${code} before a result`)));
  });
  send({ type: "user", message: { role: "user", content: prompt } });
  await done;
  return sessionId;
}

async function run(world: World, ops: Op[]): Promise<Map<string, Model>> {
  const sessions = new Map<string, Model>();
  let current: string | null = null;
  const empty: Model = { userTexts: [], expected: [] };
  for (const op of ops) {
    if (op.kind === "clear") {
      current = null;
    } else if (op.kind === "turn") {
      const id = runPrint(world, op.prompt, current === null ? [] : [`--resume=${current}`]);
      sessions.set(id, modelTurn(current === null ? empty : sessions.get(current)!, op.prompt));
      current = id;
    } else if (op.kind === "fork") {
      if (current === null) continue;
      const id = runPrint(world, op.prompt, [`--resume=${current}`, "--fork-session"]);
      assert.notEqual(id, current);
      sessions.set(id, modelTurn(sessions.get(current)!, op.prompt));
      if (op.follow) current = id;
    } else {
      const id = await runInterrupted(world, op.prompt, current);
      sessions.set(id, modelInterrupt(current === null ? empty : sessions.get(current)!, op.prompt));
      current = id;
    }
  }
  return sessions;
}

function matches(expected: Expected[], texts: string[]): boolean {
  if (expected.length !== texts.length) return false;
  return expected.every((item, i) =>
    "text" in item ? texts[i] === item.text : texts[i] !== "" && item.prefixOf.startsWith(texts[i])
  );
}

const word = fc.stringMatching(/^[a-z]{1,8}$/);
const prompt = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(" "));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: prompt.map((p) => ({ kind: "turn" as const, prompt: p })) },
  {
    weight: 2,
    arbitrary: fc.tuple(prompt, fc.boolean()).map(([p, follow]) => ({ kind: "fork" as const, prompt: p, follow })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "clear" as const }) },
  { weight: 1, arbitrary: prompt.map((p) => ({ kind: "interrupt" as const, prompt: `SLOW ${p}` })) },
);

test("the CLI: conversation() of every session a random program wrote equals the program's model", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
      await withTempDir(async (dir) => {
        const cwd = await realpath(dir).then((real) => join(real, "proj dir.v1"));
        await mkdir(cwd);
        const configDir = join(dir, "config");
        const env = { ...process.env, CLAUDE_CONFIG_DIR: configDir, CLAUDE_STREAM_FAKE_SLOW_MS: "20" } as Record<
          string,
          string
        >;
        delete env.CLAUDECODE;
        const sessions = await run({ configDir, cwd, env }, ops);
        for (const [id, model] of sessions) {
          const sink = errorSink();
          const messages = await history.conversation(id, { configDir, projectPath: cwd, onError: sink.onError });
          const texts = messages.map((m) => m.text);
          assert.ok(
            matches(model.expected, texts),
            `${id}: ${JSON.stringify(texts)} != ${JSON.stringify(model.expected)}`,
          );
          assert.deepEqual(sink.errors, []);
        }
        const listed = await history.listSessions(cwd, { configDir });
        assert.deepEqual(listed.map((s) => s.sessionId).sort(), [...sessions.keys()].sort());
        for (const session of listed) {
          assert.equal(session.cwd, cwd);
          assert.equal(session.firstPrompt, sessions.get(session.sessionId)!.userTexts[0]);
        }
      });
      // Fewer runs against the real CLI: each op starts the native binary (seconds, not milliseconds).
    }),
    {
      numRuns: IS_REAL_CLI ? 4 : 15,
      examples: [[[{ kind: "turn", prompt: "one" }, { kind: "interrupt", prompt: "SLOW two" }, {
        kind: "fork",
        prompt: "three",
        follow: false,
      }, { kind: "turn", prompt: "four" }]]],
    },
  );
});
