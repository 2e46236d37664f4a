import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ClaudeCodeError } from "../../src/errors.ts";
import {
  createRequestId,
  encodeControlError,
  encodeControlRequest,
  encodeControlResponse,
  encodeJsonLine,
  encodeUserMessage,
} from "../../src/protocol/stdin_encoders.ts";

/** One line: ends in "\n", no other line break a reader could split on, parses as JSON. */
function parseOneLine(line: string): unknown {
  assert.ok(line.endsWith("\n"));
  const body = line.slice(0, -1);
  assert.doesNotMatch(body, /[\n\r\u2028\u2029\u0085]/);
  assert.equal(new TextDecoder().decode(new TextEncoder().encode(body)), body, "well-formed UTF-16: survives UTF-8");
  return JSON.parse(body);
}

describe("encodeUserMessage", () => {
  test("a string prompt is the recorded stdin shape", () => {
    assert.equal(encodeUserMessage("hello"), '{"type":"user","message":{"role":"user","content":"hello"}}\n');
  });

  test("content blocks and a uuid", () => {
    const line = encodeUserMessage([{ type: "text", text: "block one" }, { type: "text", text: "block two" }], {
      uuid: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
    });
    assert.deepEqual(parseOneLine(line), {
      type: "user",
      message: { role: "user", content: [{ type: "text", text: "block one" }, { type: "text", text: "block two" }] },
      uuid: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
    });
  });

  test("newlines, U+2028/U+2029 and lone surrogates still give one valid JSON line", () => {
    const prompt = "a\nb\r\nc\u2028d\u2029e\ud800f\udc00g\u0085";
    const parsed = parseOneLine(encodeUserMessage(prompt)) as { message: { content: string } };
    assert.equal(parsed.message.content, prompt); // lone surrogates survive as escapes, so the text is kept exactly
  });

  test("property: any string prompt is one line that round-trips", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (prompt) => {
        const parsed = parseOneLine(encodeUserMessage(prompt)) as { message: { content: string } };
        assert.equal(parsed.message.content, prompt);
      }),
      { numRuns: 300 },
    );
  });
});

describe("control encoders", () => {
  test("a control request with a given id is the recorded shape", () => {
    assert.equal(
      encodeControlRequest({ subtype: "set_model", model: "claude-sonnet-4-5" }, "r2"),
      '{"type":"control_request","request_id":"r2","request":{"subtype":"set_model","model":"claude-sonnet-4-5"}}\n',
    );
  });

  test("request ids are unique when not given", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      ids.add((parseOneLine(encodeControlRequest({ subtype: "interrupt" })) as { request_id: string }).request_id);
    }
    ids.add(createRequestId());
    assert.equal(ids.size, 1001);
  });

  test("answers to can_use_tool, as recorded", () => {
    assert.equal(
      encodeControlResponse("4309ab2d", { behavior: "allow", updatedInput: { command: "touch x" } }),
      '{"type":"control_response","response":{"subtype":"success","request_id":"4309ab2d","response":{"behavior":"allow","updatedInput":{"command":"touch x"}}}}\n',
    );
    assert.deepEqual(parseOneLine(encodeControlResponse("id", { behavior: "deny", message: "no\u2028way" })), {
      type: "control_response",
      response: { subtype: "success", request_id: "id", response: { behavior: "deny", message: "no\u2028way" } },
    });
    assert.deepEqual(parseOneLine(encodeControlError("r6", "bad")), {
      type: "control_response",
      response: { subtype: "error", request_id: "r6", error: "bad" },
    });
  });

  test("a value with no JSON form is refused with INVALID_MESSAGE", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [undefined, () => 1, cyclic, 1n]) {
      assert.throws(
        () => encodeJsonLine(value),
        (error) => error instanceof ClaudeCodeError && error.code === "INVALID_MESSAGE",
      );
    }
  });
});
