// Named sessions: registering a name is the Session's own business; stop() frees exactly what was registered.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as sdk from "../../mod.ts";
import { isClaudeCodeError } from "../../src/errors.ts";
import { namedSession, Session, sessionNames } from "../../src/session/mod.ts";

const noSpawn = {
  adapter: {
    spawn: () => {
      throw new Error("not needed");
    },
  },
};

test("registry: registration is not public; the lookups are", () => {
  assert.equal("registerSession" in sdk, false);
  assert.equal("unregisterSession" in sdk, false);
  assert.equal(typeof sdk.namedSession, "function");
  assert.equal(typeof sdk.sessionNames, "function");
});

test("registry: a name is taken while its session runs and free once it stopped", async () => {
  const first = new Session({ ...noSpawn, name: "registry-helper" });
  assert.equal(namedSession("registry-helper"), first);
  assert.ok(sessionNames().includes("registry-helper"));
  assert.throws(
    () => new Session({ ...noSpawn, name: "registry-helper" }),
    (error) => isClaudeCodeError(error, "NAME_TAKEN") && error.details.name === "registry-helper",
  );
  await first.stop();
  assert.throws(
    () => namedSession("registry-helper"),
    (error) => isClaudeCodeError(error, "UNKNOWN_SESSION_NAME") && error.details.name === "registry-helper",
  );
  const second = new Session({ ...noSpawn, name: "registry-helper" });
  assert.equal(namedSession("registry-helper"), second);
  await first.stop(); // stopping the old holder again frees nothing of the new one
  assert.equal(namedSession("registry-helper"), second);
  await second.stop();
  assert.ok(!sessionNames().includes("registry-helper"));
});

test("registry: an unnamed session registers nothing (name: undefined is no name)", async () => {
  const before = sessionNames();
  const session = new Session({ ...noSpawn, name: undefined });
  assert.equal(session.name, undefined);
  assert.deepEqual(sessionNames(), before);
  await session.stop();
});
