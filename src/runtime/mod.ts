/**
 * The runtime layer's public face: the ports a user may implement (`ProcessAdapter`, `FileAdapter`) and the types
 * they use. The adapters themselves are internal: the library picks the host's own (see `current.ts`).
 * @module
 */
export type * from "./types.ts";
