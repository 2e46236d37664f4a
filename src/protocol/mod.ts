/** The protocol layer: bytes <-> messages. @module */
export * from "./messages.ts";
export * from "./message_guards.ts";
export * from "./message_decoder_stream.ts";
export * from "./stdin_encoders.ts";
export { isValidMessage, validateMessage } from "./schemas.ts";
