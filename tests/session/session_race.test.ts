// A CLI that ends while a turn is on its way to it: between `await this.#connect()` and the turn becoming current.
// The close then finds no turn to fail, and the turn, current on a CLI that is gone, was never drained: it and every
// later turn waited forever. The child here is scripted (a custom ProcessAdapter), so the test picks the moment:
// the CLI exits, its connection's close waits for stderr to end, and the turn is sent k microtasks after stderr ends,
// for every k across the few microtasks the close takes to reach the session.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../src/session/mod.ts";
import type { TypedObject } from "../../src/protocol/typed_object.ts";
import type { ChildProcess, ProcessAdapter, ProcessExit } from "../../src/runtime/types.ts";

interface ScriptedChild {
  child: ChildProcess;
  /** Exits with `code` and closes stdout; stderr stays open until `endStderr`. */
  exit(code: number): void;
  endStderr(): void;
}

/** A child that answers `initialize` and every prompt with a one-line reply and a result. */
function scriptedChild(): ScriptedChild {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let stdout!: ReadableStreamDefaultController<Uint8Array>;
  let stderr!: ReadableStreamDefaultController<Uint8Array>;
  let exited!: (exit: ProcessExit) => void;
  let done = false;
  let pending = "";
  let turns = 0;
  const send = (line: object) => void (done || stdout.enqueue(encoder.encode(JSON.stringify(line) + "\n")));
  const answer = (message: TypedObject) => {
    if (message.type === "control_request") {
      send({
        type: "control_response",
        response: { subtype: "success", request_id: message.request_id, response: {} },
      });
    } else if (message.type === "user") {
      const session_id = "11111111-2222-4333-8444-555555555555";
      turns++;
      send({ type: "system", subtype: "init", session_id });
      send({
        type: "assistant",
        session_id,
        parent_tool_use_id: null,
        message: { role: "assistant", content: [{ type: "text", text: `reply ${turns}` }] },
      });
      send({
        type: "result",
        subtype: "success",
        is_error: false,
        session_id,
        duration_ms: 1,
        num_turns: 1,
        total_cost_usd: 0,
        usage: { input_tokens: 1, output_tokens: 1 },
        result: `reply ${turns}`,
      });
    }
  };
  const end = (exit: ProcessExit) => {
    if (done) return;
    done = true;
    stdout.close();
    exited(exit);
  };
  const endStderr = () => {
    try {
      stderr.close();
    } catch { /* already closed */ }
  };
  return {
    child: {
      pid: undefined,
      stdin: new WritableStream<Uint8Array>({
        write(chunk) {
          const lines = (pending + decoder.decode(chunk, { stream: true })).split("\n");
          pending = lines.pop()!;
          for (const line of lines) if (!done && line.trim() !== "") answer(JSON.parse(line));
        },
        // Like the CLI: stdin closed ends the process.
        close: () => {
          end({ code: 0, signal: null });
          endStderr();
        },
      }),
      stdout: new ReadableStream({ start: (c) => void (stdout = c) }),
      stderr: new ReadableStream({ start: (c) => void (stderr = c) }),
      exited: new Promise((resolve) => (exited = resolve)),
      kill: (signal = "SIGTERM") => {
        end({ code: null, signal });
        endStderr();
      },
    },
    exit: (code) => end({ code, signal: null }),
    endStderr,
  };
}

/** A stand-in `--version` that prints nothing (the check lets it through) and exits. */
function versionChild(): ChildProcess {
  const closed = () => new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  return {
    pid: undefined,
    stdin: new WritableStream(),
    stdout: closed(),
    stderr: closed(),
    exited: Promise.resolve({ code: 0, signal: null }),
    kill() {},
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The turn's outcome: "ok", its error code, or "hang" when it has none within `ms`. */
function outcome(stream: ReadableStream, ms = 3_000): Promise<string> {
  const settled = stream.pipeTo(new WritableStream()).then(() => "ok", (error) => String(error?.code ?? error));
  return Promise.race([settled, sleep(ms).then(() => "hang")]);
}

test(
  "race: a turn sent after the CLI exited, before its stdout and stderr ended, runs on a new CLI (the exit is what counts)",
  { timeout: 120_000 },
  async () => {
    const seen = new Map<string, number[]>();
    for (let k = 0; k <= 40; k++) {
      const children: ScriptedChild[] = [];
      const adapter: ProcessAdapter = {
        spawn(_command, args) {
          if (args.includes("--version")) return versionChild();
          const scripted = scriptedChild();
          children.push(scripted);
          return scripted.child;
        },
      };
      const session = new Session({ adapter, timeout: 60_000, shutdownGraceMs: 50, interruptGraceMs: 50 });
      try {
        await session.start();
        children[0].exit(1);
        await sleep(10); // the connection has seen the exit and waits for stderr to end
        children[0].endStderr();
        for (let tick = 0; tick < k; tick++) await null;
        const first = await outcome(session.stream("hello"));
        seen.set(first, [...(seen.get(first) ?? []), k]);
        assert.notEqual(first, "hang", `k=${k}: the turn got no outcome`);
        assert.equal(first, "ok", `k=${k}: the turn starts a new CLI instead of failing on the one that exited`);
        assert.equal(await outcome(session.stream("and then?")), "ok", `k=${k}: the next turn runs on a new CLI`);
      } finally {
        await Promise.race([session.stop(), sleep(2_000)]);
      }
    }
    assert.deepEqual([...seen.keys()], ["ok"], JSON.stringify([...seen]));
  },
);
