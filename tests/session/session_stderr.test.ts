// The `stderr` callback gets the CLI's stderr line by line, in time linear in what the CLI writes: a CLI that writes
// 48 MiB without a newline (splitting the whole pending text again at every chunk took minutes) gives one line cut
// at 64 KiB, saying how much was cut, and the lines after it as they are.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../src/session/mod.ts";
import { isClaudeCodeError } from "../../src/errors.ts";
import type { ChildProcess, ProcessAdapter } from "../../src/runtime/types.ts";

const CHUNK = "x".repeat(16 * 1024);
const CHUNKS = 3 * 1024;

/** A CLI that answers `--version`, and otherwise writes CHUNKS chunks of stderr with no newline, two lines, and exits 1. */
const adapter: ProcessAdapter = {
  spawn(_command, args): ChildProcess {
    const encoder = new TextEncoder();
    const version = args.includes("--version");
    let written = 0;
    const stderr = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (version) return controller.close();
        if (written++ < CHUNKS) return controller.enqueue(encoder.encode(CHUNK));
        controller.enqueue(encoder.encode("\nsecond line\r\nthird, unterminated"));
        controller.close();
      },
    });
    const exited = new Promise<{ code: number; signal: null }>((resolve) =>
      setTimeout(() => resolve({ code: version ? 0 : 1, signal: null }), 0)
    );
    const stdout = new ReadableStream<Uint8Array>({
      start(controller) {
        if (version) controller.enqueue(encoder.encode("2.1.332 (Claude Code)\n"));
        void exited.then(() => controller.close());
      },
    });
    return { pid: 4242, stdin: new WritableStream(), stdout, stderr, exited, kill() {} };
  },
};

test("stderr: a line without a newline is cut at 64 KiB for the callback, saying how much; later lines come whole", async () => {
  const lines: string[] = [];
  const session = new Session({ adapter, stderr: (line) => lines.push(line) });
  try {
    await assert.rejects(
      session.stream("hi").pipeTo(new WritableStream()),
      (error) => isClaudeCodeError(error, "PROCESS_EXIT"),
    );
    const total = CHUNK.length * CHUNKS;
    assert.deepEqual(lines.map((line) => line.length), [
      64 * 1024 + ` more characters cut)`.length + `... (${total - 64 * 1024}`.length,
      "second line\r".length,
      "third, unterminated".length,
    ]);
    assert.equal(lines[0], `${"x".repeat(64 * 1024)}... (${total - 64 * 1024} more characters cut)`);
    assert.deepEqual(lines.slice(1), ["second line\r", "third, unterminated"]);
  } finally {
    await session.stop();
  }
});
