/** The runtime layer: ports to the host and their adapters. @module */
export type * from "./types.ts";
export { currentRuntime, defaultFileAdapter, defaultProcessAdapter, runtimeName } from "./current.ts";
