/** turnResponse: the three body forms, their headers and framing, errors and cancellation, without a server. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { turnResponse } from "../../src/stream/turn_response.ts";
import { parseSse } from "./_server.ts";

const TURN: Message[] = [
  { type: "system", subtype: "init", session_id: "s1" },
  // Line breaks of every kind inside a value must not break the framing.
  {
    type: "assistant",
    message: { role: "assistant", content: [{ type: "text", text: "line one\nline two\r\nthree\rend" }] },
    parent_tool_use_id: null,
    session_id: "s1",
  },
  {
    type: "assistant",
    message: { role: "assistant", content: [{ type: "text", text: " ✓ ünïcödé" }] },
    parent_tool_use_id: null,
    session_id: "s1",
  },
  { type: "some_future_kind", payload: "data: not a field\n\nevent: nope" },
  { type: "result", subtype: "success", is_error: false, result: "done", session_id: "s1" },
] as Message[];

function messages(list: Message[], end?: unknown): ReadableStream<Message> {
  let i = 0;
  return new ReadableStream<Message>({
    pull(controller) {
      if (i < list.length) controller.enqueue(list[i++]);
      else if (end !== undefined) controller.error(end);
      else controller.close();
    },
  });
}

test("sse: text/event-stream, one event per message named after its type, each parsing back to the message", async () => {
  const response = turnResponse(messages(TURN), { format: "sse" });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.equal(response.headers.get("cache-control"), "no-cache");
  const { events, rest } = parseSse(await response.text());
  assert.equal(rest, "", "the body ends with a complete event");
  assert.deepEqual(events.map((e) => e.event), TURN.map((m) => m.type));
  assert.deepEqual(events.map((e) => JSON.parse(e.data)), TURN);
});

test("sse is the default format", async () => {
  const response = turnResponse(messages(TURN));
  assert.match(response.headers.get("content-type")!, /^text\/event-stream/);
  assert.equal(parseSse(await response.text()).events.length, TURN.length);
});

test("ndjson: one JSON line per message", async () => {
  const response = turnResponse(messages(TURN), { format: "ndjson" });
  assert.equal(response.headers.get("content-type"), "application/x-ndjson; charset=utf-8");
  const body = await response.text();
  assert.ok(body.endsWith("\n"));
  assert.deepEqual(body.slice(0, -1).split("\n").map((line) => JSON.parse(line)), TURN);
});

test("text: the reply text only, labelled so browsers render it as it comes", async () => {
  const response = turnResponse(messages(TURN), { format: "text" });
  assert.equal(response.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  assert.equal(await response.text(), "line one\nline two\r\nthree\rend ✓ ünïcödé");
});

test("a failed turn ends sse with an error event and ndjson with an error line", async () => {
  const error = new ClaudeCodeError("TIMEOUT", "the turn took longer than 5 ms", { timeoutMs: 5 });
  const sse = parseSse(await turnResponse(messages(TURN.slice(0, 2), error), { format: "sse" }).text());
  assert.deepEqual(sse.events.map((e) => e.event), ["system", "assistant", "error"]);
  assert.deepEqual(JSON.parse(sse.events[2].data), { type: "error", code: "TIMEOUT", message: error.message });
  const ndjson = (await turnResponse(messages(TURN.slice(0, 1), error), { format: "ndjson" }).text()).trim().split(
    "\n",
  );
  assert.deepEqual(JSON.parse(ndjson.at(-1)!), { type: "error", code: "TIMEOUT", message: error.message });
});

test("a failed turn cuts a text body off with the error", async () => {
  const error = new ClaudeCodeError("PROCESS_EXIT", "the CLI ended during the turn", {
    exitCode: 1,
    signal: null,
    stderrTail: "",
  });
  await assert.rejects(turnResponse(messages(TURN.slice(0, 2), error), { format: "text" }).text());
});

test("cancelling the body cancels the turn's stream, with the reason", async () => {
  for (const format of ["sse", "ndjson", "text"] as const) {
    let cancelled!: (reason: unknown) => void;
    const seen = new Promise((resolve) => (cancelled = resolve));
    const endless = new ReadableStream<Message>({
      pull: (controller) => controller.enqueue(TURN[1]),
      cancel: (reason) => cancelled(reason),
    }, { highWaterMark: 0 });
    const reader = turnResponse(endless, { format }).body!.getReader();
    assert.equal((await reader.read()).done, false);
    await reader.cancel("client left");
    // Through pipeThrough the cancel arrives a few microtasks later; a generous deadline, not a timing check.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise((resolve) => (timer = setTimeout(() => resolve("never cancelled"), 10_000)));
    assert.equal(await Promise.race([seen, deadline]), "client left", format);
    clearTimeout(timer);
  }
});

test("extra headers win over the defaults; several set-cookie headers all survive", () => {
  const headers = new Headers({ "cache-control": "no-store", "x-turn": "1" });
  headers.append("set-cookie", "a=1; Path=/");
  headers.append("set-cookie", "b=2; Path=/");
  const response = turnResponse(messages([]), { format: "ndjson", status: 202, headers });
  assert.equal(response.status, 202);
  assert.equal(response.headers.get("cache-control"), "no-store");
  assert.equal(response.headers.get("x-turn"), "1");
  assert.deepEqual(response.headers.getSetCookie(), ["a=1; Path=/", "b=2; Path=/"]);
});

test("an unknown format is a TypeError", () => {
  assert.throws(() => turnResponse(messages([]), { format: "xml" as "sse" }), TypeError);
});
