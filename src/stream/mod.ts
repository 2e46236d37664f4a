/** The stream layer: TransformStreams over messages, and encoders for HTTP. @module */
export * from "./text_content.ts";
export * from "./turn_response.ts";
