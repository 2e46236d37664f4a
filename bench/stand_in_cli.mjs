#!/usr/bin/env node
// A stand-in `claude` for the benchmark: speaks the stream-json protocol of protocol/README.md and writes
// STAND_IN_MESSAGES assistant lines per turn (default 1) as fast as it can. Its reply text is
// `turns=N last=<prompt> history=<p1> | <p2>`, like the recorded stand-in API. Conversations are kept in
// $CLAUDE_CONFIG_DIR/stand-in/<id>.json so `--resume=<id>` works; the prompt CRASH exits 3 mid-turn.
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const perTurn = Number(process.env.STAND_IN_MESSAGES ?? 1);
const dir = join(process.env.CLAUDE_CONFIG_DIR ?? "/tmp/stand-in-config", "stand-in");
const resume = flag("resume");
const sessionId = resume && !args.includes("--fork-session") ? resume : flag("session-id") ?? randomUUID();
let history = [];
if (resume) {
  try {
    history = JSON.parse(readFileSync(join(dir, `${resume}.json`), "utf8"));
  } catch {
    process.stdout.write(
      JSON.stringify({
        type: "result",
        subtype: "error_during_execution",
        is_error: true,
        session_id: resume,
        errors: [],
      }) + "\n",
    );
    process.stderr.write(`No conversation found with session ID: ${resume}\n`);
    process.exit(1);
  }
}
const save = () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${sessionId}.json`), JSON.stringify(history));
};

const out = (value) => JSON.stringify(value) + "\n";
let counter = 0;
function turn(prompt) {
  history.push(prompt);
  save();
  if (prompt === "CRASH") {
    process.stdout.write(
      out({
        type: "system",
        subtype: "init",
        session_id: sessionId,
        cwd: process.cwd(),
        model: "stand-in",
        tools: [],
        permissionMode: "default",
        uuid: randomUUID(),
      }),
    );
    process.stderr.write("stand-in: crashing on purpose\n");
    process.exit(3);
  }
  const text = `turns=${history.length} last=${prompt} history=${history.join(" | ")}`;
  let chunk = out({
    type: "system",
    subtype: "init",
    session_id: sessionId,
    cwd: process.cwd(),
    model: "stand-in",
    tools: [],
    permissionMode: "default",
    uuid: randomUUID(),
  });
  const id = `msg_${++counter}`;
  // One serialisation per turn; the lines differ only in their uuid, spliced in as text (as fast as it can).
  const [head, tail] = out({
    type: "assistant",
    message: {
      id,
      type: "message",
      role: "assistant",
      model: "stand-in",
      content: [{ type: "text", text }],
      stop_reason: null,
      usage: { input_tokens: 1, output_tokens: 1 },
    },
    parent_tool_use_id: null,
    session_id: sessionId,
    uuid: "@UUID@",
  }).split("@UUID@");
  for (let i = 0; i < perTurn; i++) {
    chunk += `${head}u${counter}-${i}${tail}`;
    if (chunk.length > 1048576) {
      process.stdout.write(chunk);
      chunk = "";
    }
  }
  chunk += out({
    type: "result",
    subtype: "success",
    is_error: false,
    num_turns: 1,
    result: text,
    session_id: sessionId,
    duration_ms: 0,
    total_cost_usd: 0,
    usage: { input_tokens: 1, output_tokens: 1 },
  });
  process.stdout.write(chunk);
}

let buffer = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (data) => {
  buffer += data;
  let newline;
  while ((newline = buffer.indexOf("\n")) !== -1) {
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    if (line.trim() === "") continue;
    const message = JSON.parse(line);
    if (message.type === "control_request") {
      const response = message.request.subtype === "initialize" ? { commands: [], models: [], pid: process.pid } : {};
      process.stdout.write(
        out({ type: "control_response", response: { subtype: "success", request_id: message.request_id, response } }),
      );
    } else if (message.type === "user") {
      const content = message.message.content;
      turn(typeof content === "string" ? content : content.map((b) => b.text ?? "").join(""));
    }
  }
});
process.stdin.on("end", () => process.stdout.write("", () => process.exit(0)));
