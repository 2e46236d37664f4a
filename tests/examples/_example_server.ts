/** Starts the example chat servers (`examples/*_serve.ts`, `examples/node_http.ts`) as child processes for tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { REAL_CLI } from "../cli_under_test.ts";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A runtime that has an example server. */
export type ServerRuntime = "deno" | "bun" | "node";

/** The example each runtime serves, and how that runtime starts it. */
export function exampleCommand(runtime: ServerRuntime): string[] {
  const bin = `${ROOT}node_modules/.bin`;
  if (runtime === "deno") {
    return [`${bin}/deno`, "run", "-A", "--no-lock", "--config", `${ROOT}deno.json`, `${ROOT}examples/deno_serve.ts`];
  }
  if (runtime === "bun") return [`${bin}/bun`, `${ROOT}examples/bun_serve.ts`];
  // --import is resolved from the cwd, which is a temp dir: name tsx's loader by its full URL.
  return [
    nodeBinary(),
    "--import",
    pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href,
    `${ROOT}examples/node_http.ts`,
  ];
}

/** Node itself, also when the tests run on Deno or Bun (whose `process.execPath` is their own binary). */
function nodeBinary(): string {
  return /node(\.exe)?$/.test(process.execPath) ? process.execPath : "node";
}

/** A running example server. */
export interface ExampleServer {
  url: string;
  /** Everything it printed, for failure messages. */
  output(): string;
  /** SIGTERM (the example stops its sessions), SIGKILL if it lingers; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts `runtime`'s example with a free port in `cwd`, keeping its history in `configDir`, on the CLI under test. */
export async function startExample(
  runtime: ServerRuntime,
  cwd: string,
  configDir: string,
  env: Record<string, string> = {},
): Promise<ExampleServer> {
  const [command, ...args] = exampleCommand(runtime);
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    CLAUDE_CONFIG_DIR: configDir,
    NO_COLOR: "1",
    ...env,
  };
  // The example runs the fake unless CLAUDE_STREAM_CLI_PATH names a CLI: the real one under test, or none.
  if (REAL_CLI !== undefined) childEnv.CLAUDE_STREAM_CLI_PATH = REAL_CLI;
  else delete childEnv.CLAUDE_STREAM_CLI_PATH;
  const child = spawn(command, args, { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = () => stopChild(child, exited);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${runtime} example did not start:\n${output}`)), 60_000);
      const look = () => {
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match === null) return;
        clearTimeout(timer);
        resolve(match[1]);
      };
      child.stdout!.on("data", look);
      child.once("exit", (code) => reject(new Error(`${runtime} example exited with ${code}:\n${output}`)));
    });
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
