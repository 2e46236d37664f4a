/**
 * Who may do what, for the example servers' `SessionPool`: these servers hand a Claude Code agent to whoever sends a
 * request. So each conversation is a tenant of its own (`tenantOptions`: its own config dir, where its transcript is,
 * and its own working directory, where the file tools work), its CLI inherits only the allowlisted environment
 * (`inheritEnv: "allowlist"`: no `DATABASE_URL` or cloud keys for its shell to print), and it gets no built-in tools
 * (`tools: []`) unless the server's options turn them on. See the README's "Serving visitors" before you do.
 * @module
 */
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SessionOptions, tenantOptions } from "../../mod.ts";

/**
 * What a visitor's agent gets unless the server's options say otherwise: no built-in tools, and only the
 * allowlisted part of the server's environment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VISITOR_DEFAULTS } from "./visitor_options.ts";
 * assert.deepEqual(VISITOR_DEFAULTS, { tools: [], inheritEnv: "allowlist" });
 * ```
 */
export const VISITOR_DEFAULTS: Readonly<SessionOptions> = Object.freeze({ tools: [], inheritEnv: "allowlist" });

/**
 * Per-visitor session options for a `SessionPool`, and where each conversation's history is.
 *
 * @example
 * ```ts
 * import { SessionPool } from "../../mod.ts";
 * import { type VisitorOptions, visitorOptions } from "./visitor_options.ts";
 * const visitors: VisitorOptions = visitorOptions({ model: "sonnet" });
 * const pool = new SessionPool({ sessionOptions: visitors.sessionOptions });
 * ```
 */
export interface VisitorOptions {
  /** The options of conversation `id`'s Session (its tenant folders are made first): the pool's `sessionOptions`. */
  sessionOptions(id: string): Promise<SessionOptions>;
  /** Where the conversation's history is, for `history.conversation(id, visitors.where(id))`. */
  where(id: string): { configDir: string; projectPath: string };
}

/**
 * `options` over {@link VISITOR_DEFAULTS}, each conversation a tenant under `<configDir>/tenants/<id>/` (`config/` and
 * `work/`; `configDir` defaults to a folder in the temp dir). The `cwd` of `options` is not used: every conversation
 * works in its own folder.
 *
 * @example
 * ```ts
 * import { visitorOptions } from "./visitor_options.ts";
 * const visitors = visitorOptions({ model: "sonnet" });
 * console.log(visitors.where(crypto.randomUUID()).configDir); // .../claude-stream-chat/tenants/<id>/config
 * ```
 */
export function visitorOptions(options: SessionOptions): VisitorOptions {
  const base: SessionOptions = { ...VISITOR_DEFAULTS, ...options };
  const root = join(options.configDir ?? join(tmpdir(), "claude-stream-chat"), "tenants");
  const optionsOf = (id: string) => tenantOptions(base, { root, id });
  return {
    async sessionOptions(id) {
      const own = optionsOf(id);
      await mkdir(own.cwd, { recursive: true }); // the CLI makes its config dir, not its cwd
      return own;
    },
    where(id) {
      const { configDir, cwd } = optionsOf(id);
      return { configDir, projectPath: cwd };
    },
  };
}
