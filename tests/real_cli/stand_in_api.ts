/**
 * A stand-in for the Anthropic Messages API, so the real Claude Code CLI can run offline against 127.0.0.1. It answers
 * like the stand-in the protocol recordings were made with (tests/fixtures/protocol, `fake-api.mjs`): the reply shows
 * the context the CLI sent, `turns=N last=<last prompt> history=<p1> | <p2> ...`, and prompt words pick behaviours
 * (SLOW, THINK, ERR400/401/429/500/529, MAXTOK, SHOW_SYSTEM, TOOL_BASH <command>, TOOL <Name> <json>,
 * TOOL_ALWAYS <Name> <json>, OVERLOAD_MODEL=<substr>). Every request is logged (`GET /_log`, `POST /_log/clear`).
 *
 * The handler is Web-standard (`Request` in, `Response` out) and touches no runtime global, so it runs on Node, Deno
 * and Bun; `serve_stand_in.ts` puts it on a port. The rules of the answers (reply text, prompt words, thinking block,
 * token counts, SHOW_SYSTEM) are the fake CLI's model (`fake-cli/model.js`), which imitates this same stand-in.
 * @module
 */
import {
  type ApiMessage,
  endsWithOwnText,
  inputTokens,
  outputTokens,
  parseJson,
  type PromptWords,
  promptWords,
  replyText,
  sentMessages,
  summaryLine,
  thinkingBlock,
  userTexts,
} from "../../fake-cli/model.js";

/** One request the stand-in received, and what it answered. */
export interface LogEntry {
  n: number;
  ts: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  /** The parsed JSON body (null when there was none or it was not JSON). */
  body: unknown;
  /** What the stand-in made of a Messages request: the user's own prompts and the last one. */
  prompts?: string[];
  last?: string;
  result: { status: number; id?: string; stop?: string; streamed?: boolean; aborted?: boolean };
}

/** Options of the stand-in. */
export interface StandInOptions {
  /** Milliseconds between the deltas of a SLOW reply (default 150, as in the 2.1.332 reference recordings). */
  slowMs?: number;
  /** Called with every log entry once the answer is decided (e.g. to append it to a file). */
  onLog?: (entry: LogEntry) => void;
}

/** The stand-in: its request handler and its log. */
export interface StandInApi {
  handler: (request: Request) => Promise<Response>;
  log: LogEntry[];
}

type Block = Record<string, unknown> & { type: string };

/** The CLI's request bodies are read as sent: its `<system-reminder>` texts are not the user's. */
const SENT = { sent: true };

/** The error bodies of the real API, with the messages the recorded CLI output shows. */
const API_ERRORS: Record<number, { type: string; message: string }> = {
  400: { type: "invalid_request_error", message: "fake error 400" },
  401: { type: "authentication_error", message: "invalid x-api-key" },
  429: { type: "rate_limit_error", message: "Rate limited (fake)" },
  500: { type: "api_error", message: "Internal server error (fake)" },
  529: { type: "overloaded_error", message: "Overloaded" },
};

const encoder = new TextEncoder();

/**
 * Creates a stand-in Messages API.
 *
 * @example
 * ```ts
 * const api = standInApi();
 * const response = await api.handler(new Request("http://x/v1/messages", { method: "POST", body: JSON.stringify({
 *   model: "claude-opus-5-5", max_tokens: 10, messages: [{ role: "user", content: "hello" }] }) }));
 * (await response.json()).content[0].text; // "turns=1 last=hello history=hello"
 * ```
 */
export function standInApi(options: StandInOptions = {}): StandInApi {
  const slowMs = options.slowMs ?? 150;
  const log: LogEntry[] = [];
  let requests = 0;
  let messageIds = 0;
  let toolIds = 0;

  async function handler(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    let body: unknown = null;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    if (url.pathname === "/_log") return json(200, log);
    if (url.pathname === "/_log/clear") {
      log.length = 0;
      return json(200, { cleared: true });
    }
    const entry: LogEntry = {
      n: ++requests,
      ts: new Date().toISOString(),
      method: request.method,
      path: url.pathname,
      query: url.search,
      headers: pickHeaders(request.headers),
      body,
      result: { status: 0 },
    };
    const response = route(request, url, body, entry);
    log.push(entry);
    options.onLog?.(entry);
    return response;
  }

  function route(request: Request, url: URL, body: unknown, entry: LogEntry): Response {
    const { pathname } = url;
    if ((request.method === "GET" || request.method === "HEAD") && pathname === "/") {
      entry.result.status = 200;
      return new Response(request.method === "HEAD" ? null : "claude-stream stand-in Messages API\n", { status: 200 });
    }
    if (request.method === "POST" && pathname === "/v1/messages/count_tokens") {
      const messages = (body as { messages?: unknown[] } | null)?.messages ?? [];
      entry.result.status = 200;
      return json(200, { input_tokens: 3 + 10 * messages.length });
    }
    if (request.method === "POST" && pathname === "/v1/messages" && isObject(body)) {
      return messagesEndpoint(request, body, entry);
    }
    entry.result.status = 404;
    return json(404, {
      type: "error",
      error: { type: "not_found_error", message: `stand-in: no route for ${request.method} ${pathname}` },
    });
  }

  function messagesEndpoint(request: Request, body: Record<string, unknown>, entry: LogEntry): Response {
    const model = String(body.model ?? "claude-opus-5-5");
    const messages = sentMessages(body.messages);
    const turn = analyse(messages);
    entry.prompts = turn.prompts;
    entry.last = turn.last;
    const words = turn.words;
    const overload = /\bOVERLOAD_MODEL=(\S+)/.exec(turn.allText)?.[1];
    const status = words.apiError ?? (overload !== undefined && model.includes(overload) ? 529 : null);
    if (status !== null) {
      entry.result.status = status;
      const error = API_ERRORS[status] ?? API_ERRORS[500];
      const headers: Record<string, string> = { "request-id": `req_fake_err_${entry.n}` };
      if (status === 529 || status === 500) headers["x-should-retry"] = "true";
      return json(status, { type: "error", error }, headers);
    }
    const blocks = plan(turn, body);
    const stopReason = blocks.some((b) => b.type === "tool_use")
      ? "tool_use"
      : words.maxTokens
      ? "max_tokens"
      : "end_turn";
    const id = `msg_fake_${String(++messageIds).padStart(4, "0")}`;
    const requestId = `req_fake_${messageIds}`;
    const usage = {
      input_tokens: inputTokens(messages.length, { api: model }, Array.isArray(body.tools) ? body.tools : []),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    };
    const output = outputTokens(blocks);
    entry.result = { status: 200, id, stop: stopReason };
    const headers = { "request-id": requestId };
    if (body.stream !== true) {
      return json(200, {
        id,
        type: "message",
        role: "assistant",
        model,
        content: blocks,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { ...usage, output_tokens: output },
      }, headers);
    }
    entry.result.streamed = true;
    const events = streamEvents({ id, model, blocks, stopReason, usage, outputTokens: output, slow: words.slow });
    const delay = words.slow ? slowMs : 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = events.next();
        if (next.done) return controller.close();
        const { event, pause } = next.value;
        if (pause && delay > 0) await sleep(delay);
        if (cancelled) return;
        controller.enqueue(encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
      },
      cancel() {
        cancelled = true;
        entry.result.aborted = true;
        delete entry.result.streamed;
        delete entry.result.stop;
      },
    });
    void request;
    return new Response(stream, {
      status: 200,
      headers: { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
    });
  }

  /** The answer's blocks: a tool call, or the context reply (after a thinking block for THINK). */
  function plan(turn: Turn, body: Record<string, unknown>): Block[] {
    const { words } = turn;
    const blocks: Block[] = [];
    const tool = words.tool;
    if (tool !== null) {
      blocks.push({ type: "text", text: `Calling ${tool.name}.` });
      blocks.push({
        type: "tool_use",
        id: `toolu_fake_${String(++toolIds).padStart(4, "0")}`,
        name: tool.name,
        input: tool.input,
      });
    } else {
      let text = turn.reply;
      if (words.showSystem) text += " || " + systemSummary(body);
      blocks.push({ type: "text", text });
    }
    if (words.think) blocks.unshift(thinkingBlock(turn.last));
    return blocks;
  }

  return { handler, log };
}

/** What a conversation asks of the stand-in. */
interface Turn {
  prompts: string[];
  last: string;
  reply: string;
  allText: string;
  words: PromptWords;
}

/**
 * Reads a conversation as the recordings' stand-in did (`fake-cli/model.js`, read as sent): the user's own texts
 * count; prompt words act only when the last message carries the user's own text; after a tool result the reply
 * quotes it; a last message of injected text only gets `(injected-only user message) ` in front. On top of the
 * fake's words, TOOL_ALWAYS makes every answer that tool call, whatever the last message.
 */
export function analyse(messages: ApiMessage[]): Turn {
  const prompts = userTexts(messages, SENT);
  const last = prompts.at(-1) ?? "";
  const acting = endsWithOwnText(messages, SENT) ? last : "";
  let words = promptWords(acting);
  const always = /\bTOOL_ALWAYS ([A-Za-z_][\w-]*) (\{.*\})\s*$/s.exec(last);
  if (always) words = { ...words, tool: { name: always[1], input: parseJson(always[2]) } };
  return { prompts, last, reply: replyText(messages, SENT), allText: acting, words };
}

/** SHOW_SYSTEM: the model, output limit, thinking mode, system prompt (abbreviated) and tool names the CLI sent. */
function systemSummary(body: Record<string, unknown>): string {
  const system = typeof body.system === "string"
    ? [body.system]
    : Array.isArray(body.system)
    ? body.system.map((b) => (isObject(b) ? String(b.text ?? "") : ""))
    : [];
  const parts = system.filter((t) => !t.startsWith("x-anthropic-billing-header"));
  return summaryLine({
    model: body.model,
    maxTokens: body.max_tokens,
    thinking: body.thinking ?? null,
    head: (parts[0] ?? "").replace(/\s+/g, " ").trim(),
    body: parts.slice(1).join("\n\n"),
    tools: Array.isArray(body.tools) ? body.tools.map((t) => (isObject(t) ? String(t.name) : "?")) : [],
  });
}

/** The stream events of one answer, in the Messages API's order; `pause` marks where a SLOW reply waits. */
function* streamEvents(a: {
  id: string;
  model: string;
  blocks: Block[];
  stopReason: string;
  usage: Record<string, number>;
  outputTokens: number;
  slow: boolean;
}): Generator<{ event: Record<string, unknown> & { type: string }; pause: boolean }> {
  yield {
    event: {
      type: "message_start",
      message: {
        id: a.id,
        type: "message",
        role: "assistant",
        model: a.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...a.usage, output_tokens: 1 },
      },
    },
    pause: false,
  };
  for (const [index, block] of a.blocks.entries()) {
    const start = block.type === "thinking"
      ? { type: "thinking", thinking: "", signature: "" }
      : block.type === "tool_use"
      ? { type: "tool_use", id: block.id, name: block.name, input: {} }
      : { type: "text", text: "" };
    yield { event: { type: "content_block_start", index, content_block: start }, pause: false };
    if (block.type === "thinking") {
      const thinking = String(block.thinking);
      const half = Math.ceil(thinking.length / 2);
      for (const piece of [thinking.slice(0, half), thinking.slice(half)]) {
        yield {
          event: { type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: piece } },
          pause: a.slow,
        };
      }
      yield {
        event: { type: "content_block_delta", index, delta: { type: "signature_delta", signature: block.signature } },
        pause: false,
      };
    } else {
      const text = block.type === "tool_use" ? JSON.stringify(block.input) : String(block.text);
      const size = a.slow ? 2 : Math.max(1, Math.ceil(text.length / 3));
      for (let at = 0; at < text.length; at += size) {
        const piece = text.slice(at, at + size);
        const delta = block.type === "tool_use"
          ? { type: "input_json_delta", partial_json: piece }
          : { type: "text_delta", text: piece };
        yield { event: { type: "content_block_delta", index, delta }, pause: a.slow && at > 0 };
      }
    }
    yield { event: { type: "content_block_stop", index }, pause: false };
  }
  yield {
    event: {
      type: "message_delta",
      delta: { stop_reason: a.stopReason, stop_sequence: null },
      usage: { output_tokens: a.outputTokens },
    },
    pause: false,
  };
  yield { event: { type: "message_stop" }, pause: false };
}

function pickHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name === "x-api-key" || name === "authorization") out[name] = value.slice(0, 6) + "…";
    else if (
      name === "user-agent" || name === "anthropic-version" || name === "anthropic-beta" || name.startsWith("x-")
    ) out[name] = value;
  }
  return out;
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { ...headers, "content-type": "application/json" } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
