/** Test fixtures of the session tests: a CLI in a temporary config dir, and reply helpers. */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { Session, type SessionOptions } from "../../src/session/mod.ts";
import type { StreamOptions } from "../../src/session/mod.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { textContent } from "../../src/stream/mod.ts";
import { CLI_PATH } from "../cli_under_test.ts";

export { CLI_PATH, fakeOnly, IS_REAL_CLI, REAL_CLI, realOnly } from "../cli_under_test.ts";

/** A temporary config dir and cwd, and the options that point a Session at them. */
export interface Fixture {
  configDir: string;
  cwd: string;
  options: SessionOptions;
  cleanup(): Promise<void>;
}

/** Creates a fixture; `cleanup` removes it. */
export async function fixture(extra: SessionOptions = {}): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), "cs-session-"));
  const configDir = join(root, "config");
  const cwd = root;
  return {
    configDir,
    cwd,
    options: {
      cliPath: CLI_PATH,
      configDir,
      cwd,
      timeout: 60_000,
      shutdownGraceMs: 1_000,
      interruptGraceMs: 1_500,
      ...extra,
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** The text of one turn. */
export async function reply(session: Session, prompt: string, options?: StreamOptions): Promise<string> {
  let text = "";
  for await (
    const chunk of session.stream(prompt, options).pipeThrough(textContent()) as unknown as AsyncIterable<string>
  ) text += chunk;
  return text;
}

/** The `history=` part of a fake reply: the prompts the CLI sent. */
export function historyOf(text: string): string[] {
  const match = /history=(.*)$/s.exec(text);
  return match === null ? [] : match[1].split(" | ");
}

/** Runs `body` with sessions that are stopped and a fixture that is removed afterwards. */
export async function withSessions(
  body: (make: (options?: SessionOptions) => Session, fx: Fixture) => Promise<void>,
  extra: SessionOptions = {},
): Promise<void> {
  const fx = await fixture(extra);
  const sessions: Session[] = [];
  const make = (options: SessionOptions = {}) => {
    const session = new Session({ ...fx.options, ...options });
    sessions.push(session);
    return session;
  };
  try {
    await body(make, fx);
  } finally {
    await Promise.all(sessions.map((session) => session.stop()));
    await fx.cleanup();
  }
}

/** Whether a process with this pid exists (signal 0 probes without sending anything). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `condition` every 20 ms until it holds, or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Waits until a user entry with exactly `text` is in the file of session `sessionId` under `configDir`. The real CLI writes its
 * session file with a delay (a turn's prompt is not on disk yet when its reply starts streaming), so a test that
 * kills it mid-turn and expects the prompt to survive waits for this first; the fake writes at once.
 */
export async function promptOnDisk(
  configDir: string,
  sessionId: string,
  text: string,
  timeoutMs = 20_000,
): Promise<void> {
  const projects = join(configDir, "projects");
  const has = async () => {
    for (const project of await readdir(projects).catch(() => [] as string[])) {
      for (const file of await readdir(join(projects, project)).catch(() => [] as string[])) {
        if (file !== `${sessionId}.jsonl`) continue;
        const body = await readFile(join(projects, project, file), "utf8").catch(() => "");
        for (const line of body.split("\n")) {
          if (!line.includes(JSON.stringify(text).slice(1, -1))) continue;
          try {
            const entry = JSON.parse(line);
            const content = entry.message?.content;
            const texts = typeof content === "string"
              ? [content]
              : Array.isArray(content)
              ? content.map((b: { text?: string }) => b.text)
              : [];
            if (entry.type === "user" && texts.includes(text)) return true;
          } catch {
            // the last line may be incomplete
          }
        }
      }
    }
    return false;
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await has())) {
    if (Date.now() > deadline) {
      throw new Error(`the prompt ${JSON.stringify(text)} never reached the file of session ${sessionId}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads a turn until its first message, then hands the reader back. */
export async function started(stream: ReadableStream<Message>): Promise<ReadableStreamDefaultReader<Message>> {
  const reader = stream.getReader();
  const first = await reader.read();
  assert.equal(first.done, false);
  return reader;
}

/** Reads the rest of a turn, and returns its messages. */
export async function drain(reader: ReadableStreamDefaultReader<Message>): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return messages;
    messages.push(value);
  }
}
