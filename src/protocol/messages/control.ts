/**
 * The control protocol: requests either side sends (`control_request`), their answers (`control_response`), the
 * CLI withdrawing a request (`control_cancel_request`), and the answer to `can_use_tool` ({@link PermissionResult}).
 * @module
 */

/**
 * The CLI asking whether a tool may run (`--permission-prompt-tool stdio`).
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isCanUseToolRequest } from "../message_guards.ts";
 * declare const message: Message;
 * if (isCanUseToolRequest(message)) console.log(message.request.tool_name, message.request.input);
 * ```
 */
export interface CanUseToolRequest {
  /** Always `"can_use_tool"`. */
  subtype: "can_use_tool";
  /** Name of the tool that wants to run, e.g. `Bash`. */
  tool_name: string;
  /** The arguments it would run with. */
  input: Record<string, unknown>;
  /** Id of the `tool_use` block that asks to run. */
  tool_use_id?: string;
  /** Name of the tool to show the user. */
  display_name?: string;
  /** What the call does, to show the user. */
  description?: string;
  /** Permission updates that would allow calls like this one (add a rule, a directory, or set a mode). */
  permission_suggestions?: unknown[];
  /** The path that needs permission, when the call touches one. */
  blocked_path?: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The answer to `can_use_tool`, sent with {@link encodeControlResponse}.
 *
 * @example
 * ```ts
 * import { type PermissionResult } from "@claude-stream/sdk";
 * import { encodeControlResponse } from "@claude-stream/sdk/protocol";
 * const deny: PermissionResult = { behavior: "deny", message: "not here" };
 * const line = encodeControlResponse("request-id", deny);
 * ```
 */
export type PermissionResult =
  | { behavior: "allow"; updatedInput: Record<string, unknown>; [key: string]: unknown }
  | { behavior: "deny"; message: string; interrupt?: boolean; [key: string]: unknown };

/**
 * The control requests an SDK sends to the CLI (as recorded), plus any other subtype.
 *
 * @example
 * ```ts
 * import { type ControlRequest } from "@claude-stream/sdk";
 * import { encodeControlRequest } from "@claude-stream/sdk/protocol";
 * const request: ControlRequest = { subtype: "set_permission_mode", mode: "acceptEdits" };
 * const line = encodeControlRequest(request, "r3");
 * ```
 */
export type ControlRequest =
  | {
    subtype: "initialize";
    systemPrompt?: string;
    appendSystemPrompt?: string;
    hooks?: Record<string, unknown>;
    [key: string]: unknown;
  }
  | { subtype: "interrupt" }
  | { subtype: "set_model"; model?: string }
  | { subtype: "set_permission_mode"; mode: string }
  | { subtype: "mcp_status" }
  | { subtype: "get_context_usage" }
  | { subtype: string & {}; [key: string]: unknown };

/**
 * A control request, either direction. From the CLI: `can_use_tool` and subtypes a newer CLI adds.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isControlRequest } from "../message_guards.ts";
 * declare const message: Message;
 * if (isControlRequest(message)) console.log(message.request_id, message.request.subtype);
 * ```
 */
export interface ControlRequestMessage {
  /** Always `"control_request"`. */
  type: "control_request";
  /** Id the `control_response` answering it must carry. */
  request_id: string;
  /** What is asked; `subtype` names it. */
  request: CanUseToolRequest | { subtype: string & {}; [key: string]: unknown };
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The answer to a control request.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isControlResponse } from "../message_guards.ts";
 * declare const message: Message;
 * if (isControlResponse(message) && message.response.subtype === "success") console.log(message.response.response);
 * ```
 */
export interface ControlResponseMessage {
  /** Always `"control_response"`. */
  type: "control_response";
  /** `success` with an optional payload, or `error` with its text; `request_id` names the request answered. */
  response:
    | { subtype: "success"; request_id: string; response?: Record<string, unknown> }
    | { subtype: "error"; request_id: string; error: string };
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}

/**
 * The CLI withdrawing a control request it sent.
 *
 * @example
 * ```ts
 * import { type Message } from "@claude-stream/sdk";
 * import { isControlCancelRequest } from "../message_guards.ts";
 * declare const message: Message;
 * if (isControlCancelRequest(message)) console.log("withdrawn", message.request_id);
 * ```
 */
export interface ControlCancelRequestMessage {
  /** Always `"control_cancel_request"`. */
  type: "control_cancel_request";
  /** Id of the control request withdrawn. */
  request_id: string;
  /** Any other field the CLI printed, kept as is. */
  [key: string]: unknown;
}
