// deno add jsr:@claude-stream/sdk
import { Session, textContent } from "@claude-stream/sdk";

// One conversation, one long-lived `claude` process; `await using` stops it when the script ends.
await using session = new Session({ systemPrompt: "You are a concise assistant" });
const encoder = new TextEncoder();
for (const prompt of ["My name is Alice", "What is my name?"]) {
  console.log(`> ${prompt}`);
  for await (const chunk of session.stream(prompt).pipeThrough(textContent())) {
    await Deno.stdout.write(encoder.encode(chunk));
  }
  console.log();
}
console.log(`session ${session.sessionId}`);
