/**
 * A turn over real HTTP on the host runtime's own server (Deno.serve, Bun.serve or node:http) against the CLI
 * under test: the three forms, one conversation per visitor, and a client that disconnects interrupting its turn.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chatFixture, parseSse, SERVER_NAME, visitor } from "./_server.ts";

/** The `history=` part of a reply (fake or stand-in): the prompts the CLI had in context. */
function historyOf(text: string): string[] {
  return /history=(.*)$/s.exec(text)?.[1].split(" | ") ?? [];
}

/** Polls `check` until it holds; gives up after a generous deadline (this is not a timing assertion). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("condition never held");
}

test(`${SERVER_NAME}: the three forms of a turn, in one visitor's conversation`, async () => {
  const fx = await chatFixture();
  try {
    const get = visitor(fx.url);
    const text = await get("chat?format=text&prompt=hello");
    assert.equal(text.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(await text.text(), "turns=1 last=hello history=hello");

    const ndjson = await get("chat", { method: "POST", body: JSON.stringify({ prompt: "second", format: "ndjson" }) });
    assert.equal(ndjson.headers.get("content-type"), "application/x-ndjson; charset=utf-8");
    const lines = (await ndjson.text()).trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(lines[0].type, "system");
    assert.equal(lines.at(-1).type, "result");
    assert.equal(lines.at(-1).result, "turns=2 last=second history=hello | second");

    const sse = await get("chat?format=sse&prompt=third");
    assert.equal(sse.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const { events, rest } = parseSse(await sse.text());
    assert.equal(rest, "");
    assert.ok(events.some((e) => e.event === "stream_event"), "partial messages are streamed");
    const result = events.at(-1)!;
    assert.equal(result.event, "result");
    assert.equal(JSON.parse(result.data).result, "turns=3 last=third history=hello | second | third");
  } finally {
    await fx.close();
  }
});

test(`${SERVER_NAME}: each visitor has a conversation of their own, and /history shows it`, async () => {
  const fx = await chatFixture();
  try {
    const alice = visitor(fx.url);
    const bob = visitor(fx.url);
    assert.deepEqual(await (await alice("history")).json(), []);
    await (await alice("chat?format=text&prompt=I am Alice")).text();
    assert.equal(
      await (await bob("chat?format=text&prompt=I am Bob")).text(),
      "turns=1 last=I am Bob history=I am Bob",
    );
    assert.equal(
      await (await alice("chat?format=text&prompt=who")).text(),
      "turns=2 last=who history=I am Alice | who",
    );
    assert.deepEqual(await (await alice("history")).json(), [
      { role: "user", text: "I am Alice" },
      { role: "assistant", text: "turns=1 last=I am Alice history=I am Alice" },
      { role: "user", text: "who" },
      { role: "assistant", text: "turns=2 last=who history=I am Alice | who" },
    ]);
  } finally {
    await fx.close();
  }
});

test(`${SERVER_NAME}: a bad request is a 400, an unknown path a 404`, async () => {
  const fx = await chatFixture();
  try {
    const get = visitor(fx.url);
    const missing = await get("chat?format=text");
    assert.equal(missing.status, 400);
    await missing.body?.cancel();
    const badFormat = await get("chat?format=xml&prompt=hi");
    assert.equal(badFormat.status, 400);
    await badFormat.body?.cancel();
    const nowhere = await get("nowhere");
    assert.equal(nowhere.status, 404);
    await nowhere.body?.cancel();
  } finally {
    await fx.close();
  }
});

for (const format of ["sse", "ndjson", "text"] as const) {
  test(`${SERVER_NAME}: a client leaving mid-reply (${format}) interrupts the turn; the next request is served`, async () => {
    const fx = await chatFixture(400);
    try {
      const get = visitor(fx.url);
      await (await get("chat?format=text&prompt=first")).text();
      const leaving = new AbortController();
      const pending = get(`chat?format=${format}&prompt=${encodeURIComponent("be SLOW")}`, { signal: leaving.signal });
      if (format !== "text") {
        // The turn's first line (its init) has come through. A text body has nothing to send until the reply
        // (and Bun.serve holds back the headers until the first chunk), so that case leaves before the headers.
        const { value } = await (await pending).body!.getReader().read();
        assert.ok(value !== undefined && value.byteLength > 0);
      }
      // Leave only once the CLI has the prompt (its session file has it), or the turn would just be dropped.
      await until(async () => JSON.stringify(await (await get("history")).json()).includes("be SLOW"));
      leaving.abort();
      await pending.then((response) => response.body?.cancel()).catch(() => {});
      // The slow reply would take ~10 s; interrupted, it leaves the CLI's marker in the conversation instead.
      const next = await (await get("chat?format=text&prompt=next")).text();
      assert.deepEqual(historyOf(next), ["first", "be SLOW", "[Request interrupted by user]", "next"]);
      assert.ok(!next.includes("last=be SLOW"), "the slow turn never finished");
    } finally {
      await fx.close();
    }
  });
}

const NO_EVENT_SOURCE = typeof (globalThis as { EventSource?: unknown }).EventSource === "undefined"
  ? "no EventSource in this runtime (Deno has one; the browser test covers Chromium's)"
  : false;

test(`${SERVER_NAME}: the runtime's own EventSource reads a turn, event by event, to its result`, {
  skip: NO_EVENT_SOURCE,
}, async () => {
  const fx = await chatFixture();
  try {
    const kinds: string[] = [];
    const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const source = new EventSource(new URL("chat?prompt=hello", fx.url).href);
      for (const kind of ["system", "stream_event", "assistant"]) source.addEventListener(kind, () => kinds.push(kind));
      source.addEventListener("result", (event: MessageEvent) => {
        source.close();
        resolve(JSON.parse(event.data));
      });
      source.addEventListener("error", () => {
        source.close();
        reject(new Error("the event stream failed before its result"));
      });
    });
    assert.equal(result.result, "turns=1 last=hello history=hello");
    assert.deepEqual([...new Set(kinds)], ["system", "stream_event", "assistant"]);
  } finally {
    await fx.close();
  }
});
