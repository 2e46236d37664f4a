/** The TypeScript code blocks of the guides in `docs/`, and how one runs standalone on the current runtime. */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runtimeName } from "../../src/runtime/current.ts";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** One fenced block of a guide. */
export interface CodeBlock {
  /** `docs/<name>.md`. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Fenced as ```ts no-run: shown, not run. */
  noRun: boolean;
  /** Fenced as ```ts deno (or bun, node): runs on that runtime only. */
  runtime?: RuntimeName;
  /** Fenced as ```ts server: a server that never ends; it is requested once it prints `listening on <url>`. */
  server: boolean;
  code: string;
}

/** The runtimes a block can be written for. */
export type RuntimeName = "deno" | "bun" | "node";
const RUNTIMES: readonly string[] = ["deno", "bun", "node"];

const OPENING = /^```(ts|typescript)(?:\s+(.*))?$/;

/** Every ```ts block of every `docs/*.md`, in file and line order. */
export function guideBlocks(): CodeBlock[] {
  const files = readdirSync(`${ROOT}docs`).filter((name) => name.endsWith(".md")).sort();
  return files.flatMap((name) => blocksOf(`docs/${name}`, readFileSync(`${ROOT}docs/${name}`, "utf8")));
}

/** The ```ts blocks of one markdown text; blocks in other languages are left alone. */
export function blocksOf(file: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (fence === null) continue;
    const end = lines.findIndex((text, j) => j > i && text.trim() === fence[1]);
    const close = end < 0 ? lines.length : end;
    const opening = OPENING.exec(`\`\`\`${fence[2].trim()}`);
    if (opening !== null) {
      const flags = (opening[2] ?? "").split(/\s+/);
      const runtime = flags.find((flag) => RUNTIMES.includes(flag)) as RuntimeName | undefined;
      const code = lines.slice(i + 1, close).join("\n");
      blocks.push({
        file,
        line: i + 1,
        noRun: flags.includes("no-run"),
        ...(runtime ? { runtime } : {}),
        server: flags.includes("server"),
        code,
      });
    }
    i = close;
  }
  return blocks;
}

/**
 * The block with the package's names (`@claude-stream/sdk`, `jsr:`/`npm:` forms, and the npm name `claude-stream`,
 * each also with `/testing`) pointing at this checkout's `mod.ts` and `testing.ts`, and the guides' paths from the
 * repository root (`./examples/...`) at this checkout's files.
 */
export function mapImports(code: string): string {
  const entry = (sub: string | undefined) => pathToFileURL(`${ROOT}${sub ? sub.slice(1) : "mod"}.ts`).href;
  return code
    .replace(
      /(["'])(?:jsr:|npm:)?(@claude-stream\/sdk|claude-stream)(?:@[^/"']+)?(\/testing|\/protocol|\/stores\/postgres)?\1/g,
      (_, quote, _name, sub) => `${quote}${entry(sub)}${quote}`,
    )
    .replace(
      /(["'])\.\/((?:examples|fake-cli)\/[^"']+)\1/g,
      (_, quote, path) => `${quote}${pathToFileURL(ROOT + path).href}${quote}`,
    );
}

/** Whether a block is a test file (it imports `node:test`): it runs under the runtime's test runner. */
export function isTestFile(code: string): boolean {
  return /from\s+["']node:test["']/.test(code);
}

/**
 * How the current runtime runs a TypeScript file standalone; a test file (named `*.test.ts`) under its test runner,
 * since Bun runs `node:test` tests only inside `bun test`.
 */
export function runCommand(file: string, asTest = false): string[] {
  const bin = `${ROOT}node_modules/.bin`;
  const name = runtimeName();
  if (name === "deno") {
    return [`${bin}/deno`, asTest ? "test" : "run", "-A", "--no-lock", "--config", `${ROOT}deno.json`, file];
  }
  if (name === "bun") return asTest ? [`${bin}/bun`, "test", "--timeout", "60000", file] : [`${bin}/bun`, file];
  const tsx = ["--import", pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href];
  return [process.execPath, ...tsx, ...(asTest ? ["--test"] : []), file];
}

/** What a run gave. */
export interface RunResult {
  code: number | null;
  signal: string | null;
  output: string;
  timedOut: boolean;
}

/** Runs a command to its end, killing it (and failing) after `timeoutMs`. */
export function runToEnd(
  command: string[],
  options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number },
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(command[0], command.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let timedOut = false;
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, output: `${output}${error.message}`, timedOut });
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}

/** A server started by {@link startServer}. */
export interface StartedServer {
  /** The URL it printed after `listening on`. */
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then its exit code (null for a signal). */
  stop(): Promise<number | null>;
}

/** Starts a server command and resolves once it prints `listening on <url>` (any case); rejects if it exits first. */
export function startServer(
  command: string[],
  options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number },
): Promise<StartedServer> {
  const child = spawn(command[0], command.slice(1), {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = () => {
    child.kill("SIGTERM");
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no "listening on" within ${options.timeoutMs} ms:\n${output}`));
    }, options.timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk;
      const found = /listening on (\S+)/i.exec(output);
      if (found === null) return;
      clearTimeout(timer);
      resolve({ url: found[1], child, output: () => output, stop });
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${output}`));
    });
  });
}
