// bun add claude-stream
import { Session, turnResponse } from "claude-stream";

// One conversation for the whole server, started at the first request; requests are its turns, in order.
const session = new Session({ systemPrompt: "You are a concise assistant" });

const server = Bun.serve({
  port: Number(process.env.PORT ?? 3000),
  // Bun closes a connection that is silent for 10 s by default; a reply can think for longer.
  idleTimeout: 0,
  fetch(request) {
    const prompt = new URL(request.url).searchParams.get("q") ?? "Hello";
    // Server-sent events with their content type; a client that goes away interrupts the turn.
    return turnResponse(session.stream(prompt), { format: "sse" });
  },
});
console.log(`listening on ${server.url} (try: curl -N '${server.url}?q=My+name+is+Alice')`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await server.stop();
    await session.stop(); // the CLI ends with the server
    process.exit(0);
  });
}
