// npm install claude-stream
import { collectTurn, Session, textContent } from "claude-stream";

const session = new Session({ timeout: 120_000 });
try {
  for await (const chunk of session.stream("Remember: the secret code is 12345").pipeThrough(textContent())) {
    process.stdout.write(chunk);
  }
  console.log();
  const turn = await collectTurn(session.stream("What is the secret code?"));
  console.log(`${turn.text} (this turn cost $${turn.costUsd.toFixed(6)})`);
  // The conversation as saved by the CLI, read back with the session's own config dir.
  for (const message of await session.conversation()) console.log(`${message.type}: ${message.text}`);
} finally {
  await session.stop();
}
