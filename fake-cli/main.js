// @ts-check
/**
 * The fake CLI as a real process: wires `process` argv, env, cwd and pipes to `runFake`, then exits the way the
 * fake ended (an exit code, or the signal a crash scenario asked for).
 * Runs as `node fake-cli/main.js`, `deno run -A fake-cli/main.js` and `bun fake-cli/main.js`.
 * @module
 */
import process from "node:process";
import { runFake } from "./core.js";

/**
 * Writes to a Node stream, waiting for the chunk to be handed to the OS (backpressure for long lines).
 * @param {NodeJS.WritableStream} stream
 * @param {string} text
 * @returns {Promise<void>}
 */
function write(stream, text) {
  return new Promise((resolve) => {
    if (!stream.write(text)) stream.once("drain", () => resolve());
    else resolve();
  });
}

/** Ignoring SIGTERM and SIGINT needs a listener; without one the runtime's default (die by signal) applies. */
const ignore = () => {};

const run = runFake({
  argv: process.argv.slice(2),
  env: { ...process.env },
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: (text) => write(process.stdout, text),
  stderr: (text) => write(process.stderr, text),
  pid: process.pid,
  ignoreSigterm(value) {
    for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT"])) {
      if (value) process.on(signal, ignore);
      else process.off(signal, ignore);
    }
  },
});

const status = await run.exited;
process.stdin.pause();
if (status.signal) process.kill(process.pid, /** @type {NodeJS.Signals} */ (status.signal));
else process.exit(status.code ?? 0);
