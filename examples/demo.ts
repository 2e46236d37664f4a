/**
 * The demo (`npm run demo`): a multi-turn conversation streamed to the terminal, then resume, fork, clear and
 * the saved history. It runs against the bundled fake CLI in a temporary config dir by default, so it needs no
 * account and no network; `npm run demo -- --real` drives your real `claude` instead (it spends tokens and
 * writes to your `~/.claude`).
 *
 * The fake's replies show the context it was sent (`turns=N last=<prompt> history=<p1> | <p2> ...`), which makes
 * what survives a resume, a fork or a clear visible.
 * @module
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ClaudeCodeError, history, isClaudeCodeError, Session, type SessionOptions, textDeltas } from "../mod.ts";
import { fakeCli } from "../testing.ts";

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Drive the real `claude` instead of the fake. */
  real?: boolean;
  /** Where the text goes; the terminal by default. */
  write?: (text: string) => void;
  /** Milliseconds between the fake's deltas on SLOW prompts (default 40). */
  slowMs?: number;
}

/**
 * Runs the demo: a streamed multi-turn conversation, then resume, fork, clear and the saved history.
 *
 * @example
 * ```ts
 * import { runDemo } from "./demo.ts";
 * await runDemo({ write: (text) => console.log(text) });
 * ```
 */
export async function runDemo(options: DemoOptions = {}): Promise<void> {
  const real = options.real ?? false;
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const bold = (text: string) => (options.write === undefined && process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
  const heading = (text: string) => write(`\n${bold(`== ${text}`)}\n`);
  /** Streams one turn, delta by delta, as it arrives. */
  const turn = async (session: Session, prompt: string) => {
    write(`${bold("you")}    ${prompt}\n${bold("claude")} `);
    for await (const delta of session.stream(prompt).pipeThrough(textDeltas()) as unknown as AsyncIterable<string>) {
      write(delta);
    }
    write("\n");
  };

  const configDir = real ? undefined : await mkdtemp(join(tmpdir(), "claude-stream-demo-"));
  const base: SessionOptions = real ? { includePartialMessages: true, model: "haiku" } : {
    includePartialMessages: true,
    cliPath: fakeCli.path,
    configDir,
    env: { CLAUDE_STREAM_FAKE_SLOW_MS: String(options.slowMs ?? 40) },
  };
  write(real ? "Using your real `claude` CLI.\n" : `Using the fake CLI (${fakeCli.path}), config in ${configDir}.\n`);
  try {
    let saved: string;
    {
      await using session = new Session(base);
      // Started before the first heading, so a CLI that is not installed is reported before the show begins.
      await session.start();
      heading("A multi-turn conversation: one CLI process, stdin kept open between turns");
      await turn(session, "My name is Alice");
      await turn(session, "I'm learning TypeScript");
      await turn(session, "What's my name and what am I learning? (be SLOW about it)");
      saved = session.sessionId!;
      write(`session id ${saved}, CLI pid ${session.pid}\n`);
    }

    heading("Resume: a new Session continues the saved conversation");
    {
      await using resumed = new Session({ ...base, resume: saved });
      await turn(resumed, "Remind me, what was my name?");
      write(`same id: ${resumed.sessionId === saved}\n`);
    }

    heading("Fork: a branch gets its own id after its first turn; the original is untouched");
    {
      await using fork = new Session({ ...base, resume: saved, forkSession: true });
      await turn(fork, "Let's say I'm learning Rust instead");
      write(`fork id ${fork.sessionId} (original ${saved})\n`);
    }

    heading("Clear: the same Session starts a fresh conversation");
    {
      await using session = new Session({ ...base, resume: saved });
      await turn(session, "Still Alice?");
      await session.clear();
      await turn(session, "Do you know my name now?");
      write(`new id after clear: ${session.sessionId}\n`);
    }

    heading("History: the saved conversation, read from disk");
    for (const message of await history.conversation(saved, { configDir })) {
      write(`${message.type.padEnd(9)} ${message.text.replace(/\s+/g, " ").slice(0, 100)}\n`);
    }
  } finally {
    if (configDir !== undefined) await rm(configDir, { recursive: true, force: true });
  }
}

/**
 * What the terminal shows when the demo cannot go on: for a CLI that is not installed, where it was looked for and
 * how to install it (from the `CLI_NOT_FOUND` details); else the error's message. A stack would say nothing more.
 */
function explain(error: ClaudeCodeError): string {
  if (!isClaudeCodeError(error, "CLI_NOT_FOUND") || error.details.tried === undefined) {
    return `The demo stopped: ${error.message} (${error.code})\n`;
  }
  const tried = error.details.tried;
  const install = error.details.install ?? ["npm install -g @anthropic-ai/claude-code"];
  const problem = error.details.problem === undefined ? "" : `${error.details.problem}.`;
  return [
    "The demo's --real mode needs the Claude Code CLI (`claude`), and claude-stream found none.",
    "Looked at:",
    ...tried.map((place) => `  ${place}`),
    problem,
    "Install it with one of:",
    `  ${install[0]}`,
    ...install.slice(1).map((command) => `  ${command}   (in this project)`),
    "or set CLAUDE_STREAM_CLI_PATH to the path of your claude. Without --real the demo runs on the bundled fake CLI.",
  ].filter((line) => line !== "").join("\n") + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await runDemo({ real: process.argv.includes("--real") });
  } catch (error) {
    if (!isClaudeCodeError(error)) throw error;
    process.stderr.write(explain(error));
    process.exitCode = 1;
  }
}
