/**
 * Records the protocol cases with the real CLI: `node --import tsx tests/real_cli/record_cases.ts <outDir> [cases...]`
 * writes `<outDir>/transcripts/` and `<outDir>/projects-sample/` in the layout of tests/fixtures/protocol/cli-2.1.332
 * (see `recorder.ts`). Runs under the environment `scripts/test_real.sh` sets up: `$CLAUDE_STREAM_TEST_CLI` is the
 * binary, `$ANTHROPIC_BASE_URL` the stand-in Messages API (on 127.0.0.1). Named cases bring the cases they require.
 * @module
 */
import process from "node:process";
import { recordCases } from "./recorder.ts";

/** Reads the command line and the environment, records, prints one line per case and a summary. */
async function main(argv: string[]): Promise<void> {
  const [outDir, ...names] = argv;
  const cli = process.env.CLAUDE_STREAM_TEST_CLI;
  const baseUrl = process.env.ANTHROPIC_BASE_URL;
  if (!outDir || !cli || !baseUrl) {
    throw new Error(
      "usage: record_cases.ts <outDir> [case names...], with $CLAUDE_STREAM_TEST_CLI (the binary) and $ANTHROPIC_BASE_URL (the stand-in) set, as scripts/test_real.sh does",
    );
  }
  const result = await recordCases(outDir, { cli, baseUrl, names, log: (line) => console.log(line) });
  console.log(
    `recorded ${result.cases.length} case(s) into ${result.dir} in ${(result.durationMs / 1000).toFixed(1)} s`,
  );
}

main(process.argv.slice(2)).catch((error) => {
  console.error(String(error?.message ?? error));
  process.exit(1);
});
