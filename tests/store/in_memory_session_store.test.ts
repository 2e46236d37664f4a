/** The in-memory store keeps the SessionStore contract, and its own test helpers say what it holds. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { InMemorySessionStore } from "../../mod.ts";
import { runSessionStoreConformance } from "../../testing.ts";

runSessionStoreConformance(() => new InMemorySessionStore(), { name: "InMemorySessionStore" });

test("entries are copies: changing what was appended or loaded changes nothing stored", async () => {
  const store = new InMemorySessionStore();
  const key = { projectKey: "p", sessionId: "s" };
  const entry = { type: "user", uuid: "u1", message: { role: "user", content: "hi" } };
  await store.append(key, [entry]);
  entry.message.content = "changed";
  const [loaded] = (await store.load(key))!;
  assert.deepEqual(loaded!.message, { role: "user", content: "hi" });
  (loaded!.message as { content: string }).content = "changed too";
  assert.deepEqual(store.getEntries(key)[0]!.message, { role: "user", content: "hi" });
});

test("size counts main transcripts, clear() forgets everything, keys with / do not collide", async () => {
  const store = new InMemorySessionStore();
  await store.append({ projectKey: "a/b", sessionId: "c" }, [{ type: "x" }]);
  await store.append({ projectKey: "a", sessionId: "b/c" }, [{ type: "y" }]);
  await store.append({ projectKey: "a", sessionId: "b", subpath: "c" }, [{ type: "z" }]);
  assert.equal(store.size, 2);
  assert.deepEqual(store.getEntries({ projectKey: "a", sessionId: "b/c" }), [{ type: "y" }]);
  store.clear();
  assert.equal(store.size, 0);
  assert.equal(await store.load({ projectKey: "a", sessionId: "b/c" }), null);
});

test("a bad key is INVALID_OPTION, naming the field", () => {
  const store = new InMemorySessionStore();
  assert.throws(() => store.append({ projectKey: "", sessionId: "s" }, []), { code: "INVALID_OPTION" });
  assert.throws(() => store.load({ projectKey: "p", sessionId: "s", subpath: "" }), (error: unknown) => {
    assert.equal((error as { details: { option: string } }).details.option, "subpath");
    return true;
  });
});
