/**
 * Which of the host's environment variables a session's CLI inherits (`inheritEnv`). The CLI runs tools, and its
 * shell can print what it inherited: an API key, a `DATABASE_URL`, cloud credentials. The allowlist passes what the
 * CLI needs to run, reach the API and find its files, and nothing else.
 * @module
 */

/**
 * What the CLI inherits of the host's environment: `"all"` (the default), `"allowlist"` ({@link ENV_ALLOWLIST}), or
 * a list of names of your own, where a name ending in `*` stands for every variable it begins (`[]`: nothing). The
 * `env` option's variables are added either way.
 *
 * @example
 * ```ts
 * import { type InheritEnv, Session } from "@claude-stream/sdk";
 * const inheritEnv: InheritEnv = ["PATH", "HOME", "ANTHROPIC_*"];
 * await using session = new Session({ inheritEnv, env: { MY_TOOL_TOKEN: "t0k3n" } });
 * ```
 */
export type InheritEnv = "all" | "allowlist" | string[];

/**
 * The names `inheritEnv: "allowlist"` passes: the process basics (`PATH`, `HOME`, `USER`, `SHELL`, `TERM`, `TMPDIR`,
 * the locale), the CLI's own (`ANTHROPIC_*`, `CLAUDE_*`), proxies (both cases) and TLS trust.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ENV_ALLOWLIST } from "./inherit_env.ts";
 * assert.ok(ENV_ALLOWLIST.includes("ANTHROPIC_*"));
 * ```
 */
export const ENV_ALLOWLIST: readonly string[] = Object.freeze([
  "PATH",
  "HOME",
  "USER",
  "LANG",
  "LC_*",
  "TMPDIR",
  "SHELL",
  "TERM",
  "ANTHROPIC_*",
  "CLAUDE_*",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
]);

/**
 * The part of `env` (the host's environment) that `inheritEnv` lets the CLI inherit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inheritedEnv } from "./inherit_env.ts";
 * const host = { PATH: "/bin", ANTHROPIC_API_KEY: "k", DATABASE_URL: "postgres://secret" };
 * assert.deepEqual(inheritedEnv(host, "allowlist"), { PATH: "/bin", ANTHROPIC_API_KEY: "k" });
 * assert.deepEqual(inheritedEnv(host, ["DATABASE_*"]), { DATABASE_URL: "postgres://secret" });
 * assert.deepEqual(inheritedEnv(host, undefined), host);
 * ```
 */
export function inheritedEnv(
  env: Readonly<Record<string, string>>,
  inheritEnv: InheritEnv | undefined,
): Record<string, string> {
  if (inheritEnv === undefined || inheritEnv === "all") return { ...env };
  const matches = matcher(inheritEnv === "allowlist" ? ENV_ALLOWLIST : inheritEnv);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (matches(name)) kept[name] = value;
  return kept;
}

/** A test of a variable's name against names and `PREFIX*` patterns. */
function matcher(patterns: readonly string[]): (name: string) => boolean {
  const names = new Set(patterns.filter((pattern) => !pattern.endsWith("*")));
  const prefixes = patterns.filter((pattern) => pattern.endsWith("*")).map((pattern) => pattern.slice(0, -1));
  return (name) => names.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
}
