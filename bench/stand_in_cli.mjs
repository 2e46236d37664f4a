#!/usr/bin/env node
// A stand-in `claude` for the benchmark: speaks the stream-json protocol of protocol/README.md and writes
// STAND_IN_MESSAGES assistant lines per turn (default 1) as fast as it can. Its reply text is
// `turns=N last=<prompt> history=<p1> | <p2>`, like the recorded stand-in API. Conversations are kept in
// $CLAUDE_CONFIG_DIR/stand-in/<id>.json so `--resume=<id>` works; the prompt CRASH exits 3 mid-turn.
// Round-trip mode (bench/control.ts): with STAND_IN_HOOK_CALLS=N and/or STAND_IN_TOOL_CALLS=N, each turn first sends
// N `hook_callback` requests (cycling through the PreToolUse and UserPromptSubmit callback ids the `initialize`
// request registered) and then N `mcp_message` tools/call requests for the tool `echo` of the first `sdkMcpServers`
// entry, one after another, each awaiting its answer (an error answer exits 4); the result line then carries
// `stand_in_round_trips: { hook_calls, hook_ms, tool_calls, tool_ms }`, timed here.
// Stream events (bench/store.ts): STAND_IN_STREAM_EVENTS=K puts K `stream_event` text-delta lines before each
// assistant line, as `--include-partial-messages` does. `--session-mirror` (bench/store.ts) prints
// `transcript_mirror` frames as CLI 2.1.332 does (features/m15): after the turn's first assistant line a frame with
// its opening entries (queue-operation x2, the user entry), a frame with one assistant entry after each assistant line
// (the CLI mirrors one entry per assistant message and none per stream event), `[last-prompt]` before the result, and
// `[cost-state]` at exit; the entries are chained by `parentUuid` across turns, like a session file's.
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
const streamEvents = Number(process.env.STAND_IN_STREAM_EVENTS ?? 0);
const mirror = args.includes("--session-mirror") ? createMirror() : null;

/**
 * `--session-mirror`: the frames of a turn, made from templates (one serialisation per turn; an entry's uuid and
 * parentUuid are spliced in as text), with the file path the CLI would write, and the chain's leaf across turns.
 */
function createMirror() {
  const projects = join(process.env.CLAUDE_CONFIG_DIR ?? "/tmp/stand-in-config", "projects");
  const filePath = join(projects, process.cwd().replace(/[^a-zA-Z0-9]/g, "-"), `${sessionId}.jsonl`);
  const frame = (entries) => out({ type: "transcript_mirror", filePath, entries });
  const common = {
    userType: "external",
    entrypoint: "sdk-cli",
    cwd: process.cwd(),
    sessionId,
    version: "2.1.332",
    gitBranch: "HEAD",
  };
  let leaf = null;
  return {
    /** The opening frame of a turn: the prompt's queue operations and its user entry (`uuid`). */
    opening(prompt, uuid, timestamp) {
      const user = {
        parentUuid: leaf,
        isSidechain: false,
        promptId: randomUUID(),
        type: "user",
        message: { role: "user", content: prompt },
        uuid,
        timestamp,
        permissionMode: "default",
        promptSource: "sdk",
        ...common,
      };
      leaf = uuid;
      return frame([
        { type: "queue-operation", operation: "enqueue", timestamp, sessionId, content: prompt },
        { type: "queue-operation", operation: "dequeue", timestamp, sessionId },
        user,
      ]);
    },
    /** A function of (uuid) giving the frame of one assistant entry with `message`, parented on the chain's leaf. */
    assistant(message, timestamp) {
      const [head, middle, tail] = frame([{
        parentUuid: "@PARENT@",
        isSidechain: false,
        message: { ...message, stop_reason: "end_turn" },
        requestId: `req_${message.id}`,
        type: "assistant",
        uuid: "@UUID@",
        timestamp,
        ...common,
      }]).split(/"@PARENT@"|@UUID@/);
      return (uuid) => {
        const text = `${head}${leaf === null ? "null" : `"${leaf}"`}${middle}${uuid}${tail}`;
        leaf = uuid;
        return text;
      };
    },
    /** The end-of-turn frame, before the result. */
    closing: (prompt) => frame([{ type: "last-prompt", lastPrompt: prompt, leafUuid: leaf, sessionId }]),
    /** What the CLI mirrors as it exits. */
    exit: () => frame([{ type: "cost-state", sessionId, totalCostUSD: 0, totalAPIDuration: 0, totalDuration: 0 }]),
  };
}
function turn(prompt, extra = {}) {
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
  const message = {
    id,
    type: "message",
    role: "assistant",
    model: "stand-in",
    content: [{ type: "text", text }],
    stop_reason: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  };
  // One serialisation per turn; the lines differ only in their uuid, spliced in as text (as fast as it can).
  const [head, tail] = out({
    type: "assistant",
    message,
    parent_tool_use_id: null,
    session_id: sessionId,
    uuid: "@UUID@",
  })
    .split("@UUID@");
  const [eventHead, eventTail] = out({
    type: "stream_event",
    event: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "the quick brown fox " } },
    session_id: sessionId,
    parent_tool_use_id: null,
    uuid: "@UUID@",
  }).split("@UUID@");
  // mirrored, the turn's entries get UUIDs (the turn's prefix and the entry's number), as a store keys them by uuid
  const prefix = mirror === null ? null : randomUUID().slice(0, 24);
  const timestamp = new Date().toISOString();
  const assistantFrame = mirror?.assistant(message, timestamp);
  for (let i = 0; i < perTurn; i++) {
    const uuid = prefix === null ? `u${counter}-${i}` : prefix + (i + 1).toString(16).padStart(12, "0");
    for (let e = 0; e < streamEvents; e++) chunk += `${eventHead}${uuid}-e${e}${eventTail}`;
    chunk += `${head}${uuid}${tail}`;
    if (mirror !== null) {
      if (i === 0) chunk += mirror.opening(prompt, prefix + "000000000000", timestamp);
      chunk += assistantFrame(uuid);
    }
    if (chunk.length > 1048576) {
      process.stdout.write(chunk);
      chunk = "";
    }
  }
  if (mirror !== null) chunk += mirror.closing(prompt);
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
    ...extra,
  });
  process.stdout.write(chunk);
}

const hookCalls = Number(process.env.STAND_IN_HOOK_CALLS ?? 0);
const toolCalls = Number(process.env.STAND_IN_TOOL_CALLS ?? 0);
const hookIds = []; // [callback id, event] from the initialize request
let sdkServer;
const pending = new Map(); // our request id -> resolve
let requests = 0;
let queue = Promise.resolve();
const ask = (request) =>
  new Promise((resolve) => {
    const id = `rt_${++requests}`;
    pending.set(id, resolve);
    process.stdout.write(out({ type: "control_request", request_id: id, request }));
  });
const hookInput = (event, i) => ({
  session_id: sessionId,
  transcript_path: join(dir, `${sessionId}.jsonl`),
  cwd: process.cwd(),
  permission_mode: "default",
  hook_event_name: event,
  ...(event === "PreToolUse"
    ? { tool_name: "Bash", tool_input: { command: `echo ${i}` }, tool_use_id: `toolu_${i}` }
    : { prompt: `prompt ${i}` }),
});
async function roundTrips() {
  let start = performance.now();
  for (let i = 0; i < hookCalls && hookIds.length > 0; i++) {
    const [callback_id, event] = hookIds[i % hookIds.length];
    await ask({ subtype: "hook_callback", callback_id, input: hookInput(event, i), tool_use_id: `toolu_${i}` });
  }
  const hookMs = performance.now() - start;
  start = performance.now();
  for (let i = 0; i < toolCalls && sdkServer !== undefined; i++) {
    const params = { name: "echo", arguments: { text: `call ${i}` }, _meta: { "claudecode/toolUseId": `toolu_${i}` } };
    const message = { method: "tools/call", params, jsonrpc: "2.0", id: i + 2 };
    const answer = await ask({ subtype: "mcp_message", server_name: sdkServer, message });
    if (answer.mcp_response?.result?.isError) throw new Error(`tool call failed: ${JSON.stringify(answer)}`);
  }
  const toolMs = performance.now() - start;
  return { stand_in_round_trips: { hook_calls: hookCalls, hook_ms: hookMs, tool_calls: toolCalls, tool_ms: toolMs } };
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
    if (message.type === "control_response" && pending.has(message.response.request_id)) {
      const { request_id, subtype, response, error } = message.response;
      if (subtype !== "success") {
        process.stderr.write(`stand-in: error answer to ${request_id}: ${error}\n`);
        process.exit(4);
      }
      pending.get(request_id)(response);
      pending.delete(request_id);
    } else if (message.type === "control_request") {
      if (message.request.subtype === "initialize") {
        for (const [event, matchers] of Object.entries(message.request.hooks ?? {})) {
          if (event !== "PreToolUse" && event !== "UserPromptSubmit") continue;
          for (const matcher of matchers) for (const id of matcher.hookCallbackIds) hookIds.push([id, event]);
        }
        sdkServer = message.request.sdkMcpServers?.[0];
      }
      const response = message.request.subtype === "initialize" ? { commands: [], models: [], pid: process.pid } : {};
      process.stdout.write(
        out({ type: "control_response", response: { subtype: "success", request_id: message.request_id, response } }),
      );
    } else if (message.type === "user") {
      const content = message.message.content;
      const prompt = typeof content === "string" ? content : content.map((b) => b.text ?? "").join("");
      if (hookCalls + toolCalls === 0) turn(prompt);
      else {
        queue = queue.then(roundTrips).then((extra) => turn(prompt, extra)).catch((error) => {
          process.stderr.write(`stand-in: ${error.stack}\n`);
          process.exit(4);
        });
      }
    }
  }
});
process.stdin.on("end", () => process.stdout.write(mirror?.exit() ?? "", () => process.exit(0)));
