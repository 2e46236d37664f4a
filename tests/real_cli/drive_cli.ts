/**
 * Driving any CLI binary over stdin the way the recordings' `drive.mjs` did, and keeping what it wrote and what was
 * written to it: the recorder's counterpart of the fake tests' `drive` (tests/fake-cli/_support.ts), which always
 * starts the fake. Same steps, same permission answers, same waits; sleeps last as long as the script says.
 * @module
 */
import { spawn } from "node:child_process";
import { delay, type DriveOptions, matches, parse, type RunResult } from "../fake-cli/_support.ts";

/** Options of {@link driveCli}: those of the fake's `drive` (sleeps are never shortened), plus the binary. */
export interface CliDriveOptions extends Omit<DriveOptions, "maxSleepMs"> {
  /** The executable to start with `args`. */
  command: string;
  /** How long a `wait` step without its own `timeout` waits (default 60 s: the real CLI is slower than the fake). */
  waitTimeoutMs?: number;
}

/** A driven run: the fake's {@link RunResult}, plus stdout as written and every byte written to stdin. */
export interface CliRun extends RunResult {
  stdout: string;
  stdin: string;
  durationMs: number;
}

/**
 * Starts `command`, plays the steps (send, raw, wait for a matching line, sleep, close stdin), answers permission
 * requests when asked to, and resolves with stdout, stderr, stdin and the exit status once the process has exited.
 * Without steps stdin is closed at once. The process is killed when still running after `timeoutMs` (default 120 s).
 */
export function driveCli(options: CliDriveOptions): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  let stdout = "";
  let stderr = "";
  let stdin = "";
  let pending = "";
  let exited = false;
  let wake: (() => void) | null = null;
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
      const answer = options.permissions && permissionAnswer(line, options.permissions);
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
  const killer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
  const nextLine = () => new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, 200);
  });
  const play = async () => {
    let seen = 0;
    for (const step of options.steps ?? [{ close: true }]) {
      if ("send" in step) write(JSON.stringify(step.send) + "\n");
      else if ("raw" in step) write(step.raw);
      else if ("sleep" in step) await delay(step.sleep);
      else if ("close" in step) child.stdin.end();
      else if ("wait" in step) {
        const deadline = Date.now() + (step.timeout ?? options.waitTimeoutMs ?? 60_000);
        for (;;) {
          while (seen < lines.length && !matches(parse(lines[seen]), step.wait)) seen++;
          if (seen < lines.length) {
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
  const message = parse(line) as any;
  if (message?.type !== "control_request" || message.request?.subtype !== "can_use_tool") return undefined;
  const response = mode === "allow"
    ? { behavior: "allow", updatedInput: message.request.input }
    : { behavior: "deny", message: "denied by drive.mjs" };
  return JSON.stringify({ type: "control_response", response: { subtype: "success", request_id: message.request_id, response } }) + "\n";
}
