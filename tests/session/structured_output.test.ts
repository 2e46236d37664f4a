// Structured output (features/m11-m14): `outputFormat` with a valibot or a JSON Schema, `collectTurn`'s
// `structuredOutput`, a schema the model misses, attempts running out. On the fake and the real CLI (the stand-in API's
// `TOOL StructuredOutput <json>` and `TOOL_ALWAYS` prompt words make the model call the tool).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import { isClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { isMessageOfType } from "../../src/protocol/message_guards.ts";
import { Session } from "../../src/session/mod.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import { fakeCli } from "../../testing.ts";
import { fakeOnly, reply, withSessions } from "./_fixture.ts";

const Answer = v.object({ answer: v.number() });
const ANSWER_JSON_SCHEMA = {
  type: "object",
  properties: { answer: { type: "number" } },
  required: ["answer"],
  additionalProperties: false,
};

async function all(stream: ReadableStream<Message>): Promise<Message[]> {
  const messages: Message[] = [];
  for await (const message of stream as unknown as AsyncIterable<Message>) messages.push(message);
  return messages;
}

test("structured output: a valibot schema; collectTurn checks the output and types it", async () => {
  await withSessions(async (make) => {
    const session = make({ outputFormat: { type: "json_schema", schema: Answer } });
    const turn = await collectTurn(session.stream('TOOL StructuredOutput {"answer":42}'), { schema: Answer });
    const answer: number = turn.structuredOutput.answer; // typed by the schema
    assert.equal(answer, 42);
    assert.deepEqual(turn.result.structured_output, { answer: 42 });
    assert.equal(turn.result.result, '{"answer":42}');
    assert.equal(turn.isError, false);
    assert.deepEqual(turn.toolUses.map((use) => use.name), ["StructuredOutput"]);
    // the session goes on, and the next turn has structured output again
    const next = await collectTurn(session.stream('TOOL StructuredOutput {"answer":7}'), { schema: Answer });
    assert.equal(next.structuredOutput.answer, 7);
  });
});

test("structured output: a JSON Schema object; the CLI offers the StructuredOutput tool", async () => {
  await withSessions(async (make) => {
    const session = make({ outputFormat: { type: "json_schema", schema: ANSWER_JSON_SCHEMA } });
    const messages = await all(session.stream('TOOL StructuredOutput {"answer":3}'));
    const init = messages.find((m) => m.type === "system" && m.subtype === "init");
    assert.ok(Array.isArray(init?.tools) && init.tools.includes("StructuredOutput"));
    const turn = await collectTurn(session.stream('TOOL StructuredOutput {"answer":5}'));
    assert.deepEqual(turn.structuredOutput, { answer: 5 });
  });
});

test("structured output: without outputFormat there is no StructuredOutput tool and no structuredOutput", async () => {
  await withSessions(async (make) => {
    const session = make();
    const messages = await all(session.stream("hello"));
    const init = messages.find((m) => m.type === "system" && m.subtype === "init");
    assert.ok(Array.isArray(init?.tools) && !init.tools.includes("StructuredOutput"));
    const turn = await collectTurn(session.stream("again"));
    assert.equal(turn.structuredOutput, undefined);
    await assert.rejects(
      collectTurn(session.stream("once more"), { schema: Answer }),
      (error) => isClaudeCodeError(error, "STRUCTURED_OUTPUT_FAILED") && error.details.subtype === "success",
    );
  });
});

test("structured output: an invalid call is an error the model sees, then one reminder; the turn ends without output (m12)", async () => {
  await withSessions(async (make) => {
    const session = make({ outputFormat: { type: "json_schema", schema: Answer } });
    const messages = await all(session.stream('TOOL StructuredOutput {"answer":"not-a-number"}'));
    const results = messages.flatMap((m) =>
      isMessageOfType(m, "user") && Array.isArray(m.message.content) ? m.message.content : []
    ).filter((block) => block.type === "tool_result");
    assert.equal(results.length, 1);
    assert.equal(results[0].is_error, true);
    assert.match(String(results[0].content), /^Output does not match required schema: .*answer/);
    const reminder = messages.find((m) => m.type === "user" && m.isSynthetic === true);
    assert.ok(reminder !== undefined, "the CLI's reminder to call the tool");
    assert.match(JSON.stringify(reminder.message), /\[structured-output-enforce\]/);
    const result = messages.at(-1);
    assert.equal(result?.type, "result");
    assert.equal(result?.subtype, "success");
    assert.equal(result?.structured_output, undefined);
    // with the schema, collectTurn says there is no output
    await assert.rejects(
      collectTurn(session.stream('TOOL StructuredOutput {"answer":"nope"}'), { schema: Answer }),
      (error) =>
        isClaudeCodeError(error, "STRUCTURED_OUTPUT_FAILED") &&
        error.details.errors[0] === "the turn's result has no structured_output",
    );
  });
});

test("structured output: attempts running out is STRUCTURED_OUTPUT_FAILED with the CLI's reason (m13)", async () => {
  await withSessions(async (make) => {
    const session = make({ outputFormat: { type: "json_schema", schema: ANSWER_JSON_SCHEMA } });
    const failure = await collectTurn(session.stream('TOOL_ALWAYS StructuredOutput {"answer":"not-a-number"}')).then(
      () => assert.fail("the turn should fail"),
      (error: unknown) => error,
    );
    assert.ok(isClaudeCodeError(failure, "STRUCTURED_OUTPUT_FAILED"), String(failure));
    assert.equal(failure.details.subtype, "error_max_structured_output_retries");
    assert.match(failure.details.errors[0], /^Failed to provide valid structured output after 5 attempts/);
    assert.equal(typeof failure.details.sessionId, "string");
    // the session is still usable
    assert.match(await reply(session, "still there?"), /still there\?/);
  });
});

test("structured output: collectTurn's schema refuses an output the CLI's schema let through", async () => {
  await withSessions(async (make) => {
    const session = make({ outputFormat: { type: "json_schema", schema: ANSWER_JSON_SCHEMA } });
    const Big = v.object({ answer: v.pipe(v.number(), v.minValue(100)) });
    await assert.rejects(
      collectTurn(session.stream('TOOL StructuredOutput {"answer":42}'), { schema: Big }),
      (error) =>
        isClaudeCodeError(error, "STRUCTURED_OUTPUT_FAILED") && error.details.subtype === "success" &&
        /^answer: /.test(error.details.errors[0]),
    );
  });
});

test("structured output: a bad outputFormat is INVALID_OPTION", () => {
  for (
    const outputFormat of [{ type: "json", schema: {} }, { type: "json_schema" }, { type: "json_schema", schema: 3 }]
  ) {
    assert.throws(
      () => new Session({ outputFormat: outputFormat as never }),
      (error) => isClaudeCodeError(error, "INVALID_OPTION") && error.details.option === "outputFormat",
    );
  }
});

test(
  "structured output: the scenario builders script an output and a schema the model misses",
  { skip: fakeOnly("scenarios script the fake") },
  async () => {
    const scenario = fakeCli.scenario().structuredOutput({ answer: 1 }).missesSchema({ answer: "one" });
    await withSessions(async (make) => {
      const session = make({ outputFormat: { type: "json_schema", schema: Answer }, env: scenario.env() });
      const first = await collectTurn(session.stream("what is the answer?"), { schema: Answer });
      assert.equal(first.structuredOutput.answer, 1);
      await assert.rejects(
        collectTurn(session.stream("and now?"), { schema: Answer }),
        (error) =>
          isClaudeCodeError(error, "STRUCTURED_OUTPUT_FAILED") &&
          error.details.subtype === "error_max_structured_output_retries",
      );
    });
  },
);
