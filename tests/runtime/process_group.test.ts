// The process adapters' `processGroup` spawn option, on the host runtime: the child leads a group of its own, kill()
// signals all of it, and what is left of the group once the child exits is ended too. Without the option a grandchild
// outlives its parent (so these tests can fail). See src/runtime/process_group.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { defaultProcessAdapter } from "../../src/runtime/current.ts";
import { running } from "../util.ts";

const env = { PATH: "/usr/local/bin:/usr/bin:/bin" };
const skip = process.platform === "win32" ? "POSIX process groups" : false;

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts `sh` that starts a `sleep` (its stdout closed, so it holds no pipe) and says its pid; returns both. */
async function withGrandchild(script: string, processGroup: boolean) {
  const adapter = await defaultProcessAdapter();
  const child = adapter.spawn("sh", ["-c", `sleep 30 >/dev/null 2>&1 & echo $!; ${script}`], { env, processGroup });
  const reader = child.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  void child.stdout.cancel();
  void child.stderr.cancel();
  return { child, grandchild: Number(text.trim()) };
}

test("process group: kill() ends the child and the processes it started", { skip }, async () => {
  const { child, grandchild } = await withGrandchild("wait", true);
  assert.equal(running(grandchild), true);
  child.kill("SIGTERM");
  assert.deepEqual(await child.exited, { code: null, signal: "SIGTERM" });
  await until(() => !running(grandchild));
});

test("process group: what the child started is ended once the child exits on its own", { skip }, async () => {
  const { child, grandchild } = await withGrandchild("exit 0", true);
  assert.deepEqual(await child.exited, { code: 0, signal: null });
  await until(() => !running(grandchild));
});

test("process group: without the option, a grandchild outlives its parent", { skip }, async () => {
  const { child, grandchild } = await withGrandchild("exit 0", false);
  await child.exited;
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(running(grandchild), true);
  process.kill(grandchild, "SIGKILL");
});
