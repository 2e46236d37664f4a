// Model-based property test: random command sequences over a few sessions (stream, clear, stop and resume in a new
// Session, fork, crash mid-turn, interrupt, abort) against a model of each conversation. After every turn the fake's
// reply (`history=<p1> | <p2> ...`) must show exactly the prompts the model says the conversation holds.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Session, type SessionOptions } from "../../src/session/mod.ts";
import { isClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { fixture, historyOf, IS_REAL_CLI, promptOnDisk, reply } from "./_fixture.ts";

const SLOTS = 2;
const INTERRUPTED = "[Request interrupted by user]";

interface Model {
  /** The prompts each slot's conversation holds. */
  histories: string[][];
  /** A fork not yet started: it copies this conversation as it is at its first turn (forks are lazy). */
  forkOf: (string[] | null)[];
  /** Whether each slot's conversation has an id yet (a turn has started since it was opened fresh or forked). */
  named: boolean[];
  next: number;
}

interface Real {
  options: SessionOptions;
  sessions: Session[];
  /** The latest conversation id of each slot (kept across stop and resume). */
  ids: (string | null)[];
}

/** The prompt of a turn on `slot`; a pending fork becomes a copy of its origin now, when its CLI starts. */
function begin(model: Model, slot: number, slow = false): string {
  const origin = model.forkOf[slot];
  if (origin !== null) model.histories[slot] = [...origin];
  model.forkOf[slot] = null;
  return `p${model.next++}${slow ? " SLOW" : ""}`;
}

function note(real: Real, slot: number) {
  real.ids[slot] = real.sessions[slot].sessionId ?? real.ids[slot];
}

/** Starts a slow turn and reads until the CLI is streaming it (its prompt is then in the conversation). */
async function streaming(stream: ReadableStream<Message>) {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    assert.equal(done, false, "the slow turn ended before streaming");
    if (value!.type === "stream_event") return reader;
  }
}

async function rest(reader: ReadableStreamDefaultReader<Message>): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return messages;
    messages.push(value);
  }
}

class StreamCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const text = begin(model, this.slot);
    model.histories[this.slot].push(text);
    const answer = await reply(real.sessions[this.slot], text);
    assert.deepEqual(historyOf(answer), model.histories[this.slot]);
    model.named[this.slot] = true;
    note(real, this.slot);
  }
  toString = () => `stream(${this.slot})`;
}

class ClearCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    await real.sessions[this.slot].clear();
    model.histories[this.slot] = [];
    model.forkOf[this.slot] = null;
    model.named[this.slot] = false;
    real.ids[this.slot] = null;
  }
  toString = () => `clear(${this.slot})`;
}

class StopResumeCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number) {}
  check = (model: Readonly<Model>) => model.named[this.slot];
  async run(_model: Model, real: Real) {
    await real.sessions[this.slot].stop();
    real.sessions[this.slot] = new Session({ ...real.options, resume: real.ids[this.slot]! });
  }
  toString = () => `stopAndResume(${this.slot})`;
}

class ForkCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly from: number, readonly to: number) {}
  check = (model: Readonly<Model>) => model.named[this.from];
  async run(model: Model, real: Real) {
    const id = real.ids[this.from]!;
    await real.sessions[this.to].stop();
    real.sessions[this.to] = new Session({ ...real.options, resume: id, forkSession: true });
    model.forkOf[this.to] = model.histories[this.from];
    model.named[this.to] = false;
    real.ids[this.to] = id;
  }
  toString = () => `fork(${this.from} -> ${this.to})`;
}

class CrashCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const session = real.sessions[this.slot];
    const text = begin(model, this.slot, true);
    const reader = await streaming(session.stream(text));
    // The real CLI writes its session file with a delay: without this wait the killed turn's prompt may be lost.
    if (IS_REAL_CLI) await promptOnDisk(real.options.configDir!, session.sessionId!, text);
    process.kill(session.pid!, "SIGKILL");
    await assert.rejects(
      rest(reader),
      (error) => isClaudeCodeError(error, "PROCESS_EXIT") && error.details.signal === "SIGKILL",
    );
    model.histories[this.slot].push(text);
    model.named[this.slot] = true;
    note(real, this.slot);
  }
  toString = () => `crashMidTurn(${this.slot})`;
}

class InterruptCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const session = real.sessions[this.slot];
    const text = begin(model, this.slot, true);
    const reader = await streaming(session.stream(text));
    const ended = rest(reader);
    await session.interrupt();
    const result = (await ended).at(-1) as { type: string; is_error?: boolean };
    assert.equal(result.type, "result");
    assert.equal(result.is_error, true);
    model.histories[this.slot].push(text, INTERRUPTED);
    model.named[this.slot] = true;
    note(real, this.slot);
  }
  toString = () => `interrupt(${this.slot})`;
}

class AbortCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const session = real.sessions[this.slot];
    const text = begin(model, this.slot, true);
    const controller = new AbortController();
    const reader = await streaming(session.stream(text, { signal: controller.signal }));
    controller.abort();
    await assert.rejects(rest(reader), (error) => isClaudeCodeError(error, "ABORTED"));
    model.histories[this.slot].push(text, INTERRUPTED);
    model.named[this.slot] = true;
    note(real, this.slot);
  }
  toString = () => `abort(${this.slot})`;
}

const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const commands = fc.commands([
  slot.map((s) => new StreamCommand(s)),
  slot.map((s) => new StreamCommand(s)),
  slot.map((s) => new ClearCommand(s)),
  slot.map((s) => new StopResumeCommand(s)),
  fc.tuple(slot, slot).map(([from, to]) => new ForkCommand(from, to)),
  slot.map((s) => new CrashCommand(s)),
  slot.map((s) => new InterruptCommand(s)),
  slot.map((s) => new AbortCommand(s)),
], { maxCommands: 10 });

test("model: sessions keep exactly the model's context through stream, clear, resume, fork, crash, interrupt and abort", async () => {
  const fx = await fixture({ includePartialMessages: true });
  try {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const real: Real = { options: fx.options, sessions: [], ids: Array(SLOTS).fill(null) };
        real.sessions = Array.from({ length: SLOTS }, () => new Session(fx.options));
        const model: Model = {
          histories: Array.from({ length: SLOTS }, () => []),
          forkOf: Array(SLOTS).fill(null),
          named: Array(SLOTS).fill(false),
          next: 0,
        };
        try {
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          // Finally every conversation answers with exactly its model.
          for (let i = 0; i < SLOTS; i++) await new StreamCommand(i).run(model, real);
        } finally {
          await Promise.all(real.sessions.map((session) => session.stop()));
        }
      }),
      // Fewer runs against the real CLI: every command there starts or talks to the native binary.
      { numRuns: IS_REAL_CLI ? 5 : 12, endOnFailure: true },
    );
  } finally {
    await fx.cleanup();
  }
});
