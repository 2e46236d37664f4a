// Runs one turn with the installed package against its fake CLI; prints the reply and where the fake lives.
import { Session, textContent } from "claude-stream";
import { fakeCli } from "claude-stream/testing";

const session = new Session({ cliPath: fakeCli.path, configDir: process.argv[2], cwd: process.cwd() });
let reply = "";
for await (const text of session.stream("hello from the package").pipeThrough(textContent())) reply += text;
await session.stop();
console.log(JSON.stringify({ reply, fake: fakeCli.path }));
