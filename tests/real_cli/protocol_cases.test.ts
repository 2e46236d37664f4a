/**
 * The protocol cases as scripts (`protocol_cases.json`) and the recorder's file format, without the real CLI: the
 * scripts reproduce every shared recording's `cmd.txt` byte for byte, their prerequisites come first, the quoting is
 * bash's, and a recording made with the fake CLI as the binary reads back with `recordedCases` and conforms.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fakeCli } from "../../testing.ts";
import { replayAll } from "../fake-cli/_conformance.ts";
import { recordedCases, recordingSets, shellWords } from "../fake-cli/_transcripts.ts";
import { caseProblems, loadProtocolCases, resolveCase, selectCases } from "./protocol_cases.ts";
import { commandLine, recordCases, RECORDED_WORK, recordedPaths, requireLoopback, shellQuote } from "./recorder.ts";

const { cases } = loadProtocolCases();
const names = (list: { name: string }[]) => list.map((c) => c.name);

test("the case scripts are sound: unique names, every prerequisite earlier and listed", () => {
  assert.deepEqual(caseProblems(cases), []);
});

for (const set of recordingSets) {
  test(`every case of the CLI ${set.name} recordings has a script, in the recorded order (cases added since may come anywhere)`, () => {
    const recorded = names(recordedCases(set));
    assert.deepEqual(names(cases).filter((name) => recorded.includes(name)), recorded);
  });

  test(`each case script gives its CLI ${set.name} cmd.txt byte for byte (with that recording's session ids)`, () => {
    const recorded = new Map(recordedCases(set).map((r) => [r.name, r]));
    const sessionOf = (name: string) => recorded.get(name)?.sessionIds[0];
    for (const c of cases.filter((c) => recorded.has(c.name))) {
      const want = fs.readFileSync(path.join(set.dir, "transcripts", `${c.name}.cmd.txt`), "utf8");
      assert.equal(commandLine(resolveCase(c, { work: RECORDED_WORK, sessionOf })) + "\n", want, c.name);
    }
  });
}

test("selecting cases brings the cases they require, in file order", () => {
  assert.deepEqual(names(selectCases(cases, ["k4_resume_by_title", "c1_resume_print"])), [
    "b1_multiturn_stdin",
    "c1_resume_print",
    "h10_name",
    "k4_resume_by_title",
  ]);
  assert.equal(selectCases(cases).length, cases.length);
  assert.throws(() => selectCases(cases, ["z9_no_such_case"]), /no protocol case named z9_no_such_case/);
});

test("a session placeholder of a case that reported no session id is an error", () => {
  const c1 = cases.find((c) => c.name === "c1_resume_print")!;
  assert.throws(
    () => resolveCase(c1, { work: "/w", sessionOf: () => undefined }),
    /b1_multiturn_stdin.*has reported no session id/,
  );
});

test("words are quoted like bash's printf %q, and read back by the transcript reader", () => {
  const bash: [string, string][] = [
    ["", "''"],
    ["hello text", "hello\\ text"],
    ["a,b", "a\\,b"],
    ["~a", "\\~a"],
    ["a~", "a~"],
    ["x=~a", "x=\\~a"],
    ["a=b~c", "a=b~c"],
    ["#a", "\\#a"],
    ["a#b", "a#b"],
    ["it's", "it\\'s"],
    ["$HOME", "\\$HOME"],
    ["[x]", "\\[x\\]"],
    ["a%b@c+d/e.f-g_h=", "a%b@c+d/e.f-g_h="],
    ["Bash(touch:*)", "Bash\\(touch:\\*\\)"],
  ];
  for (const [word, quoted] of bash) assert.equal(shellQuote(word), quoted, word);
  for (const word of [...bash.map(([w]) => w), "two\nlines", "tab\tand 'quote'", "back\\slash\n"]) {
    assert.deepEqual(shellWords(`claude ${shellQuote(word)} x`), ["claude", word, "x"], JSON.stringify(word));
  }
});

test("the recorder names its temporary root /home/dev, in paths and in project folder names", () => {
  const toRecorded = recordedPaths("/tmp/cs-record-AbC123");
  assert.equal(toRecorded(`{"cwd":"/tmp/cs-record-AbC123/work/proj"}`), `{"cwd":"/home/dev/work/proj"}`);
  assert.equal(toRecorded("-tmp-cs-record-AbC123-work-proj/x.jsonl"), "-home-dev-work-proj/x.jsonl");
  assert.equal(
    toRecorded("/tmp/cs-record-AbC123/home/.claude/projects/-tmp-cs-record-AbC123-work-proj/memory/"),
    "/home/dev/home/.claude/projects/-home-dev-work-proj/memory/",
  );
});

test("the recorder refuses a stand-in anywhere but 127.0.0.1, and the copy of the shared recordings as its output", async () => {
  for (const url of ["https://api.anthropic.com", "http://localhost:8080", "http://10.0.0.1:80", "not a url"]) {
    assert.throws(() => requireLoopback(url), /must be on 127\.0\.0\.1/, url);
  }
  requireLoopback("http://127.0.0.1:4000");
  await assert.rejects(
    recordCases(path.join(recordingSets[1].dir, "x"), { cli: "claude", baseUrl: "http://127.0.0.1:9" }),
    /faithful copy/,
  );
});

test("a recording made with the fake CLI as the binary reads back with recordedCases, and the fake conforms to it", {
  timeout: 120_000,
}, async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "cs-recorder-test-"));
  try {
    // one stdin session, a resume of it, a denied tool, a malformed line, a symlinked cwd; the fake needs no API
    const wanted = ["c1_resume_print", "g4_can_use_tool_deny", "i6_malformed_stdin_first", "j1_symlinked_cwd"];
    const result = await recordCases(out, { cli: fakeCli.path, baseUrl: "http://127.0.0.1:9", names: wanted });
    assert.deepEqual(names(result.cases), ["b1_multiturn_stdin", ...wanted]);
    const set = { name: "fake", dir: out, fakeVersion: "2.1.332" };
    const readBack = recordedCases(set);
    const b1 = readBack[0].sessionIds[0];
    assert.deepEqual(
      readBack.map((r) => [r.name, r.args, r.cwd, r.steps, r.permissions]),
      selectCases(cases, wanted).map((c) => {
        const resolved = resolveCase(c, { work: RECORDED_WORK, sessionOf: () => b1 });
        return [c.name, resolved.args, `${RECORDED_WORK}/${c.cwd}`, resolved.steps, c.permissions];
      }),
    );
    assert.deepEqual(readBack.map((r) => r.exit), [0, 0, 0, 1, 0]);
    assert.ok(fs.existsSync(path.join(out, "projects-sample", "-home-dev-work-proj", `${b1}.jsonl`)));
    const outcomes = await replayAll(set);
    assert.deepEqual([...outcomes.values()].flatMap((o) => o.problems.map((p) => `${o.recorded.name}: ${p}`)), []);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
