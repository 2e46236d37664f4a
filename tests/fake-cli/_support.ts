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

/** One step of a drive script, as in the recordings' `.cmd.txt`. */
export type Step =
  | { send: unknown }
  | { raw: string }
  | { wait: Record<string, unknown>; timeout?: number }
  | { sleep: number }
  | { close: true };

/** What a driven run produced. */
export interface RunResult {
  lines: string[];
  stderr: string;
  code: number | null;
  signal: string | null;
}

/** Options of {@link drive}. */
export interface DriveOptions {
  args: string[];
  cwd: string;
  env: Record<string, string>;
  steps?: Step[];
  /** Answer `can_use_tool` requests: allow with the same input, or deny. */
  permissions?: "allow" | "deny";
  /** Longest a sleep step may last (the recordings sleep long where the fake needs no wait). */
  maxSleepMs?: number;
  /** Kill the child when it is still running after this long. */
  timeoutMs?: number;
}

/**
 * Starts the fake, plays the steps (send, raw, wait for a matching line, sleep, close stdin), and collects stdout
 * lines, stderr and the exit status. Without steps stdin is closed at once.
 */
export function drive(options: DriveOptions): Promise<RunResult> {
  const { command, prefix } = fakeCommand();
  const child = spawn(command, [...prefix, ...options.args], { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  let stderr = "";
  let pending = "";
  let wake: (() => void) | null = null;
  let exited = false;
  const notify = () => {
    wake?.();
    wake = null;
  };
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text: string) => {
    pending += text;
    let newline = pending.indexOf("\n");
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      lines.push(line);
      if (options.permissions) answerPermission(line, options.permissions, child.stdin);
      newline = pending.indexOf("\n");
    }
    notify();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => (stderr += text));
  child.stdin.on("error", () => {}); // the fake may exit before reading everything (i6, i7)
  const done = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on("close", (code, signal) => {
      exited = true;
      notify();
      resolve({ code, signal });
    });
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  const play = async () => {
    let seen = 0;
    for (const step of options.steps ?? [{ close: true }]) {
      if ("send" in step) child.stdin.write(JSON.stringify(step.send) + "\n");
      else if ("raw" in step) child.stdin.write(step.raw);
      else if ("sleep" in step) await delay(Math.min(step.sleep, options.maxSleepMs ?? Infinity));
      else if ("close" in step) child.stdin.end();
      else if ("wait" in step) {
        const deadline = Date.now() + (step.timeout ?? 15_000);
        for (;;) {
          while (seen < lines.length && !matches(parse(lines[seen]), step.wait)) seen++;
          if (seen < lines.length) {
            seen++;
            break;
          }
          if (exited || Date.now() > deadline) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 200);
          });
        }
      }
    }
  };
  return play().then(async () => {
    const status = await done;
    clearTimeout(killer);
    if (pending) lines.push(pending);
    return { lines, stderr, ...status };
  });
}

function answerPermission(line: string, mode: "allow" | "deny", stdin: NodeJS.WritableStream) {
  const message = parse(line) as any;
  if (message?.type !== "control_request" || message.request?.subtype !== "can_use_tool") return;
  const response = mode === "allow"
    ? { behavior: "allow", updatedInput: message.request.input }
    : { behavior: "deny", message: "denied by drive.mjs" };
  stdin.write(JSON.stringify({ type: "control_response", response: { subtype: "success", request_id: message.request_id, response } }) + "\n");
}

/** Parses a line, `undefined` when it is not JSON. */
export function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
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
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? os.tmpdir(), CLAUDE_CONFIG_DIR: config, ...extra };
}

/** The JSON objects among stdout lines. */
export function messages(lines: string[]): any[] {
  return lines.map(parse).filter((m) => m !== undefined);
}
