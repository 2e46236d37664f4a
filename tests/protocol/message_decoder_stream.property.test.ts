import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concat, cut, decode, enc, recordedMessages } from "./_helpers.ts";
import type { Message } from "../../src/protocol/mod.ts";

const recorded = recordedMessages();

/** Text that stresses framing and decoding: astral characters, quotes, backslashes, line breaks, lone surrogates. */
const trickyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.constantFrom(
        "😀",
        "𝄞",
        "é",
        '"',
        "\\",
        "\n",
        "\r\n",
        "\u2028",
        "\u2029",
        "\ufeff",
        "\ud800",
        "\udfff",
        "}{",
        "\u0000",
      ),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

const arbitraryMessage: fc.Arbitrary<Message> = fc.oneof(
  fc.constantFrom(...recorded),
  fc.record({
    type: fc.oneof(fc.constantFrom("assistant", "user", "x"), trickyText),
    text: trickyText,
    n: fc.double({ noNaN: true, noDefaultInfinity: true }),
  }).map((m) => m as Message),
);

/** Chunk sizes from one byte up to 1 MiB, small ones likely, so cuts land inside multi-byte characters. */
const chunkSizes = fc.array(
  fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 1 << 20 })),
  { minLength: 1, maxLength: 20 },
);

const lineEnding = fc.constantFrom("\n", "\r\n");

function serialise(messages: Message[], endings: string[], lastEnding: boolean): Uint8Array {
  const text = messages.map((m, i) =>
    JSON.stringify(m) + (i < messages.length - 1 || lastEnding ? endings[i % endings.length] : "")
  ).join("");
  return enc(text);
}

// JSON.parse(JSON.stringify(m)) is what "the same message" means: -0 becomes 0 and lone surrogates survive as escapes.
const normalise = (messages: Message[]) => messages.map((m) => JSON.parse(JSON.stringify(m)));

test("property: any list of messages, cut anywhere, decodes to exactly the same list", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(arbitraryMessage, { maxLength: 25 }),
      fc.array(lineEnding, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      chunkSizes,
      fc.constantFrom(undefined, 1 << 16),
      async (messages, endings, lastEnding, sizes, maxLineBytes) => {
        // 64 KiB: longer than any line here, and spanning lines past 8 KiB take the streaming-text path
        const { messages: decoded, errors } = await decode(cut(serialise(messages, endings, lastEnding), sizes), {
          maxLineBytes,
        });
        assert.deepEqual(errors, []);
        assert.deepEqual(decoded, normalise(messages));
      },
    ),
    { numRuns: 150 },
  );
});

test("property: a line of more than 1 MiB among others, cut anywhere, decodes intact", async () => {
  const big = {
    type: "user",
    message: {
      role: "user",
      content: [{ type: "tool_result", tool_use_id: "t", content: 'ab"é😀\\'.repeat(150_000) }],
    },
  } as Message;
  await fc.assert(
    // chunks of at least 1000 bytes: a 1 MiB line in 1-byte chunks would only measure the stream machinery
    fc.asyncProperty(
      fc.array(arbitraryMessage, { maxLength: 4 }),
      fc.nat({ max: 4 }),
      fc.array(fc.integer({ min: 1000, max: 1 << 20 }), { minLength: 1, maxLength: 5 }),
      async (messages, at, sizes) => {
        const list = [...messages.slice(0, at), big, ...messages.slice(at)];
        // with a 4 MiB limit, lines beyond 512 KiB spill from bytes to streaming text: both paths are covered
        const { messages: decoded, errors } = await decode(cut(serialise(list, ["\n"], true), sizes), {
          maxLineBytes: at % 2 === 0 ? 4 << 20 : undefined,
        });
        assert.deepEqual(errors, []);
        assert.deepEqual(decoded, normalise(list));
      },
    ),
    { numRuns: 8 },
  );
});

/** A line that is not a message: text without a newline (JSON or not), raw invalid UTF-8, arrays, scalars. */
const noiseLine: fc.Arbitrary<Uint8Array> = fc
  .oneof(
    trickyText.map((text) => enc(text.replace(/\n/g, " "))),
    fc.uint8Array({ maxLength: 20 }).map((bytes) => bytes.map((b) => (b === 10 ? 0xff : b))),
    fc.jsonValue().filter((v) =>
      typeof v !== "object" || v === null || Array.isArray(v) || typeof (v as { type?: unknown }).type !== "string"
    ).map((v) => enc(JSON.stringify(v) ?? "undefined")),
  )
  .filter((bytes) => {
    try {
      const value = JSON.parse(new TextDecoder().decode(bytes));
      return !(typeof value === "object" && value !== null && !Array.isArray(value) && typeof value.type === "string");
    } catch {
      return true;
    }
  });

test("property: noise lines interleaved never throw and never lose a valid message", async () => {
  const item = fc.oneof(arbitraryMessage.map((message) => ({ message })), noiseLine.map((noise) => ({ noise })));
  await fc.assert(
    fc.asyncProperty(fc.array(item, { maxLength: 30 }), chunkSizes, async (items, sizes) => {
      const lines = items.map((it) => ("message" in it ? enc(JSON.stringify(it.message)) : it.noise));
      const bytes = concat(lines.flatMap((line) => [line, enc("\n")]));
      const { messages } = await decode(cut(bytes, sizes));
      assert.deepEqual(messages, normalise(items.flatMap((it) => ("message" in it ? [it.message] : []))));
    }),
    { numRuns: 150 },
  );
});

test("property: invalid UTF-8 inside strings decodes like a whole-line lenient decode, reported exactly when invalid", async () => {
  // raw bytes that keep the JSON valid whatever UTF-8 they form: no control bytes, quotes or backslashes
  const rawString = fc.uint8Array({ maxLength: 24 }).map((bytes) =>
    bytes.map((b) => (b < 0x20 || b === 0x22 || b === 0x5c ? 0x61 : b))
  );
  await fc.assert(
    // a small maxLineBytes also makes lines that span chunks take the streaming-text path (beyond maxLineBytes / 8)
    fc.asyncProperty(
      fc.array(rawString, { minLength: 1, maxLength: 8 }),
      chunkSizes,
      fc.constantFrom(64, 128, 1 << 20),
      async (raws, sizes, maxLineBytes) => {
        const lines = raws.map((raw) => concat([enc('{"type":"x","t":"'), raw, enc('"}')]));
        const { messages, errors } = await decode(cut(concat(lines.flatMap((line) => [line, enc("\n")])), sizes), {
          maxLineBytes,
        });
        assert.deepEqual(messages, raws.map((raw) => ({ type: "x", t: new TextDecoder().decode(raw) })));
        const invalid = raws.flatMap((raw, i) => {
          try {
            new TextDecoder("utf-8", { fatal: true }).decode(raw);
            return [];
          } catch {
            return [i + 1];
          }
        });
        assert.deepEqual(errors.map((e) => [e.code, e.details.line]), invalid.map((line) => ["INVALID_UTF8", line]));
      },
    ),
    { numRuns: 200 },
  );
});
