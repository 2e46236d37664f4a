/**
 * Types of the fake CLI core (`core.js`), for TypeScript callers such as `testing.ts`.
 * @module
 */

/** What a scripted turn does instead of (or on top of) the fake model's recorded behaviour. */
export interface TurnSpec {
  /** Reply text of the first answer instead of `turns=N last=... history=...`. */
  text?: string;
  /** Reply blocks of the first answer: `{type:"text",text}`, `{type:"thinking",thinking}`, `{type:"tool_use",name,input}`. */
  blocks?: Array<Record<string, unknown>>;
  /** Milliseconds between deltas. */
  delayMs?: number;
  /** Characters per delta. */
  chunkSize?: number;
  /** Fail the turn like the recorded API errors: 400, 401, 429, 500 or 529. */
  apiError?: number;
  /** End the process mid-turn once `afterChunks` deltas are out: with `exitCode`, or by `signal`. */
  crash?: { afterChunks?: number; exitCode?: number; signal?: string; stderr?: string };
  /** Stop producing output once `afterChunks` deltas are out; SIGTERM is ignored unless `ignoreSigterm: false`. */
  hang?: { afterChunks?: number; ignoreSigterm?: boolean };
  /** Append a text block of this many MiB, so one stdout line is that long. */
  bigLineMiB?: number;
  /** Non-JSON lines printed on stdout before the turn. */
  noise?: string[];
  /** Lines printed on stderr at the start of the turn. */
  stderr?: string[];
}

/** A scenario file's content. */
export interface Scenario {
  /** Milliseconds before the fake reads stdin or prints anything. */
  startDelayMs?: number;
  /** Lines printed on stderr at start. */
  stderr?: string[];
  /** Non-JSON lines printed on stdout at start. */
  noise?: string[];
  /** The i-th entry scripts the i-th turn of the process. */
  turns?: TurnSpec[];
  /** Applies to turns after the scripted ones. */
  default?: TurnSpec;
  /** Applies to any turn (of any process) whose prompt contains `contains`; wins over `turns`. */
  when?: Array<TurnSpec & { contains: string }>;
}

/** How the fake process ended. */
export interface FakeExitStatus {
  /** Exit code; null when a signal ended the process. */
  code: number | null;
  /** Name of the signal that ended the process (`SIGTERM`...); null when it exited with a code. */
  signal: string | null;
}

/** Where the fake runs. */
export interface FakeHost {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdin: AsyncIterable<Uint8Array | string>;
  stdout(text: string): void | Promise<void>;
  stderr(text: string): void | Promise<void>;
  pid?: number;
  scenario?: Scenario;
  ignoreSigterm?(ignore: boolean): void;
}

/** A running fake. */
export interface FakeRun {
  exited: Promise<FakeExitStatus>;
  signal(name: string): void;
}

/** Starts the fake CLI on a host. */
export function runFake(host: FakeHost): FakeRun;
