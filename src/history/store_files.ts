/**
 * A `SessionStore` seen as a projects folder: the history functions read a store through the same code that reads
 * the CLI's files, so a session gives the same conversation, title and facts wherever its entries are kept. The view
 * serves one project key as `<STORE_ROOT>/projects/<projectKey>/`: each main transcript as `<sessionId>.jsonl`, each
 * subkey as `<sessionId>/<subpath>.jsonl` (the folders the CLI writes: `subagents/agent-<id>`), the `agent_metadata`
 * entry `importSessionToStore` keeps with a subagent transcript as its `.meta.json`, and the archive mark
 * (subkey `archived`, see `archive_mark.ts`) as `<sessionId>/archived.json`. A transcript is loaded once per view and
 * written out as JSON Lines, one entry a line, as the CLI writes them.
 * @module
 */
import type { DirEntry, FileAdapter, FileEnds, FileInfo } from "../runtime/types.ts";
import type { SessionKey, SessionStore, SessionStoreEntry } from "../store/session_store.ts";
import { joinPath } from "./history_options.ts";

/**
 * The config dir of a store view: paths under it name store keys, not files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { STORE_ROOT } from "./store_files.ts";
 * assert.equal(STORE_ROOT, "sessionStore:");
 * ```
 */
export const STORE_ROOT = "sessionStore:";

/**
 * The subpath of a session's archive mark in a store.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ARCHIVE_SUBPATH } from "./store_files.ts";
 * assert.equal(ARCHIVE_SUBPATH, "archived");
 * ```
 */
export const ARCHIVE_SUBPATH = "archived";

/** The entry kind `importSessionToStore` keeps a subagent's `.meta.json` as. */
const AGENT_METADATA = "agent_metadata";

/** What a path of the view names. */
type Node =
  | { kind: "dir"; sessionId?: string; subpath?: string }
  | { kind: "transcript"; key: SessionKey }
  | { kind: "meta"; key: SessionKey }
  | { kind: "archive"; key: SessionKey };

/**
 * A read-only `FileAdapter` over one project of a store (see the module doc). A transcript's mtime is the write time
 * the store's `listSessions()` gives (asked once per view, unless the caller passes `mtimes` it has), else its last
 * entry's timestamp.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InMemorySessionStore } from "@claude-stream/sdk";
 * import { storeFiles, STORE_ROOT } from "./store_files.ts";
 * const store = new InMemorySessionStore();
 * await store.append({ projectKey: "p", sessionId: "s1" }, [{ type: "user", uuid: "u1", message: { content: "hi" } }]);
 * const files = storeFiles(store, "p");
 * const text = await new Response(files.readStream(`${STORE_ROOT}/projects/p/s1.jsonl`)).text();
 * assert.equal(text, '{"type":"user","uuid":"u1","message":{"content":"hi"}}\n');
 * ```
 */
export function storeFiles(store: SessionStore, projectKey: string, mtimes?: ReadonlyMap<string, number>): FileAdapter {
  const projectsDir = joinPath(STORE_ROOT, "projects");
  const projectDir = joinPath(projectsDir, projectKey);
  const loaded = new Map<string, Promise<SessionStoreEntry[] | null>>();
  const load = (key: SessionKey) => {
    const name = JSON.stringify([key.sessionId, key.subpath ?? null]);
    let entries = loaded.get(name);
    if (entries === undefined) loaded.set(name, entries = store.load(key));
    return entries;
  };

  const parse = (path: string): Node | null => {
    if (path === STORE_ROOT || path === projectsDir || path === projectDir) return { kind: "dir" };
    if (!path.startsWith(`${projectDir}/`)) return null;
    const rest = path.slice(projectDir.length + 1);
    const slash = rest.indexOf("/");
    if (slash < 0) {
      if (!rest.endsWith(".jsonl")) return { kind: "dir", sessionId: rest };
      return { kind: "transcript", key: { projectKey, sessionId: rest.slice(0, -".jsonl".length) } };
    }
    const sessionId = rest.slice(0, slash);
    const sub = rest.slice(slash + 1);
    if (sub === "archived.json") return { kind: "archive", key: { projectKey, sessionId, subpath: ARCHIVE_SUBPATH } };
    if (sub.endsWith(".meta.json")) {
      return { kind: "meta", key: { projectKey, sessionId, subpath: sub.slice(0, -".meta.json".length) } };
    }
    if (sub.endsWith(".jsonl")) {
      return { kind: "transcript", key: { projectKey, sessionId, subpath: sub.slice(0, -".jsonl".length) } };
    }
    return { kind: "dir", sessionId, subpath: sub };
  };

  /** The bytes a path stands for; null when nothing is there. */
  const bytesOf = async (node: Node): Promise<Uint8Array | null> => {
    if (node.kind === "dir") return null;
    const entries = await load(node.key);
    if (entries === null) return null;
    if (node.kind === "transcript") {
      const kept = node.key.subpath === undefined ? entries : entries.filter((e) => e.type !== AGENT_METADATA);
      return kept.length === 0 ? null : encode(kept.map((entry) => JSON.stringify(entry) + "\n").join(""));
    }
    const kind = node.kind === "meta" ? AGENT_METADATA : ARCHIVE_SUBPATH;
    const last = entries.findLast((entry) => entry.type === kind);
    if (last === undefined) return null;
    const { type: _type, uuid: _uuid, timestamp: _timestamp, ...fields } = last;
    return encode(JSON.stringify(fields));
  };

  let listing: Promise<ReadonlyMap<string, number>> | undefined;
  const listedMtimes = () =>
    listing ??= mtimes !== undefined ? Promise.resolve(mtimes) : Promise.resolve(store.listSessions?.(projectKey))
      .then((sessions) => new Map((sessions ?? []).map((session) => [session.sessionId, session.mtime])));

  const mtimeOf = async (node: Node, entries: SessionStoreEntry[] | null): Promise<number> => {
    const listed = node.kind === "transcript" && node.key.subpath === undefined
      ? (await listedMtimes()).get(node.key.sessionId)
      : undefined;
    if (listed !== undefined) return listed;
    const stamped = entries?.findLast((entry) => typeof entry.timestamp === "string");
    const at = stamped === undefined ? NaN : Date.parse(String(stamped.timestamp));
    return Number.isNaN(at) ? 0 : at;
  };

  const found = async (path: string): Promise<{ node: Node; bytes: Uint8Array; info: FileInfo }> => {
    const node = parse(path);
    const bytes = node === null ? null : await bytesOf(node);
    if (node === null || bytes === null) throw notFound(path);
    const entries = node.kind === "dir" ? null : await load(node.key);
    return {
      node,
      bytes,
      info: {
        size: bytes.length,
        mtimeMs: await mtimeOf(node, entries),
        birthtimeMs: null,
        isFile: true,
        isDirectory: false,
      },
    };
  };

  return {
    readStream(path) {
      let body: Uint8Array | undefined;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (body !== undefined) return controller.close();
          body = (await found(path)).bytes;
          if (body.length > 0) controller.enqueue(body);
        },
      }, { highWaterMark: 0 });
    },
    async readRange(path, offset, length) {
      const { bytes } = await found(path);
      return bytes.slice(offset, offset + length);
    },
    async readEnds(path, length): Promise<FileEnds> {
      const { bytes, info } = await found(path);
      const head = bytes.slice(0, Math.min(length, bytes.length));
      return { head, tail: bytes.slice(Math.max(head.length, bytes.length - length)), info };
    },
    async stat(path) {
      const node = parse(path);
      if (node?.kind === "dir") return { size: 0, mtimeMs: 0, birthtimeMs: null, isFile: false, isDirectory: true };
      return (await found(path)).info;
    },
    async readDir(path): Promise<DirEntry[]> {
      const node = parse(path);
      if (node?.kind !== "dir") throw notFound(path);
      if (path === STORE_ROOT) return [{ name: "projects", isFile: false, isDirectory: true }];
      if (path === projectsDir) return [{ name: projectKey, isFile: false, isDirectory: true }];
      if (node.sessionId === undefined) {
        const ids = [...(await listedMtimes()).keys()];
        return ids.map((id) => ({ name: `${id}.jsonl`, isFile: true, isDirectory: false }));
      }
      return childrenOf(await store.listSubkeys?.({ projectKey, sessionId: node.sessionId }) ?? [], node.subpath);
    },
    realPath: (path) => Promise.resolve(path),
  };
}

/** The entries right under `folder` (a subpath prefix; the session's own folder when undefined), as a listing. */
function childrenOf(subpaths: string[], folder: string | undefined): DirEntry[] {
  const prefix = folder === undefined ? "" : `${folder}/`;
  const children = new Map<string, DirEntry>();
  for (const subpath of subpaths) {
    if (!subpath.startsWith(prefix) || subpath === ARCHIVE_SUBPATH) continue;
    const rest = subpath.slice(prefix.length);
    const slash = rest.indexOf("/");
    const entry = slash < 0
      ? { name: `${rest}.jsonl`, isFile: true, isDirectory: false }
      : { name: rest.slice(0, slash), isFile: false, isDirectory: true };
    children.set(entry.name, entry);
  }
  return [...children.values()];
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function notFound(path: string): Error {
  return Object.assign(new Error(`ENOENT: nothing in the store at '${path}'`), { code: "ENOENT" });
}
