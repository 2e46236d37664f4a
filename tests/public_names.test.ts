/**
 * The public names of every entry point, listed: a change to them (a new export, a rename, an internal name leaking
 * out) fails here until the list is changed too, so it is deliberate and shows in review (and in CHANGELOG.md).
 * Runtime names are read from the modules on each runtime; type names from the TypeScript compiler (Node only:
 * what the compiler sees does not depend on the runtime that asks).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import process from "node:process";
import * as main from "../mod.ts";
import * as protocol from "../protocol.ts";
import * as testing from "../testing.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The runtime names of each entry point (`history` is a namespace of the main one). */
const RUNTIME_NAMES = {
  main: [
    "ClaudeCodeError",
    "Session",
    "collectTurn",
    "history",
    "isClaudeCodeError",
    "isKnownMessage",
    "isMessageOfType",
    "isSystemSubtype",
    "namedSession",
    "sessionNames",
    "startSupervisor",
    "textContent",
    "textDeltas",
    "thinkingContent",
    "toNDJSON",
    "toSSE",
    "toolUses",
    "turnResponse",
    "untilResult",
  ],
  history: [
    "buildConversation",
    "conversation",
    "encodeProjectPath",
    "findSession",
    "listProjects",
    "listSessions",
    "listSubagents",
    "messageText",
    "readEntries",
    "readSession",
    "readSubagent",
    "sessionInfo",
    "subagentConversation",
    "summary",
  ],
  protocol: [
    "KNOWN_MESSAGE_TYPES",
    "MessageDecoder",
    "MessageDecoderStream",
    "encodeControlError",
    "encodeControlRequest",
    "encodeControlResponse",
    "encodeJsonLine",
    "encodeUserMessage",
    "isKnownMessage",
    "isMessageOfType",
    "isSystemSubtype",
    "isValidMessage",
    "validateMessage",
  ],
  testing: ["fakeCli"],
};

/** The type-only names of each entry point, as the TypeScript compiler sees them. */
const TYPE_NAMES = {
  main: [
    "AnyContentBlock",
    "ApiAssistantMessage",
    "AssistantMessage",
    "CanUseTool",
    "CanUseToolContext",
    "CanUseToolRequest",
    "ChildProcess",
    "ClaudeCodeErrorOf",
    "CollectedTurn",
    "ContentBlock",
    "ContentOptions",
    "ControlCancelRequestMessage",
    "ControlRequest",
    "ControlRequestMessage",
    "ControlResponseMessage",
    "ConversationMessage",
    "DirEntry",
    "ErrorCode",
    "ErrorDetails",
    "ErrorDetailsByCode",
    "FileAdapter",
    "FileEnds",
    "FileInfo",
    "HistoryContentBlock",
    "HostPlatform",
    "KnownMessage",
    "KnownMessageType",
    "KnownSystemMessages",
    "Message",
    "MessageOfType",
    "ModelUsage",
    "PermissionMode",
    "PermissionResult",
    "ProcessAdapter",
    "ProcessExit",
    "ResultMessage",
    "Runtime",
    "SessionOptions",
    "SpawnOptions",
    "StreamEventMessage",
    "StreamOptions",
    "Supervisor",
    "SupervisorOptions",
    "SystemApiRetryMessage",
    "SystemCompactBoundaryMessage",
    "SystemInitMessage",
    "SystemMessage",
    "SystemMessageOfSubtype",
    "SystemOtherMessage",
    "SystemStatusMessage",
    "SystemTaskNotificationMessage",
    "SystemTaskStartedMessage",
    "SystemTaskUpdatedMessage",
    "SystemThinkingTokensMessage",
    "TextBlock",
    "ThinkingBlock",
    "ToSSEOptions",
    "ToolResultBlock",
    "ToolUseBlock",
    "TurnFormat",
    "TurnResponseOptions",
    "UnknownBlock",
    "UnknownMessage",
    "Usage",
    "UserMessage",
  ],
  history: [
    "AiTitleEntry",
    "AssistantEntry",
    "AttachmentEntry",
    "BuildConversationOptions",
    "ChainFields",
    "ConversationMessage",
    "CustomTitleEntry",
    "EntryMessage",
    "EntrySource",
    "HistoryContentBlock",
    "HistoryOptions",
    "LastPromptEntry",
    "ProjectInfo",
    "QueueOperationEntry",
    "ReadEntriesOptions",
    "SessionEntry",
    "SessionInfo",
    "SessionLocation",
    "SessionLookupOptions",
    "SubagentInfo",
    "SummaryEntry",
    "SystemEntry",
    "UnknownEntry",
    "UserEntry",
  ],
  protocol: [
    "AnyContentBlock",
    "ApiAssistantMessage",
    "AssistantMessage",
    "CanUseToolRequest",
    "ContentBlock",
    "ControlCancelRequestMessage",
    "ControlRequest",
    "ControlRequestMessage",
    "ControlResponseMessage",
    "EncodeUserMessageOptions",
    "KnownMessage",
    "KnownMessageType",
    "KnownSystemMessages",
    "Message",
    "MessageDecoderOptions",
    "MessageOfType",
    "ModelUsage",
    "PermissionResult",
    "ResultMessage",
    "StreamEventMessage",
    "SystemApiRetryMessage",
    "SystemCompactBoundaryMessage",
    "SystemInitMessage",
    "SystemMessage",
    "SystemMessageOfSubtype",
    "SystemOtherMessage",
    "SystemStatusMessage",
    "SystemTaskNotificationMessage",
    "SystemTaskStartedMessage",
    "SystemTaskUpdatedMessage",
    "SystemThinkingTokensMessage",
    "TextBlock",
    "ThinkingBlock",
    "ToolResultBlock",
    "ToolUseBlock",
    "UnknownBlock",
    "UnknownMessage",
    "Usage",
    "UserMessage",
  ],
  testing: [
    "FakeExitStatus",
    "FakeSessionOptions",
    "FakeSessionSetup",
    "InMemoryAdapterOptions",
    "Scenario",
    "ScenarioBuilder",
    "TurnSpec",
  ],
};

/** At most this many runtime names in the main entry, `history`'s members included. */
const MAIN_BUDGET = 45;

const sorted = (names: Iterable<string>) => [...names].sort();

test("the runtime names of each entry point are the listed ones", () => {
  assert.deepEqual(sorted(Object.keys(main)), sorted(RUNTIME_NAMES.main), "main entry (mod.ts)");
  assert.deepEqual(sorted(Object.keys(main.history)), sorted(RUNTIME_NAMES.history), "history");
  assert.deepEqual(sorted(Object.keys(protocol)), sorted(RUNTIME_NAMES.protocol), "protocol entry (protocol.ts)");
  assert.deepEqual(sorted(Object.keys(testing)), sorted(RUNTIME_NAMES.testing), "testing entry (testing.ts)");
});

test(`the main entry has at most ${MAIN_BUDGET} runtime names, history's included`, () => {
  assert.ok(Object.keys(main).length + Object.keys(main.history).length <= MAIN_BUDGET);
});

test("the type names of each entry point are the listed ones", {
  skip: process.versions.bun || process.versions.deno
    ? "the compiler's view does not depend on the runtime: Node checks it"
    : false,
}, async () => {
  const { default: ts } = await import("typescript");
  const files = { main: "mod.ts", protocol: "protocol.ts", testing: "testing.ts" } as const;
  const program = ts.createProgram(Object.values(files).map((file) => ROOT + file), {
    allowJs: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const exportsOf = (symbol: import("typescript").Symbol) => checker.getExportsOfModule(symbol).map((e) => e.name);
  const moduleOf = (file: string) => checker.getSymbolAtLocation(program.getSourceFile(ROOT + file)!)!;
  for (const [entry, file] of Object.entries(files)) {
    const key = entry as keyof typeof files;
    assert.deepEqual(sorted(exportsOf(moduleOf(file))), sorted([...RUNTIME_NAMES[key], ...TYPE_NAMES[key]]), file);
  }
  const history = checker.getExportsOfModule(moduleOf(files.main)).find((e) => e.name === "history")!;
  assert.deepEqual(
    sorted(exportsOf(checker.getAliasedSymbol(history))),
    sorted([...RUNTIME_NAMES.history, ...TYPE_NAMES.history]),
    "history",
  );
});
