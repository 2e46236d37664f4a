/**
 * Resuming a conversation that ends with the interrupt marker: CLI 2.1.332 first writes a synthetic assistant entry
 * answering it ("No response requested.", the observed entry's fields), not printed, and parents the new prompt on
 * it; `history.conversation()` shows it as an assistant message. 2.1.197 writes nothing of the kind.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { history } from "../../mod.ts";
import { isResultMessage } from "../../src/protocol/message_guards.ts";
import type { ResultMessage } from "../../src/protocol/messages.ts";
import {
  drive,
  type EntryView,
  fakeEnv,
  firstText,
  messages,
  readEntries,
  type RunResult,
  type Sandbox,
  sandbox,
} from "./_support.ts";

const MARKER = "[Request interrupted by user]";
const NO_RESPONSE = "No response requested.";
const STREAM = ["--output-format", "stream-json", "--verbose"];
const OLD = { CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.197" };

/** The keys of the entry the real CLI 2.1.332 wrote, in its order. */
const OBSERVED_KEYS = [
  "parentUuid",
  "isSidechain",
  "type",
  "uuid",
  "timestamp",
  "message",
  "isApiErrorMessage",
  "madeBy",
  "userType",
  "entrypoint",
  "cwd",
  "sessionId",
  "version",
  "gitBranch",
];

/** The observed entry's message, but for its random `id`. */
const OBSERVED_MESSAGE = {
  diagnostics: null,
  container: null,
  model: "<synthetic>",
  role: "assistant",
  stop_details: null,
  stop_reason: "stop_sequence",
  stop_sequence: "",
  type: "message",
  usage: {
    output_tokens_details: null,
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
    service_tier: null,
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
    inference_geo: null,
    iterations: null,
    speed: null,
    fallback_credit: null,
  },
  content: [{ type: "text", text: NO_RESPONSE }],
  context_management: null,
};

/** A stream-json session whose only turn is interrupted mid-reply; returns its session id. */
async function interruptedSession(box: Sandbox, env: Record<string, string> = {}): Promise<string> {
  const run = await drive({
    args: [...STREAM, "--input-format", "stream-json", "--include-partial-messages"],
    cwd: box.cwd,
    env: fakeEnv(box.config, { CLAUDE_STREAM_FAKE_SLOW_MS: "30", ...env }),
    steps: [
      { send: { type: "user", message: { role: "user", content: "SLOW one" } } },
      { wait: { type: "stream_event", event: { type: "content_block_delta" } } },
      { send: { type: "control_request", request_id: "stop", request: { subtype: "interrupt" } } },
      { wait: { type: "result" } },
      { close: true },
    ],
  });
  return resultOf(run).session_id;
}

function resultOf(run: RunResult): ResultMessage {
  const result = messages(run.lines).find(isResultMessage);
  assert.ok(result, run.stderr);
  return result;
}

/** A stream-json process that sends prompts one after the other, each after the previous result. */
function streamTurns(box: Sandbox, args: string[], prompts: string[]): Promise<RunResult> {
  const steps = prompts.flatMap((
    prompt,
  ) => [{ send: { type: "user", message: { role: "user", content: prompt } } }, { wait: { type: "result" } }]);
  return drive({
    args: [...STREAM, "--input-format", "stream-json", ...args],
    cwd: box.cwd,
    env: fakeEnv(box.config),
    steps: [...steps, { close: true }],
  });
}

function entriesOf(box: Sandbox, id: string): EntryView[] {
  const projects = path.join(box.config, "projects");
  const dir = fs.readdirSync(projects).find((d) => fs.existsSync(path.join(projects, d, `${id}.jsonl`)))!;
  return readEntries(path.join(projects, dir, `${id}.jsonl`));
}

/** Checks the synthetic answer in a session file: after the marker, before the prompt, as observed. */
function assertAnswered(box: Sandbox, id: string, prompt: string) {
  const chain = entriesOf(box, id).filter((e) => e.type === "user" || e.type === "assistant");
  const at = chain.findIndex((e) => firstText(e.message?.content) === NO_RESPONSE);
  assert.ok(at > 0, "the synthetic answer is written");
  const [marker, answer, next] = chain.slice(at - 1, at + 2);
  assert.deepEqual(marker.message?.content, [{ type: "text", text: MARKER }]);
  assert.deepEqual(Object.keys(answer), OBSERVED_KEYS);
  assert.ok(answer.message);
  const { id: messageId, ...message } = answer.message;
  assert.match(messageId ?? "", /^[0-9a-f-]{36}$/);
  assert.deepEqual(message, OBSERVED_MESSAGE);
  assert.deepEqual(
    [answer.parentUuid, answer.isSidechain, answer.isApiErrorMessage, answer.madeBy, answer.sessionId, answer.version],
    [marker.uuid, false, false, "other", id, "2.1.332"],
  );
  assert.equal(next.message?.content, prompt);
  assert.equal(next.parentUuid, answer.uuid);
}

describe("fake CLI: resuming a conversation that ends with the interrupt marker", () => {
  test("2.1.332, -p --resume: the answer is written, not printed, and the model sees only the user's texts", async () => {
    const box = sandbox();
    try {
      const id = await interruptedSession(box);
      const run = await drive({
        args: ["-p", "two", `--resume=${id}`, ...STREAM],
        cwd: box.cwd,
        env: fakeEnv(box.config),
      });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!run.lines.some((l) => l.includes(NO_RESPONSE)), "not printed");
      assert.equal(resultOf(run).result, `turns=3 last=two history=SLOW one | ${MARKER} | two`);
      assertAnswered(box, id, "two");
      const conversation = await history.conversation(id, { configDir: box.config, projectPath: box.cwd });
      assert.deepEqual(conversation.slice(-4).map((m) => [m.type, m.text]), [
        ["user", MARKER],
        ["assistant", NO_RESPONSE],
        ["user", "two"],
        ["assistant", `turns=3 last=two history=SLOW one | ${MARKER} | two`],
      ]);
    } finally {
      box.cleanup();
    }
  });

  test("2.1.332, stream-json --resume --fork-session: the fork holds the answer, the source does not", async () => {
    const box = sandbox();
    try {
      const id = await interruptedSession(box);
      const before = entriesOf(box, id);
      const fork = resultOf(await streamTurns(box, [`--resume=${id}`, "--fork-session"], ["three"])).session_id;
      assert.notEqual(fork, id);
      assertAnswered(box, fork, "three");
      assert.deepEqual(entriesOf(box, id), before, "the source is untouched");
    } finally {
      box.cleanup();
    }
  });

  test("2.1.332: only the first prompt of the resuming process gets it, and a conversation not ending with the marker none", async () => {
    const box = sandbox();
    try {
      const id = await interruptedSession(box);
      await streamTurns(box, [`--resume=${id}`], ["two", "three"]);
      assertAnswered(box, id, "two");
      await streamTurns(box, [`--resume=${id}`], ["four"]);
      const answers = entriesOf(box, id).filter((e) => firstText(e.message?.content) === NO_RESPONSE);
      assert.equal(answers.length, 1);
    } finally {
      box.cleanup();
    }
  });

  test("2.1.197 writes no answer: the new prompt is parented on the marker", async () => {
    const box = sandbox();
    try {
      const id = await interruptedSession(box, OLD);
      const run = await drive({
        args: ["-p", "two", `--resume=${id}`, ...STREAM],
        cwd: box.cwd,
        env: fakeEnv(box.config, OLD),
      });
      assert.equal(resultOf(run).result, `turns=3 last=two history=SLOW one | ${MARKER} | two`);
      const chain = entriesOf(box, id).filter((e) => e.type === "user" || e.type === "assistant");
      assert.ok(!chain.some((e) => e.message?.model === "<synthetic>"));
      const prompt = chain.findIndex((e) => e.message?.content === "two");
      assert.equal(chain[prompt].parentUuid, chain[prompt - 1].uuid);
      assert.deepEqual(chain[prompt - 1].message?.content, [{ type: "text", text: MARKER }]);
    } finally {
      box.cleanup();
    }
  });
});
