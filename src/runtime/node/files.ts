/** Placeholder until the file adapter lands (issue 5). @module */
import type { FileAdapter } from "../types.ts";

const missing = () => {
  throw new Error("file adapter not implemented yet");
};

/** The file adapter. */
export const fileAdapter: FileAdapter = { readStream: missing, readRange: missing, stat: missing, readDir: missing, realPath: missing };
