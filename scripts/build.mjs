// Builds the npm package into dist/: the library compiled by tsc (tsconfig.build.json) with its .d.ts files, plus
// the fake CLI's own JavaScript in dist/fake-cli/, where the compiled testing kit (dist/src/testing/) finds it, so
// that `claude-stream/testing` has a working fake in the installed package. Run by `npm run build` and before
// `npm pack` / `npm publish` (prepack).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
rmSync("dist", { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
// The fake is plain JavaScript (runs on node, deno and bun without a build): copied, not compiled, with its recorded
// data (JSON) and its declarations (generated from it by scripts/fake_cli_declarations.mjs, which the static checks
// of scripts/test.sh hold to the JavaScript).
for (const name of readdirSync("fake-cli")) {
  const copied = name === "claude" || (name.endsWith(".js") && !name.startsWith("_")) || name.endsWith(".d.ts") ||
    name.endsWith(".json");
  if (copied) cpSync(`fake-cli/${name}`, `dist/fake-cli/${name}`);
}
chmodSync("dist/fake-cli/claude", 0o755);
