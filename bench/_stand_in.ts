/**
 * The benchmarks' stand-in CLI (bench/stand_in_cli.mjs), and the bare loop's way of running it: the host runtime's
 * process adapter and the library's decoder, with no Session in between.
 * @module
 */
import { fileURLToPath } from "node:url";
import { MessageDecoderStream } from "../src/protocol/message_decoder_stream.ts";
import type { Message } from "../src/protocol/messages.ts";
import { currentRuntime } from "../src/runtime/current.ts";
import type { ChildProcess } from "../src/runtime/types.ts";

/** The stand-in CLI's path. */
export const STAND_IN: string = fileURLToPath(new URL("./stand_in_cli.mjs", import.meta.url));

/** A stand-in started as a Session starts the CLI (stream-json both ways), with its stdin and decoded stdout. */
export interface BareStandIn {
  child: ChildProcess;
  /** Writes one stdin line (a string, already encoded as a line). */
  send(line: string): Promise<void>;
  reader: ReadableStreamDefaultReader<Message>;
  /** Closes stdin (the stand-in then ends) and waits for the exit. */
  close(): Promise<void>;
}

/** Starts the stand-in with `env` over the parent's environment. */
export async function startBareStandIn(env: Record<string, string>): Promise<BareStandIn> {
  const runtime = await currentRuntime();
  const child = runtime.processes.spawn(STAND_IN, [
    "--output-format",
    "stream-json",
    "--verbose",
    "--input-format",
    "stream-json",
  ], { env: { ...runtime.envObject(), ...env } });
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  const reader = child.stdout.pipeThrough(new MessageDecoderStream()).getReader();
  return {
    child,
    reader,
    send: (line) => writer.write(encoder.encode(line)),
    close: async () => {
      await writer.close();
      await child.exited;
    },
  };
}
