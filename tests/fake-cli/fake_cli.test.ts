/**
 * The fake CLI's behaviour beyond line shapes: what its replies prove about context (resume, fork, continue,
 * interrupt), the session files it leaves, permissions, control requests, the cwd encoding, and the executable
 * started from anywhere, also through a symlink.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  isAssistantMessage,
  isControlRequest,
  isControlResponse,
  isResultMessage,
  isStreamEvent,
  isSystemInit,
  isUserMessage,
} from "../../src/protocol/message_guards.ts";
import type { Message } from "../../src/protocol/messages.ts";
import type { ChildProcess } from "../../src/runtime/types.ts";
import { fakeCli } from "../../testing.ts";
import { drive, fakeEnv, firstText, messages, parseMessage, readEntries, type Sandbox, sandbox } from "./_support.ts";
import { protocolDir } from "./_transcripts.ts";

const STREAM = ["--output-format", "stream-json", "--verbose", "--input-format", "stream-json"];
const encoder = new TextEncoder();

/** A fake child in memory with line-level helpers. */
function start(box: Sandbox, args: string[], env: Record<string, string> = {}) {
  const child: ChildProcess = fakeCli.inMemoryAdapter().spawn("claude", args, {
    cwd: box.cwd,
    env: { CLAUDE_CONFIG_DIR: box.config, ...env },
  });
  const writer = child.stdin.getWriter();
  const reader = child.stdout.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .getReader();
  const seen: Message[] = [];
  let buffer = "";
  /** Reads lines until a message matches; returns it (narrowed, when `match` is a guard). */
  function until<T extends Message>(match: (m: Message) => m is T): Promise<T>;
  function until(match: (m: Message) => boolean): Promise<Message>;
  async function until(match: (m: Message) => boolean): Promise<Message> {
    for (;;) {
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        const message = parseMessage(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (message) {
          seen.push(message);
          if (match(message)) return message;
        }
        newline = buffer.indexOf("\n");
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("stdout ended before a matching line");
      buffer += value;
    }
  }
  return {
    child,
    seen,
    send: (message: unknown) => writer.write(encoder.encode(JSON.stringify(message) + "\n")),
    close: () => writer.close(),
    until,
  };
}

const user = (content: unknown) => ({ type: "user", message: { role: "user", content } });

function sessionFile(box: Sandbox, id: string): string {
  const projects = path.join(box.config, "projects");
  for (const dir of fs.readdirSync(projects)) {
    const file = path.join(projects, dir, `${id}.jsonl`);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`no session file for ${id}`);
}

async function oneTurn(box: Sandbox, args: string[], prompt: string, env: Record<string, string> = {}) {
  const fake = start(box, [...STREAM, ...args], env);
  await fake.send(user(prompt));
  const result = await fake.until(isResultMessage);
  await fake.close();
  await fake.child.exited;
  return result;
}

describe("fake CLI: conversations", () => {
  test("resume continues a conversation, fork branches it and leaves the original untouched, continue takes the latest", async () => {
    const box = sandbox();
    try {
      const first = start(box, STREAM);
      await first.send(user("first message"));
      await first.until(isResultMessage);
      await first.send(user("second message"));
      const second = await first.until(isResultMessage);
      assert.equal(second.result, "turns=2 last=second message history=first message | second message");
      await first.close();
      const id: string = second.session_id;
      assert.deepEqual(await first.child.exited, { code: 0, signal: null });

      const resumed = await oneTurn(box, [`--resume=${id}`], "third");
      assert.equal(resumed.session_id, id);
      assert.equal(resumed.result, "turns=3 last=third history=first message | second message | third");

      const original = fs.readFileSync(sessionFile(box, id), "utf8");
      const forked = await oneTurn(box, [`--resume=${id}`, "--fork-session"], "fork turn");
      assert.notEqual(forked.session_id, id);
      assert.equal(forked.result, "turns=4 last=fork turn history=first message | second message | third | fork turn");
      assert.equal(fs.readFileSync(sessionFile(box, id), "utf8"), original, "the original file is untouched");
      const copied = readEntries(sessionFile(box, forked.session_id)).filter((e) => e.uuid);
      const originalUuids = readEntries(sessionFile(box, id)).filter((e) => e.uuid).map((e) => e.uuid);
      assert.deepEqual(
        copied.slice(0, originalUuids.length).map((e) => e.uuid),
        originalUuids,
        "a fork copies the entries with their uuids",
      );
      assert.ok(copied.every((e) => e.sessionId === forked.session_id));

      // the fork was written last, so --continue picks it
      const continued = await oneTurn(box, ["--continue"], "and on");
      assert.equal(continued.session_id, forked.session_id);
      assert.match(continued.result ?? "", /^turns=5 /);
    } finally {
      box.cleanup();
    }
  });

  test("an interrupt leaves the partial reply and the marker; the process stays usable and the next turn sees it", async () => {
    const box = sandbox();
    try {
      const fake = start(box, [...STREAM, "--include-partial-messages"], { CLAUDE_STREAM_FAKE_SLOW_MS: "30" });
      await fake.send(user("please be SLOW"));
      await fake.until((m) => isStreamEvent(m) && m.event.type === "content_block_delta");
      await fake.send({ type: "control_request", request_id: "r2", request: { subtype: "interrupt" } });
      const interrupted = await fake.until(isResultMessage);
      assert.equal(interrupted.subtype, "error_during_execution");
      assert.equal(interrupted.terminal_reason, "aborted_streaming");
      const partial = firstText(fake.seen.filter(isAssistantMessage).at(-1)?.message.content);
      assert.ok(
        typeof partial === "string" && "turns=1 last=please be SLOW".startsWith(partial) && partial.length > 0,
        `partial reply: ${partial}`,
      );
      assert.deepEqual(fake.seen.filter(isUserMessage).at(-1)?.message.content, [{
        type: "text",
        text: "[Request interrupted by user]",
      }]);
      await fake.send(user("after interrupt"));
      const next = await fake.until(isResultMessage);
      assert.equal(
        next.result,
        "turns=3 last=after interrupt history=please be SLOW | [Request interrupted by user] | after interrupt",
      );
      await fake.close();
      assert.deepEqual(await fake.child.exited, { code: 0, signal: null });
      const kinds = readEntries(sessionFile(box, next.session_id)).map((e) => e.type);
      assert.deepEqual(kinds.filter((k) => k === "user" || k === "assistant"), [
        "user",
        "assistant",
        "user",
        "user",
        "assistant",
      ]);
    } finally {
      box.cleanup();
    }
  });

  test("user content blocks and a given uuid reach the session file; --no-session-persistence writes nothing", async () => {
    const box = sandbox();
    try {
      const fake = start(box, STREAM);
      const uuid = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
      await fake.send({ ...user([{ type: "text", text: "block one" }, { type: "text", text: "block two" }]), uuid });
      const result = await fake.until(isResultMessage);
      assert.equal(result.result, "turns=2 last=block two history=block one | block two");
      await fake.close();
      await fake.child.exited;
      assert.ok(readEntries(sessionFile(box, result.session_id)).some((e) => e.type === "user" && e.uuid === uuid));

      const other = sandbox();
      try {
        await oneTurn(other, ["--no-session-persistence"], "not persisted");
        assert.equal(fs.existsSync(path.join(other.config, "projects")), false);
      } finally {
        other.cleanup();
      }
    } finally {
      box.cleanup();
    }
  });
});

test("/compact: the next answer and a resume see the summary and the preserved answer, not the old prompts", async () => {
  const box = sandbox();
  try {
    const fake = start(box, STREAM);
    for (const prompt of ["one", "two"]) {
      await fake.send(user(prompt));
      await fake.until(isResultMessage);
    }
    await fake.send(user("/compact"));
    const compacted = await fake.until(isResultMessage);
    assert.equal(compacted.num_turns, 0);
    assert.ok(fake.seen.some((m) => m.subtype === "compact_boundary"));
    await fake.send(user("after compact"));
    const after = await fake.until(isResultMessage);
    assert.match(
      after.result ?? "",
      /^turns=2 last=after compact history=This session is being continued from a previous conversation that ran out of con \| after compact$/,
    );
    await fake.close();
    await fake.child.exited;
    const resumed = await oneTurn(box, [`--resume=${after.session_id}`], "resumed");
    assert.match(
      resumed.result ?? "",
      /^turns=3 last=resumed history=This session is being continued .* \| after compact \| resumed$/,
    );
    const boundary = readEntries(sessionFile(box, after.session_id)).find((e) => e.subtype === "compact_boundary");
    assert.equal(boundary?.parentUuid, null);
    const metadata = boundary?.compactMetadata as { preservedSegment?: { anchorUuid?: string } } | undefined;
    assert.ok(metadata?.preservedSegment?.anchorUuid);
  } finally {
    box.cleanup();
  }
});

describe("fake CLI: tools, permissions and control", () => {
  test("can_use_tool: an allowed Bash call runs in the cwd, a denied one is reported", async () => {
    const box = sandbox();
    try {
      const fake = start(box, [...STREAM, "--permission-prompt-tool", "stdio"]);
      await fake.send(user("TOOL_BASH touch made-by-tool.txt"));
      const ask = await fake.until(isControlRequest);
      assert.equal(ask.request.subtype, "can_use_tool");
      assert.deepEqual(ask.request.input, { command: "touch made-by-tool.txt", description: "fake tool call" });
      await fake.send({
        type: "control_response",
        response: {
          subtype: "success",
          request_id: ask.request_id,
          response: { behavior: "allow", updatedInput: ask.request.input },
        },
      });
      const allowed = await fake.until(isResultMessage);
      assert.ok(fs.existsSync(path.join(box.cwd, "made-by-tool.txt")));
      assert.match(allowed.result ?? "", /^tool_result\(toolu_fake_\d+\)=\(Bash completed with no output\) turns=1 /);

      await fake.send(user("TOOL_BASH touch refused.txt"));
      const second = await fake.until(isControlRequest);
      await fake.send({
        type: "control_response",
        response: {
          subtype: "success",
          request_id: second.request_id,
          response: { behavior: "deny", message: "no thanks" },
        },
      });
      const denied = await fake.until(isResultMessage);
      assert.equal(fs.existsSync(path.join(box.cwd, "refused.txt")), false);
      assert.match(denied.result ?? "", /^tool_result\(toolu_fake_\d+,error\)=no thanks /);
      assert.equal(denied.permission_denials?.[0]?.tool_name, "Bash");
      await fake.close();
      await fake.child.exited;
    } finally {
      box.cleanup();
    }
  });

  test("an interrupt while a permission request waits ends the turn with the tool-use marker", async () => {
    const box = sandbox();
    try {
      const fake = start(box, [...STREAM, "--permission-prompt-tool", "stdio"]);
      await fake.send(user("TOOL_BASH touch never.txt"));
      await fake.until(isControlRequest);
      await fake.send({ type: "control_request", request_id: "stop", request: { subtype: "interrupt" } });
      const result = await fake.until(isResultMessage);
      assert.equal(result.subtype, "error_during_execution");
      assert.equal(
        firstText(fake.seen.filter(isUserMessage).at(-1)?.message.content),
        "[Request interrupted by user for tool use]",
      );
      assert.equal(fs.existsSync(path.join(box.cwd, "never.txt")), false);
      await fake.close();
      await fake.child.exited;
    } finally {
      box.cleanup();
    }
  });

  test("stdin closing with a permission request unanswered denies it, and the process ends", async () => {
    const box = sandbox();
    try {
      const fake = start(box, [...STREAM, "--permission-prompt-tool", "stdio"]);
      await fake.send(user("TOOL_BASH touch never.txt"));
      await fake.close();
      const result = await fake.until(isResultMessage);
      assert.match(result.result ?? "", /,error\)=stdin closed before the permission request was answered/);
      assert.deepEqual(await fake.child.exited, { code: 0, signal: null });
    } finally {
      box.cleanup();
    }
  });

  test("without a permission prompt tool, Bash is denied unless --allowedTools allows it", async () => {
    const box = sandbox();
    try {
      const denied = await oneTurn(box, [], "TOOL_BASH mkdir made-dir");
      assert.match(denied.result ?? "", /,error\)=Claude requested permissions to use Bash/);
      assert.equal(fs.existsSync(path.join(box.cwd, "made-dir")), false);
      const allowed = await oneTurn(box, ["--allowedTools", "Bash(mkdir:*)"], "TOOL_BASH mkdir made-dir");
      assert.match(allowed.result ?? "", /^tool_result\(toolu_fake_\d+\)=\(Bash completed with no output\) turns=1 /);
      assert.ok(fs.existsSync(path.join(box.cwd, "made-dir")));
    } finally {
      box.cleanup();
    }
  });

  test("a read-only Bash command runs without asking in 2.1.332 (features/m5), not in 2.1.197", async () => {
    const box = sandbox();
    try {
      const fake = start(box, [...STREAM, "--permission-prompt-tool", "stdio"]);
      await fake.send(user("TOOL_BASH echo hi"));
      const quiet = await fake.until(isResultMessage);
      assert.match(quiet.result ?? "", /^tool_result\(toolu_fake_\d+\)=hi turns=1 /);
      assert.equal(fake.seen.some(isControlRequest), false, "no can_use_tool for echo");
      const meta = fake.seen.filter(isUserMessage).find((m) => m.tool_result_meta)?.tool_result_meta as
        | { permission_decision?: unknown }[]
        | undefined;
      assert.deepEqual(meta?.[0]?.permission_decision, {
        decision: "accept",
        source: "config",
        reason_type: "subcommandResults",
      });
      // a redirection writes a file: that asks
      await fake.send(user("TOOL_BASH echo hi > out.txt"));
      assert.equal((await fake.until(isControlRequest)).request.subtype, "can_use_tool");
      await fake.close();
      await fake.child.exited;

      assert.match((await oneTurn(box, [], "TOOL_BASH ls")).result ?? "", /^tool_result\(toolu_fake_\d+\)=/);
      const old = await oneTurn(box, [], "TOOL_BASH echo hi", { CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.197" });
      assert.match(old.result ?? "", /,error\)=Claude requested permissions to use Bash/);
    } finally {
      box.cleanup();
    }
  });

  test("control: set_model changes the next init and answer, set_permission_mode reports, unknown subtypes fail", async () => {
    const box = sandbox();
    try {
      const fake = start(box, STREAM);
      await fake.send({ type: "control_request", request_id: "m", request: { subtype: "set_model", model: "haiku" } });
      assert.equal((await fake.until(isControlResponse)).response.subtype, "success");
      await fake.send({
        type: "control_request",
        request_id: "p",
        request: { subtype: "set_permission_mode", mode: "acceptEdits" },
      });
      const mode = (await fake.until(isControlResponse)).response;
      assert.deepEqual("response" in mode ? mode.response : undefined, { mode: "acceptEdits" });
      await fake.send({ type: "control_request", request_id: "x", request: { subtype: "bogus" } });
      const bogus = (await fake.until(isControlResponse)).response;
      assert.equal("error" in bogus ? bogus.error : undefined, "Unsupported control request subtype: bogus");
      await fake.send(user("SHOW_SYSTEM now"));
      const init = await fake.until(isSystemInit);
      // the aliases of the imitated CLI (2.1.332 by default) resolve to its models
      assert.equal(init.model, "claude-haiku-5-5");
      assert.equal(init.permissionMode, "acceptEdits");
      assert.match((await fake.until(isResultMessage)).result ?? "", /\|\| model=claude-haiku-5-5 max_tokens=128000 /);
      await fake.close();
      await fake.child.exited;
    } finally {
      box.cleanup();
    }
  });
});

describe("fake CLI: the imitated CLI version", () => {
  test("CLAUDE_STREAM_FAKE_CLI_VERSION=2.1.197 brings back the older CLI: --version, init, set_model's answer", async () => {
    const box = sandbox();
    try {
      const old = { CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.197" };
      assert.equal(
        execFileSync(fakeCliPath(), ["--version"], { cwd: box.cwd, env: fakeEnv(box.config, old) }).toString(),
        "2.1.197 (Claude Code)\n",
      );
      for (
        const [env, version, answer] of [[old, "2.1.197", undefined], [{}, "2.1.332", {
          model: "claude-haiku-5-5",
        }]] as const
      ) {
        const run = await drive({
          args: STREAM,
          cwd: box.cwd,
          env: fakeEnv(box.config, env),
          steps: [
            { send: { type: "control_request", request_id: "m", request: { subtype: "set_model", model: "haiku" } } },
            { wait: { type: "control_response" } },
            { send: user("hello") },
            { wait: { type: "result" } },
            { close: true },
          ],
        });
        const all = messages(run.lines);
        assert.equal(all.find(isSystemInit)?.claude_code_version, version);
        const answered = all.find(isControlResponse)?.response;
        assert.deepEqual(answered && "response" in answered ? answered.response : undefined, answer);
        // result lines of 2.1.332 do not start with "type"
        assert.equal(
          run.lines.find((l) => l.includes('"type":"result"'))!.startsWith('{"type":"result"'),
          version === "2.1.197",
        );
      }
    } finally {
      box.cleanup();
    }
  });
});

describe("fake CLI: the executable and its files", () => {
  /** The CLI's folder name for a cwd, as protocol/README.md states it. */
  function expectedFolder(cwd: string): string {
    const encoded = cwd.replace(/[^a-zA-Z0-9]/g, "-");
    if (encoded.length <= 200) return encoded;
    let hash = 0;
    for (let i = 0; i < cwd.length; i++) hash = ((hash << 5) - hash + cwd.charCodeAt(i)) | 0;
    return `${encoded.slice(0, 200)}-${Math.abs(hash).toString(36)}`;
  }

  // The recorded project folders are the evidence for the rule this test checks the fake against.
  test("the cwd encoding rule matches every recorded project folder", () => {
    const sample = path.join(protocolDir, "projects-sample");
    for (const folder of fs.readdirSync(sample)) {
      const file = fs.readdirSync(path.join(sample, folder)).find((f) => f.endsWith(".jsonl"))!;
      const cwd = readEntries(path.join(sample, folder, file)).find((e) => typeof e.cwd === "string")?.cwd;
      assert.ok(cwd !== undefined);
      assert.equal(expectedFolder(cwd), folder);
    }
  });

  test("session files go to <config>/projects/<encoded real cwd>/, also for cwds over 200 characters", async () => {
    const box = sandbox();
    try {
      const long = path.join(box.root, "x".repeat(120), "y_z.".repeat(30));
      fs.mkdirSync(long, { recursive: true });
      const run = await drive({ args: ["-p", "hi", "--output-format", "json"], cwd: long, env: fakeEnv(box.config) });
      const id = messages(run.lines)[0]?.session_id;
      assert.ok(fs.existsSync(path.join(box.config, "projects", expectedFolder(long), `${id}.jsonl`)));
      assert.ok(fs.existsSync(path.join(box.config, "projects", expectedFolder(long), "memory")));
    } finally {
      box.cleanup();
    }
  });

  test("plain-text -p output writes its session file like the other formats (a3), in both imitated versions", async () => {
    for (const env of [{}, { CLAUDE_STREAM_FAKE_CLI_VERSION: "2.1.197" }] as Record<string, string>[]) {
      const box = sandbox();
      try {
        const run = await drive({ args: ["-p", "hello text"], cwd: box.cwd, env: fakeEnv(box.config, env) });
        assert.deepEqual(run.lines, ["turns=1 last=hello text history=hello text"]);
        const folder = path.join(box.config, "projects", expectedFolder(box.cwd));
        const files = fs.readdirSync(folder).filter((f) => f.endsWith(".jsonl"));
        assert.equal(files.length, 1);
        const written = readEntries(path.join(folder, files[0]));
        assert.deepEqual(
          written.filter((e) => e.type === "user" || e.type === "assistant").map((e) => e.message?.content),
          [
            "hello text",
            [{ type: "text", text: "turns=1 last=hello text history=hello text" }],
          ],
        );
        assert.equal(written.find((e) => e.type === "last-prompt")?.lastPrompt, "hello text");
      } finally {
        box.cleanup();
      }
    }
  });

  test("the executable runs from any cwd and through a symlink, with plain Node", () => {
    const box = sandbox();
    try {
      const link = path.join(box.root, "claude");
      fs.symlinkSync(fakeCliPath(), link);
      const out = execFileSync(link, ["--version"], { cwd: box.cwd, env: fakeEnv(box.config) }).toString();
      assert.equal(out, "2.1.332 (Claude Code)\n");
      const reply = execFileSync(link, ["-p", "from a symlink"], { cwd: "/", env: fakeEnv(box.config) }).toString();
      assert.equal(reply, "turns=1 last=from a symlink history=from a symlink\n");
      assert.ok((fs.statSync(fakeCliPath()).mode & 0o111) !== 0, "the run bit is set");
    } finally {
      box.cleanup();
    }
  });

  test("usage errors give the recorded exit code and first stderr line", async () => {
    const box = sandbox();
    try {
      const cases: Array<[string[], string]> = [
        [["-p", "x", "--definitely-not-a-flag"], "error: unknown option '--definitely-not-a-flag'"],
        [
          ["-p", "x", "--output-format=stream-json"],
          "Error: When using --print, --output-format=stream-json requires --verbose",
        ],
        [["-p", "x", "--session-id=nope"], "Error: Invalid session ID. Must be a valid UUID."],
      ];
      for (const [args, first] of cases) {
        const run = await drive({ args, cwd: box.cwd, env: fakeEnv(box.config) });
        assert.equal(run.code, 1);
        assert.equal(run.stderr.split("\n")[0], first);
      }
    } finally {
      box.cleanup();
    }
  });
});

function fakeCliPath(): string {
  return fakeCli.path;
}
