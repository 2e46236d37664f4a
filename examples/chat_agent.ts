/**
 * The Sessions guide's "wrap in your own GenServer" example, in TypeScript: an object that owns a Session,
 * answers `chat()` calls one at a time with the whole reply text, and stops the session with itself.
 *
 * Run it: `node --import tsx examples/chat_agent.ts` (uses the fake CLI unless `--real` is given).
 * @module
 */
import { Session, type SessionOptions, textContent } from "../mod.ts";

/**
 * A chat agent over one session. Calls are queued by the session, so concurrent `chat()` calls are answered in order.
 *
 * @example
 * ```ts
 * import { ChatAgent } from "./chat_agent.ts";
 * await using agent = new ChatAgent({ model: "sonnet" });
 * console.log(await agent.chat("My name is Alice"));
 * console.log(await agent.chat("What is my name?"));
 * ```
 */
export class ChatAgent {
  readonly #session: Session;

  constructor(options: SessionOptions = {}) {
    this.#session = new Session(options);
  }

  /** Sends a message and resolves with the whole reply (60 s at most, as in the guide). */
  async chat(message: string): Promise<string> {
    let reply = "";
    const stream = this.#session.stream(message, { timeout: 60_000 }).pipeThrough(textContent());
    for await (const text of stream as unknown as AsyncIterable<string>) reply += text;
    return reply;
  }

  /** Stops the session and its CLI. */
  stop(): Promise<void> {
    return this.#session.stop();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}

async function main(): Promise<void> {
  const real = globalThis.process?.argv.includes("--real");
  const options: SessionOptions = real ? {} : { cliPath: new URL("../fake-cli/claude", import.meta.url).pathname };
  const agent = new ChatAgent(options);
  try {
    console.log(await agent.chat("My name is Alice"));
    console.log(await agent.chat("What is my name?"));
  } finally {
    await agent.stop();
  }
}

if (import.meta.url === `file://${globalThis.process?.argv[1]}`) await main();
