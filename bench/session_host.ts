/**
 * Benchmark (not a test): the host-side cost of `Session.stream` alone, without a child process. A replay adapter
 * answers every user line with the same pre-encoded turn (N assistant lines, 64 KiB chunks), so the figures are
 * free of the CLI's speed and of pipe scheduling; compared with the bare floor: the same chunks through
 * `MessageDecoderStream` and a reader. Median of alternating rounds.
 *
 *   node --import tsx bench/session_host.ts [--messages 5000] [--turns 6] [--rounds 9]
 *   node_modules/.bin/deno run -A bench/session_host.ts      node_modules/.bin/bun bench/session_host.ts
 * @module
 */
import { Session } from "../src/session/mod.ts";
import { MessageDecoderStream } from "../src/protocol/message_decoder_stream.ts";
import type { ChildProcess, ProcessAdapter, ProcessExit } from "../src/runtime/types.ts";

const argv = globalThis.process?.argv.slice(2) ?? [];
const option = (
  name: string,
  fallback: number,
) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback);
const MESSAGES = option("messages", 5000);
const TURNS = option("turns", 6);
const ROUNDS = option("rounds", 9);
const encoder = new TextEncoder();

/** One turn's stdout, as the CLI would print it, cut into 64 KiB chunks. */
function turnChunks(): Uint8Array[] {
  const line = (value: unknown) => JSON.stringify(value) + "\n";
  let text = line({ type: "system", subtype: "init", session_id: "00000000-0000-4000-8000-000000000001" });
  for (let i = 0; i < MESSAGES; i++) {
    text += line({
      type: "assistant",
      message: {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "replay",
        content: [{ type: "text", text: "turns=1 last=x history=x" }],
        stop_reason: null,
        usage: { input_tokens: 1, output_tokens: 1 },
      },
      parent_tool_use_id: null,
      session_id: "00000000-0000-4000-8000-000000000001",
      uuid: `u${i}`,
    });
  }
  text += line({
    type: "result",
    subtype: "success",
    is_error: false,
    session_id: "00000000-0000-4000-8000-000000000001",
  });
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 65536) chunks.push(bytes.slice(at, at + 65536));
  return chunks;
}

const chunks = turnChunks();

/** A child that answers each user line with the recorded chunks and each control request with success. */
const replayAdapter: ProcessAdapter = {
  spawn(): ChildProcess {
    let stdout!: ReadableStreamDefaultController<Uint8Array>;
    let exit!: (value: ProcessExit) => void;
    const decoder = new TextDecoder();
    const exited = new Promise<ProcessExit>((resolve) => (exit = resolve));
    const end = (value: ProcessExit) => {
      exit(value);
      try {
        stdout.close();
      } catch {
        // already closed
      }
    };
    const stdin = new WritableStream<Uint8Array>({
      write(bytes) {
        const message = JSON.parse(decoder.decode(bytes));
        if (message.type === "user") { for (const chunk of chunks) stdout.enqueue(chunk); }
        if (message.type === "control_request") {
          stdout.enqueue(
            encoder.encode(
              JSON.stringify({
                type: "control_response",
                response: { subtype: "success", request_id: message.request_id, response: {} },
              }) + "\n",
            ),
          );
        }
      },
      close: () => end({ code: 0, signal: null }),
    });
    return {
      pid: undefined,
      stdin,
      stdout: new ReadableStream<Uint8Array>({ start: (controller) => void (stdout = controller) }),
      stderr: new ReadableStream<Uint8Array>({ start: (controller) => controller.close() }),
      exited,
      kill: (signal = "SIGTERM") => end({ code: null, signal }),
    };
  },
};

async function bare(): Promise<number> {
  let messages = 0;
  const start = performance.now();
  for (let turn = 0; turn < TURNS; turn++) {
    let next = 0;
    const source = new ReadableStream<Uint8Array>({
      pull: (c) => (next < chunks.length ? c.enqueue(chunks[next++]) : c.close()),
    });
    const reader = source.pipeThrough(new MessageDecoderStream()).getReader();
    while (!(await reader.read()).done) messages++;
  }
  return messages / ((performance.now() - start) / 1000);
}

async function session(): Promise<number> {
  const session = new Session({ adapter: replayAdapter, shutdownGraceMs: 0 });
  await session.stream("warm-up").pipeTo(new WritableStream());
  let messages = 0;
  const start = performance.now();
  for (let turn = 0; turn < TURNS; turn++) {
    const reader = session.stream("x").getReader();
    while (!(await reader.read()).done) messages++;
  }
  const rate = messages / ((performance.now() - start) / 1000);
  await session.stop();
  return rate;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rates = { bare: [] as number[], session: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  rates.bare.push(await bare());
  rates.session.push(await session());
}
const [b, s] = [median(rates.bare), median(rates.session)];
console.log(
  `host only, ${TURNS} turns x ${MESSAGES} messages, median of ${ROUNDS}: bare ${
    Math.round(b).toLocaleString("en")
  } msg/s, session ${Math.round(s).toLocaleString("en")} msg/s (${(s / b).toFixed(2)}x)`,
);
