import { test } from "node:test";
import assert from "node:assert/strict";
import {
  isAssistantMessage,
  isCanUseToolRequest,
  isControlCancelRequest,
  isControlRequest,
  isControlResponse,
  isKnownMessage,
  isMessageOfType,
  isResultMessage,
  isStreamEvent,
  isSystemInit,
  isSystemMessage,
  isSystemSubtype,
  isUserMessage,
} from "../../src/protocol/message_guards.ts";
import type { Message } from "../../src/protocol/messages.ts";

const samples = {
  init: { type: "system", subtype: "init", session_id: "s" },
  status: { type: "system", subtype: "status" },
  assistant: { type: "assistant", message: { content: [] } },
  user: { type: "user", message: { role: "user", content: "x" } },
  result: { type: "result", subtype: "success", is_error: false },
  event: { type: "stream_event", event: { type: "message_stop" } },
  canUse: {
    type: "control_request",
    request_id: "1",
    request: { subtype: "can_use_tool", tool_name: "Bash", input: {} },
  },
  otherRequest: { type: "control_request", request_id: "2", request: { subtype: "hook_callback" } },
  response: { type: "control_response", response: { subtype: "success", request_id: "r1" } },
  cancel: { type: "control_cancel_request", request_id: "1" },
  unknown: { type: "brand_new_kind" },
} as unknown as Record<string, Message>;

const guards = {
  isSystemInit: [isSystemInit, ["init"]],
  isSystemMessage: [isSystemMessage, ["init", "status"]],
  isAssistantMessage: [isAssistantMessage, ["assistant"]],
  isUserMessage: [isUserMessage, ["user"]],
  isResultMessage: [isResultMessage, ["result"]],
  isStreamEvent: [isStreamEvent, ["event"]],
  isControlRequest: [isControlRequest, ["canUse", "otherRequest"]],
  isCanUseToolRequest: [isCanUseToolRequest, ["canUse"]],
  isControlResponse: [isControlResponse, ["response"]],
  isControlCancelRequest: [isControlCancelRequest, ["cancel"]],
} as const;

test("each guard accepts exactly its kind", () => {
  for (const [name, [guard, accepted]] of Object.entries(guards)) {
    const got = Object.keys(samples).filter((key) => (guard as (m: Message) => boolean)(samples[key]!));
    assert.deepEqual(got, accepted, name);
  }
});

test("isKnownMessage and isMessageOfType", () => {
  assert.deepEqual(Object.keys(samples).filter((key) => !isKnownMessage(samples[key]!)), ["unknown"]);
  assert.equal(isMessageOfType(samples.result!, "result"), true);
  assert.equal(isMessageOfType(samples.result!, "user"), false);
});

test("guards narrow precisely (a compile-time check, run under Deno's and tsc's type checking)", () => {
  const message = samples.result as Message;
  if (isResultMessage(message)) {
    const cost: number = message.total_cost_usd ?? 0;
    const isError: boolean = message.is_error;
    assert.equal(typeof cost === "number" && typeof isError === "boolean", true);
  } else assert.fail("not narrowed");
  const known = samples.init as Message;
  if (isKnownMessage(known)) {
    switch (known.type) {
      case "system":
        assert.equal(known.subtype, "init");
        break;
      case "result": {
        const reason: string | null | undefined = known.stop_reason;
        assert.fail(String(reason));
        break;
      }
      default:
        assert.fail(known.type);
    }
  } else assert.fail("init is known");
});

test("every recorded system subtype has the required fields its interface declares", async () => {
  const { recordedMessages } = await import("./_helpers.ts");
  const required: Record<string, Record<string, string>> = {
    init: {
      session_id: "string",
      cwd: "string",
      model: "string",
      tools: "object",
      permissionMode: "string",
      uuid: "string",
    },
    status: { session_id: "string", uuid: "string" },
    api_retry: {
      attempt: "number",
      max_retries: "number",
      retry_delay_ms: "number",
      error: "string",
      session_id: "string",
      uuid: "string",
    },
    compact_boundary: { compact_metadata: "object", session_id: "string", uuid: "string" },
    thinking_tokens: {
      estimated_tokens: "number",
      estimated_tokens_delta: "number",
      session_id: "string",
      uuid: "string",
    },
    task_started: { task_id: "string", session_id: "string", uuid: "string" },
    task_updated: { task_id: "string", patch: "object", session_id: "string", uuid: "string" },
    task_notification: { task_id: "string", status: "string", session_id: "string", uuid: "string" },
  };
  const seen = new Set<string>();
  for (const message of recordedMessages()) {
    if (!isSystemMessage(message)) continue;
    seen.add(message.subtype);
    const fields = required[message.subtype];
    assert.ok(fields, `system/${message.subtype} has no interface`);
    assert.ok(isSystemSubtype(message, message.subtype as "status"), "the guard accepts its own subtype");
    for (const [field, type] of Object.entries(fields)) {
      assert.equal(typeof message[field], type, `system/${message.subtype}.${field}`);
    }
  }
  assert.deepEqual([...seen].sort(), Object.keys(required).sort());
});
