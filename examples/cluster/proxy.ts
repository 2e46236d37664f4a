/**
 * A round-robin proxy: each request goes to the next worker in turn, its body streamed both ways. What a load
 * balancer in front of the workers does, at its simplest (no stickiness: any worker may get any conversation).
 * @module
 */

/**
 * A handler that forwards each request to the next of `upstreams` (base URLs), answering 502 when that worker is
 * down (the client may retry: the next request goes to the next worker).
 *
 * @example
 * ```ts
 * import { roundRobin } from "./proxy.ts";
 * const proxy = roundRobin(["http://127.0.0.1:8001", "http://127.0.0.1:8002"]);
 * // serve it: Deno.serve(proxy), Bun.serve({ fetch: proxy }), or node:http with toNodeListener(proxy)
 * ```
 */
export function roundRobin(upstreams: readonly string[]): (request: Request) => Promise<Response> {
  if (upstreams.length === 0) throw new Error("roundRobin needs at least one upstream");
  let next = 0;
  return async (request) => {
    const upstream = upstreams[next++ % upstreams.length];
    const url = new URL(request.url);
    const target = new URL(url.pathname + url.search, upstream);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    try {
      const response = await fetch(target, {
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
      });
      return new Response(response.body, { status: response.status, headers: response.headers });
    } catch (error) {
      return new Response(`worker ${upstream} failed: ${(error as Error).message}`, { status: 502 });
    }
  };
}
