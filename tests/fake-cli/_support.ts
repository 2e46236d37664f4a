/**
 * Helpers of the fake-CLI tests: temp dirs, starting the fake under the runtime running the tests, and driving
 * it over stdin the way the recordings' `drive.mjs` did.
 * @module
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { isCanUseToolRequest } from "../../src/protocol/message_guards.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { isTypedObject } from "../../src/protocol/typed_object.ts";
import { fakeCli } from "../../testing.ts";

/** `fake-cli/main.js`, what Deno and Bun run. */
export const fakeMainPath = path.join(path.dirname(fakeCli.path), "main.js");

/** A temp dir holding a config dir and a project dir; `cleanup()` removes it. */
export interface Sandbox {
  root: string;
  config: string;
  cwd: string;
  cleanup(): void;
}

/** Creates a sandbox under the OS temp dir (real path, so the fake's cwd matches). */
export function sandbox(): Sandbox {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "fake-cli-test-")));
  const config = path.join(root, "config");
  const cwd = path.join(root, "work", "proj");
  fs.mkdirSync(config, { recursive: true });
  fs.mkdirSync(cwd, { recursive: true });
  return { root, config, cwd, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** The command that starts the fake with the runtime running this test (node: the executable itself). */
export function fakeCommand(): { command: string; prefix: string[] } {
  const g = globalThis as { Deno?: { execPath(): string }; Bun?: unknown };
  if (g.Deno) return { command: g.Deno.execPath(), prefix: ["run", "-A", fakeMainPath] };
  if (g.Bun) return { command: process.execPath, prefix: [fakeMainPath] };
  return { command: fakeCli.path, prefix: [] };
}

/**
 * One step of a drive script, as in the recordings' `.cmd.txt`. A wait's `save` keeps fields of the line it matched
 * (`{"tid": "task_id"}`), and a later send's `"$$var:tid"` string is replaced with the saved value.
 */
export type Step =
  | { send: unknown }
  | { raw: string }
  | { wait: Record<string, unknown>; timeout?: number; save?: Record<string, string> }
  | { sleep: number }
  | { close: true };

/** What a driven run produced. */
export interface RunResult {
  lines: string[];
  stderr: string;
  code: number | null;
  signal: string | null;
  /** Stdout as written (`lines` split it; a last line without a newline is in both). */
  stdout: string;
  /** Every byte written to stdin, permission answers included. */
  stdin: string;
  durationMs: number;
}

/** Options of {@link drive}. */
export interface DriveOptions {
  /** The executable and its leading arguments; the fake under this runtime's Node when absent. */
  command?: string[];
  args: string[];
  cwd: string;
  env: Record<string, string>;
  steps?: Step[];
  /** Answer `can_use_tool` requests: allow with the same input, or deny. */
  permissions?: "allow" | "deny";
  /** Answers other requests: the stdin text to write for a stdout line (e.g. a `hook_callback`), or undefined. */
  respond?: (line: string) => string | undefined;
  /** Longest a sleep step may last (the recordings sleep long where the fake needs no wait); unbounded by default. */
  maxSleepMs?: number;
  /** How long a `wait` step without its own `timeout` waits (default 15 s). */
  waitTimeoutMs?: number;
  /** Kill the child when it is still running after this long (default 30 s). */
  timeoutMs?: number;
}

/**
 * Starts the CLI (the fake unless `command` names another), plays the steps (send, raw, wait for a matching line,
 * sleep, close stdin), answers permission requests when asked to, and collects stdout lines, stderr, what was written
 * to stdin and the exit status. Without steps stdin is closed at once.
 */
export function drive(options: DriveOptions): Promise<RunResult> {
  const started = Date.now();
  const { command, prefix } = options.command
    ? { command: options.command[0]!, prefix: options.command.slice(1) }
    : fakeCommand();
  const child = spawn(command, [...prefix, ...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stdout = "";
  let stderr = "";
  let stdin = "";
  let pending = "";
  let wake: (() => void) | null = null;
  let exited = false;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const write = (text: string) => {
    if (exited || !child.stdin.writable) return;
    stdin += text;
    child.stdin.write(text);
  };
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text: string) => {
    stdout += text;
    pending += text;
    for (let newline = pending.indexOf("\n"); newline !== -1; newline = pending.indexOf("\n")) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      lines.push(line);
      const answer = (options.permissions && permissionAnswer(line, options.permissions)) || options.respond?.(line);
      if (answer) write(answer);
    }
    notify();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => (stderr += text));
  child.stdin.on("error", () => {}); // the CLI may exit before reading everything (i6, i7)
  const done = new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    const exit = () => {
      exited = true;
      notify();
    };
    child.on("error", (error) => {
      exit();
      reject(error);
    });
    child.on("close", (code, signal) => {
      exit();
      resolve({ code, signal });
    });
  });
  done.catch(() => {}); // a spawn error is thrown below, once the steps are played
  const killer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  const nextLine = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 200);
    });
  const play = async () => {
    let seen = 0;
    const saved = new Map<string, unknown>();
    for (const step of options.steps ?? [{ close: true }]) {
      if ("send" in step) {
        write(
          JSON.stringify(step.send, (_key, value) => {
            const name = typeof value === "string" && value.startsWith("$$var:") ? value.slice(6) : undefined;
            return name !== undefined && saved.has(name) ? saved.get(name) : value;
          }) + "\n",
        );
      } else if ("raw" in step) write(step.raw);
      else if ("sleep" in step) await delay(Math.min(step.sleep, options.maxSleepMs ?? Infinity));
      else if ("close" in step) child.stdin.end();
      else if ("wait" in step) {
        const deadline = Date.now() + (step.timeout ?? options.waitTimeoutMs ?? 15_000);
        for (;;) {
          while (seen < lines.length && !matches(parse(lines[seen]), step.wait)) seen++;
          if (seen < lines.length) {
            const line = parse(lines[seen]);
            for (const [name, key] of Object.entries(step.save ?? {})) {
              if (isObject(line)) saved.set(name, line[key]);
            }
            seen++;
            break;
          }
          if (exited || Date.now() > deadline) break;
          await nextLine();
        }
      }
    }
  };
  return play().then(async () => {
    const status = await done.finally(() => clearTimeout(killer));
    if (pending) lines.push(pending);
    return { lines, stdout, stderr, stdin, ...status, durationMs: Date.now() - started };
  });
}

/** The stdin line answering a `can_use_tool` request as `drive.mjs --auto-allow|--auto-deny` did; else undefined. */
export function permissionAnswer(line: string, mode: "allow" | "deny"): string | undefined {
  const message = parseMessage(line);
  if (!message || !isCanUseToolRequest(message)) return undefined;
  const response = mode === "allow"
    ? { behavior: "allow", updatedInput: message.request.input }
    : { behavior: "deny", message: "denied by drive.mjs" };
  return JSON.stringify({
    type: "control_response",
    response: { subtype: "success", request_id: message.request_id, response },
  }) + "\n";
}

/** Parses a line, `undefined` when it is not JSON. */
export function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Whether a parsed JSON value is an object (an array too), so that its fields can be read. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The field `key` of a parsed JSON value; undefined when it is not an object. */
export function fieldOf(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/** Parses a line as a message: `undefined` when it is not JSON or not an object with a string `type`. */
export function parseMessage(line: string): Message | undefined {
  const value = parse(line);
  return isTypedObject(value) ? value : undefined;
}

/**
 * A line of a session file as these tests read it: the fields they look at (any may be missing), every other field
 * kept as written.
 */
export interface EntryView {
  type: string;
  uuid?: string;
  parentUuid?: string | null;
  sessionId?: string;
  subtype?: string;
  cwd?: string;
  message?: {
    id?: string;
    model?: string;
    content?: string | { type: string; text?: string }[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** The lines of a session file (JSONL), parsed. */
export function readEntries(file: string): EntryView[] {
  return fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

/** The `text` of the first block of a message's content; undefined for a string content or no content. */
export function firstText(content: unknown): unknown {
  const first: unknown = Array.isArray(content) ? content[0] : undefined;
  return typeof first === "object" && first !== null && "text" in first ? first.text : undefined;
}

/** Whether `value` has every field of `pattern` (recursively), as drive.mjs matched waits. */
export function matches(value: unknown, pattern: unknown): boolean {
  if (pattern === null || typeof pattern !== "object") return value === pattern;
  if (value === null || typeof value !== "object") return false;
  return Object.entries(pattern).every(([key, expected]) => matches((value as Record<string, unknown>)[key], expected));
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The environment for a fake child: PATH and HOME kept, the config dir set, the rest left out. */
export function fakeEnv(config: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? os.tmpdir(),
    CLAUDE_CONFIG_DIR: config,
    ...extra,
  };
}

/** The messages among stdout lines (JSON objects with a string `type`). */
export function messages(lines: string[]): Message[] {
  return lines.map(parseMessage).filter((m) => m !== undefined);
}
