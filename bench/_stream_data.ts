/**
 * A realistic CLI stdout for the decode benchmark: turns with partial-message deltas, assistant blocks (text,
 * thinking, tool_use), tool results from 1 KiB to 50 KiB and, every 24th turn, one of 1 to 2 MiB; text and code
 * with some non-ASCII words. Deterministic, so every runtime decodes the same bytes.
 * @module
 */

const SESSION = "161c0814-f311-4a3e-9b25-b93dd960c11a";
const ASCII_WORDS = [
  "the",
  "stream",
  "decoder",
  "reads",
  "bytes",
  "line",
  '"quoted"',
  "back\\slash",
  "tab\t",
  "new\nline",
  "JSON",
  "function",
  "const",
  "return",
  "{ x: 1 }",
  "src/index.ts:42",
];
const NON_ASCII_WORDS = ["é", "naïve", "😀", "résumé", "中文", "Größe", "→", "日本語"];

/** A small deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of non-ASCII words in the generated text. */
let nonAsciiShare = 0.02;

function text(next: () => number, words: number): string {
  let out = "";
  for (let i = 0; i < words; i++) {
    const list = next() < nonAsciiShare ? NON_ASCII_WORDS : ASCII_WORDS;
    out += (i ? " " : "") + list[Math.floor(next() * list.length)];
  }
  return out;
}

let uuidCounter = 0;
const uuid = () => `00000000-0000-4000-8000-${(uuidCounter++).toString(16).padStart(12, "0")}`;

const usage = { input_tokens: 23, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 17 };
const event = (e: unknown) => ({
  type: "stream_event",
  event: e,
  session_id: SESSION,
  parent_tool_use_id: null,
  uuid: uuid(),
});
const assistant = (id: string, block: unknown) => ({
  type: "assistant",
  message: {
    id,
    type: "message",
    role: "assistant",
    model: "claude-opus-4-8",
    content: [block],
    stop_reason: null,
    stop_sequence: null,
    usage,
    context_management: null,
  },
  parent_tool_use_id: null,
  session_id: SESSION,
  uuid: uuid(),
  request_id: "req_fake_1",
});

/** The lines of one turn, as the CLI prints them with `--include-partial-messages`. */
function turn(next: () => number, index: number): unknown[] {
  const lines: unknown[] = [];
  lines.push({
    type: "system",
    subtype: "init",
    cwd: "/home/dev/work/proj",
    session_id: SESSION,
    tools: ["Bash", "Edit", "Read", "Write", "WebFetch"],
    mcp_servers: [],
    model: "claude-opus-4-8[1m]",
    permissionMode: "default",
    slash_commands: ["clear", "compact", "config", "review"],
    apiKeySource: "ANTHROPIC_API_KEY",
    claude_code_version: "2.1.197",
    output_style: "default",
    agents: ["general-purpose"],
    skills: [],
    plugins: [],
    uuid: uuid(),
  });
  lines.push({ type: "system", subtype: "status", status: "requesting", uuid: uuid(), session_id: SESSION });
  const id = `msg_${index}`;
  lines.push(
    event({
      type: "message_start",
      message: {
        id,
        type: "message",
        role: "assistant",
        model: "claude-opus-4-8",
        content: [],
        stop_reason: null,
        usage,
      },
    }),
  );
  // thinking, then text, both streamed as deltas and then sent whole
  for (
    const [kind, key, deltaType] of [["thinking", "thinking", "thinking_delta"], [
      "text",
      "text",
      "text_delta",
    ]] as const
  ) {
    const deltas: string[] = [];
    const count = 20 + Math.floor(next() * 60);
    for (let i = 0; i < count; i++) deltas.push(text(next, 3 + Math.floor(next() * 8)) + " ");
    lines.push(event({ type: "content_block_start", index: 0, content_block: { type: kind, [key]: "" } }));
    for (const delta of deltas) {
      lines.push(event({ type: "content_block_delta", index: 0, delta: { type: deltaType, [key]: delta } }));
    }
    lines.push(assistant(id, { type: kind, [key]: deltas.join("") }));
    lines.push(event({ type: "content_block_stop", index: 0 }));
  }
  const toolId = `toolu_${index}`;
  lines.push(
    assistant(id, {
      type: "tool_use",
      id: toolId,
      name: "Bash",
      input: { command: `cat file_${index}.txt`, description: text(next, 6) },
    }),
  );
  const resultBytes = index % 24 === 23
    ? (1 << 20) + Math.floor(next() * (1 << 20))
    : 1024 + Math.floor(next() * 50 * 1024);
  let output = "";
  while (output.length < resultBytes) output += text(next, 12) + "\n";
  lines.push({
    type: "user",
    message: {
      role: "user",
      content: [{ type: "tool_result", content: output, is_error: false, tool_use_id: toolId }],
    },
    parent_tool_use_id: null,
    session_id: SESSION,
    uuid: uuid(),
    timestamp: "2026-11-25T21:00:11.030Z",
    tool_use_result: { stdout: output.slice(0, 2000), stderr: "", interrupted: false },
  });
  lines.push(
    event({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 13 },
    }),
  );
  lines.push(event({ type: "message_stop" }));
  lines.push({
    type: "result",
    subtype: "success",
    is_error: false,
    api_error_status: null,
    duration_ms: 201,
    duration_api_ms: 57,
    num_turns: index + 1,
    result: text(next, 30),
    stop_reason: "end_turn",
    session_id: SESSION,
    total_cost_usd: 0.00054,
    usage,
    modelUsage: {
      "claude-opus-4-8[1m]": {
        inputTokens: 23,
        outputTokens: 17,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        webSearchRequests: 0,
        costUSD: 0.00054,
        contextWindow: 1000000,
      },
    },
    permission_denials: [],
    terminal_reason: "completed",
    fast_mode_state: "off",
    uuid: uuid(),
  });
  return lines;
}

/**
 * The stdout bytes of enough turns to reach `minBytes`, and how many lines they hold. `nonAscii` is the share of
 * non-ASCII words (accents, CJK, emoji) in the text: 2% by default, like English prose and code.
 */
export function realisticStream(
  minBytes: number,
  nonAscii = 0.02,
): { bytes: Uint8Array; lines: number; longLines: number } {
  nonAsciiShare = nonAscii;
  uuidCounter = 0;
  const next = random(42);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let size = 0;
  let lines = 0;
  let longLines = 0;
  for (let index = 0; size < minBytes; index++) {
    for (const line of turn(next, index)) {
      const bytes = encoder.encode(JSON.stringify(line) + "\n");
      parts.push(bytes);
      size += bytes.length;
      lines++;
      if (bytes.length >= 1 << 20) longLines++;
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { bytes, lines, longLines };
}

/** Views of `bytes` in chunks of `size` bytes, as a pipe delivers them. */
export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.subarray(offset, offset + size));
  return chunks;
}
