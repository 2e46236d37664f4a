// The Session's control methods (features/m21, m24, m34-m36): interrupt's receipt, contextUsage, the initialize
// answer's commands, models and agents, rewindFiles, stopTask, and prompts with an image block.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isClaudeCodeError } from "../../src/errors.ts";
import type { Message } from "../../src/protocol/messages.ts";
import { collectTurn } from "../../src/stream/mod.ts";
import { drain, processExists, reply, started, waitFor, withSessions } from "./_fixture.ts";

test("control methods: interrupt() resolves with the CLI's receipt; undefined when no turn runs (m21)", async () => {
  await withSessions(async (make) => {
    const session = make();
    assert.equal(await session.interrupt(), undefined);
    const reader = await started(session.stream("please be SLOW"));
    const rest = drain(reader);
    const receipt = await session.interrupt();
    assert.deepEqual(receipt, { still_queued: [] });
    const messages = await rest;
    assert.equal(messages.at(-1)?.subtype, "error_during_execution");
    assert.match(await reply(session, "after"), /after/);
  });
});

test("control methods: contextUsage() is the CLI's count of the context window (m34)", async () => {
  await withSessions(async (make) => {
    const session = make();
    const before = await session.contextUsage(); // starts the CLI
    assert.equal(typeof before.totalTokens, "number");
    assert.ok(before.maxTokens > 0);
    assert.ok(Array.isArray(before.categories) && before.categories.length > 0);
    assert.equal(typeof before.categories[0].name, "string");
    await reply(session, "hello");
    const after = await session.contextUsage();
    assert.equal(typeof after.percentage, "number");
    assert.equal(typeof after.model, "string");
  });
});

test("control methods: supportedCommands(), supportedModels() and supportedAgents() from the initialize answer", async () => {
  await withSessions(async (make) => {
    const session = make({ agents: { tester: { description: "Runs tests", prompt: "You run tests." } } });
    const commands = await session.supportedCommands();
    assert.ok(commands.some((c) => c.name === "compact"), JSON.stringify(commands.map((c) => c.name)));
    const models = await session.supportedModels();
    assert.ok(models.some((m) => m.value === "haiku"));
    assert.ok(models.every((m) => typeof m.displayName === "string"));
    const agents = await session.supportedAgents();
    assert.ok(agents.some((a) => a.name === "tester"));
    assert.ok(agents.some((a) => a.name === "general-purpose"));
    // the same CLI answers the turn: the methods started it
    const pid = session.pid;
    await reply(session, "hi");
    assert.equal(session.pid, pid);
  });
});

test("control methods: rewindFiles() previews and restores the files a turn edited (m35)", async () => {
  await withSessions(async (make, fx) => {
    const session = make({ enableFileCheckpointing: true, permissionMode: "acceptEdits" });
    const file = join(fx.cwd, "ckpt.txt");
    const write = (content: string) => `TOOL Write {"file_path":"${file}","content":"${content}"}`;
    await collectTurn(session.stream(write("version one")));
    await collectTurn(session.stream(write("version two")));
    assert.equal(await readFile(file, "utf8"), "version two");
    const prompts = (await session.conversation()).filter((m) => m.type === "user" && /TOOL Write/.test(m.text));
    assert.equal(prompts.length, 2);
    const [one, two] = prompts.map((m) => m.uuid);
    const preview = await session.rewindFiles(two, { dryRun: true });
    assert.equal(preview.canRewind, true);
    assert.deepEqual(preview.filesChanged, [file]);
    assert.equal(preview.insertions, 1);
    assert.equal(preview.deletions, 1);
    assert.equal(await readFile(file, "utf8"), "version two", "a dry run changes nothing");
    assert.equal((await session.rewindFiles(two)).canRewind, true);
    assert.equal(await readFile(file, "utf8"), "version one");
    await session.rewindFiles(one);
    assert.equal(existsSync(file), false, "before the first turn the file did not exist");
    await assert.rejects(
      session.rewindFiles("00000000-0000-4000-8000-000000000000"),
      (error) => isClaudeCodeError(error, "CONTROL_ERROR") && /No file checkpoint/.test(error.message),
    );
    await assert.rejects(session.rewindFiles(""), (error) => isClaudeCodeError(error, "INVALID_OPTION"));
  });
});

test("control methods: stopTask() of an unknown task is answered without an error (m36)", async () => {
  await withSessions(async (make) => {
    const session = make();
    await session.stopTask("b-no-such-task");
    await assert.rejects(session.stopTask(""), (error) => isClaudeCodeError(error, "INVALID_OPTION"));
    assert.match(await reply(session, "still here"), /still here/);
  });
});

/** A field of a message, whatever its type. */
function field(message: unknown, key: string): unknown {
  return typeof message === "object" && message !== null
    ? Object.entries(message).find(([k]) => k === key)?.[1]
    : undefined;
}

test("control methods: stopTask() kills a background Bash task (m36)", async () => {
  await withSessions(async (make, fx) => {
    const session = make({ allowedTools: ["Bash"] });
    const input = { command: "echo $$ > bg.pid; exec sleep 30", description: "long sleep", run_in_background: true };
    const messages: Message[] = [];
    const stream = session.stream(`TOOL Bash ${JSON.stringify(input)}`);
    for await (const message of stream as unknown as AsyncIterable<Message>) messages.push(message);
    assert.equal(field(messages.at(-1), "is_error"), false);
    const started = messages.find((m) => field(m, "subtype") === "task_started");
    assert.ok(started, "task_started");
    assert.equal(field(started, "is_backgrounded"), true);
    assert.equal(field(started, "task_type"), "local_bash");
    assert.equal(field(started, "description"), "long sleep");
    const taskId = field(started, "task_id");
    assert.ok(typeof taskId === "string" && taskId !== "");
    const listed = messages.find((m) => field(m, "subtype") === "background_tasks_changed");
    const tasks = field(listed, "tasks");
    assert.ok(Array.isArray(tasks), "background_tasks_changed lists the tasks");
    assert.deepEqual(tasks.map((t) => [field(t, "task_id"), field(t, "task_type")]), [[taskId, "local_bash"]]);
    assert.match(JSON.stringify(messages), new RegExp(`Command running in background with ID: ${taskId}\\.`));
    // the command is running: its shell wrote its pid
    const pidFile = join(fx.cwd, "bg.pid");
    await waitFor(() => existsSync(pidFile) && (readFileSync(pidFile, "utf8").trim() !== ""));
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    assert.ok(processExists(pid), "the background command runs");
    await session.stopTask(taskId);
    await waitFor(() => !processExists(pid));
    await session.stopTask(taskId); // stopped already: no error either
    assert.match(await reply(session, "still here"), /still here/);
  });
});

test("control methods: a prompt with an image block (m24)", async () => {
  // a 2x2 PNG
  const data =
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=";
  await withSessions(async (make) => {
    const session = make();
    const turn = await collectTurn(session.stream([
      { type: "image", source: { type: "base64", media_type: "image/png", data } },
      { type: "text", text: "what is in this image" },
    ]));
    assert.equal(turn.isError, false);
    assert.match(turn.text, /what is in this image/);
    const [prompt] = (await session.conversation()).filter((m) => m.type === "user");
    assert.ok(JSON.stringify(prompt).includes('"image"'), "the session keeps the image block");
  });
});
