import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { history } from "../../mod.ts";
import { javaStringHash } from "../../src/history/encode_project_path.ts";
import { SAMPLE_PROJECTS } from "./_helpers.ts";

/** An independent reading of the rule: code unit by code unit, hash as the exact sum of c·31^k modulo 2^32. */
function reference(cwd: string): string {
  let name = "";
  for (let i = 0; i < cwd.length; i++) {
    const c = cwd.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    name += alnum ? cwd[i] : "-";
  }
  if (name.length <= 200) return name;
  let hash = 0n;
  for (let i = 0; i < cwd.length; i++) hash = (hash * 31n + BigInt(cwd.charCodeAt(i))) % 4294967296n;
  const signed = hash >= 2147483648n ? hash - 4294967296n : hash;
  return `${name.slice(0, 200)}-${(signed < 0n ? -signed : signed).toString(36)}`;
}

test("encodeProjectPath: every sample folder is the encoding of the cwd its entries record", () => {
  const folders = readdirSync(SAMPLE_PROJECTS);
  assert.equal(folders.length, 6);
  for (const folder of folders) {
    const file = readdirSync(join(SAMPLE_PROJECTS, folder)).find((name) => name.endsWith(".jsonl"))!;
    const cwd = readFileSync(join(SAMPLE_PROJECTS, folder, file), "utf8").split("\n")
      .filter((line) => line !== "").map((line) => JSON.parse(line)).find((entry) => typeof entry.cwd === "string").cwd;
    assert.equal(history.encodeProjectPath(cwd), folder, cwd);
  }
});

test("encodeProjectPath: the README's examples", () => {
  assert.equal(history.encodeProjectPath("/home/dev/work/my_proj.v2/sub dir_x"), "-home-dev-work-my-proj-v2-sub-dir-x");
  assert.equal(history.encodeProjectPath("/home/dev/work/emoji-😀"), "-home-dev-work-emoji---");
  assert.equal(history.encodeProjectPath("/home/dev/work/U\u0308nfd"), "-home-dev-work-U-nfd");
  assert.equal(
    history.encodeProjectPath("/home/dev/work/\u00dcnfd"),
    "-home-dev-work--nfd",
    "composed and decomposed differ",
  );
  assert.equal(javaStringHash(""), 0);
  assert.equal(javaStringHash("hello"), 99162322);
  assert.equal(javaStringHash("polygenelubricants"), -2147483648);
});

const pathChars = fc.oneof(
  fc.constantFrom("/", ".", "_", " ", "-", "a", "Z", "9", "é", "\u0301", "😀", "中", "\t"),
  fc.string({ unit: "grapheme", maxLength: 3 }),
  fc.string({ unit: "binary", maxLength: 3 }),
);
const anyPath = fc.array(pathChars, { maxLength: 150 }).map((parts) => "/" + parts.join(""));
const longPath = fc.tuple(anyPath, fc.string({ minLength: 190, maxLength: 400 })).map(([a, b]) => a + "/" + b);

test("encodeProjectPath: matches the CLI's rule for any path (long, non-ASCII, decomposed, emoji)", () => {
  fc.assert(
    fc.property(fc.oneof(anyPath, longPath), (cwd) => {
      const name = history.encodeProjectPath(cwd);
      assert.equal(name, reference(cwd));
      assert.match(name, /^[a-zA-Z0-9-]*$/);
      if (cwd.length <= 200) assert.equal(name.length, cwd.length, "one character per UTF-16 code unit");
      else assert.match(name, /^[a-zA-Z0-9-]{200}-[0-9a-z]+$/);
    }),
    { numRuns: 500 },
  );
});

test("encodeProjectPath: long paths that share 200 characters still get different folders (almost always)", () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 201, maxLength: 300 }),
      fc.string({ minLength: 1, maxLength: 20 }),
      (base, extra) => {
        const a = history.encodeProjectPath(base);
        const b = history.encodeProjectPath(base + extra);
        assert.equal(a.slice(0, 200), b.slice(0, 200));
        fc.pre(javaStringHash(base) !== javaStringHash(base + extra));
        fc.pre(Math.abs(javaStringHash(base)) !== Math.abs(javaStringHash(base + extra)));
        assert.notEqual(a, b);
      },
    ),
    { numRuns: 200 },
  );
});
