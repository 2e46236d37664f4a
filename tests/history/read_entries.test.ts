import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { history } from "../../mod.ts";
import { forEachEntry } from "../../src/history/read_entries.ts";
import { trimNul } from "../../src/history/trim_nul.ts";
import { collect, streamOf } from "../util.ts";
import { errorSink } from "./_helpers.ts";

const enc = new TextEncoder();
const read = async (source: ReadableStream<Uint8Array> | string) => {
  const sink = errorSink();
  const entries = await collect(readableOf(history.readEntries(source, { onError: sink.onError, path: "/x.jsonl" })));
  return { entries, errors: sink.errors.map((e) => [e.details.line, e.details.reason]) };
};

function readableOf<T>(iterable: AsyncIterable<T>): ReadableStream<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<T>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}

const a = { type: "mode", mode: "normal" };
const b = { type: "user", uuid: "u", parentUuid: null, message: { content: "héllo 😀" } };

test("readEntries: text and bytes give the same entries; empty input none", async () => {
  const text = JSON.stringify(a) + "\n" + JSON.stringify(b) + "\n";
  assert.deepEqual((await read(text)).entries, [a, b]);
  assert.deepEqual((await read(streamOf([enc.encode(text)]))).entries, [a, b]);
  assert.deepEqual(await read(""), { entries: [], errors: [] });
  assert.deepEqual(await read(streamOf<Uint8Array>([])), { entries: [], errors: [] });
  assert.deepEqual(await read("\n\n  \n"), { entries: [], errors: [] });
});

test("readEntries: BOM, CRLF, NUL padding are tolerated", async () => {
  const bom = "\ufeff" + JSON.stringify(a) + "\r\n" + JSON.stringify(b) + "\r\n";
  assert.deepEqual(await read(bom), { entries: [a, b], errors: [] });
  assert.deepEqual(
    (await read(streamOf([new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf]), enc.encode(JSON.stringify(a) + "\n")])))
      .entries,
    [a],
  );
  const padded = "\0\0\0\0" + JSON.stringify(a) + "\n" + JSON.stringify(b) + "\0\0\n";
  assert.deepEqual(await read(padded), { entries: [a, b], errors: [[1, "nul-bytes"], [2, "nul-bytes"]] });
});

test("readEntries: corrupt lines are reported with their line number and skipped", async () => {
  const text = [
    JSON.stringify(a),
    "{not json",
    "[1,2]",
    '"text"',
    '{"no":"type"}',
    "nul\0inside",
    JSON.stringify(b),
    "",
  ].join("\n");
  assert.deepEqual(await read(text), {
    entries: [a, b],
    errors: [[2, "invalid-json"], [3, "not-an-entry"], [4, "not-an-entry"], [5, "not-an-entry"], [6, "invalid-json"]],
  });
});

test("readEntries: a truncated last line is reported as such and skipped; a complete last line without newline is kept", async () => {
  const truncated = JSON.stringify(a) + "\n" + JSON.stringify(b).slice(0, 20);
  assert.deepEqual(await read(truncated), { entries: [a], errors: [[2, "truncated-line"]] });
  assert.deepEqual(await read(streamOf([enc.encode(truncated)])), { entries: [a], errors: [[2, "truncated-line"]] });
  assert.deepEqual(await read(JSON.stringify(a) + "\n" + JSON.stringify(b)), { entries: [a, b], errors: [] });
});

test("readEntries: any chunking of the bytes gives the same entries (multi-byte characters split anywhere)", async () => {
  const entry = fc.record({
    type: fc.constantFrom("user", "assistant", "mode", "x-new-kind"),
    text: fc.string({ unit: "grapheme", maxLength: 40 }),
    n: fc.integer(),
  }).map((record) => ({ ...record }));
  await fc.assert(
    fc.asyncProperty(
      fc.array(entry, { maxLength: 12 }),
      fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      async (entries, sizes, crlf) => {
        const bytes = enc.encode(entries.map((e) => JSON.stringify(e)).join(crlf ? "\r\n" : "\n") + "\n");
        const chunks: Uint8Array[] = [];
        for (let offset = 0, i = 0; offset < bytes.length; i++) {
          chunks.push(bytes.slice(offset, offset + sizes[i % sizes.length]));
          offset += sizes[i % sizes.length];
        }
        assert.deepEqual(await read(streamOf(chunks)), { entries, errors: [] });
      },
    ),
    { numRuns: 150 },
  );
});

test("readEntries: a line far longer than a chunk is joined once", async () => {
  const big = { type: "user", uuid: "big", parentUuid: null, message: { content: "ü".repeat(3_000_000) } };
  const bytes = enc.encode(JSON.stringify(a) + "\n" + JSON.stringify(big) + "\n" + JSON.stringify(b) + "\n");
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += 65_537) chunks.push(bytes.slice(offset, offset + 65_537));
  assert.deepEqual(await read(streamOf(chunks)), { entries: [a, big, b], errors: [] });
});

test("forEachEntry: same entries, same reports as readEntries", async () => {
  const text = [JSON.stringify(a), "{bad", JSON.stringify(b), '{"type":"us'].join("\n");
  const seen: unknown[] = [];
  const sink = errorSink();
  await forEachEntry(text, (entry) => seen.push(entry), { onError: sink.onError });
  assert.deepEqual(seen, [a, b]);
  assert.deepEqual(sink.errors.map((e) => [e.code, e.details.line, e.details.reason]), [
    ["CORRUPT_HISTORY", 2, "invalid-json"],
    ["CORRUPT_HISTORY", 4, "truncated-line"],
  ]);
});

test("readEntries: a stream that fails passes its error on", async () => {
  const failing = new ReadableStream<Uint8Array>({
    pull: (controller) => controller.error(Object.assign(new Error("gone"), { code: "EIO" })),
  });
  await assert.rejects(read(failing), { code: "EIO" });
});

test("readEntries: a NUL-padded line with a long run of NULs inside is trimmed in one pass (no backtracking)", async () => {
  // 4 MiB of NULs between two characters: a backtracking /\0+$/ would take hours on this line.
  const line = "\0" + "x" + "\0".repeat(4 << 20) + "y" + "\0\0";
  const { entries, errors } = await read(`${JSON.stringify(a)}\n${line}\n${JSON.stringify(b)}\n`);
  assert.deepEqual(entries, [a, b]);
  assert.deepEqual(errors, [[2, "nul-bytes"], [2, "invalid-json"]]);
});

test("property: trimNul removes exactly the leading NULs and the trailing NULs and CRs", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom("\0", "\r", "a", "{", " ")).map((chars) => chars.join("")), (line) => {
      assert.equal(trimNul(line), line.replace(/^\0+/, "").replace(/[\0\r]+$/, ""));
    }),
    { numRuns: 500 },
  );
});
