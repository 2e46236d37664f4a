import { test } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import { recordedMessages } from "./_helpers.ts";
import type { Message } from "../../src/protocol/mod.ts";
import { ContentBlockSchema, ResultMessageSchema } from "../../src/protocol/schemas.ts";
import { isValidMessage, validateMessage } from "../../src/protocol/validate_message.ts";

test("every recorded message is valid", () => {
  const messages = recordedMessages();
  assert.ok(messages.length > 250, `${messages.length} messages`);
  for (const message of messages) {
    assert.equal(validateMessage(message), undefined, JSON.stringify(message).slice(0, 300));
  }
});

test("a known kind missing a relied-on field is invalid, with the field named", () => {
  const result = recordedMessages().find((m) => m.type === "result")!;
  const { session_id: _, ...withoutSession } = result;
  const error = validateMessage({ ...withoutSession, is_error: "yes" } as Message);
  assert.equal(error?.code, "INVALID_MESSAGE");
  assert.match(error!.message, /session_id/);
  assert.match(error!.message, /is_error/);
  assert.equal(isValidMessage({ type: "assistant", message: { content: "x" } } as unknown as Message), false);
  assert.equal(isValidMessage({ type: "system", subtype: "init" } as unknown as Message), false);
  assert.equal(isValidMessage({ type: "system", subtype: "brand_new" } as unknown as Message), true);
});

test("unknown kinds and unknown blocks are valid; a known block without its field is not", () => {
  assert.equal(isValidMessage({ type: "brand_new" } as Message), true);
  assert.equal(v.is(ContentBlockSchema, { type: "image", source: {} }), true);
  assert.equal(v.is(ContentBlockSchema, { type: "tool_use", id: "t" }), false);
  assert.equal(v.is(ResultMessageSchema, { type: "result" }), false);
});
