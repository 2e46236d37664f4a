/**
 * The chat page: plain HTML and JS, no build step. It shows the saved conversation (`GET /history`), sends each
 * message with an `EventSource` on `GET /chat` and appends the reply's text deltas as they arrive.
 * @module
 */

/**
 * The whole page, served as `text/html`.
 *
 * @example
 * ```ts
 * import { CHAT_PAGE } from "./chat/page.ts";
 * const response = new Response(CHAT_PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
 * ```
 */
export const CHAT_PAGE: string = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>claude-stream chat</title>
<link rel="icon" href="data:,">
<style>
  body { font: 16px/1.45 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  #log { display: flex; flex-direction: column; gap: .5rem; margin-bottom: 1rem; }
  .line { padding: .5rem .75rem; border-radius: .5rem; white-space: pre-wrap; }
  .user { background: #e8f0fe; align-self: flex-end; }
  .assistant { background: #f1f3f4; }
  .assistant[data-state="error"] { background: #fce8e6; }
  form { display: flex; gap: .5rem; }
  #prompt { flex: 1; padding: .5rem; font: inherit; }
</style>
</head>
<body>
<h1>claude-stream chat</h1>
<div id="log" aria-live="polite"></div>
<form id="form">
  <input id="prompt" autocomplete="off" placeholder="Say something" aria-label="Message">
  <button id="send">Send</button>
</form>
<script type="module">
const log = document.getElementById("log");
const form = document.getElementById("form");
const input = document.getElementById("prompt");
const send = document.getElementById("send");

function addLine(role, text) {
  const line = document.createElement("div");
  line.className = "line " + role;
  line.textContent = text;
  log.append(line);
  return line;
}

function appendText(line, text) {
  // Blocks of one reply are shown one per line, as /history joins them.
  line.textContent += (line.textContent === "" ? "" : "\\n") + text;
}

function ask(prompt) {
  addLine("user", prompt);
  const reply = addLine("assistant", "");
  reply.dataset.state = "streaming";
  send.disabled = true;
  const source = new EventSource("/chat?format=sse&prompt=" + encodeURIComponent(prompt));
  let live = false;
  const finish = (state) => {
    // Without close() EventSource reconnects after the turn, which would send the prompt again.
    source.close();
    reply.dataset.state = state;
    send.disabled = false;
    input.focus();
  };
  source.addEventListener("stream_event", (message) => {
    const event = JSON.parse(message.data).event;
    if (event.type === "content_block_start" && event.content_block?.type === "text" && reply.textContent !== "") reply.textContent += "\\n";
    if (event.type !== "content_block_delta" || event.delta?.type !== "text_delta") return;
    live = true;
    reply.textContent += event.delta.text;
  });
  source.addEventListener("assistant", (message) => {
    if (live) return; // the deltas already showed this text
    for (const block of JSON.parse(message.data).message?.content ?? []) if (block.type === "text") appendText(reply, block.text);
  });
  source.addEventListener("result", (message) => finish(JSON.parse(message.data).is_error ? "error" : "done"));
  source.addEventListener("error", (message) => {
    // Both the server's "error" event (with data) and a dropped connection (without) end the turn.
    if (message.data) appendText(reply, "[" + JSON.parse(message.data).message + "]");
    finish("error");
  });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const prompt = input.value.trim();
  if (prompt === "" || send.disabled) return;
  input.value = "";
  ask(prompt);
});

const lines = await (await fetch("/history")).json();
for (const line of lines) addLine(line.role, line.text);
document.body.dataset.ready = "true";
input.focus();
</script>
</body>
</html>
`;
