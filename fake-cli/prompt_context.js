// @ts-check
/**
 * What CLI 2.1.332 tells the model besides the conversation, as its session file records it: the attachments of a
 * prompt (`environment`, `model`, `deferred_tools_delta`, the agent and skill listings, `total_tokens_reminder`,
 * `session_context`, `date`, `remote_session_change`), the `prompt_snapshot`s, and a request's shape (system
 * prompt and tools). The long texts come from the recordings (`data_2_1_332_session.json`).
 * @module
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { cliPrefix, isFiveModel } from "./model.js";
import { recordedJson } from "./recorded_json.js";

/**
 * A tool definition as a request carries it (recorded JSON, passed on as it is; `defer_loading` marks the deferred
 * ones).
 * @typedef {{ name: string, description: string, defer_loading?: boolean } & Record<string, unknown>} ToolDefinition
 */

/**
 * A recorded listing attachment and the text it was rendered to.
 * @typedef {{ attachment: Record<string, unknown>, text: string }} Listing
 */

/**
 * The recorded payloads of CLI 2.1.332's session files (`data_2_1_332_session.json`).
 * @typedef {object} SessionData
 * @property {string} cliPrefix
 * @property {string[]} systemPrompt the system prompt's blocks
 * @property {string[]} subagentSystemPrompt a Task subagent's
 * @property {string[]} loadedTools the tools a request loads (the others are deferred)
 * @property {string[]} subagentTools a Task subagent's tools (API names)
 * @property {ToolDefinition[]} tools
 * @property {string[]} environmentNotes the closing lines of the `environment` text
 * @property {Record<string, { marketingName: string, knowledgeCutoff: string }>} models the identities of known models
 * @property {string} deferredToolsHeader
 * @property {Listing} agentListing
 * @property {Listing} skillListing
 * @property {{ header: string, pr: string, commitPrefix: string, commitSuffix: string, template: string }} attribution
 * @property {string} totalTokensReminder
 * @property {{ adaptive: string[], budget: string[] }} betas a request's betas, by thinking mode
 * @property {string} compactCaveat the meta note before a compaction's local-command entries
 */

/**
 * The recorded payloads (system prompt, tool definitions, listings, reminder texts).
 *
 * @example
 * ```js
 * import { sessionData } from "./prompt_context.js";
 * sessionData.loadedTools.includes("Bash"); // true
 * ```
 * @type {SessionData}
 */
export const sessionData = await recordedJson("data_2_1_332_session.json");

/**
 * The fields of an attachment entry: the attachment, and what it was rendered to for the model.
 * @typedef {{ attachment: Record<string, unknown>, rendered?: { content: string }[], renderedRole?: string, renderedBesideToolResult?: boolean }} AttachmentFields
 */

/**
 * What a request's system prompt and tools are made from: the process's tools, model and system prompts (a Task
 * subagent's own with `subagent`).
 * @typedef {object} PromptSetup
 * @property {readonly string[]} tools
 * @property {{ api: string }} model
 * @property {string | undefined} [systemPrompt]
 * @property {string | undefined} [appendSystemPrompt]
 * @property {boolean} [subagent]
 */

/**
 * A tool's name on the wire: the fake's `Task` is the API's `Agent`.
 *
 * @example
 * ```js
 * import { wireToolName } from "./prompt_context.js";
 * wireToolName("Task"); // "Agent"
 * ```
 * @param {string} name
 */
export function wireToolName(name) {
  return name === "Task" ? "Agent" : name;
}

/**
 * The tools a request does not load but lists by name for ToolSearch (cron, worktree, web tools, ...).
 *
 * @example
 * ```js
 * import { deferredTools } from "./prompt_context.js";
 * deferredTools(["Task", "Bash", "WebFetch"]); // ["WebFetch"]
 * ```
 * @param {readonly string[]} tools the fake's tool names
 */
export function deferredTools(tools) {
  return tools.map(wireToolName).filter((t) => !sessionData.loadedTools.includes(t)).sort();
}

/**
 * The attachments announced with the first prompt of a conversation, by kind: `environment`, `model`,
 * `deferred_tools_delta`, `agent_listing_delta`, `skill_listing`, `total_tokens_reminder`. A kind the setup has no
 * use for (no deferred tools, no Task or Skill tool, an Opus model) is left out.
 *
 * @example
 * ```js
 * import { announcements } from "./prompt_context.js";
 * import { resolveModel } from "./model.js";
 * const setup = { cwd: "/w", tools: ["Bash"], model: resolveModel(undefined), addDirs: [] };
 * announcements(setup, ["environment", "model", "skill_listing"]).map((a) => a.attachment.type); // ["environment", "model"]
 * ```
 * @param {{ cwd: string, tools: readonly string[], model: { api: string }, addDirs: readonly string[] }} setup
 * @param {readonly string[]} kinds in the order wanted
 * @returns {AttachmentFields[]}
 */
export function announcements(setup, kinds) {
  return kinds.flatMap((kind) => {
    const made = ANNOUNCED[/** @type {keyof typeof ANNOUNCED} */ (kind)](setup);
    return made ? [made] : [];
  });
}

/** @type {Record<string, (setup: { cwd: string, tools: readonly string[], model: { api: string }, addDirs: readonly string[] }) => AttachmentFields | null>} */
const ANNOUNCED = {
  environment: (s) =>
    systemAttachment({ type: "environment", snapshot: environmentSnapshot(s.cwd, s.addDirs) }, environmentText(s.cwd)),
  model: (s) => {
    const identity = modelIdentity(s.model.api);
    const text =
      `You are powered by the model named ${identity.marketingName}. The exact model ID is ${identity.modelId}. Assistant knowledge cutoff is ${identity.knowledgeCutoff}.`;
    return systemAttachment({ type: "model", identity, text }, text);
  },
  deferred_tools_delta: (s) => {
    const names = deferredTools(s.tools);
    if (!names.length) return null;
    const delta = {
      type: "deferred_tools_delta",
      addedNames: names,
      addedLines: names,
      removedNames: [],
      wireHiddenNames: [],
      readdedNames: [],
      pendingMcpServers: [],
      needsAuthMcpServers: [],
      failedMcpServers: [],
    };
    return systemAttachment(delta, [sessionData.deferredToolsHeader, ...names].join("\n"));
  },
  agent_listing_delta: (s) =>
    s.tools.includes("Task")
      ? systemAttachment(sessionData.agentListing.attachment, sessionData.agentListing.text)
      : null,
  skill_listing: (s) =>
    s.tools.includes("Skill")
      ? systemAttachment(sessionData.skillListing.attachment, sessionData.skillListing.text)
      : null,
  total_tokens_reminder: (s) =>
    /opus/.test(s.model.api) ? null : systemAttachment(
      { type: "total_tokens_reminder", text: sessionData.totalTokensReminder },
      sessionData.totalTokensReminder,
    ),
};

/**
 * The attachments of every prompt that opens a conversation (or the first after a compaction), after the
 * announced ones: `session_context`, `date`, and with Bash the commit attribution (`remote_session_change`).
 *
 * @example
 * ```js
 * import { promptAttachments } from "./prompt_context.js";
 * import { resolveModel } from "./model.js";
 * promptAttachments({ tools: [], model: resolveModel(undefined) }).map((a) => a.attachment.type); // ["session_context", "date"]
 * ```
 * @param {{ tools: readonly string[], model: { api: string } }} setup
 * @returns {AttachmentFields[]}
 */
export function promptAttachments(setup) {
  const day = localDate();
  const out = [
    { attachment: { type: "session_context", context: {} } },
    systemAttachment({ type: "date", date: day }, `Today's date is ${day}.`),
  ];
  if (setup.tools.includes("Bash")) out.push(attribution(setup.model));
  return out;
}

/**
 * A `prompt_snapshot` attachment: the system prompt before the first request of a conversation; with `full`, after
 * its first completed request, also the tools and how the prompt was rendered.
 *
 * @example
 * ```js
 * import { promptSnapshot } from "./prompt_context.js";
 * import { resolveModel } from "./model.js";
 * promptSnapshot({ tools: ["Bash"], model: resolveModel(undefined) }, false).attachment.type; // "prompt_snapshot"
 * ```
 * @param {PromptSetup} setup
 * @param {boolean} full
 * @returns {AttachmentFields}
 */
export function promptSnapshot(setup, full) {
  const systemPrompt = systemPromptBlocks(setup);
  if (!full) {
    return {
      attachment: {
        type: "prompt_snapshot",
        systemPrompt,
        reminderFold: false,
        echoWireToolInputs: false,
        contextRendering: "announced",
      },
    };
  }
  const tools = wireTools(setup.tools, false).filter((t) => !t.defer_loading).map((t) => ({
    name: t.name,
    description: t.description,
    schema: t,
  }));
  return {
    attachment: {
      type: "prompt_snapshot",
      systemPrompt,
      tools,
      cliPrefix: cliPrefix(setup),
      reminderFold: false,
      systemTurns: hasSystemTurns(setup.model),
      toolChangeHeader: true,
      inlineTools: false,
      keptReminders: false,
      echoWireToolInputs: false,
      contextRendering: "announced",
    },
  };
}

/**
 * What a request sends besides its messages: the system prompt (the CLI's prefix, then the prompt) and the tool
 * definitions, the deferred tools replaced by one placeholder unless `undeferred` (the last rungs of a 400 retry).
 *
 * @example
 * ```js
 * import { requestShape } from "./prompt_context.js";
 * import { resolveModel } from "./model.js";
 * requestShape({ tools: ["Task", "WebFetch"], model: resolveModel(undefined) }).tools.map((t) => t.name); // ["Agent", "DeferredToolPlaceholder"]
 * ```
 * @param {PromptSetup} setup
 * @param {{ undeferred?: boolean }} [options]
 */
export function requestShape(setup, options = {}) {
  return {
    system: [{ type: "text", text: cliPrefix(setup) }, { type: "text", text: systemPromptBlocks(setup).join("\n") }],
    tools: wireTools(setup.tools, options.undeferred ?? false),
  };
}

/**
 * Whether the CLI sends a model its attachments as a `role: "system"` turn (the 5.x models) rather than as reminder
 * blocks in the user's message (h1: `claude-sonnet-4-5` gets one user message).
 *
 * @example
 * ```js
 * import { hasSystemTurns } from "./prompt_context.js";
 * hasSystemTurns({ api: "claude-sonnet-4-5" }); // false
 * ```
 * @param {{ api: string }} model
 */
export function hasSystemTurns(model) {
  return isFiveModel(model.api);
}

/**
 * The text an attachment entry was rendered to (its `rendered` content without the reminder tags).
 *
 * @example
 * ```js
 * import { renderedText } from "./prompt_context.js";
 * renderedText({ rendered: [{ content: "<system-reminder>\nhi\n</system-reminder>" }] }); // "hi"
 * ```
 * @param {{ rendered?: { content: string }[] }} entry
 */
export function renderedText(entry) {
  return (entry.rendered ?? []).map((r) => unwrapReminder(r.content)).join("\n");
}

/**
 * Text wrapped as a system reminder, the way the CLI injects it into a message.
 *
 * @example
 * ```js
 * import { reminder } from "./prompt_context.js";
 * reminder("hi"); // "<system-reminder>\nhi\n</system-reminder>"
 * ```
 * @param {string} text
 */
export function reminder(text) {
  return `<system-reminder>\n${text}\n</system-reminder>`;
}

/** @param {string} text */
function unwrapReminder(text) {
  return text.replace(/^<system-reminder>\n/, "").replace(/\n<\/system-reminder>$/, "");
}

/** @param {Record<string, unknown>} attachment @param {string} text @returns {AttachmentFields} */
function systemAttachment(attachment, text) {
  return { attachment, rendered: [{ content: reminder(text) }], renderedRole: "system" };
}

/** @param {{ api: string }} model @returns {AttachmentFields} */
function attribution(model) {
  const a = sessionData.attribution;
  const commit = `${a.commitPrefix}${modelIdentity(model.api).marketingName}${a.commitSuffix}`;
  const text = a.template.replace("{commit}", commit).replace("{pr}", a.pr);
  return {
    attachment: {
      type: "remote_session_change",
      url: null,
      commit,
      pr: a.pr,
      sendUserFileHint: false,
      managedCommit: false,
      managedPr: false,
    },
    rendered: [{ content: reminder(text) }],
    renderedRole: "user",
    renderedBesideToolResult: true,
  };
}

/** The recorded identity of a model, or one made from its id (`claude-opus-4-8` is "Opus 4.8"). @param {string} api */
function modelIdentity(api) {
  const known = sessionData.models[api];
  if (known) return { modelId: api, ...known };
  const [, family = "Claude", version = ""] = /^claude-([a-z]+)-([\d-]+?)(?:-\d{8})?$/.exec(api) ?? [];
  const name = `${family[0].toUpperCase()}${family.slice(1)} ${version.replace(/-/g, ".")}`.trim();
  return { modelId: api, marketingName: name, knowledgeCutoff: isFiveModel(api) ? "June 2026" : "January 2025" };
}

/** @param {string} cwd @param {readonly string[]} addDirs */
function environmentSnapshot(cwd, addDirs) {
  return {
    workingDirectory: cwd,
    isWorktree: false,
    isGitRepo: isGitRepo(cwd),
    additionalWorkingDirectories: [...addDirs],
    platform: process.platform,
    shell: path.basename(process.env.SHELL ?? "bash"),
    osVersion: `${os.type()} ${os.release()}`,
  };
}

/** @param {string} cwd */
function environmentText(cwd) {
  const s = environmentSnapshot(cwd, []);
  return [
    "# Environment",
    "You have been invoked in the following environment: ",
    ` - Primary working directory: ${cwd}`,
    ` - Is a git repository: ${s.isGitRepo}`,
    ` - Platform: ${s.platform}`,
    ` - Shell: ${s.shell}`,
    ` - OS Version: ${s.osVersion}`,
    ...sessionData.environmentNotes,
  ].join("\n");
}

/** Whether the cwd or a folder above it holds `.git`. @param {string} cwd */
function isGitRepo(cwd) {
  for (let dir = cwd;; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/**
 * The system prompt as the snapshot lists it: the recorded blocks (a subagent's own), or the one given, and the
 * appended text.
 * @param {Omit<PromptSetup, "tools" | "model">} setup
 * @returns {string[]}
 */
function systemPromptBlocks(setup) {
  const base = setup.subagent
    ? sessionData.subagentSystemPrompt
    : setup.systemPrompt !== undefined
    ? [setup.systemPrompt]
    : sessionData.systemPrompt;
  return setup.appendSystemPrompt ? [...base, setup.appendSystemPrompt] : [...base];
}

/**
 * The tool definitions a request carries, in the recorded order: the loaded tools, then one placeholder standing for
 * the deferred ones (or, `undeferred`, the deferred tools themselves). Tools the recordings lack get a bare schema.
 * @param {readonly string[]} tools @param {boolean} undeferred
 */
function wireTools(tools, undeferred) {
  const names = new Set(tools.map(wireToolName).filter((t) => !undeferred || t !== "ToolSearch"));
  const deferred = deferredTools(tools);
  const known = sessionData.tools;
  const out = known.filter((t) => names.has(t.name) && (undeferred || !deferred.includes(t.name)));
  for (const name of names) {
    if (!known.some((t) => t.name === name) && (undeferred || !deferred.includes(name))) {
      out.push({ name, description: name, input_schema: { type: "object", properties: {} } });
    }
  }
  const placeholder = known.find((t) => t.name === "DeferredToolPlaceholder");
  if (!undeferred && deferred.length && placeholder) {
    const before = out.findIndex((t) => t.name === "Write");
    out.splice(before === -1 ? out.length : before, 0, placeholder);
  }
  return out;
}

function localDate() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
