import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { cut, decode, enc, kindOf, recordedCases } from "./_helpers.ts";
import { streamOf } from "../util.ts";
import { MessageDecoder, MessageDecoderStream } from "../../src/protocol/mod.ts";

const oneByteChunks = (text: string) => cut(enc(text), [1]);

describe("framing", () => {
  test("decodes lines split across chunks, including a split multi-byte character", async () => {
    const { messages, errors } = await decode(oneByteChunks('{"type":"a","t":"é😀"}\r\n\n{"type":"b"}'));
    assert.deepEqual(messages, [{ type: "a", t: "é😀" }, { type: "b" }]);
    assert.equal(errors.length, 0);
  });

  test("every cut of a short stream gives the same messages", async () => {
    const text = '{"type":"a","t":"é😀\\n"}\r\n\n  \n{"type":"b","u":"\u2028"}\n{"type":"c"}';
    const bytes = enc(text);
    for (let size = 1; size <= bytes.length; size++) {
      for (const first of [0, 1, 2, 3]) {
        const { messages, errors } = await decode(cut(bytes, [first || size, size]));
        assert.deepEqual(
          messages,
          [{ type: "a", t: "é😀\n" }, { type: "b", u: "\u2028" }, { type: "c" }],
          `size ${size}`,
        );
        assert.deepEqual(errors, []);
      }
    }
  });

  test("\\r\\n, blank and whitespace-only lines: skipped without a diagnostic", async () => {
    const { messages, errors } = await decode([enc('\n\r\n \t \n{"type":"a"}\r\n\r\n\n{"type":"b"}\r\n')]);
    assert.deepEqual(messages, [{ type: "a" }, { type: "b" }]);
    assert.deepEqual(errors, []);
  });

  test("a final line without newline is decoded, also when it spans chunks", async () => {
    assert.deepEqual((await decode([enc('{"type":"a"}\n{"type":'), enc('"b"}')])).messages, [{ type: "a" }, {
      type: "b",
    }]);
    assert.deepEqual((await decode([enc('{"type":"only"}')])).messages, [{ type: "only" }]);
  });

  test("content is never trimmed: spaces, tabs, U+FEFF and U+2028 inside strings are kept", async () => {
    const value = { type: "a", text: "  \t\ufeffx\u2028 \u00a0 " };
    const { messages } = await decode(oneByteChunks(JSON.stringify(value) + "\n"));
    assert.deepEqual(messages, [value]);
  });

  test("empty input and empty chunks give nothing", async () => {
    assert.deepEqual(await decode([]), { messages: [], errors: [] });
    assert.deepEqual(
      await decode([new Uint8Array(0), enc('{"type":"a"}'), new Uint8Array(0), enc("\n"), new Uint8Array(0)]),
      {
        messages: [{ type: "a" }],
        errors: [],
      },
    );
  });

  test("unknown kinds pass through untouched", async () => {
    const unknown = { type: "brand_new", nested: { list: [1, "two", null], deep: { x: true } }, n: -1.5e-7 };
    const { messages } = await decode([enc(JSON.stringify(unknown) + "\n")]);
    assert.deepEqual(messages, [unknown]);
  });
});

describe("diagnostics", () => {
  test("noise is reported with its line number and code, and the stream goes on", async () => {
    const input = 'nope\n[1]\n"text"\n42\nnull\n{"no_type":1}\n{"type":7}\n{"type":"ok"}\n{"type":\n';
    const { messages, errors } = await decode(oneByteChunks(input));
    assert.deepEqual(messages, [{ type: "ok" }]);
    assert.deepEqual(
      errors.map((e) => [e.code, e.details.line]),
      [
        ["INVALID_JSON", 1],
        ["INVALID_MESSAGE", 2],
        ["INVALID_MESSAGE", 3],
        ["INVALID_MESSAGE", 4],
        ["INVALID_MESSAGE", 5],
        ["INVALID_MESSAGE", 6],
        ["INVALID_MESSAGE", 7],
        ["INVALID_JSON", 9],
      ],
    );
    assert.ok(errors.every((e) => e.name === "ClaudeCodeError" && e.message.startsWith(`line ${e.details.line} `)));
  });

  test("invalid UTF-8 is reported, the line still decodes with U+FFFD, in one chunk or split", async () => {
    const bytes = new Uint8Array([
      ...enc('{"type":"a"}\n{"type":"b","t":"'),
      0xff,
      0xc3,
      ...enc('"}\n{"type":"c","t":"é"}\n'),
    ]);
    for (const sizes of [[bytes.length], [1], [20, 3]]) {
      const { messages, errors } = await decode(cut(bytes, sizes));
      assert.deepEqual(
        messages,
        [{ type: "a" }, { type: "b", t: "\ufffd\ufffd" }, { type: "c", t: "é" }],
        `cut ${sizes}`,
      );
      assert.deepEqual(errors.map((e) => [e.code, e.details.line]), [["INVALID_UTF8", 2]]);
    }
  });

  test("without onError, noise is dropped silently", async () => {
    const out = [];
    for await (const m of streamOf([enc('x\n{"type":"a"}\n')]).pipeThrough(new MessageDecoderStream())) out.push(m);
    assert.deepEqual(out, [{ type: "a" }]);
  });
});

describe("maxLineBytes", () => {
  const long = '{"type":"x","p":"' + "a".repeat(100) + '"}'; // 119 bytes

  test("a longer line is dropped and reported, the next line decodes, however the bytes are cut", async () => {
    const input = enc(`{"type":"a"}\n${long}\n{"type":"b"}\n${long}`);
    for (const sizes of [[input.length], [1], [7], [64], [130]]) {
      const { messages, errors } = await decode(cut(input, sizes), { maxLineBytes: 50 });
      assert.deepEqual(messages, [{ type: "a" }, { type: "b" }], `cut ${sizes}`);
      assert.deepEqual(errors.map((e) => [e.code, e.details.line, e.details.bytes]), [["LINE_TOO_LONG", 2, 119], [
        "LINE_TOO_LONG",
        4,
        119,
      ]]);
    }
  });

  test("the limit is inclusive", async () => {
    const line = '{"type":"x"}';
    for (const sizes of [[100], [1], [5]]) {
      const ok = await decode(cut(enc(`${line}\n${line}x\n`), sizes), { maxLineBytes: line.length });
      assert.deepEqual(ok.messages, [{ type: "x" }], `cut ${sizes}`);
      assert.deepEqual(ok.errors.map((e) => e.code), ["LINE_TOO_LONG"]);
    }
  });

  test("a multi-megabyte line over the limit, in 64 KiB chunks, leaves the next line intact", async () => {
    const huge = enc(`{"type":"big","p":"${"é".repeat(3 << 20)}"}\n{"type":"after"}\n`);
    const { messages, errors } = await decode(cut(huge, [65536]), { maxLineBytes: 1 << 20 });
    assert.deepEqual(messages, [{ type: "after" }]);
    assert.deepEqual(errors.map((e) => [e.code, e.details.bytes]), [["LINE_TOO_LONG", huge.length - 17 - 1]]);
  });
});

describe("recorded transcripts", () => {
  for (const { name, lineTypes, stdout } of recordedCases()) {
    test(`${name}: decodes without a diagnostic, kinds as in INDEX.json`, async () => {
      for (const sizes of [[stdout.length || 1], [1], [4093]]) {
        const { messages, errors } = await decode(cut(stdout, sizes));
        if (lineTypes.includes("(text)")) {
          // a3 is `--output-format text`: plain text, not a message stream, so every line is reported as not JSON.
          assert.deepEqual(messages, []);
          assert.ok(errors.length > 0 && errors.every((e) => e.code === "INVALID_JSON"));
        } else {
          assert.deepEqual(errors, []);
          assert.deepEqual(messages.map(kindOf), lineTypes);
        }
      }
    });
  }
});

test("MessageDecoder, the synchronous core, emits each message as its chunk is pushed", () => {
  const seen: string[] = [];
  const errors: string[] = [];
  const decoder = new MessageDecoder({ onError: (error) => errors.push(error.code) });
  decoder.push(enc('{"type":"a"}\n{"type":"b"'), (m) => seen.push(m.type));
  assert.deepEqual(seen, ["a"]);
  decoder.push(enc('}\nnoise\n{"type":'), (m) => seen.push(m.type));
  assert.deepEqual(seen, ["a", "b"]);
  decoder.end((m) => seen.push(m.type));
  assert.deepEqual(errors, ["INVALID_JSON", "INVALID_JSON"]);
});
