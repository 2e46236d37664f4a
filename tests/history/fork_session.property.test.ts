/**
 * Properties of forkSession over generated transcripts: turns (with progress and attachment links), branches (a turn
 * sent from an earlier reply, as after a rewind), compactions (a boundary naming the leaf it compacted, maybe an entry
 * before its summary, maybe a kept message anchored under the summary) and lines that are not conversation, cut
 * anywhere or not at all. Whatever the shape: every uuid of the fork is fresh, each copied entry's parent is its
 * original's parent (past progress links) remapped, and the fork's conversation is the source's conversation up to the
 * cut (a cut inside a compaction giving the conversation before it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { history, InMemorySessionStore, type SessionStoreEntry } from "../../mod.ts";

type Op =
  | { kind: "turn"; progress: boolean; attachment: boolean; branchFrom: number | null }
  | { kind: "compact"; keep: boolean; between: boolean }
  | { kind: "noise" };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("turn" as const),
      progress: fc.boolean(),
      attachment: fc.boolean(),
      branchFrom: fc.option(fc.nat(20), { freq: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("compact" as const), keep: fc.boolean(), between: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "noise" as const }) },
);

/** A transcript as the CLI writes one, from the ops: its entries in file order. */
function transcript(ops: Op[]): SessionStoreEntry[] {
  const entries: SessionStoreEntry[] = [];
  const replies: string[] = [];
  let leaf: string | null = null;
  let n = 0;
  const at = () => new Date(Date.UTC(2026, 0, 1, 10, 0, n)).toISOString();
  const add = (entry: { type: string; uuid: string; [field: string]: unknown }) => {
    n++;
    entries.push({ ...entry, timestamp: at(), sessionId: "source", isSidechain: false });
    return entry.uuid;
  };
  for (const step of ops) {
    if (step.kind === "noise") {
      entries.push({ type: "queue-operation", operation: "enqueue", content: `q${n}`, sessionId: "source" });
      entries.push({ type: "last-prompt", lastPrompt: `q${n}`, leafUuid: leaf ?? "", sessionId: "source" });
      continue;
    }
    if (step.kind === "compact") {
      if (replies.length === 0) continue;
      const boundary = `b${n}`;
      const summary = `s${n}`;
      const lastReply = replies[replies.length - 1];
      const compactMetadata = step.keep
        ? {
          trigger: "manual",
          preTokens: 10,
          preservedSegment: { headUuid: lastReply, anchorUuid: summary, tailUuid: lastReply },
        }
        : { trigger: "manual", preTokens: 10 };
      add({
        type: "system",
        subtype: "compact_boundary",
        uuid: boundary,
        parentUuid: null,
        logicalParentUuid: leaf,
        compactMetadata,
      });
      if (step.between) add({ type: "attachment", uuid: `t${n}`, parentUuid: boundary, attachment: { type: "date" } });
      leaf = add({
        type: "user",
        uuid: summary,
        parentUuid: boundary,
        isCompactSummary: true,
        message: { role: "user", content: `summary ${n}` },
      });
      continue;
    }
    if (step.branchFrom !== null && replies.length > 0) leaf = replies[step.branchFrom % replies.length];
    const prompt = add({
      type: "user",
      uuid: `u${n}`,
      parentUuid: leaf,
      message: { role: "user", content: `prompt ${n}` },
    });
    const link = step.progress ? add({ type: "progress", uuid: `p${n}`, parentUuid: prompt, data: {} }) : prompt;
    const reply = add({
      type: "assistant",
      uuid: `a${n}`,
      parentUuid: link,
      message: { role: "assistant", content: [{ type: "text", text: `reply ${n}` }] },
    });
    replies.push(reply);
    leaf = step.attachment
      ? add({ type: "attachment", uuid: `x${n}`, parentUuid: reply, attachment: { type: "date" } })
      : reply;
  }
  return entries;
}

const shown = (messages: history.ConversationMessage[]) =>
  messages.map((message) => `${message.type}: ${message.text}`);

test("a fork has fresh uuids, the source's chain remapped, and the source's conversation up to the cut", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(op, { minLength: 1, maxLength: 14 }).filter((ops) => ops.some((step) => step.kind === "turn")),
      fc.option(fc.nat(), { freq: 3 }),
      async (ops, pick) => {
        const entries = transcript(ops);
        const chain = entries.filter((entry) => typeof entry.uuid === "string" && entry.type !== "progress");
        const cut = pick === null ? undefined : chain[pick % chain.length];
        const store = new InMemorySessionStore();
        const options = { sessionStore: store, projectKey: "p" };
        await store.append({ projectKey: "p", sessionId: "source" }, entries);

        const { sessionId } = await history.forkSession("source", { ...options, upToMessageId: cut?.uuid });
        const fork = (await store.load({ projectKey: "p", sessionId }))!;

        // the oracle: the conversation of the source's entries up to the cut, as written then
        const upTo = cut === undefined ? entries : entries.slice(0, entries.indexOf(cut) + 1);
        const expected = await history.buildConversation(upTo);
        assert.deepEqual(shown(await history.conversation(sessionId, options)), shown(expected));

        const sourceUuids = new Set(entries.map((entry) => entry.uuid));
        const forkUuids = fork.map((entry) => entry.uuid);
        assert.equal(new Set(forkUuids).size, forkUuids.length);
        assert.ok(forkUuids.every((uuid) => typeof uuid === "string" && !sourceUuids.has(uuid)));
        assert.ok(fork.every((entry) => entry.type !== "progress" && entry.sessionId === sessionId));
        assert.equal(fork.at(-1)?.type, "custom-title");

        // what is copied: the conversation entries up to the cut, but for a compaction the cut falls inside (its
        // summary not written yet at the cut), which the fork ends before
        let copied = upTo.filter((entry) => typeof entry.uuid === "string" && entry.type !== "progress");
        const boundary = upTo.findLastIndex((entry) => entry.subtype === "compact_boundary");
        const unfinished = boundary >= 0 &&
          !upTo.some((entry) => entry.isCompactSummary === true && entry.parentUuid === upTo[boundary].uuid);
        if (cut !== undefined && unfinished) copied = copied.filter((entry) => upTo.indexOf(entry) < boundary);
        assert.deepEqual(
          fork.filter((entry) => entry.forkedFrom !== undefined).map((entry) =>
            (entry.forkedFrom as { messageUuid: string }).messageUuid
          ),
          copied.map((entry) => entry.uuid),
        );

        const byUuid = new Map(entries.map((entry) => [entry.uuid, entry]));
        const newOf = new Map<unknown, unknown>();
        for (const copy of fork) {
          if (copy.forkedFrom !== undefined) {
            newOf.set((copy.forkedFrom as { messageUuid: string }).messageUuid, copy.uuid);
          }
        }
        for (const copy of fork.filter((entry) => entry.forkedFrom !== undefined)) {
          const original = byUuid.get((copy.forkedFrom as { messageUuid: string }).messageUuid)!;
          let parent = original.parentUuid;
          while (typeof parent === "string" && byUuid.get(parent)?.type === "progress") {
            parent = byUuid.get(parent)!.parentUuid;
          }
          assert.equal(copy.parentUuid, parent === null ? null : newOf.get(parent));
          if (typeof original.logicalParentUuid === "string") {
            assert.equal(copy.logicalParentUuid, newOf.get(original.logicalParentUuid) ?? null);
          }
          assert.deepEqual(copy.message, original.message);
        }
        // the source is as it was
        assert.deepEqual(await store.load({ projectKey: "p", sessionId: "source" }), entries);
      },
    ),
    { numRuns: 300 },
  );
});
