/** listProjects / listSessions / summary / sessionInfo over the recorded sample, and what they read. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFile, mkdir, readdir, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { history, isClaudeCodeError } from "../../mod.ts";
import { resolveHistory } from "../../src/history/history_options.ts";
import { currentRuntime } from "../../src/runtime/current.ts";
import type { FileAdapter } from "../../src/runtime/types.ts";
import { caseIndex, countingFiles, errorSink, withSampleConfig, withTempDir } from "./_helpers.ts";

test("listProjects: every folder with its true cwd, session count and last activity", async () => {
  await withSampleConfig(async (configDir) => {
    const projects = await history.listProjects({ configDir });
    assert.equal(projects.length, 6);
    const byName = new Map(projects.map((p) => [p.name, p]));
    assert.equal(byName.get("-home-dev-work-proj")?.path, "/home/dev/work/proj");
    assert.equal(byName.get("-home-dev-work-proj")?.sessionCount, 41);
    assert.equal(byName.get("-home-dev-work-emoji---")?.path, "/home/dev/work/emoji-😀");
    assert.equal(byName.get("-home-dev-work-my-proj-v2-sub-dir-x")?.path, "/home/dev/work/my_proj.v2/sub dir_x");
    for (const project of projects) {
      assert.equal(history.encodeProjectPath(project.path!), project.name, "the folder is the encoded true cwd");
      assert.ok(project.lastActivity instanceof Date);
      assert.equal(project.directory, join(configDir, "projects", project.name));
    }
    const times = projects.map((p) => p.lastActivity!.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });
});

test("listSessions: one project by cwd, titles, first prompts, newest first, head and tail only", async () => {
  await withSampleConfig(async (configDir) => {
    const counting = await countingFiles();
    const sessions = await history.listSessions("/home/dev/work/proj", { configDir, files: counting.files });
    assert.equal(sessions.length, 41);
    assert.equal(counting.streams(), 0, "no whole-file reads");
    const byId = new Map(sessions.map((s) => [s.sessionId, s]));
    const named = byId.get(caseIndex().h10_name.session_ids[0])!;
    assert.equal(named.title, "Reference Named Session");
    assert.equal(named.customTitle, "Reference Named Session");
    assert.equal(named.firstPrompt, "named session");
    const multi = byId.get(caseIndex().b1_multiturn_stdin.session_ids[0])!;
    assert.equal(multi.title, "first message");
    assert.equal(multi.cwd, "/home/dev/work/proj");
    assert.equal(multi.gitBranch, "HEAD");
    assert.equal(multi.createdAt.toISOString(), "2026-11-25T20:59:56.629Z");
    const control = byId.get(caseIndex().g5_control_misc.session_ids[0])!;
    assert.equal(control.firstPrompt, "SHOW_SYSTEM after set_model", "commands and meta entries are not prompts");
    for (const session of sessions) {
      assert.equal(session.size, (await readFile(session.path)).length);
      assert.ok(session.title !== null && session.title.length > 0, session.sessionId);
    }
    const times = sessions.map((s) => s.modifiedAt.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });
});

test("listSessions: all projects without a path; subagent transcripts are not sessions", async () => {
  await withSampleConfig(async (configDir) => {
    const sessions = await history.listSessions(undefined, { configDir });
    assert.equal(sessions.length, 46);
    assert.ok(sessions.every((s) => !s.path.includes("/subagents/")));
    const long = sessions.find((s) => s.cwd?.startsWith("/home/dev/work/longlong"))!;
    assert.equal((await history.listSessions(long.cwd!, { configDir })).length, 1);
    assert.equal((await history.listSessions("/nowhere/at/all", { configDir })).length, 0);
  });
});

test("listSessions: a long file is read at its two ends only", async () => {
  await withTempDir(async (configDir) => {
    const dir = join(configDir, "projects", "-p");
    await mkdir(dir, { recursive: true });
    const line = (i: number) =>
      JSON.stringify({
        type: "user",
        uuid: `u${i}`,
        parentUuid: i ? `u${i - 1}` : null,
        cwd: "/p",
        timestamp: new Date(i * 1000).toISOString(),
        message: { content: `prompt ${i} ${"x".repeat(1000)}` },
      });
    const lines = Array.from({ length: 2000 }, (_, i) => line(i));
    await writeFile(
      join(dir, "s.jsonl"),
      lines.join("\n") + "\n" + JSON.stringify({ type: "custom-title", customTitle: "late title" }) + "\n",
    );
    const counting = await countingFiles();
    const [session] = await history.listSessions(undefined, { configDir, files: counting.files });
    assert.equal(session.title, "late title");
    assert.equal(session.firstPrompt, `prompt 0 ${"x".repeat(1000)}`);
    assert.ok(counting.bytes() <= 2 * 16 * 1024, `read ${counting.bytes()} bytes of ${session.size}`);
    assert.ok((session.size ?? 0) > 2_000_000);
  });
});

test("listSessions: a NUL-padded line with a 1 MiB run of NULs inside is trimmed in one pass; the prompt after it is found", async () => {
  await withTempDir(async (configDir) => {
    const dir = join(configDir, "projects", "-p");
    await mkdir(dir, { recursive: true });
    // A backtracking /[\0\r]+$/ would take hours on this line (the head is read on past it for the first prompt).
    const damaged = "\0x" + "\0".repeat(1 << 20) + "y\0";
    const prompt = JSON.stringify({
      type: "user",
      uuid: "u0",
      parentUuid: null,
      cwd: "/p",
      timestamp: new Date(0).toISOString(),
      message: { content: "after the damage" },
    });
    await writeFile(join(dir, "s.jsonl"), `${damaged}\n${prompt}\n`);
    const [session] = await history.listSessions(undefined, { configDir });
    assert.equal(session.firstPrompt, "after the damage");
  });
});

test("summary: custom title, else summary / AI title, else first prompt", async () => {
  await withTempDir(async (configDir) => {
    const dir = join(configDir, "projects", "-p");
    await mkdir(dir, { recursive: true });
    const user = JSON.stringify({
      type: "user",
      uuid: "u",
      parentUuid: null,
      message: { content: "the first prompt" },
    });
    await writeFile(join(dir, "plain.jsonl"), user + "\n");
    await writeFile(
      join(dir, "summarised.jsonl"),
      user + "\n" + JSON.stringify({ type: "summary", summary: "User asked about GenServers", leafUuid: "u" }) + "\n",
    );
    await writeFile(
      join(dir, "ai.jsonl"),
      user + "\n" + JSON.stringify({ type: "ai-title", aiTitle: "Generated title" }) + "\n",
    );
    await writeFile(
      join(dir, "named.jsonl"),
      JSON.stringify({ type: "custom-title", customTitle: "Mine" }) + "\n" + user + "\n" +
        JSON.stringify({ type: "summary", summary: "ignored" }) + "\n",
    );
    await writeFile(join(dir, "meta-only.jsonl"), JSON.stringify({ type: "mode", mode: "normal" }) + "\n");
    assert.equal(await history.summary("plain", { configDir }), "the first prompt");
    assert.equal(await history.summary("summarised", { configDir }), "User asked about GenServers");
    assert.equal(await history.summary("ai", { configDir }), "Generated title");
    assert.equal(await history.summary("named", { configDir }), "Mine");
    assert.equal(await history.summary("meta-only", { configDir }), null);
  });
});

test("listings: an unreadable, empty or corrupt file is reported and skipped, never fatal", async () => {
  await withSampleConfig(async (configDir) => {
    const dir = join(configDir, "projects", "-home-dev-work-proj");
    await writeFile(join(dir, "empty.jsonl"), "");
    await writeFile(join(dir, "garbage.jsonl"), "\0\0\0not json at all\n{{{\n");
    // A directory where a session file is expected: unreadable on every runtime, also as root (chmod 000 is not).
    await mkdir(join(dir, "dir.jsonl"));
    await mkdir(join(configDir, "projects", "-not-a-dir-file"), { recursive: true });
    await writeFile(join(configDir, "projects", "stray.txt"), "not a project");
    const sink = errorSink();
    const sessions = await history.listSessions("/home/dev/work/proj", { configDir, onError: sink.onError });
    assert.equal(sessions.length, 41);
    const reasons = sink.errors.map((e) => `${e.code}:${e.details.reason ?? ""}`).sort();
    // The directory named like a session is not a session: reported (UNREADABLE_HISTORY, EISDIR), not listed.
    assert.deepEqual(reasons, ["CORRUPT_HISTORY:empty-file", "CORRUPT_HISTORY:no-entries", "UNREADABLE_HISTORY:"]);
    const projects = await history.listProjects({ configDir, onError: sink.onError });
    assert.equal(projects.length, 7);
    assert.equal(projects.find((p) => p.name === "-not-a-dir-file")?.path, null);
  });
});

test("listings: a session file that cannot be opened is reported with its OS code", async () => {
  await withSampleConfig(async (configDir) => {
    const host = (await currentRuntime()).files;
    const denied = join(configDir, "projects", "-home-dev-work-proj", "e95c2bca-5331-4b4a-b591-e1ae234ed7ff.jsonl");
    const eacces = () => Promise.reject(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }));
    const files: FileAdapter = {
      ...host,
      readEnds: (path, length) => path === denied ? eacces() : host.readEnds(path, length),
      readStream: (path) =>
        path === denied
          ? new ReadableStream({ pull: (c) => c.error(Object.assign(new Error("denied"), { code: "EACCES" })) })
          : host.readStream(path),
    };
    const sink = errorSink();
    const sessions = await history.listSessions(undefined, { configDir, files, onError: sink.onError });
    assert.equal(sessions.length, 45);
    assert.equal(sink.errors.length, 1);
    assert.equal(sink.errors[0].code, "UNREADABLE_HISTORY");
    assert.equal(sink.errors[0].details.osCode, "EACCES");
    assert.equal(sink.errors[0].details.path, denied);
    await assert.rejects(history.conversation("e95c2bca-5331-4b4a-b591-e1ae234ed7ff", { configDir, files }), {
      code: "UNREADABLE_HISTORY",
    });
  });
});

test("listings: a missing config dir lists nothing; the config dir comes from CLAUDE_CONFIG_DIR, else ~/.claude", async () => {
  await withTempDir(async (dir) => {
    assert.deepEqual(await history.listProjects({ configDir: join(dir, "none") }), []);
    assert.deepEqual(await history.listSessions(undefined, { configDir: join(dir, "none") }), []);
    const fromEnv = await resolveHistory({
      runtime: { env: (n) => n === "CLAUDE_CONFIG_DIR" ? "/cfg" : undefined, homeDir: () => "/home/me" },
    });
    assert.equal(fromEnv.projectsDir, "/cfg/projects");
    const fromHome = await resolveHistory({ runtime: { env: () => undefined, homeDir: () => "/home/me" } });
    assert.equal(fromHome.projectsDir, "/home/me/.claude/projects");
  });
});

test("listSessions: a session being written (truncated last line) is listed from what is complete", async () => {
  await withTempDir(async (configDir) => {
    const dir = join(configDir, "projects", "-p");
    await mkdir(dir, { recursive: true });
    const path = join(dir, "live.jsonl");
    await writeFile(
      path,
      JSON.stringify({ type: "user", uuid: "u", parentUuid: null, message: { content: "live prompt" } }) + "\n",
    );
    await appendFile(path, '{"type":"assistant","uuid":"a","parentUuid":"u","mess');
    await utimes(path, new Date(), new Date(2_000_000_000_000));
    const [session] = await history.listSessions(undefined, { configDir });
    assert.equal(session.title, "live prompt");
    assert.equal(session.modifiedAt.getTime(), 2_000_000_000_000);
    assert.deepEqual((await readdir(dir)).length, 1);
    await rm(path);
  });
});

test("listSessions: a first prompt longer than the first read is found by one wider read", async () => {
  await withTempDir(async (configDir) => {
    const dir = join(configDir, "projects", "-p");
    await mkdir(dir, { recursive: true });
    const long = "long prompt " + "y".repeat(100_000);
    const filler = Array.from(
      { length: 300 },
      (_, i) =>
        JSON.stringify({
          type: "assistant",
          uuid: `a${i}`,
          parentUuid: i ? `a${i - 1}` : "u",
          message: { content: [{ type: "text", text: "z".repeat(500) }] },
        }),
    );
    await writeFile(
      join(dir, "s.jsonl"),
      [JSON.stringify({ type: "user", uuid: "u", parentUuid: null, message: { content: long } }), ...filler].join(
        "\n",
      ) + "\n",
    );
    const counting = await countingFiles();
    const [session] = await history.listSessions(undefined, { configDir, files: counting.files });
    assert.equal(session.firstPrompt, long);
    assert.ok(counting.bytes() <= 2 * 16 * 1024 + 2 * 256 * 1024);
  });
});

test("listSessions / conversation: a symlinked project path finds the sessions the CLI filed under the real path", async () => {
  await withTempDir(async (dir) => {
    const { realpath, symlink } = await import("node:fs/promises");
    const real = join(await realpath(dir), "real proj");
    await mkdir(real);
    await symlink(real, join(dir, "link"));
    const configDir = join(dir, "config");
    const folder = join(configDir, "projects", history.encodeProjectPath(real));
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, "s1.jsonl"),
      JSON.stringify({ type: "user", uuid: "u", parentUuid: null, cwd: real, message: { content: "via link" } }) + "\n",
    );
    const sessions = await history.listSessions(join(dir, "link"), { configDir });
    assert.deepEqual(sessions.map((s) => [s.sessionId, s.cwd]), [["s1", real]]);
    const messages = await history.conversation("s1", { configDir, projectPath: join(dir, "link") });
    assert.deepEqual(messages.map((m) => m.text), ["via link"]);
  });
});

test("a <id>.jsonl that is a directory, a FIFO or a link to a device: UNREADABLE_HISTORY by id, reported and skipped by listings; a link to a session file is one", async () => {
  await withTempDir(async (configDir) => {
    const dir = join(configDir, "projects", "-p");
    await mkdir(dir, { recursive: true });
    const ids = {
      dir: "11111111-1111-4111-8111-111111111111",
      fifo: "22222222-2222-4222-8222-222222222222",
      device: "33333333-3333-4333-8333-333333333333",
      link: "44444444-4444-4444-8444-444444444444",
    };
    await mkdir(join(dir, `${ids.dir}.jsonl`));
    execFileSync("mkfifo", [join(dir, `${ids.fifo}.jsonl`)]);
    await symlink("/dev/null", join(dir, `${ids.device}.jsonl`));
    const real = join(configDir, "elsewhere.jsonl");
    await writeFile(
      real,
      JSON.stringify({
        type: "user",
        uuid: "u0",
        parentUuid: null,
        cwd: "/p",
        timestamp: new Date(0).toISOString(),
        message: { content: "linked" },
      }) + "\n",
    );
    await symlink(real, join(dir, `${ids.link}.jsonl`));
    const expected = { [ids.dir]: "EISDIR", [ids.fifo]: "EFTYPE", [ids.device]: "EFTYPE" };
    for (const [id, osCode] of Object.entries(expected)) {
      for (const read of [history.conversation, history.readSession, history.findSession]) {
        await assert.rejects(
          read(id, { configDir }),
          (error) => isClaudeCodeError(error, "UNREADABLE_HISTORY") && error.details.osCode === osCode,
        );
      }
    }
    const sink = errorSink();
    const sessions = await history.listSessions("/p", { configDir, onError: sink.onError });
    assert.deepEqual(sessions.map((session) => [session.sessionId, session.firstPrompt]), [[ids.link, "linked"]]);
    assert.deepEqual(sink.errors.map((error) => [error.code, error.details.osCode]).sort(), [
      ["UNREADABLE_HISTORY", "EFTYPE"],
      ["UNREADABLE_HISTORY", "EFTYPE"],
      ["UNREADABLE_HISTORY", "EISDIR"],
    ]);
  });
});
