/**
 * A scripted stand-in for the CLI, in process: the test decides what each stdin line gets in answer, and when the
 * process exits, so faults can be placed exactly (an unanswered `initialize`, a malformed control line, a stdin
 * that fails while the process runs). By default it answers like the CLI: `initialize` and other control requests
 * with success, each prompt with `system/init`, one assistant line and a `result`.
 */
import type { TypedObject } from "../../src/protocol/typed_object.ts";
import type { ChildProcess, ProcessAdapter, ProcessExit } from "../../src/runtime/types.ts";

export const SESSION_ID = "11111111-2222-4333-8444-555555555555";

/** One scripted process, as the test sees it. */
export interface ScriptedChild {
  readonly child: ChildProcess;
  /** Every stdin line it read, parsed. */
  readonly received: TypedObject[];
  /** Writes one stdout line (an object is JSON-encoded). */
  send(line: object | string): void;
  /** Writes one stderr line. */
  complain(line: string): void;
  /** Exits with `code`, closing stdout and stderr (`holdStderr`: stderr stays open until `endStderr()`). */
  exit(code?: number | null, signal?: string | null, holdStderr?: boolean): void;
  /** Closes stderr (after an exit that held it). */
  endStderr(): void;
  /** Whether it has exited. */
  readonly done: boolean;
}

/** What a scripted child does with each stdin line; `answer` is the default behaviour, to call or not. */
export type Script = (message: TypedObject, child: ScriptedChild, answer: () => void) => void;

/** Options of {@link scriptedAdapter}. */
export interface ScriptedAdapterOptions {
  /** Decides the answer to each stdin line (default: {@link answerLikeTheCli}). */
  script?: Script;
  /** What `claude --version` does: print a version and exit (default), or never exit ("hang"). */
  version?: "2.1.332" | "hang";
  /** Makes stdin writes fail while the process runs (a CLI that closed its stdin). */
  brokenStdin?: boolean;
}

/** An adapter whose every spawn is a scripted child; `children` lists them in spawn order. */
export function scriptedAdapter(options: ScriptedAdapterOptions = {}): ProcessAdapter & {
  children: ScriptedChild[];
  versionChecks: number;
} {
  const children: ScriptedChild[] = [];
  const adapter = {
    children,
    versionChecks: 0,
    spawn(_command: string, args: readonly string[]): ChildProcess {
      if (args.includes("--version")) {
        adapter.versionChecks++;
        return versionChild(options.version ?? "2.1.332");
      }
      const scripted = scriptedChild(options);
      children.push(scripted);
      return scripted.child;
    },
  };
  return adapter;
}

/** The default script: answers as the CLI does. */
export function answerLikeTheCli(message: TypedObject, child: ScriptedChild): void {
  if (message.type === "control_request") {
    child.send({ type: "control_response", response: { subtype: "success", request_id: message.request_id } });
  } else if (message.type === "user") {
    const turn = child.received.filter((m) => m.type === "user").length;
    child.send({ type: "system", subtype: "init", session_id: SESSION_ID });
    child.send({
      type: "assistant",
      session_id: SESSION_ID,
      parent_tool_use_id: null,
      message: { role: "assistant", content: [{ type: "text", text: `reply ${turn}` }] },
    });
    child.send(resultLine(`reply ${turn}`));
  }
}

/** A `result/success` line with `text`. */
export function resultLine(text: string): object {
  return {
    type: "result",
    subtype: "success",
    is_error: false,
    session_id: SESSION_ID,
    duration_ms: 1,
    num_turns: 1,
    total_cost_usd: 0,
    usage: { input_tokens: 1, output_tokens: 1 },
    result: text,
  };
}

function scriptedChild(options: ScriptedAdapterOptions): ScriptedChild {
  const script = options.script ?? ((message, child) => answerLikeTheCli(message, child));
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let stdout!: ReadableStreamDefaultController<Uint8Array>;
  let stderr!: ReadableStreamDefaultController<Uint8Array>;
  let exited!: (exit: ProcessExit) => void;
  let done = false;
  let pending = "";
  const received: TypedObject[] = [];
  const endStderr = () => {
    try {
      stderr.close();
    } catch { /* already closed */ }
  };
  const exit = (code: number | null = 0, signal: string | null = null, holdStderr = false) => {
    if (done) return;
    done = true;
    stdout.close();
    if (!holdStderr) endStderr();
    exited({ code, signal });
  };
  const scripted: ScriptedChild = {
    received,
    get done() {
      return done;
    },
    send(line) {
      if (!done) stdout.enqueue(encoder.encode((typeof line === "string" ? line : JSON.stringify(line)) + "\n"));
    },
    complain(line) {
      if (!done) stderr.enqueue(encoder.encode(line + "\n"));
    },
    exit,
    endStderr,
    child: {
      pid: undefined,
      stdin: new WritableStream<Uint8Array>({
        write(chunk) {
          if (options.brokenStdin) throw new Error("EPIPE: the CLI closed its stdin");
          const lines = (pending + decoder.decode(chunk, { stream: true })).split("\n");
          pending = lines.pop()!;
          for (const line of lines) {
            if (done || line.trim() === "") continue;
            const message = JSON.parse(line) as TypedObject;
            received.push(message);
            script(message, scripted, () => answerLikeTheCli(message, scripted));
          }
        },
        close: () => exit(0), // like the CLI: stdin closed ends the process
      }),
      stdout: new ReadableStream({ start: (c) => void (stdout = c) }),
      stderr: new ReadableStream({ start: (c) => void (stderr = c) }),
      exited: new Promise((resolve) => (exited = resolve)),
      kill: (signal = "SIGTERM") => {
        exit(null, signal);
        endStderr();
      },
    },
  };
  return scripted;
}

/** A `--version` child: prints `version` and exits, or ("hang") prints nothing until killed. */
function versionChild(version: "2.1.332" | "hang"): ChildProcess {
  let stdout!: ReadableStreamDefaultController<Uint8Array>;
  let exited!: (exit: ProcessExit) => void;
  const end = (exit: ProcessExit) => {
    try {
      stdout.close();
    } catch { /* closed */ }
    exited(exit);
  };
  const child: ChildProcess = {
    pid: undefined,
    stdin: new WritableStream(),
    stdout: new ReadableStream({ start: (c) => void (stdout = c) }),
    stderr: new ReadableStream({ start: (c) => c.close() }),
    exited: new Promise((resolve) => (exited = resolve)),
    kill: (signal = "SIGTERM") => end({ code: null, signal }),
  };
  if (version !== "hang") {
    stdout.enqueue(new TextEncoder().encode(`${version} (Claude Code)\n`));
    end({ code: 0, signal: null });
  }
  return child;
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The turn's outcome: "ok", its error code, or "hang" when it has none within `ms`. */
export function outcome(stream: ReadableStream, ms = 3_000): Promise<string> {
  const settled = stream.pipeTo(new WritableStream()).then(
    () => "ok",
    (error) => String((error as { code?: unknown })?.code ?? error),
  );
  return Promise.race([settled, sleep(ms).then(() => "hang")]);
}
