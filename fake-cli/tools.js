// @ts-check
/**
 * The fake's tools: the permission decision the recorded CLI made (allowed by `--allowedTools` or the permission
 * mode, asked over `can_use_tool`, or denied) and running the tool for real in the session's cwd.
 * @module
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
/** @import { ToolInput } from "./messages.js" */
/** @import { Block } from "./model.js" */

/** Tools that never ask. */
const READ_ONLY = new Set([
  "Read",
  "Glob",
  "Grep",
  "LS",
  "Task",
  "Agent",
  "TodoWrite",
  "WebSearch",
  "WebFetch",
  "TaskOutput",
]);
/** Tools that `acceptEdits` allows. */
const EDITS = new Set(["Write", "Edit", "MultiEdit", "NotebookEdit"]);

/** The commands a single read-only Bash call may run (2.1.332 runs them without asking). */
const READ_ONLY_COMMANDS = new Set(["ls", "cat", "echo", "pwd", "head", "tail", "wc"]);

/**
 * @typedef {{ allowedTools: string[], disallowedTools: string[], tools: string[], permissionMode: string, cli?: { has(behaviour: string): boolean }, cwd?: string, options?: { addDir?: string[] } }} PermissionSetup
 * @typedef {{ decision: "allow", reason?: string } | { decision: "ask" } | { decision: "deny", message: string }} Permission
 */

/**
 * Whether a tool call may run without asking.
 *
 * @example
 * ```js
 * import { decidePermission } from "./tools.js";
 * decidePermission("Bash", { command: "touch a" }, { allowedTools: ["Bash(touch:*)"], disallowedTools: [], tools: ["Bash"], permissionMode: "default" });
 * // { decision: "allow" }
 * ```
 * @param {string} name
 * @param {ToolInput} input
 * @param {PermissionSetup} setup
 * @returns {Permission}
 */
export function decidePermission(name, input, setup) {
  if (!setup.tools.includes(name) && !(name === "Agent" && setup.tools.includes("Task"))) {
    return { decision: "deny", message: `<tool_use_error>Error: No such tool available: ${name}</tool_use_error>` };
  }
  if (setup.disallowedTools.some((rule) => ruleMatches(rule, name, input))) {
    return { decision: "deny", message: `Permission to use ${name} has been denied.` };
  }
  if (setup.permissionMode === "bypassPermissions") return { decision: "allow", reason: "mode" };
  if (READ_ONLY.has(name)) return { decision: "allow" };
  // an edit outside the working directories (cwd and `--add-dir`) is asked about whatever the mode (m29, m30)
  if (EDITS.has(name) && outsideWorkingDirs(input?.file_path, setup)) return { decision: "ask" };
  if (EDITS.has(name) && setup.permissionMode === "acceptEdits") return { decision: "allow", reason: "mode" };
  const rule = setup.allowedTools.find((rule) => ruleMatches(rule, name, input));
  // the reason 2.1.332 reports: a whole-tool rule, or a Bash rule matched command by command
  if (rule) return { decision: "allow", reason: rule.includes("(") && name === "Bash" ? "subcommandResults" : "rule" };
  // 2.1.332 lets a read-only command through as if a rule had matched it, without asking (features/m5: `echo`)
  if (name === "Bash" && setup.cli?.has("readOnlyBash") && isReadOnlyCommand(String(input?.command ?? ""))) {
    return { decision: "allow", reason: "subcommandResults" };
  }
  return { decision: "ask" };
}

/**
 * Whether a Bash command is one the fake treats as read-only: a single simple command among `ls`, `cat`, `echo`,
 * `pwd`, `head`, `tail` and `wc`, with no redirection, pipe, command list, substitution or variable. (The recordings
 * show `echo` only; the rest is a deliberately narrow choice.)
 *
 * @example
 * ```js
 * import { isReadOnlyCommand } from "./tools.js";
 * isReadOnlyCommand("ls -la src"); // true
 * isReadOnlyCommand("echo hi > out.txt"); // false
 * ```
 * @param {string} command
 */
export function isReadOnlyCommand(command) {
  if (/[|&;<>`$(){}\n\\]/.test(command)) return false;
  const [program] = command.trim().split(/\s+/);
  return READ_ONLY_COMMANDS.has(program);
}

/**
 * The message of a call denied because nobody could be asked (no `--permission-prompt-tool`), as recorded.
 *
 * @example
 * ```js
 * import { unaskedDenial } from "./tools.js";
 * unaskedDenial("Bash", { command: "ls" }, "/w"); // "Claude requested permissions to use Bash, but you haven't granted it yet."
 * ```
 * @param {string} name
 * @param {ToolInput} input
 * @param {string} cwd
 * @param {boolean} [asksInCwd] the wording of CLI 2.1.332 (the path needs approval), else 2.1.197's (blocked)
 */
export function unaskedDenial(name, input, cwd, asksInCwd = false) {
  const touch = name === "Bash" ? /^touch\s+(\S+)\s*$/.exec(String(input?.command ?? "")) : null;
  if (touch && asksInCwd) {
    return `touch in '${
      path.resolve(cwd, touch[1])
    }' needs approval. The path is inside the working directories for this session ('${cwd}'), and Claude Code asks before a shell command creates, changes or removes files there.`;
  }
  if (touch) {
    return `touch in '${
      path.resolve(cwd, touch[1])
    }' was blocked. For security, Claude Code may only create or modify files in the allowed working directories for this session: '${cwd}'.`;
  }
  if (EDITS.has(name) && outsideWorkingDirs(input?.file_path, { cwd })) {
    return `Claude requested permissions to write to ${
      path.resolve(cwd, String(input?.file_path))
    }, but you haven't granted it yet.`;
  }
  return `Claude requested permissions to use ${name}, but you haven't granted it yet.`;
}

/**
 * Whether an edit's path is outside the session's working directories: its cwd and the `--add-dir` ones.
 * @param {unknown} filePath
 * @param {{ cwd?: string, options?: { addDir?: string[] } }} setup
 */
function outsideWorkingDirs(filePath, setup) {
  if (typeof filePath !== "string" || setup.cwd === undefined) return false;
  const cwd = setup.cwd;
  const target = path.resolve(cwd, filePath);
  const inside = (/** @type {string} */ dir) => {
    const relative = path.relative(path.resolve(cwd, dir), target);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  };
  return ![cwd, ...(setup.options?.addDir ?? [])].some(inside);
}

/**
 * The `can_use_tool` request the CLI sends with `--permission-prompt-tool stdio`.
 *
 * @example
 * ```js
 * import { canUseToolRequest } from "./tools.js";
 * canUseToolRequest("Bash", { command: "touch a" }, "toolu_1", "/w").subtype; // "can_use_tool"
 * ```
 * @param {string} name
 * @param {ToolInput} input
 * @param {string} toolUseId
 * @param {string} cwd
 */
export function canUseToolRequest(name, input, toolUseId, cwd) {
  const command = String(input?.command ?? "");
  const target = name === "Bash" ? command.split(/\s+/).at(-1) ?? "" : String(input?.file_path ?? "");
  return {
    subtype: "can_use_tool",
    tool_name: name,
    display_name: name,
    input,
    description: input?.description ?? name,
    permission_suggestions: [
      {
        type: "addRules",
        rules: [{ toolName: name, ruleContent: command || target }],
        behavior: "allow",
        destination: "localSettings",
      },
      { type: "addDirectories", directories: [cwd], destination: "session" },
      { type: "setMode", mode: "acceptEdits", destination: "session" },
    ],
    blocked_path: path.resolve(cwd, target),
    tool_use_id: toolUseId,
  };
}

/**
 * What a tool call gives back: the tool_result content (text or text blocks) and the `tool_use_result`.
 * @typedef {{ content: string | Block[], isError: boolean, toolUseResult: unknown }} ToolOutcome
 */

/**
 * Runs a tool call in `cwd`: Bash through `/bin/sh -c`, Write and Read on the file system, anything else as a no-op
 * that succeeds (Task is `subagent.js`).
 *
 * @example
 * ```js
 * import { runTool } from "./tools.js";
 * const outcome = await runTool("Bash", { command: "echo one" }, { cwd: "/tmp", env: {} });
 * console.log(outcome.content); // "one"
 * ```
 * @param {string} name
 * @param {ToolInput} input
 * @param {{ cwd: string, env: Record<string, string | undefined> }} where
 * @returns {Promise<ToolOutcome>}
 */
export function runTool(name, input, where) {
  if (name === "Bash") return runBash(String(input?.command ?? ""), where);
  if (name === "Write") {
    return Promise.resolve(runWrite(String(input?.file_path ?? ""), String(input?.content ?? ""), where.cwd));
  }
  if (name === "Read") return Promise.resolve(runRead(String(input?.file_path ?? ""), where.cwd));
  return Promise.resolve({ content: `${name} completed`, isError: false, toolUseResult: {} });
}

/**
 * @param {string} command
 * @param {{ cwd: string, env: Record<string, string | undefined> }} where
 * @returns {Promise<ToolOutcome>}
 */
function runBash(command, where) {
  return new Promise((resolve) => {
    const env = /** @type {Record<string, string>} */ (Object.fromEntries(
      Object.entries(where.env).filter(([, v]) => v !== undefined),
    ));
    execFile(
      "/bin/sh",
      ["-c", command],
      { cwd: where.cwd, env, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const out = String(stdout).replace(/\n$/, "");
        const err = String(stderr).replace(/\n$/, "");
        if (error) {
          const code = typeof error.code === "number" ? error.code : 1;
          const text = [`Exit code ${code}`, err, out].filter(Boolean).join("\n");
          resolve({ content: text, isError: true, toolUseResult: `Error: ${text}` });
          return;
        }
        const content = out || err || "(Bash completed with no output)";
        resolve({
          content,
          isError: false,
          toolUseResult: {
            stdout: out,
            stderr: err,
            interrupted: false,
            isImage: false,
            noOutputExpected: out === "" && err === "",
          },
        });
      },
    );
  });
}

/**
 * @param {string} filePath
 * @param {string} content
 * @param {string} cwd
 * @returns {ToolOutcome}
 */
function runWrite(filePath, content, cwd) {
  const target = path.resolve(cwd, filePath);
  const original = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  const text = original === null
    ? `File created successfully at: ${target} (file state is current in your context — no need to Read it back)`
    : `The file ${target} has been updated successfully.`;
  return {
    content: text,
    isError: false,
    toolUseResult: {
      type: original === null ? "create" : "update",
      filePath: target,
      content,
      structuredPatch: [],
      originalFile: original,
      userModified: false,
    },
  };
}

/**
 * @param {string} filePath
 * @param {string} cwd
 * @returns {ToolOutcome}
 */
function runRead(filePath, cwd) {
  const target = path.resolve(cwd, filePath);
  let text;
  try {
    text = fs.readFileSync(target, "utf8");
  } catch {
    return {
      content: `File does not exist. Current working directory: ${cwd}`,
      isError: true,
      toolUseResult: "Error: File does not exist.",
    };
  }
  const lines = text.split("\n");
  const numbered = lines.map((line, i) => `${String(i + 1).padStart(6)}\t${line}`).join("\n");
  return {
    content: numbered,
    isError: false,
    toolUseResult: {
      type: "text",
      file: { filePath: target, content: text, numLines: lines.length, startLine: 1, totalLines: lines.length },
    },
  };
}

/**
 * Whether a permission rule such as `Bash`, `Bash(git log:*)` or `Write(src/**)` covers a call.
 *
 * @example
 * ```js
 * import { ruleMatches } from "./tools.js";
 * ruleMatches("Bash(git log:*)", "Bash", { command: "git log -1" }); // true
 * ```
 * @param {string} rule
 * @param {string} name
 * @param {ToolInput} input
 */
export function ruleMatches(rule, name, input) {
  const m = /^([\w-]+)(?:\((.*)\))?$/.exec(rule.trim());
  if (!m || (m[1] !== name && !(m[1] === "Task" && name === "Agent"))) return false;
  if (m[2] === undefined || m[2] === "*" || m[2] === "") return true;
  const subject = name === "Bash" ? String(input?.command ?? "") : String(input?.file_path ?? input?.path ?? "");
  if (m[2].endsWith(":*")) return subject.startsWith(m[2].slice(0, -2));
  if (m[2].endsWith("*")) return subject.startsWith(m[2].slice(0, -1));
  return subject === m[2];
}
