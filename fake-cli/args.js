// @ts-check
/**
 * Command-line parsing with the real CLI's rules as recorded: `--flag value` and `--flag=value`, variadic tool
 * lists, an error naming the first unknown option.
 * @module
 */

/** Options that take one value. */
const VALUE = /** @type {const} */ ({
  "--output-format": "outputFormat",
  "--input-format": "inputFormat",
  "--resume": "resume",
  "-r": "resume",
  "--session-id": "sessionId",
  "--model": "model",
  "--system-prompt": "systemPrompt",
  "--system-prompt-file": "systemPromptFile",
  "--append-system-prompt": "appendSystemPrompt",
  "--append-system-prompt-file": "appendSystemPromptFile",
  "--max-turns": "maxTurns",
  "--permission-mode": "permissionMode",
  "--permission-prompt-tool": "permissionPromptTool",
  "--fallback-model": "fallbackModel",
  "--settings": "settings",
  "--setting-sources": "settingSources",
  "--agents": "agents",
  "--agent": "agent",
  "--thinking": "thinking",
  "--resume-session-at": "resumeSessionAt",
  "-n": "name",
  "--name": "name",
  "--max-thinking-tokens": "maxThinkingTokens",
  "--effort": "effort",
  "--max-budget-usd": "maxBudgetUsd",
  "--json-schema": "jsonSchema",
  "--fake-scenario": "fakeScenario",
});

/** Options that take a list: the values up to the next option, commas and spaces also separating. */
const LIST = /** @type {const} */ ({
  "--allowedTools": "allowedTools",
  "--allowed-tools": "allowedTools",
  "--disallowedTools": "disallowedTools",
  "--disallowed-tools": "disallowedTools",
  "--tools": "tools",
  "--add-dir": "addDir",
  "--mcp-config": "mcpConfig",
  "--betas": "betas",
  "--plugin-dir": "pluginDir",
});

/** Options without a value. */
const FLAG = /** @type {const} */ ({
  "-p": "print",
  "--print": "print",
  "--verbose": "verbose",
  "--include-partial-messages": "includePartialMessages",
  // hook progress lines come from command hooks only (features/m5); the fake runs none, so it prints none
  "--include-hook-events": "includeHookEvents",
  "--replay-user-messages": "replayUserMessages",
  "--fork-session": "forkSession",
  "-c": "continue",
  "--continue": "continue",
  "--no-session-persistence": "noSessionPersistence",
  // every session-file entry also printed as a `transcript_mirror` line (features/m15, m16; session_mirror.js)
  "--session-mirror": "sessionMirror",
  "--dangerously-skip-permissions": "dangerouslySkipPermissions",
  "--allow-dangerously-skip-permissions": "allowDangerouslySkipPermissions",
  "--strict-mcp-config": "strictMcpConfig",
  "--await-initialize": "awaitInitialize",
  "-v": "version",
  "--version": "version",
  "-h": "help",
  "--help": "help",
  "-d": "debug",
  "--debug": "debug",
  "--ide": "ide",
  "--disable-slash-commands": "disableSlashCommands",
});

/**
 * The command line, each option under its camelCase name: a string for an option with a value, the values of a list
 * option, `true` for a flag.
 * @typedef {{ [K in (typeof VALUE)[keyof typeof VALUE]]?: string }
 *   & { [K in (typeof LIST)[keyof typeof LIST]]?: string[] }
 *   & { [K in (typeof FLAG)[keyof typeof FLAG]]?: true }} FakeOptions
 */

/**
 * @typedef {object} ParsedArgs
 * @property {FakeOptions} options
 * @property {string[]} positionals arguments that are not options (the prompt is the first)
 * @property {string} [error] the first usage error, worded like the real CLI
 */

/**
 * Parses the fake's argv (without the executable and script).
 *
 * @example
 * ```js
 * import { parseArgs } from "./args.js";
 * parseArgs(["-p", "hi", "--resume=abc", "--allowedTools", "Bash", "Read"]).options.allowedTools; // ["Bash", "Read"]
 * ```
 * @param {readonly string[]} argv
 * @returns {ParsedArgs}
 */
export function parseArgs(argv) {
  /** @type {FakeOptions} */
  const options = {};
  /** @type {string[]} */
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq !== -1 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq !== -1 ? arg.slice(eq + 1) : undefined;
    if (isOption(FLAG, name) && inline === undefined) {
      options[FLAG[name]] = true;
    } else if (isOption(VALUE, name)) {
      const key = VALUE[name];
      if (inline !== undefined) options[key] = inline;
      else if (i + 1 < argv.length) options[key] = argv[++i];
      else return { options, positionals, error: `error: option '${name} <value>' argument missing` };
    } else if (isOption(LIST, name)) {
      const key = LIST[name];
      const values = options[key] ?? [];
      if (inline !== undefined) values.push(inline);
      else while (i + 1 < argv.length && !argv[i + 1].startsWith("-")) values.push(argv[++i]);
      options[key] = values;
    } else {
      return { options, positionals, error: `error: unknown option '${arg}'` };
    }
  }
  return { options, positionals };
}

/**
 * Whether `name` is one of a table's options.
 * @template {Record<string, string>} T
 * @param {T} table
 * @param {string} name
 * @returns {name is keyof T & string}
 */
function isOption(table, name) {
  return Object.hasOwn(table, name);
}

/**
 * Splits tool-list option values the way the CLI does: by commas and spaces outside parentheses.
 *
 * @example
 * ```js
 * import { splitToolList } from "./args.js";
 * splitToolList(["Bash(git log:*),Read", "Write"]); // ["Bash(git log:*)", "Read", "Write"]
 * ```
 * @param {readonly string[] | undefined} values
 * @returns {string[]}
 */
export function splitToolList(values) {
  /** @type {string[]} */
  const out = [];
  for (const value of values ?? []) {
    let depth = 0;
    let current = "";
    for (const ch of value) {
      if (ch === "(") depth++;
      if (ch === ")") depth = Math.max(0, depth - 1);
      if ((ch === "," || ch === " ") && depth === 0) {
        if (current) out.push(current);
        current = "";
      } else current += ch;
    }
    if (current) out.push(current);
  }
  return out;
}
