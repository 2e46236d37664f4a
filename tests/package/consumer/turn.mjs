// Runs one turn with the installed package against its fake CLI, with the kit's own temp config dir; prints the
// reply, where the fake lives, the config dir, and the conversation the session reads back from it.
import { Session, textContent } from "claude-stream";
import { fakeCli } from "claude-stream/testing";

const options = fakeCli.sessionOptions();
const session = new Session({ ...options, cwd: process.cwd() });
let reply = "";
for await (const text of session.stream("hello from the package").pipeThrough(textContent())) reply += text;
const conversation = (await session.conversation()).map((message) => message.text);
await session.stop();
console.log(JSON.stringify({ reply, fake: fakeCli.path, configDir: options.configDir, conversation }));
