/**
 * Decode benchmark: `MessageDecoderStream` against baselines measured in the same run, on the same bytes.
 *
 *   node --expose-gc --import tsx bench/decode.ts
 *   deno run -A --v8-flags=--expose-gc bench/decode.ts
 *   bun bench/decode.ts
 *
 * (`--expose-gc` lets the bench collect garbage between runs; without it the numbers are noisier.)
 *
 * Options: `--mb=N` stream size (default 100), `--non-ascii=S` share of non-ASCII words (default 0.02; 0.3 for
 * text heavy in accents, CJK and emoji), `--rounds=N` (default 5; each variant's best round counts, the
 * variants interleaved so machine noise hits all alike), `--markdown` (also print a README table row). The 64 MiB
 * line runs in a child process (`--memory`) so its peak RSS is its own.
 * @module
 */
import { spawnSync } from "node:child_process";
import process from "node:process";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { Buffer } from "node:buffer";
import { MessageDecoderStream } from "../src/protocol/message_decoder_stream.ts";
import type { Message } from "../src/protocol/messages.ts";
import { isUserMessage } from "../src/protocol/message_guards.ts";
import { isValidMessage } from "../src/protocol/validate_message.ts";
import { chunksOf, realisticStream } from "./_stream_data.ts";

const CHUNK = 64 * 1024;
const MIB = 1024 * 1024;
const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, "").split("=") as [string, string]));
const runtime = "Deno" in globalThis ? "deno" : "Bun" in globalThis ? "bun" : "node";
/** The few members of the runtimes' globals this bench reads. */
const runtimeGlobals = globalThis as {
  Deno?: { version: { deno: string } };
  Bun?: { version: string; gc?: (force: boolean) => void };
  gc?: () => void;
};
const runtimeVersion = runtime === "deno"
  ? runtimeGlobals.Deno!.version.deno
  : runtime === "bun"
  ? runtimeGlobals.Bun!.version
  : process.versions.node;

/** A pull-based byte stream over prepared chunks, as a child's stdout would deliver them. */
function byteStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
}

async function count<T>(stream: ReadableStream<T>, each?: (item: T) => void): Promise<number> {
  const reader = stream.getReader();
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    each?.(value);
    n++;
  }
}

function joinBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** (a) The floor: no streams; scan each chunk for newlines, decode each line, JSON.parse it. */
function bareLoop(chunks: readonly Uint8Array[]): number {
  const decoder = new TextDecoder();
  let pending: Uint8Array[] = [];
  let n = 0;
  for (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline === -1) {
        if (start < chunk.length) pending.push(chunk.slice(start));
        break;
      }
      let line = chunk.subarray(start, newline);
      if (pending.length > 0) {
        pending.push(line);
        line = joinBytes(pending);
        pending = [];
      }
      if (line.length > 0) {
        JSON.parse(decoder.decode(line));
        n++;
      }
      start = newline + 1;
    }
  }
  if (pending.length > 0) {
    JSON.parse(decoder.decode(joinBytes(pending)));
    n++;
  }
  return n;
}

/** (b) How the official TypeScript SDK reads the CLI: node:readline over a Node stream, JSON.parse per line. */
async function readline(chunks: readonly Uint8Array[]): Promise<number> {
  const input = Readable.from(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    if (line.length > 0) {
      JSON.parse(line);
      n++;
    }
  }
  return n;
}

/** (c) TextDecoderStream and a naive string splitter (`buffer += chunk; buffer.split("\n")`). */
function naiveSplitter(chunks: readonly Uint8Array[]): Promise<number> {
  let buffer = "";
  const lines = new TransformStream<string, unknown>({
    transform(chunk, controller) {
      buffer += chunk;
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      for (const part of parts) if (part.length > 0) controller.enqueue(JSON.parse(part));
    },
    flush(controller) {
      if (buffer.length > 0) controller.enqueue(JSON.parse(buffer));
    },
  });
  return count(
    byteStream(chunks).pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
      .pipeThrough(lines),
  );
}

function decoderStream(chunks: readonly Uint8Array[]): Promise<number> {
  return count(byteStream(chunks).pipeThrough(new MessageDecoderStream()));
}

function decoderStreamValidated(chunks: readonly Uint8Array[]): Promise<number> {
  let invalid = 0;
  return count(byteStream(chunks).pipeThrough(new MessageDecoderStream()), (message: Message) => {
    if (!isValidMessage(message)) invalid++;
  }).then((n) => {
    if (invalid > 0) throw new Error(`${invalid} messages failed validation`);
    return n;
  });
}

/** A full GC: `Bun.gc`, or `gc` with `--expose-gc` (node) / `--v8-flags=--expose-gc` (deno); else nothing. */
function collectGarbage(): void {
  const bun = runtimeGlobals.Bun;
  if (bun?.gc) bun.gc(true);
  else runtimeGlobals.gc?.();
}

interface Variant {
  name: string;
  run: (chunks: readonly Uint8Array[]) => number | Promise<number>;
}

const variants: Variant[] = [
  { name: "MessageDecoderStream", run: decoderStream },
  { name: "MessageDecoderStream + valibot validation of every message", run: decoderStreamValidated },
  { name: "(a) bare loop: indexOf + decode + JSON.parse per line", run: bareLoop },
  { name: "(b) node:readline + JSON.parse", run: readline },
  { name: "(c) TextDecoderStream + naive string splitter", run: naiveSplitter },
];

async function throughput(mb: number, rounds: number) {
  const nonAscii = Number(args.get("non-ascii") ?? 0.02);
  const { bytes, lines, longLines } = realisticStream(mb * MIB, nonAscii);
  const chunks = chunksOf(bytes, CHUNK);
  console.log(
    `${runtime} ${runtimeVersion}: ${(bytes.length / MIB).toFixed(1)} MiB (${
      nonAscii * 100
    }% non-ASCII words), ${lines} lines (${longLines} of >= 1 MiB), ${chunks.length} chunks of 64 KiB; best of ${rounds} rounds`,
  );
  const best = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    // rotate the order each round, and collect garbage before each run where the runtime lets us: no variant
    // pays for the garbage of the one before it
    for (const variant of [...variants.slice(round % variants.length), ...variants.slice(0, round % variants.length)]) {
      collectGarbage();
      const start = performance.now();
      const n = await variant.run(chunks);
      const ms = performance.now() - start;
      if (n !== lines) throw new Error(`${variant.name}: ${n} messages, expected ${lines}`);
      best.set(variant.name, Math.min(best.get(variant.name) ?? Infinity, ms));
    }
  }
  const floor = best.get(variants[2]!.name)!;
  const readlineMs = best.get(variants[3]!.name)!;
  console.log(
    "variant".padEnd(62) + "MB/s".padStart(8) + "msg/s".padStart(12) + "vs (a)".padStart(8) + "vs (b)".padStart(8),
  );
  for (const variant of variants) {
    const ms = best.get(variant.name)!;
    const mbps = bytes.length / 1e6 / (ms / 1000);
    const mps = lines / (ms / 1000);
    console.log(
      variant.name.padEnd(62) + mbps.toFixed(0).padStart(8) + Math.round(mps).toLocaleString("en-US").padStart(12) +
        (floor / ms).toFixed(2).padStart(8) + (readlineMs / ms).toFixed(2).padStart(8),
    );
  }
  return { bytes: bytes.length, lines, best, floor, readlineMs };
}

/** One line of exactly 64 MiB (ASCII tool output with escaped newlines), made chunk by chunk: never resident whole. */
function hugeLine(): ReadableStream<Uint8Array> {
  const size = 64 * MIB;
  const head = new TextEncoder().encode(
    '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"',
  );
  const tail = new TextEncoder().encode('"}]}}\n');
  const filler = new TextEncoder().encode("total 42\\n-rw-r--r-- 1 dev dev 1234 Nov 25 21:00 file.txt\\n".repeat(2000))
    .subarray(0, CHUNK);
  let remaining = size - head.length - (tail.length - 1);
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        controller.enqueue(head);
        sent = true;
      } else if (remaining > 0) {
        const piece = remaining >= filler.length ? filler : filler.subarray(0, remaining);
        remaining -= piece.length;
        controller.enqueue(piece);
      } else {
        controller.enqueue(tail);
        controller.close();
      }
    },
  });
}

interface Memory {
  peakMiB: number;
  baseMiB: number;
  ratio: number;
}

/** Peak RSS growth while the decoder turns the 64 MiB line into a message, as a multiple of 64 MiB. */
async function memory(): Promise<Memory> {
  const base = process.resourceUsage().maxRSS / 1024;
  let contentLength = 0;
  const n = await count(
    hugeLine().pipeThrough(new MessageDecoderStream({ onError: (error) => console.error(error.message) })),
    (message) => {
      const block = isUserMessage(message) && typeof message.message.content !== "string"
        ? message.message.content[0]
        : undefined;
      if (block?.type === "tool_result" && typeof block.content === "string") contentLength = block.content.length;
    },
  );
  if (n !== 1 || contentLength === 0) throw new Error("the 64 MiB line was not decoded");
  const peak = process.resourceUsage().maxRSS / 1024;
  return { peakMiB: peak, baseMiB: base, ratio: (peak - base) / 64 };
}

function memoryInChild(): Memory {
  const script = new URL(import.meta.url).pathname;
  const prefix = runtime === "deno" ? ["run", "-A"] : runtime === "bun" ? [] : ["--import", "tsx"];
  const child = spawnSync(process.execPath, [...prefix, script, "--memory"], { encoding: "utf8" });
  const line = child.stdout.split("\n").find((l) => l.startsWith("{"));
  if (child.status !== 0 || line === undefined) throw new Error(`memory child failed: ${child.stderr}`);
  return JSON.parse(line);
}

if (args.has("memory")) {
  console.log(JSON.stringify(await memory()));
} else {
  // memory first: a child forked by a big parent inherits the parent's maxRSS on Linux
  const mem = memoryInChild();
  const result = await throughput(Number(args.get("mb") ?? 100), Number(args.get("rounds") ?? 5));
  console.log(
    `one 64 MiB line: peak RSS ${mem.peakMiB.toFixed(0)} MiB, ${
      (mem.peakMiB - mem.baseMiB).toFixed(0)
    } MiB above the process's start = ${mem.ratio.toFixed(2)}x the line`,
  );
  if (args.has("markdown")) {
    const decoderMs = result.best.get(variants[0]!.name)!;
    const validatedMs = result.best.get(variants[1]!.name)!;
    const mbps = (ms: number) => (result.bytes / 1e6 / (ms / 1000)).toFixed(0);
    console.log(
      `| ${runtime} ${runtimeVersion} | ${mbps(decoderMs)} | ${
        Math.round(result.lines / (decoderMs / 1000)).toLocaleString("en-US")
      } | ${(result.floor / decoderMs).toFixed(2)}x | ${(result.readlineMs / decoderMs).toFixed(2)}x | ${
        mbps(validatedMs)
      } (${(decoderMs / validatedMs).toFixed(2)}x) | ${mem.ratio.toFixed(2)}x |`,
    );
  }
}
