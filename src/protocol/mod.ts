/**
 * The protocol layer's public face (the `./protocol` entry): bytes <-> messages. The message types, the decoder of
 * the CLI's stdout, the encoders of its stdin, the generic guards and the schemas. The per-kind guards
 * (`message_guards.ts`) are the library's own: `isMessageOfType` and `isSystemSubtype` cover them.
 * @module
 */
export type * from "./messages.ts";
export { isKnownMessage, isMessageOfType, isSystemSubtype, KNOWN_MESSAGE_TYPES } from "./message_guards.ts";
export type { MessageOfType } from "./message_guards.ts";
export { MessageDecoder, MessageDecoderStream } from "./message_decoder_stream.ts";
export type { MessageDecoderOptions } from "./message_decoder_stream.ts";
export {
  encodeControlError,
  encodeControlRequest,
  encodeControlResponse,
  encodeJsonLine,
  encodeUserMessage,
} from "./stdin_encoders.ts";
export type { EncodeUserMessageOptions } from "./stdin_encoders.ts";
export { isValidMessage, validateMessage } from "./validate_message.ts";
