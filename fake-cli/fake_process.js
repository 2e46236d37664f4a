// @ts-check
/**
 * The state of one fake process, by concern: what argv and env fixed (`config`), what control requests change
 * (`settings`), the conversation and its session file (`store`), what it printed (`out`), what it spent (`usage`),
 * its turns (`turns`) and the requests it asked the SDK (`asks`). Built once by core.js and handed to every module.
 * @module
 */
import { createAsks } from "./asks.js";
import { readCommandHooks } from "./command_hooks.js";
import { createMcp } from "./mcp.js";
import { createOutput } from "./output.js";
import { initialSettings } from "./settings.js";
import { createStore } from "./store.js";
import { createTurns } from "./turn_queue.js";
import { createUsage } from "./usage.js";

/**
 * @typedef {object} FakeProcess
 * @property {import("./config.js").FakeConfig} config
 * @property {import("./settings.js").FakeSettings} settings
 * @property {import("./store.js").FakeStore} store
 * @property {import("./output.js").FakeOutput} out
 * @property {import("./usage.js").FakeUsage} usage
 * @property {import("./turn_queue.js").FakeTurns} turns
 * @property {import("./asks.js").FakeAsks} asks
 * @property {import("./mcp.js").FakeMcp} mcp its MCP servers
 * @property {Record<string, any[]> | undefined} hooks the SDK hook callbacks the `initialize` request registered, by
 *   event (`hooks.js`)
 * @property {import("./command_hooks.js").CommandHooks} commandHooks the command hooks of the settings it read, by
 *   event (`command_hooks.js`)
 * @property {Map<string, import("./background_bash.js").BackgroundShell>} backgroundShells the background Bash tasks
 *   still running, by task id (`background_bash.js`)
 * @property {Record<string, unknown>[]} startupHookEntries the SessionStart command hooks' session-file attachments,
 *   written with the first prompt (`command_hooks.js`)
 * @property {(ms: number, signal?: AbortSignal) => Promise<void>} sleep waits, unless `signal` aborts first; never
 *   resolves once the process has ended
 * @property {(ignore: boolean) => void} ignoreSigterm asks the host to ignore SIGTERM and SIGINT (a hanging turn)
 * @property {() => string} nextId the next number of the fake's `msg_fake_`, `req_fake_` and `toolu_fake_` ids
 */

/**
 * The state of a process about to open its session.
 *
 * @example
 * ```js
 * // Used by core.js: const fake = createProcess(readConfig(host, options, scenario, cli), io, sleep, setIgnore);
 * ```
 * @param {import("./config.js").FakeConfig} config
 * @param {import("./output.js").FakeIo} io
 * @param {FakeProcess["sleep"]} sleep
 * @param {FakeProcess["ignoreSigterm"]} ignoreSigterm
 * @returns {FakeProcess}
 */
export function createProcess(config, io, sleep, ignoreSigterm) {
  let counter = Math.floor(Math.random() * 0xffff) * 1000;
  return {
    config,
    settings: initialSettings(config),
    store: createStore(config),
    out: createOutput(io),
    usage: createUsage(config.cli),
    turns: createTurns(),
    asks: createAsks(),
    mcp: createMcp(),
    hooks: undefined,
    commandHooks: readCommandHooks(config),
    startupHookEntries: [],
    backgroundShells: new Map(),
    sleep,
    ignoreSigterm,
    nextId: () => String(++counter).padStart(4, "0"),
  };
}
