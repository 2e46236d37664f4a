// @ts-check
/**
 * The control protocol, SDK to CLI: the fake's answers to `control_request` lines on stdin.
 * @module
 */
import { randomUUID } from "node:crypto";
import { controlError, controlSuccess, LOCAL_COMMAND_CAVEAT, userLine } from "./messages.js";
import { resolveModel } from "./model.js";
import { insertAfter } from "./shape.js";
import { emit } from "./output.js";
import { afterInitialize, asksSdkMcp, changeMcpServer, initializeMcp, mcpStatus, parkedManifests } from "./mcp.js";
import { registerHooks } from "./hooks.js";
import { withStructuredOutput } from "./structured_output.js";
import { rewindFiles } from "./checkpoints.js";
import { stopTask } from "./background_bash.js";
/** @import { FakeProcess } from "./fake_process.js" */

/**
 * Answers one control request from the SDK, as recorded (g1, g2, g5, g6): `initialize`, `interrupt`, `set_model`,
 * `set_permission_mode`, `mcp_status`, `get_context_usage`, and an error response for any other subtype.
 *
 * @example
 * ```js
 * // Used by core.js for each control_request line on stdin:
 * // await handleControl(fake, { type: "control_request", request_id: "r1", request: { subtype: "mcp_status" } });
 * ```
 * @param {FakeProcess} fake
 * @param {Record<string, any>} message the `control_request` line: the SDK's JSON, untyped
 */
export async function handleControl(fake, message) {
  const { store, config, settings } = fake;
  const id = message.request_id;
  const request = message.request ?? {};
  switch (request.subtype) {
    case "initialize": {
      if (!message.mcpAsked) {
        const asksSdk = asksSdkMcp(fake.mcp, request);
        const handshake = initializeMcp(fake, request); // stdio servers start now; SDK servers get their initialize
        // an SDK server's initialize is answered before the CLI answers its own (features/m6): stdin is read
        // meanwhile, so the answer waits without holding the stdin loop; what the handshakes still need (all of a
        // server's with another one parked, a parked one's tools/list: features/m7) comes after the answer
        const answered = handshake.then(() => handleControl(fake, { ...message, mcpAsked: true }));
        void answered.then(() => afterInitialize(fake));
        if (!asksSdk) await answered; // nothing asked first: answered before the next stdin line is read
        return;
      }
      if (typeof request.systemPrompt === "string") settings.systemPrompt = request.systemPrompt;
      if (typeof request.appendSystemPrompt === "string") settings.appendSystemPrompt = request.appendSystemPrompt;
      // SDK hook callbacks (m1–m4): asked over hook_callback requests from now on
      registerHooks(fake, request.hooks);
      // structured output asked for over initialize (m14): the tool comes last in the list
      if (isObject(request.jsonSchema)) {
        settings.jsonSchema = request.jsonSchema;
        config.tools = withStructuredOutput(config.tools, "initialize");
      }
      if (!config.cli.has("initializeV2")) {
        return emit(fake, controlSuccess(id, { ...config.data.initializeResponse, pid: config.pid }));
      }
      let body = insertAfter(config.data.initializeResponse, "account", { pid: config.pid });
      body = { ...body, current_permission_mode: settings.permissionMode };
      if (request.hooks) body = insertAfter(body, "current_permission_mode", { hooks_applied: true });
      if (isObject(request.mcpServers)) body = { ...body, mcp_servers_applied: true }; // features/m10
      const parked = parkedManifests(request); // features/m7
      if (parked) body = insertAfter(body, "other_hook_ask_outranks_host", { sdk_mcp_manifests_parked: parked });
      const line = controlSuccess(id, body);
      return emit(fake, {
        ...line,
        response: { ...line.response, pending_permission_requests: [], pending_user_dialog_requests: [] },
      });
    }
    case "interrupt": {
      // 2.1.332 answers with the queued prompts the interrupt left waiting (none: the fake runs one turn at a time)
      await emit(fake, controlSuccess(id, config.cli.has("interruptReceipt") ? { still_queued: [] } : undefined));
      fake.turns.current?.abort.abort();
      return;
    }
    case "set_model": {
      settings.model = resolveModel(request.model === "default" ? undefined : request.model, config.data);
      // 2.1.332 answers with the model and leaves no trace in the conversation (g5)
      if (config.cli.has("setModelAnswersModel")) return emit(fake, controlSuccess(id, { model: settings.model.name }));
      const stdout = `<local-command-stdout>Set model to ${settings.model.name}</local-command-stdout>`;
      // written to the session file (chained, kept from the model) when the next turn starts, as recorded (g5)
      store.pendingEntries.push(
        { isMeta: true, content: LOCAL_COMMAND_CAVEAT },
        {
          content:
            `<command-name>/model</command-name>\n            <command-message>model</command-message>\n            <command-args>${
              request.model ?? ""
            }</command-args>`,
        },
        { content: stdout },
      );
      await emit(fake, userLine({ content: stdout, sessionId: store.sessionId, uuid: randomUUID(), isReplay: true }));
      return emit(fake, controlSuccess(id));
    }
    case "set_permission_mode": {
      settings.permissionMode = request.mode;
      await emit(fake, controlSuccess(id, { mode: request.mode }));
      return emit(fake, {
        type: "system",
        subtype: "status",
        status: null,
        permissionMode: request.mode,
        uuid: randomUUID(),
        session_id: store.sessionId,
      });
    }
    case "mcp_status":
      return emit(fake, controlSuccess(id, mcpStatus(fake.mcp)));
    case "mcp_reconnect":
    case "mcp_toggle": {
      const enabled = request.subtype === "mcp_reconnect" || request.enabled !== false;
      // answered once the server is back (or off); stdin is read meanwhile
      void changeMcpServer(fake, request.serverName, enabled).then((error) =>
        emit(fake, error === undefined ? controlSuccess(id) : controlError(id, error)) // no payload, as recorded
      );
      return;
    }
    case "get_context_usage":
      return emit(fake, controlSuccess(id, config.data.contextUsage));
    case "rewind_files": {
      // m35: a preview or the rewind; a message without a checkpoint is an error answer
      const outcome = rewindFiles(fake, request.user_message_id, request.dry_run === true);
      return emit(fake, "error" in outcome ? controlError(id, outcome.error) : controlSuccess(id, outcome.answer));
    }
    case "stop_task":
      // m36: a background Bash task is killed and its lines come before the answer `{}`; an unknown id is no error
      return stopTask(fake, id, request.task_id);
    default: {
      const line = controlError(id, `Unsupported control request subtype: ${request.subtype}`);
      if (config.cli.has("controlErrorCode")) Object.assign(line.response, { error_code: "unsupported_request" });
      return emit(fake, line);
    }
  }
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
