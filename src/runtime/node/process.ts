/** Placeholder until the process adapter lands (issue 4). @module */
import type { ProcessAdapter } from "../types.ts";
import { ClaudeCodeError } from "../../errors.ts";

/** The process adapter. */
export const processAdapter: ProcessAdapter = {
  spawn() {
    throw new ClaudeCodeError("CLI_NOT_FOUND", "process adapter not implemented yet");
  },
};
