import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { currentRuntime } from "../../src/runtime/current.ts";
import type { FileAdapter } from "../../src/runtime/types.ts";

async function withDir(run: (dir: string, files: FileAdapter) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), "cs-files-"));
  try {
    await run(dir, (await currentRuntime()).files);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return "resolved";
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

test("files: readStream yields the whole file, also past one chunk", async () => {
  await withDir(async (dir, files) => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => i % 251);
    await writeFile(join(dir, "big"), bytes);
    assert.deepEqual(await readAll(files.readStream(join(dir, "big"))), bytes);
    await writeFile(join(dir, "empty"), "");
    assert.equal((await readAll(files.readStream(join(dir, "empty")))).length, 0);
  });
});

test("files: readRange reads at an offset and stops at the end", async () => {
  await withDir(async (dir, files) => {
    await writeFile(join(dir, "f"), "0123456789");
    assert.equal(new TextDecoder().decode(await files.readRange(join(dir, "f"), 3, 4)), "3456");
    assert.equal(new TextDecoder().decode(await files.readRange(join(dir, "f"), 8, 100)), "89");
    assert.equal((await files.readRange(join(dir, "f"), 20, 5)).length, 0);
  });
});

test("files: readEnds gives head, non-overlapping tail and metadata", async () => {
  await withDir(async (dir, files) => {
    await writeFile(join(dir, "f"), "abcdefghij");
    const short = await files.readEnds(join(dir, "f"), 64);
    assert.equal(new TextDecoder().decode(short.head), "abcdefghij");
    assert.equal(short.tail.length, 0);
    assert.equal(short.info.size, 10);
    const long = await files.readEnds(join(dir, "f"), 4);
    assert.equal(new TextDecoder().decode(long.head), "abcd");
    assert.equal(new TextDecoder().decode(long.tail), "ghij");
    const overlap = await files.readEnds(join(dir, "f"), 6);
    assert.equal(new TextDecoder().decode(overlap.head) + new TextDecoder().decode(overlap.tail), "abcdefghij");
  });
});

test("files: stat, readDir and realPath", async () => {
  await withDir(async (dir, files) => {
    await writeFile(join(dir, "a.txt"), "hello");
    await mkdir(join(dir, "sub"));
    await symlink(join(dir, "sub"), join(dir, "link"));
    const info = await files.stat(join(dir, "a.txt"));
    assert.equal(info.size, 5);
    assert.equal(info.isFile, true);
    assert.ok(info.mtimeMs > 0);
    const entries = (await files.readDir(dir)).sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(entries.map((e) => e.name), ["a.txt", "link", "sub"]);
    assert.equal(entries[0].isFile, true);
    assert.equal(entries[2].isDirectory, true);
    assert.equal(await files.realPath(join(dir, "link")), await files.realPath(join(dir, "sub")));
  });
});

test("files: errors keep an ENOENT / EISDIR / ENOTDIR code", async () => {
  await withDir(async (dir, files) => {
    const missing = join(dir, "missing");
    assert.equal(await codeOf(files.stat(missing)), "ENOENT");
    assert.equal(await codeOf(files.readDir(missing)), "ENOENT");
    assert.equal(await codeOf(files.readRange(missing, 0, 1)), "ENOENT");
    assert.equal(await codeOf(files.readEnds(missing, 1)), "ENOENT");
    assert.equal(await codeOf(files.realPath(missing)), "ENOENT");
    assert.equal(await codeOf(readAll(files.readStream(missing))), "ENOENT");
    assert.equal(await codeOf(readAll(files.readStream(dir))), "EISDIR");
    assert.equal(await codeOf(files.readEnds(dir, 10)), "EISDIR");
    await writeFile(join(dir, "file"), "x");
    assert.equal(await codeOf(files.readDir(join(dir, "file"))), "ENOTDIR");
  });
});

test("files: a file without read permission rejects with EACCES (as root, where modes do not stop reads, it reads)", async () => {
  await withDir(async (dir, files) => {
    const { chmod } = await import("node:fs/promises");
    const path = join(dir, "secret");
    await writeFile(path, "hidden");
    await chmod(path, 0o000);
    const getuid = (globalThis as { process?: { getuid?: () => number } }).process?.getuid;
    const root = getuid !== undefined && getuid() === 0;
    if (root) {
      // Root bypasses permission bits: the EACCES path is covered by the directory-as-file and adapter-double tests.
      assert.equal(new TextDecoder().decode(await files.readRange(path, 0, 6)), "hidden");
    } else {
      assert.equal(await codeOf(files.readRange(path, 0, 6)), "EACCES");
      assert.equal(await codeOf(files.readEnds(path, 6)), "EACCES");
      assert.equal(await codeOf(readAll(files.readStream(path))), "EACCES");
    }
    await chmod(path, 0o600);
  });
});
