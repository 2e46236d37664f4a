// Builds the npm package into dist/: the library compiled by tsc (tsconfig.build.json) with its .d.ts files, plus
// the fake CLI's own JavaScript beside the compiled testing entry, so that `claude-stream/testing` finds a working
// fake in the installed package. Run by `npm run build` and before `npm pack` / `npm publish` (prepack).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
rmSync("dist", { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
// The fake is plain JavaScript (runs on node, deno and bun without a build): copied, not compiled.
for (const name of readdirSync("fake-cli")) {
  if (name === "claude" || (name.endsWith(".js") && !name.startsWith("_")) || name.endsWith(".d.ts")) cpSync(`fake-cli/${name}`, `dist/fake-cli/${name}`);
}
chmodSync("dist/fake-cli/claude", 0o755);
