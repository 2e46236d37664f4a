/**
 * The chat example in a real headless Chromium (Debian's `chromium`, driven by playwright-core) against each example
 * server: Deno.serve, Bun.serve and node:http, each as a child process on the CLI under test. Type a message, watch the
 * reply stream in, reload and see the conversation restored; restart the server and carry on the same conversation.
 * Node only: playwright-core is a Node library.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runtimeName } from "../../src/runtime/current.ts";
import { type ServerRuntime, startExample } from "./_example_server.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const skip = runtimeName() !== "node"
  ? "playwright-core is a Node library; this test runs under Node"
  : !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)`
  : false;

// Loaded only where the test runs.
type Browser = import("playwright-core").Browser;
type Page = import("playwright-core").Page;
let browser: Browser | undefined;

before(async () => {
  if (skip !== false) return;
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** The chat lines on the page, as [role, text]. */
async function lines(page: Page): Promise<string[][]> {
  return await page.locator("#log .line").evaluateAll((nodes) =>
    nodes.map((node) => [node.className.replace("line ", ""), node.textContent ?? ""])
  );
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
}

/** Sends a message and resolves with the reply once the page marks it done. */
async function say(page: Page, text: string): Promise<string> {
  const before = await page.locator("#log .assistant").count();
  await page.fill("#prompt", text);
  await page.press("#prompt", "Enter");
  const reply = page.locator("#log .assistant").nth(before);
  await reply.and(page.locator("[data-state=done]")).waitFor({ timeout: 60_000 });
  return await reply.textContent() ?? "";
}

for (const runtime of ["deno", "bun", "node"] as const satisfies ServerRuntime[]) {
  const name = { deno: "Deno.serve", bun: "Bun.serve", node: "node:http" }[runtime];
  test(`browser chat on ${name}: streamed replies, history after reload, resumed after a restart`, {
    skip,
    timeout: 240_000,
  }, async () => {
    const root = await realpath(await mkdtemp(join(tmpdir(), `cs-browser-${runtime}-`)));
    const configDir = join(root, "config");
    let server = await startExample(runtime, root, configDir, { CLAUDE_STREAM_FAKE_SLOW_MS: "120" });
    const context = await browser!.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
    try {
      await open(page, server.url);
      assert.deepEqual(await lines(page), [], "a new visitor starts with an empty conversation");

      assert.equal(await say(page, "My name is Alice"), "turns=1 last=My name is Alice history=My name is Alice");

      // A slow reply is seen growing: part of it is on the page while the turn still runs.
      const slow = "Tell it SLOW";
      const expected = `turns=2 last=${slow} history=My name is Alice | ${slow}`;
      await page.fill("#prompt", slow);
      await page.press("#prompt", "Enter");
      const partial = await page.waitForFunction(
        (full) => {
          const reply = document.querySelectorAll("#log .assistant")[1] as HTMLElement | undefined;
          const text = reply?.textContent ?? "";
          return reply?.dataset.state === "streaming" && text.length > 0 && text.length < full.length &&
              full.startsWith(text)
            ? text
            : false;
        },
        expected,
        { timeout: 60_000 },
      );
      assert.ok(expected.startsWith(await partial.jsonValue() as string));
      await page.locator("#log .assistant").nth(1).and(page.locator("[data-state=done]")).waitFor({ timeout: 60_000 });

      const conversation = [
        ["user", "My name is Alice"],
        ["assistant", "turns=1 last=My name is Alice history=My name is Alice"],
        ["user", slow],
        ["assistant", expected],
      ];
      assert.deepEqual(await lines(page), conversation, "what the page shows while chatting");
      await page.reload();
      await page.waitForSelector("body[data-ready=true]");
      assert.deepEqual(await lines(page), conversation, "restored from history.conversation() after a reload");

      // A new server process knows nothing of this visitor but the cookie: it resumes the saved conversation.
      await server.stop();
      server = await startExample(runtime, root, configDir);
      await open(page, server.url);
      assert.deepEqual(await lines(page), conversation, "restored by a restarted server");
      assert.equal(
        await say(page, "What is my name?"),
        `turns=3 last=What is my name? history=My name is Alice | ${slow} | What is my name?`,
      );
      assert.deepEqual(consoleErrors, []);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output()}`, { cause: error });
    } finally {
      await context.close();
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
}
