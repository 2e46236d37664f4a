import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { collect, streamOf } from "../util.ts";
import { recordedMessages } from "../protocol/_helpers.ts";
import { type Message, MessageDecoderStream } from "../../src/protocol/mod.ts";
import { toNDJSON, toSSE } from "../../src/stream/mod.ts";

/** A text/event-stream parser following the WHATWG "interpret an event stream" steps. */
function parseSSE(body: string): Array<{ event: string; data: string; id: string }> {
  const events: Array<{ event: string; data: string; id: string }> = [];
  let event = "";
  let data = "";
  let id = "";
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line === "") {
      if (data !== "") events.push({ event: event || "message", data: data.slice(0, -1), id });
      event = "";
      data = "";
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data += value + "\n";
    else if (field === "event") event = value;
    else if (field === "id") id = value;
  }
  return events;
}

const recorded = recordedMessages();
const text = fc.string({ unit: "binary", maxLength: 40 });
const message = fc.oneof(
  fc.constantFrom(...recorded),
  fc.record({ type: fc.constantFrom("assistant", "x_new"), text }).map((m) => m as Message),
);

describe("toSSE", () => {
  test("property: messages become events named by type whose data is the message; Response accepts the bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 12 }), async (messages) => {
        const body = await new Response(streamOf(messages).pipeThrough(toSSE())).text();
        const events = parseSSE(body);
        assert.deepEqual(events.map((e) => e.event), messages.map((m) => m.type));
        assert.deepEqual(events.map((e) => JSON.parse(e.data)), JSON.parse(JSON.stringify(messages)));
      }),
      { numRuns: 60 },
    );
  });

  test("property: text with any line breaks arrives whole (line breaks as \\n, as EventSource gives them)", async () => {
    const piece = fc.oneof(
      text,
      fc.constantFrom("\n", "\r", "\r\n", "\n\n", "data: x", ": comment", " lead", "event: y"),
    );
    const chunk = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join("")).filter((s) => s !== "");
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 8 }), async (chunks) => {
        const body = await new Response(streamOf(chunks).pipeThrough(toSSE())).text();
        const events = parseSSE(body);
        assert.deepEqual(events.map((e) => e.data), chunks.map((c) => c.replace(/\r\n|\r/g, "\n")));
        assert.ok(events.every((e) => e.event === "message"));
      }),
      { numRuns: 100 },
    );
  });

  test("event and id options; line breaks cannot break out of them", async () => {
    const body = await new Response(
      streamOf(["a"]).pipeThrough(toSSE<string>({ event: () => "x\ny", id: (_, i) => `id\r${i}` })),
    ).text();
    assert.equal(body, "event: x y\nid: id 0\ndata: a\n\n");
  });
});

describe("toNDJSON", () => {
  test("property: toNDJSON then MessageDecoderStream is the identity, through a Response", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 20 }), async (messages) => {
        const body = new Response(streamOf(messages).pipeThrough(toNDJSON())).body!;
        const errors: unknown[] = [];
        const decoded = await collect(body.pipeThrough(new MessageDecoderStream({ onError: (e) => errors.push(e) })));
        assert.deepEqual(errors, []);
        assert.deepEqual(decoded, JSON.parse(JSON.stringify(messages)));
      }),
      { numRuns: 60 },
    );
  });

  test("one line per value, U+2028 escaped", async () => {
    const body = await new Response(streamOf([{ type: "a", t: "x\u2028y\nz" }, "text"]).pipeThrough(toNDJSON())).text();
    assert.equal(body, '{"type":"a","t":"x\\u2028y\\nz"}\n"text"\n');
  });
});
