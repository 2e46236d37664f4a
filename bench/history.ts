/**
 * History benchmark (not a timed test). Runs on Deno, Bun and Node:
 *
 *   node_modules/.bin/deno run -A bench/history.ts
 *   node_modules/.bin/bun bench/history.ts
 *   node --import tsx bench/history.ts
 *
 * Options: `--mb 500` (size of the large transcript), `--sessions 10000` (files for the listing), `--keep DIR`
 * (reuse generated files in DIR). Each measurement runs in a fresh child process of the same runtime, so its peak
 * RSS (`VmHWM`, Linux) is its own.
 *
 * 0. `history.forEachEntry()` over a transcript a tenth the size and over the large one: the streaming core alone,
 *    whose peak RSS does not grow with the file.
 * 1. `history.conversation()` on one large transcript against a naive read-split-parse (`readFile`, `split("\n")`,
 *    `JSON.parse` every line, then the same chain walk) of the same file: time, peak RSS, same result.
 * 2. `history.listSessions()` over N session files against reading every file whole: time and bytes read per file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { history } from "../mod.ts";
import { forEachEntry } from "../src/history/read_entries.ts";
import { runtimeName } from "../src/runtime/current.ts";
import { currentRuntime } from "../src/runtime/current.ts";
import type { FileAdapter } from "../src/runtime/types.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

// ---------------------------------------------------------------- generated data

const PROJECT = "/home/dev/work/bench";
const pad = (n: number, seed: number) => {
  const words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"];
  let out = "";
  for (let i = 0; out.length < n; i++) out += words[(i * 7 + seed) % words.length] + (i % 12 === 11 ? "\n" : " ");
  return out.slice(0, n);
};

/** One turn as the CLI writes it: queue entries, prompt, attachment, snapshot, thinking, tool use, a large tool result, progress, reply. */
function turnLines(
  sessionId: string,
  turn: number,
  parent: string | null,
  big: number,
): { lines: string[]; leaf: string } {
  const base = {
    isSidechain: false,
    userType: "external",
    entrypoint: "sdk-ts",
    cwd: PROJECT,
    sessionId,
    version: "2.1.197",
    gitBranch: "main",
  };
  const ts = new Date(1_700_000_000_000 + turn * 60_000).toISOString();
  const id = (k: string) => `${sessionId.slice(0, 8)}-${k}-${turn.toString(16).padStart(8, "0")}`;
  const lines: object[] = [
    { type: "queue-operation", operation: "enqueue", timestamp: ts, sessionId, content: `prompt ${turn}` },
    { type: "queue-operation", operation: "dequeue", timestamp: ts, sessionId },
    {
      parentUuid: parent,
      ...base,
      promptId: id("p"),
      type: "user",
      message: { role: "user", content: `prompt ${turn}: ${pad(200, turn)}` },
      uuid: id("u"),
      timestamp: ts,
    },
    {
      parentUuid: id("u"),
      ...base,
      attachment: { type: "skill_listing", content: pad(2_000, turn + 1) },
      type: "attachment",
      uuid: id("at"),
      timestamp: ts,
    },
    {
      type: "file-history-snapshot",
      messageId: id("u"),
      snapshot: {
        trackedFileBackups: { "src/a.ts": { backupFileName: "x", version: turn, content: pad(big / 4, turn) } },
      },
      isSnapshotUpdate: false,
    },
    {
      parentUuid: id("at"),
      ...base,
      message: {
        id: id("m"),
        role: "assistant",
        model: "claude",
        content: [{ type: "thinking", thinking: pad(800, turn + 2), signature: "sig" }],
        stop_reason: "tool_use",
        usage: { input_tokens: 10, output_tokens: 20 },
      },
      requestId: id("r"),
      type: "assistant",
      uuid: id("th"),
      timestamp: ts,
    },
    {
      parentUuid: id("th"),
      ...base,
      message: {
        id: id("m"),
        role: "assistant",
        content: [{ type: "tool_use", id: id("t"), name: "Read", input: { file_path: "/x" } }],
      },
      type: "assistant",
      uuid: id("tu"),
      timestamp: ts,
    },
    {
      type: "progress",
      uuid: id("pg"),
      parentUuid: id("tu"),
      ...base,
      data: { type: "bash_progress", output: pad(big / 8, turn + 3) },
      toolUseID: id("t"),
      timestamp: ts,
    },
    {
      parentUuid: id("tu"),
      ...base,
      type: "user",
      message: {
        role: "user",
        content: [{ tool_use_id: id("t"), type: "tool_result", content: pad(big / 4, turn + 4) }],
      },
      toolUseResult: { type: "text", file: { filePath: "/x", content: pad(big / 4, turn + 4) } },
      sourceToolAssistantUUID: id("tu"),
      uuid: id("tr"),
      timestamp: ts,
    },
    {
      parentUuid: id("tr"),
      ...base,
      message: {
        id: id("m2"),
        role: "assistant",
        content: [{ type: "text", text: `reply ${turn}: ${pad(1_000, turn + 5)}` }],
        stop_reason: "end_turn",
      },
      type: "assistant",
      uuid: id("a"),
      timestamp: ts,
    },
    { type: "last-prompt", lastPrompt: `prompt ${turn}`, leafUuid: id("a"), sessionId },
  ];
  return { lines: lines.map((line) => JSON.stringify(line)), leaf: id("a") };
}

async function writeTranscript(path: string, megabytes: number): Promise<number> {
  const file = await open(path, "w");
  let written = 0;
  let parent: string | null = null;
  const target = megabytes * 1_000_000;
  for (let turn = 0; written < target; turn++) {
    const { lines, leaf } = turnLines("11111111-2222-4333-8444-555555555555", turn, parent, 40_000);
    const text = lines.join("\n") + "\n";
    written += (await file.write(text)).bytesWritten;
    parent = leaf;
  }
  await file.close();
  return written;
}

async function writeSessions(projectsDir: string, count: number): Promise<number> {
  const dir = join(projectsDir, history.encodeProjectPath(PROJECT));
  await mkdir(dir, { recursive: true });
  let total = 0;
  for (let i = 0; i < count; i++) {
    const sessionId = `${i.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`;
    const turns = 1 + (i % 24);
    const big = 4_000 + (i % 7) * 8_000;
    let parent: string | null = null;
    const lines: string[] = i % 3 === 0
      ? [JSON.stringify({ type: "custom-title", customTitle: `session ${i}`, sessionId })]
      : [];
    for (let t = 0; t < turns; t++) {
      const turn = turnLines(sessionId, t, parent, big);
      lines.push(...turn.lines);
      parent = turn.leaf;
    }
    const text = lines.join("\n") + "\n";
    total += text.length;
    await writeFile(join(dir, `${sessionId}.jsonl`), text);
  }
  return total;
}

// ---------------------------------------------------------------- measured cases (each in its own process)

function peakRssMb(): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** The naive way: the whole file in memory, split, every line parsed, then the same chain walk. */
async function naiveConversation(path: string): Promise<number> {
  const text = await readFile(path, "utf8");
  const entries = text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
  return (await history.buildConversation(entries)).length;
}

async function countingFiles(): Promise<{ files: FileAdapter; read: () => number }> {
  const host = (await currentRuntime()).files;
  let read = 0;
  return {
    read: () => read,
    files: {
      ...host,
      readEnds: async (path, length) => {
        const ends = await host.readEnds(path, length);
        read += ends.head.length + ends.tail.length;
        return ends;
      },
    },
  };
}

/** Reading every file whole for the same facts. */
async function naiveListing(configDir: string): Promise<{ count: number; read: number }> {
  const dir = join(configDir, "projects", history.encodeProjectPath(PROJECT));
  const { readdir } = await import("node:fs/promises");
  let read = 0;
  let count = 0;
  for (const name of await readdir(dir)) {
    const text = await readFile(join(dir, name), "utf8");
    read += Buffer.byteLength(text);
    const entries = text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
    const title = entries.findLast((e) => e.type === "custom-title")?.customTitle ??
      entries.find((e) => e.type === "user")?.message.content;
    if (title !== undefined) count++;
  }
  return { count, read };
}

async function runCase(name: string, target: string): Promise<Record<string, unknown>> {
  const start = performance.now();
  let result: Record<string, unknown> = {};
  if (name === "conversation") {
    result = { messages: (await history.buildConversation((await currentRuntime()).files.readStream(target))).length };
  }
  if (name === "naive") result = { messages: await naiveConversation(target) };
  if (name === "scan") {
    let entries = 0;
    await forEachEntry((await currentRuntime()).files.readStream(target), () => entries++);
    result = { entries };
  }
  if (name === "list") {
    const counting = await countingFiles();
    const sessions = await history.listSessions(PROJECT, { configDir: target, files: counting.files });
    result = { sessions: sessions.length, bytesRead: counting.read() };
  }
  if (name === "naive-list") {
    const naive = await naiveListing(target);
    result = { sessions: naive.count, bytesRead: naive.read };
  }
  return { ...result, ms: Math.round(performance.now() - start), peakRssMb: peakRssMb() };
}

function child(name: string, target: string): Record<string, unknown> {
  const self = fileURLToPath(import.meta.url);
  const runtime = runtimeName();
  const argv = runtime === "deno" ? ["run", "-A", self] : runtime === "bun" ? [self] : [...process.execArgv, self];
  const out = spawnSync(process.execPath, [...argv, "--case", name, "--target", target], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  const line = out.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line);
  } catch {
    return { failed: true, status: out.status, signal: out.signal, stderr: out.stderr.slice(-300) };
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const caseName = option("case", "");
  if (caseName !== "") {
    console.log(JSON.stringify(await runCase(caseName, option("target", ""))));
    return;
  }
  const megabytes = Number(option("mb", "500"));
  const sessions = Number(option("sessions", "10000"));
  const keep = option("keep", "");
  const root = keep !== "" ? keep : await mkdtemp(join(tmpdir(), "cs-bench-history-"));
  try {
    const transcript = join(root, `transcript-${megabytes}mb.jsonl`);
    if (!existsSync(transcript)) await writeTranscript(transcript, megabytes);
    const configDir = join(root, `config-${sessions}`);
    if (!existsSync(configDir)) await writeSessions(join(configDir, "projects"), sessions);
    const size = (await (await currentRuntime()).files.stat(transcript)).size;
    console.log(`runtime ${runtimeName()}; transcript ${(size / 1e6).toFixed(0)} MB; ${sessions} session files`);

    const small = join(root, `transcript-${megabytes / 10}mb.jsonl`);
    if (!existsSync(small)) await writeTranscript(small, megabytes / 10);
    console.log(`forEachEntry() ${megabytes / 10} MB  :`, JSON.stringify(child("scan", small)));
    console.log(`forEachEntry() ${megabytes} MB :`, JSON.stringify(child("scan", transcript)));
    console.log(`conversation() ${megabytes / 10} MB  :`, JSON.stringify(child("conversation", small)));
    const streamed = child("conversation", transcript);
    const naive = child("naive", transcript);
    console.log("conversation() streamed :", JSON.stringify(streamed));
    console.log("naive read-split-parse  :", JSON.stringify(naive));
    if (typeof streamed.ms === "number" && typeof naive.ms === "number") {
      console.log(
        `  speed x${(naive.ms / streamed.ms).toFixed(2)}, peak RSS x${
          (Number(naive.peakRssMb) / Number(streamed.peakRssMb)).toFixed(1)
        } (naive / streamed)`,
      );
    }

    const listed = child("list", configDir);
    const naiveList = child("naive-list", configDir);
    const perFile = (r: Record<string, unknown>) => Math.round(Number(r.bytesRead) / Number(r.sessions));
    console.log("listSessions()          :", JSON.stringify({ ...listed, bytesPerFile: perFile(listed) }));
    console.log("read every file whole   :", JSON.stringify({ ...naiveList, bytesPerFile: perFile(naiveList) }));
    console.log(
      `  speed x${(Number(naiveList.ms) / Number(listed.ms)).toFixed(2)}, bytes read x${
        (Number(naiveList.bytesRead) / Number(listed.bytesRead)).toFixed(1)
      } (whole / listSessions)`,
    );
  } finally {
    if (keep === "") await rm(root, { recursive: true, force: true });
  }
}

await main();
