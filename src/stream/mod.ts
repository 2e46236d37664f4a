/** The stream layer: TransformStreams over messages, a turn collector, and encoders for HTTP. @module */
export * from "./text_content.ts";
export * from "./text_deltas.ts";
export * from "./thinking_content.ts";
export * from "./tool_uses.ts";
export * from "./until_result.ts";
export * from "./collect_turn.ts";
export * from "./to_sse.ts";
export * from "./to_ndjson.ts";
export * from "./turn_response.ts";
