/**
 * Per-tenant sessions on one server: each tenant (a web visitor, a customer) gets a config dir and a working
 * directory of their own, so no tenant's agent sees another's transcripts (they are files in the config dir) or
 * files (the file tools work under the cwd).
 * @module
 */
import { invalidOptionError } from "../error_constructors.ts";
import type { SessionOptions } from "./session_options.ts";

/**
 * Where a tenant's sessions live: under `root`, in a folder named by `id`.
 *
 * @example
 * ```ts
 * import type { Tenant } from "@claude-stream/sdk";
 * const tenant: Tenant = { root: "/srv/chat/tenants", id: "visitor-42" };
 * ```
 */
export interface Tenant {
  /** The folder holding every tenant's folder. */
  root: string;
  /** The tenant's name: letters, digits, `-` and `_` (a UUID, say), 1 to 128 of them; it names a folder. */
  id: string;
}

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * `options` for one tenant: `configDir` is `<root>/<id>/config` and `cwd` is `<root>/<id>/work`, whatever `options`
 * said. The CLI makes its config dir, but not its cwd: create that one (`mkdir -p`) before the first turn. An `id`
 * that could leave `root` (`..`, `/`) or is empty is `INVALID_OPTION` (option `tenant`). The tenant's CLI finds no
 * login in a fresh config dir: give it `ANTHROPIC_API_KEY` (inherited or in `env`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tenantOptions } from "@claude-stream/sdk";
 * const options = tenantOptions({ model: "haiku", tools: [] }, { root: "/srv/chat/tenants", id: "visitor-42" });
 * assert.deepEqual(options, {
 *   model: "haiku",
 *   tools: [],
 *   configDir: "/srv/chat/tenants/visitor-42/config",
 *   cwd: "/srv/chat/tenants/visitor-42/work",
 * });
 * ```
 */
export function tenantOptions(
  options: SessionOptions,
  tenant: Tenant,
): SessionOptions & { configDir: string; cwd: string } {
  const { root, id } = tenant;
  if (typeof root !== "string" || root === "") throw invalidOptionError("tenant", "tenant.root must be a folder");
  if (typeof id !== "string" || !TENANT_ID.test(id)) {
    throw invalidOptionError(
      "tenant",
      'tenant.id must be 1 to 128 letters, digits, "-" or "_" (not starting with "-" or "_")',
    );
  }
  const home = `${root.replace(/[\\/]+$/, "")}/${id}`;
  return { ...options, configDir: `${home}/config`, cwd: `${home}/work` };
}
