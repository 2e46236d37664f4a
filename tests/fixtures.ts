/**
 * Where the tests find the recorded protocol: `tests/fixtures/protocol/`, a copy of the shared `protocol/` folder
 * (the real CLI's transcripts and session files), kept in the repo so the suite runs on any clone.
 * `tests/fixtures.test.ts` checks that the copy still matches the shared folder when that is beside the repo.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The copy of `protocol/`: `README.md`, `transcripts/`, `projects-sample/`. */
export const PROTOCOL_DIR: string = fileURLToPath(new URL("./fixtures/protocol/", import.meta.url));
/** Each recorded case's stdout, stderr, exit code, argv and stdin, and `INDEX.json`. */
export const TRANSCRIPTS_DIR: string = join(PROTOCOL_DIR, "transcripts");
/** The config dir's `projects/` folder after all cases ran. */
export const PROJECTS_SAMPLE_DIR: string = join(PROTOCOL_DIR, "projects-sample");
