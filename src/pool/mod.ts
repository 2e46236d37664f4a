/**
 * The pool layer: `SessionPool`, the Sessions of many conversations on one worker (live-CLI bound, idle stops, warm
 * spares, leases), and its options.
 * @module
 */
export { SessionPool } from "./session_pool.ts";
export type { ConversationOptions, SessionPoolOptions, SessionRequestOptions } from "./session_pool_options.ts";
