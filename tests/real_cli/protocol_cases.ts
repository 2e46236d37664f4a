/**
 * The protocol cases (those of tests/fixtures/protocol/README.md) as scripts the recorder runs:
 * `protocol_cases.json`, owned by the repo. It was generated once from the 2.1.332 recordings' `cmd.txt` files; a new
 * case is added by hand, after the cases it needs.
 *
 * A case's strings (`args`, `env` values, `steps`) may hold placeholders, filled in when the case runs:
 * `${work}` is the work root (`/home/dev/work` in the recordings), `${session:<case>}` the first session id that an
 * earlier case reported on stdout (so `--resume` finds the session that case made).
 * @module
 */
import * as fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { Step } from "../fake-cli/_support.ts";

/** Where the case scripts are. */
export const PROTOCOL_CASES_FILE: string = fileURLToPath(new URL("./protocol_cases.json", import.meta.url));

/** One protocol case as the recorder runs it. */
export interface ProtocolCase {
  /** The name of its transcript files (`a1_print_stream_json`). */
  name: string;
  /** The CLI's arguments after `claude`. */
  args: string[];
  /** Variables the case adds to the CLI's environment. */
  env?: Record<string, string>;
  /** The cwd, relative to the work root. */
  cwd: string;
  /** The stdin script (`drive.mjs` steps); without one stdin is closed at once and no `stdin.jsonl` is written. */
  steps?: Step[];
  /** Answer every `can_use_tool` request: allow with the same input, or deny. */
  permissions?: "allow" | "deny";
  /** Cases that must have run before, in the same config dir and work root (found by placeholders or titles). */
  requires?: string[];
}

/** The file: what the work root holds before the first case, and the cases in the order they run. */
export interface ProtocolCases {
  workRoot: {
    /** Folders to create, relative to the work root. */
    dirs: string[];
    /** Symlinks to create: link name -> target, both relative to the work root. */
    symlinks: Record<string, string>;
  };
  cases: ProtocolCase[];
}

/** What fills the placeholders of a case. */
export interface PlaceholderValues {
  work: string;
  /** The first session id the named case reported (undefined when it has not run or reported none). */
  sessionOf(name: string): string | undefined;
}

/** The cases of a file (the repo's by default). */
export function loadProtocolCases(file: string = PROTOCOL_CASES_FILE): ProtocolCases {
  return JSON.parse(fs.readFileSync(file, "utf8")) as ProtocolCases;
}

/**
 * The named cases and, transitively, the cases they require, in file order; all cases when no name is given.
 * Throws on an unknown name.
 */
export function selectCases(cases: ProtocolCase[], names: string[] = []): ProtocolCase[] {
  if (names.length === 0) return cases;
  const byName = new Map(cases.map((c) => [c.name, c]));
  const wanted = new Set<string>();
  const add = (name: string) => {
    const found = byName.get(name);
    if (!found) throw new Error(`no protocol case named ${name}`);
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const required of found.requires ?? []) add(required);
  };
  names.forEach(add);
  return cases.filter((c) => wanted.has(c.name));
}

const PLACEHOLDER = /\$\{(work|session:([A-Za-z0-9_]+))\}/g;

/** The names of the cases whose session ids a case's placeholders use. */
export function sessionPlaceholdersOf(c: ProtocolCase): string[] {
  const names = new Set<string>();
  for (const match of JSON.stringify([c.args, c.env ?? {}, c.steps ?? []]).matchAll(PLACEHOLDER)) {
    if (match[2]) names.add(match[2]);
  }
  return [...names];
}

/** A string with its placeholders filled in; throws when a session placeholder names a case with no session id. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (_whole, _inner: string, caseName: string | undefined) => {
    if (caseName === undefined) return values.work;
    const id = values.sessionOf(caseName);
    if (id === undefined) {
      throw new Error(`\${session:${caseName}}: that case has reported no session id (has it run?)`);
    }
    return id;
  });
}

/** A case with every placeholder of its args, env and steps filled in. */
export function resolveCase(c: ProtocolCase, values: PlaceholderValues): ProtocolCase {
  const fill = <T>(value: T): T => deepMapStrings(value, (s) => fillPlaceholders(s, values));
  return { ...c, args: fill(c.args), env: c.env && fill(c.env), steps: c.steps && fill(c.steps) };
}

function deepMapStrings<T>(value: T, map: (s: string) => string): T {
  if (typeof value === "string") return map(value) as T;
  if (Array.isArray(value)) return value.map((v) => deepMapStrings(v, map)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepMapStrings(v, map)])) as T;
  }
  return value;
}

/**
 * What is wrong with a list of cases: duplicate names, and `requires` or session placeholders naming a case that
 * does not come earlier (the recorder runs cases in file order). Empty when the list is sound.
 */
export function caseProblems(cases: ProtocolCase[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.name)) problems.push(`${c.name}: a second case of that name`);
    for (const required of new Set([...(c.requires ?? []), ...sessionPlaceholdersOf(c)])) {
      if (!seen.has(required)) problems.push(`${c.name}: needs ${required}, which does not come earlier`);
    }
    for (const needed of sessionPlaceholdersOf(c)) {
      if (!(c.requires ?? []).includes(needed)) {
        problems.push(`${c.name}: uses \${session:${needed}} but does not list it in requires`);
      }
    }
    seen.add(c.name);
  }
  return problems;
}
