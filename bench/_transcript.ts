/**
 * A long conversation as CLI 2.1.332 writes its session file, for the resume benchmark (bench/store.ts): turn after
 * turn of the shapes of a recorded 2.1.332 transcript with a tool call (tests/fixtures/protocol/cli-2.1.332/
 * projects-sample/-home-dev-work-proj/08ddeb13-….jsonl): the prompt's two `queue-operation`s, the `user` prompt, an
 * `assistant` text and an `assistant` tool_use of one API message, the `user` tool_result (its output twice, in the
 * message and in `toolUseResult`, as the CLI writes it), the `assistant` answer, and `last-prompt`; every
 * conversation entry parented on the one before. Only the kinds a `--session-mirror` sends are written (no
 * `api-request*`), so the file and a store that mirrored the session hold the same entries.
 * @module
 */
import { open } from "node:fs/promises";

/** What {@link writeTranscript} wrote. */
export interface WrittenTranscript {
  bytes: number;
  entries: number;
  /** The user prompts, in order (the fake CLI's and the stand-in API's replies list them: `history=...`). */
  turns: number;
}

const WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];

/** `length` characters of text (words, a newline every 12), varied by `seed`; some non-ASCII. */
function text(length: number, seed: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) {
    out += WORDS[(i * 7 + seed) % WORDS.length] + (i % 12 === 11 ? "\n" : i % 97 === 5 ? " – " : " ");
  }
  return out.slice(0, length);
}

/** A UUID of the session's transcript: the turn and the entry's place in it. */
function uuidOf(turn: number, slot: number): string {
  const hex = (turn * 16 + slot).toString(16).padStart(12, "0");
  return `5e55a0e0-b00c-4a11-8e57-${hex}`;
}

const USAGE = {
  input_tokens: 23,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  output_tokens: 17,
  service_tier: "standard",
};

/** The entries of turn `turn`, the first parented on `parent`; its leaf is the last conversation entry's uuid. */
function turnEntries(sessionId: string, cwd: string, turn: number, parent: string | null) {
  const common = { userType: "external", entrypoint: "sdk-cli", cwd, sessionId, version: "2.1.332", gitBranch: "HEAD" };
  const at = (ms: number) => new Date(1_790_000_000_000 + turn * 30_000 + ms).toISOString();
  const prompt = `step ${turn}: ${WORDS[turn % WORDS.length]}`;
  const promptId = uuidOf(turn, 15);
  const [user, said, called, result, answer] = [0, 1, 2, 3, 4].map((slot) => uuidOf(turn, slot));
  const messageId = `msg_bench_${turn}`;
  const toolId = `toolu_bench_${turn}`;
  const assistant = (content: unknown[], stopReason: string, id: string) => ({
    id,
    type: "message",
    role: "assistant",
    model: "claude-opus-5-5",
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: USAGE,
  });
  // tool output of 2 to 20 KB, as a file read or a test run would give
  const output = text(2_000 + ((turn * 7919) % 18_000), turn);
  const entries: Record<string, unknown>[] = [
    { type: "queue-operation", operation: "enqueue", timestamp: at(0), sessionId, content: prompt },
    { type: "queue-operation", operation: "dequeue", timestamp: at(2), sessionId },
    {
      parentUuid: parent,
      isSidechain: false,
      promptId,
      type: "user",
      message: { role: "user", content: prompt },
      uuid: user,
      timestamp: at(30),
      permissionMode: "default",
      promptSource: "sdk",
      ...common,
    },
    {
      parentUuid: user,
      isSidechain: false,
      message: assistant([{ type: "text", text: `Looking at ${text(120, turn + 1)}` }], "tool_use", messageId),
      requestId: `req_bench_${turn}`,
      type: "assistant",
      uuid: said,
      timestamp: at(80),
      ...common,
    },
    {
      parentUuid: said,
      isSidechain: false,
      message: assistant(
        [{ type: "tool_use", id: toolId, name: "Bash", input: { command: `cat notes/${turn}.md` } }],
        "tool_use",
        messageId,
      ),
      requestId: `req_bench_${turn}`,
      type: "assistant",
      uuid: called,
      timestamp: at(83),
      ...common,
    },
    {
      parentUuid: called,
      isSidechain: false,
      promptId,
      type: "user",
      message: {
        role: "user",
        content: [{ tool_use_id: toolId, type: "tool_result", content: output, is_error: false }],
      },
      uuid: result,
      timestamp: at(130),
      toolUseResult: { stdout: output, stderr: "", interrupted: false, isImage: false, noOutputExpected: false },
      sourceToolAssistantUUID: called,
      ...common,
    },
    {
      parentUuid: result,
      isSidechain: false,
      message: assistant([{ type: "text", text: text(600 + (turn % 5) * 300, turn + 2) }], "end_turn", `${messageId}b`),
      requestId: `req_bench_${turn}b`,
      type: "assistant",
      uuid: answer,
      timestamp: at(400),
      ...common,
    },
    { type: "last-prompt", lastPrompt: prompt, leafUuid: answer, sessionId },
  ];
  return { entries, leaf: answer };
}

/**
 * Writes a transcript of at least `bytes` bytes to `path`, session `sessionId` run in `cwd`, whole turns only.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mkdtemp, readFile, rm } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { writeTranscript } from "./_transcript.ts";
 * const dir = await mkdtemp(join(tmpdir(), "transcript-"));
 * const written = await writeTranscript(join(dir, "s.jsonl"), 50_000, "5e55a0e0-b00c-4a11-8e57-000000000000", "/w");
 * const lines = (await readFile(join(dir, "s.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
 * assert.equal(lines.length, written.entries);
 * assert.ok(written.bytes >= 50_000);
 * await rm(dir, { recursive: true });
 * ```
 */
export async function writeTranscript(
  path: string,
  bytes: number,
  sessionId: string,
  cwd: string,
): Promise<WrittenTranscript> {
  const file = await open(path, "w");
  const written: WrittenTranscript = { bytes: 0, entries: 0, turns: 0 };
  let parent: string | null = null;
  try {
    while (written.bytes < bytes) {
      const { entries, leaf } = turnEntries(sessionId, cwd, written.turns, parent);
      const lines = entries.map((entry) => JSON.stringify(entry) + "\n").join("");
      written.bytes += (await file.write(lines)).bytesWritten;
      written.entries += entries.length;
      written.turns++;
      parent = leaf;
    }
  } finally {
    await file.close();
  }
  return written;
}
