// The one line framing (src/protocol/line_splitter.ts), against a model: split the whole input's bytes on 0x0A,
// decode each piece on its own. Whatever the chunking and the options, the splitter must give exactly that.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LineSplitter, type LineSplitterOptions, splitLines } from "../../src/protocol/line_splitter.ts";
import { concat, cut, enc } from "./_helpers.ts";

/** One line as a handler is told it. */
interface Told {
  line: string;
  number: number;
  terminated: boolean;
  cut: number;
}

/** What a splitter told, in order: lines, and the reports of too-long lines and invalid UTF-8. */
interface Split {
  lines: Told[];
  tooLong: [number, number][];
  invalid: [number, number][];
}

function splitChunks(chunks: Uint8Array[], options: LineSplitterOptions & { checkUtf8?: boolean } = {}): Split {
  const split: Split = { lines: [], tooLong: [], invalid: [] };
  const splitter = new LineSplitter({
    ...options,
    onLineTooLong: (number, bytes) => split.tooLong.push([number, bytes]),
    onInvalidUtf8: options.checkUtf8 ? (number, bytes) => split.invalid.push([number, bytes]) : undefined,
  });
  const onLine = (line: string, number: number, terminated: boolean, cutChars: number) =>
    split.lines.push({ line, number, terminated, cut: cutChars });
  for (const chunk of chunks) splitter.push(chunk, onLine);
  splitter.end(onLine);
  return split;
}

const lenient = new TextDecoder("utf-8", { ignoreBOM: true });
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The model: the whole input split on newline bytes, each line decoded alone, then limited and cut as asked. */
function model(bytes: Uint8Array, options: LineSplitterOptions & { checkUtf8?: boolean } = {}): Split {
  const split: Split = { lines: [], tooLong: [], invalid: [] };
  if (options.dropBom && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const pieces: Uint8Array[] = [];
  for (let start = 0;;) {
    const newline = bytes.indexOf(10, start);
    if (newline === -1) {
      pieces.push(bytes.subarray(start));
      break;
    }
    pieces.push(bytes.subarray(start, newline));
    start = newline + 1;
  }
  const last = pieces.length - 1;
  pieces.forEach((piece, i) => {
    if (i === last && piece.length === 0) return; // the input ended with a newline (or was empty)
    const number = i + 1;
    if (piece.length > (options.maxLineBytes ?? Infinity)) return void split.tooLong.push([number, piece.length]);
    if (options.checkUtf8) {
      try {
        strict.decode(piece);
      } catch {
        split.invalid.push([number, piece.length]);
      }
    }
    const text = lenient.decode(piece);
    const cutAt = options.cutLinesAt ?? Infinity;
    split.lines.push({
      line: text.slice(0, cutAt),
      number,
      terminated: i < last,
      cut: Math.max(0, text.length - cutAt),
    });
  });
  return split;
}

/** Text that stresses framing and decoding: astral characters, BOMs, CR, lone surrogates, NULs, empty lines. */
const trickyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.constantFrom("😀", "𝄞", "é", "中", "\n", "\r\n", "\n\n", "\r", "\ufeff", "\ud800", "\u0000", " "),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(""));

/** A surrogate that is not half of a pair: what encoding turns into U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Bytes: encoded tricky text (a BOM first, sometimes), or raw bytes with newlines among them (invalid UTF-8 too). */
const input: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.tuple(fc.boolean(), trickyText).map(([bom, text]) => enc((bom ? "\ufeff" : "") + text)),
  fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constant(10), fc.constantFrom(0xef, 0xbb, 0xbf)), {
    maxLength: 60,
  }).map((bytes) => new Uint8Array(bytes)),
);

/** Chunk sizes, small ones likely, so cuts land inside multi-byte characters and BOMs. */
const chunkSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 64 })), {
  minLength: 1,
  maxLength: 10,
});

const options: fc.Arbitrary<LineSplitterOptions & { checkUtf8?: boolean }> = fc.record(
  {
    maxLineBytes: fc.integer({ min: 0, max: 40 }),
    cutLinesAt: fc.integer({ min: 0, max: 30 }),
    dropBom: fc.boolean(),
    checkUtf8: fc.boolean(),
  },
  { requiredKeys: [] },
);

test("property: any chunking of the same bytes gives the same lines and reports, the model's, whatever the options", () => {
  fc.assert(
    fc.property(input, chunkSizes, options, (bytes, sizes, opts) => {
      const whole = splitChunks([bytes], opts);
      assert.deepEqual(whole, model(bytes, opts));
      assert.deepEqual(splitChunks(cut(bytes, sizes), opts), whole);
      assert.deepEqual(splitChunks(cut(bytes, [1]), opts), whole);
    }),
    { numRuns: 1000 },
  );
});

test("property: the lines joined with \\n give the input back, with and without a final newline", () => {
  fc.assert(
    fc.property(
      trickyText.map((text) => text.replace(LONE_SURROGATE, "x")),
      fc.boolean(),
      chunkSizes,
      (text, finalNewline, sizes) => {
        const source = finalNewline && !text.endsWith("\n") ? text + "\n" : text;
        const { lines } = splitChunks(cut(enc(source), sizes));
        const joined = lines.map((told) => told.line).join("\n") + (lines.at(-1)?.terminated ? "\n" : "");
        assert.equal(joined, source);
        assert.deepEqual(lines.map((told) => told.number), lines.map((_, i) => i + 1));
        // only the last line can lack its newline, and it does exactly when the input does not end with one
        assert.deepEqual(
          lines.map((told) => told.terminated),
          lines.map((_, i) => i < lines.length - 1 || source.endsWith("\n")),
        );
      },
    ),
    { numRuns: 500 },
  );
});

test("property: splitLines of a text gives what the splitter gives of its bytes; lone surrogates reach the handler as is", () => {
  fc.assert(
    fc.property(
      fc.tuple(fc.boolean(), trickyText),
      fc.constantFrom(undefined, 3),
      fc.boolean(),
      ([bom, raw], cutLinesAt, dropBom) => {
        const text = (bom ? "\ufeff" : "") + raw;
        const told: Told[] = [];
        splitLines(
          text,
          (line, number, terminated, cutChars) => told.push({ line, number, terminated, cut: cutChars }),
          { cutLinesAt, dropBom },
        );
        // encoding turns a lone surrogate into U+FFFD; a cut may split a pair: compare with both made well formed
        const wellFormed = (lines: Told[]) =>
          lines.map((t) => ({ ...t, line: t.line.replace(LONE_SURROGATE, "\ufffd") }));
        assert.deepEqual(wellFormed(told), wellFormed(splitChunks([enc(text)], { cutLinesAt, dropBom }).lines));
        if (cutLinesAt === undefined) {
          assert.equal(
            told.map((t) => t.line).join("\n") + (told.at(-1)?.terminated ? "\n" : ""),
            dropBom && text.startsWith("\ufeff") ? text.slice(1) : text,
          );
        }
      },
    ),
    { numRuns: 500 },
  );
});

test("a long line across chunks: dropped beyond maxLineBytes keeping no more than that, cut beyond cutLinesAt with the rest counted", () => {
  const long = "é".repeat(300_000) + "😀".repeat(100_000); // 1 MiB of UTF-8, 400,000 UTF-16 units
  const bytes = concat([enc("a\n"), enc(long), enc("\nb")]);
  for (const sizes of [[65_536], [1, 7, 4093], [1 << 20]]) {
    const chunks = cut(bytes, sizes);
    const dropped = splitChunks(chunks, { maxLineBytes: 1000 });
    assert.deepEqual(dropped.lines.map((t) => t.line), ["a", "b"]);
    assert.deepEqual(dropped.tooLong, [[2, enc(long).length]]);
    const cutLines = splitChunks(chunks, { cutLinesAt: 1000, checkUtf8: true });
    assert.deepEqual(cutLines.lines, [
      { line: "a", number: 1, terminated: true, cut: 0 },
      { line: long.slice(0, 1000), number: 2, terminated: true, cut: long.length - 1000 },
      { line: "b", number: 3, terminated: false, cut: 0 },
    ]);
    assert.deepEqual(cutLines.invalid, []);
    // beyond 8 MiB / 8 of maxLineBytes the line is decoded as it comes: the same text
    assert.deepEqual(splitChunks(chunks, { maxLineBytes: 4 << 20 }).lines, splitChunks([bytes]).lines);
  }
});
