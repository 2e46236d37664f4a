// CLI 2.1.332 starts a turn by itself when a background task ends: its lines come while a prompt of ours may be the
// turn that runs, and its `result` carries `origin: { kind: "task-notification" }` (recording k1 of 2.1.332). That
// result is not the answer to our prompt: before, it ended our turn with the wrong result, and our real result then
// ended the next turn.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../../src/session/mod.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import type { ChildProcess, ProcessAdapter } from "../../src/runtime/types.ts";

const SESSION_ID = "11111111-2222-4333-8444-555555555555";

/** Answers every prompt; before answering the second, it runs a turn of its own (a task notification), as 2.1.332 does. */
const adapter: ProcessAdapter = {
  spawn(_command, args): ChildProcess {
    const encoder = new TextEncoder();
    let stdout!: ReadableStreamDefaultController<Uint8Array>;
    let exit!: (status: { code: number; signal: null }) => void;
    const exited = new Promise<{ code: number; signal: null }>((resolve) => (exit = resolve));
    const send = (line: object) => stdout.enqueue(encoder.encode(JSON.stringify(line) + "\n"));
    const answer = (text: string, extra: object = {}) => {
      send({ type: "system", subtype: "init", session_id: SESSION_ID });
      send({
        type: "assistant",
        session_id: SESSION_ID,
        parent_tool_use_id: null,
        message: { role: "assistant", content: [{ type: "text", text }] },
      });
      send({
        type: "result",
        subtype: "success",
        is_error: false,
        session_id: SESSION_ID,
        duration_ms: 1,
        num_turns: 1,
        total_cost_usd: 0,
        usage: { input_tokens: 1, output_tokens: 1 },
        result: text,
        ...extra,
      });
    };
    let prompts = 0;
    let pending = "";
    const decoder = new TextDecoder();
    return {
      pid: 4343,
      stdin: new WritableStream<Uint8Array>({
        write(chunk) {
          pending += decoder.decode(chunk, { stream: true });
          for (let newline = pending.indexOf("\n"); newline >= 0; newline = pending.indexOf("\n")) {
            const message = JSON.parse(pending.slice(0, newline));
            pending = pending.slice(newline + 1);
            if (message.type === "control_request") {
              send({
                type: "control_response",
                response: { subtype: "success", request_id: message.request_id, response: {} },
              });
            } else if (message.type === "user") {
              prompts++;
              if (prompts === 2) {
                answer("task done", {
                  origin: { kind: "task-notification", producer: "session-task", runId: "r1" },
                  result_index: 1,
                });
              }
              answer(`reply ${prompts}`);
            }
          }
        },
        close() {
          stdout.close();
          exit({ code: 0, signal: null });
        },
      }),
      stdout: new ReadableStream<Uint8Array>({
        start(controller) {
          stdout = controller;
          if (args.includes("--version")) {
            controller.enqueue(encoder.encode("2.1.332 (Claude Code)\n"));
            controller.close();
            exit({ code: 0, signal: null });
          }
        },
      }),
      stderr: new ReadableStream<Uint8Array>({ start: (controller) => void exited.then(() => controller.close()) }),
      exited,
      kill() {
        exit({ code: 0, signal: null });
      },
    };
  },
};

test("a result of a turn the CLI started itself (origin: task-notification) ends none of our turns", async () => {
  const session = new Session({ adapter });
  try {
    assert.equal((await collectTurn(session.stream("one"))).result.result, "reply 1");
    const second = session.stream("two");
    const third = session.stream("three");
    assert.equal((await collectTurn(second)).result.result, "reply 2");
    assert.equal((await collectTurn(third)).result.result, "reply 3");
  } finally {
    await session.stop();
  }
});
