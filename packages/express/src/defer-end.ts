import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

const METHODS = ["writeHead", "flushHeaders", "write", "end"] as const;
type Method = (typeof METHODS)[number];
type AnyMethod = (...args: unknown[]) => unknown;

/**
 * Holds a response back until `before` has settled: the first `writeHead`, `flushHeaders`,
 * `write` or `end` (whichever the framework calls first) starts `before`; that call and any
 * later ones are queued, then replayed in order once it resolves. This is the only way to make
 * the store write finish before the response does and to add `Set-Cookie` while headers can
 * still change: `on-headers` runs synchronously and cannot wait for a promise, and wrapping
 * `end` alone (as express-session does) is too late once `write` has sent the headers.
 *
 * When `before` rejects, the queued calls are dropped, the original methods are restored, and
 * `abort` takes over the response (the Express error path). Queued writes report success
 * (`true`) and are buffered in memory; the wait is bounded by the store timeout.
 */
export function deferEnd(
  res: ServerResponse,
  before: () => Promise<void>,
  abort: (error: unknown) => void,
): void {
  const target = res as unknown as Record<Method, AnyMethod>;
  const originals = Object.fromEntries(METHODS.map((m) => [m, target[m]])) as Record<
    Method,
    AnyMethod
  >;
  const queue: Array<[Method, unknown[]]> = [];
  let started = false;

  const restore = () => {
    for (const method of METHODS) target[method] = originals[method];
  };
  const replay = () => {
    for (const [method, args] of queue) {
      if (method === "writeHead") appendHeaderArgument(res, args);
      originals[method].apply(res, args);
    }
  };

  for (const method of METHODS) {
    target[method] = (...args: unknown[]) => {
      queue.push([method, args]);
      if (!started) {
        started = true;
        before().then(
          () => {
            restore();
            replay();
          },
          (error: unknown) => {
            restore();
            abort(error);
          },
        );
      }
      return method === "write" ? true : method === "flushHeaders" ? undefined : res;
    };
  }
}

/**
 * `writeHead(status, headers)` would let a `Set-Cookie` in `headers` replace the ones set
 * before it (Node calls `setHeader` for each); append them instead so both survive.
 */
function appendHeaderArgument(res: ServerResponse, args: unknown[]): void {
  const last = args.length - 1;
  const headers = args[last];
  if (last < 1 || typeof headers !== "object" || headers === null || Array.isArray(headers)) {
    return;
  }
  const rest: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) {
    if (name.toLowerCase() === "set-cookie" && value !== undefined) {
      res.appendHeader("set-cookie", Array.isArray(value) ? value : String(value));
    } else {
      rest[name] = value;
    }
  }
  args[last] = rest;
}
