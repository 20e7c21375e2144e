import { OutgoingMessage, type ServerResponse } from "node:http";
import { appendSetCookieArgument } from "./held-headers.js";
import { refusalOf, statusOf } from "./held-validation.js";

const METHODS = ["writeHead", "flushHeaders", "write", "end"] as const;
/** Node's own `headersSent` (whether the head went out), for a response no longer held. */
const nodeHeadersSent = (() => {
  const getter = Object.getOwnPropertyDescriptor(OutgoingMessage.prototype, "headersSent")?.get;
  if (!getter) throw new Error("node:http OutgoingMessage has no headersSent getter");
  return getter;
})();
export type Method = (typeof METHODS)[number];
export type HeldCall = [Method, unknown[]];
type AnyMethod = (...args: unknown[]) => unknown;

/** What `deferEnd` asks of its caller. */
export interface DeferEndHooks {
  /**
   * Commits the session before the response goes out. `status` is the one the response will
   * carry (a held `writeHead(503)` included); `error` is true when the request failed (the app
   * passed on an error, or Node would refuse a held call). Returns nothing when the commit was
   * settled synchronously (no store call was needed, its headers are on the response): the
   * response then goes out without being held.
   */
  commit(outcome: { status: number; error: boolean }): Promise<void> | undefined;
  /** True once the app has passed on an error (Express's error path was entered). */
  errored(): boolean;
  /**
   * The Express error path, for a failed commit or a response Node refuses, while nothing has
   * been sent: headers are already cleared and the status set to 500.
   */
  fail(error: unknown): void;
}

/**
 * Holds a response back until the session is committed: the first `writeHead`,
 * `flushHeaders`, `write` or `end` starts the commit; that call and any later ones are queued,
 * then replayed in order once it resolves. This is the only way to make the store write finish
 * before the response does and to add `Set-Cookie` while headers can still change:
 * `on-headers` runs synchronously and cannot wait for a promise, and wrapping `end` alone (as
 * express-session does) is too late once `write` has sent the headers.
 *
 * While the response is held it behaves as a started one (`headersSent` is true), so Express's
 * error path never answers into the queue: an error after the response started breaks the
 * connection, as without the middleware, and the queue is dropped. A held call Node would
 * refuse (an invalid status, a header value outside Latin-1, a numeric chunk) fails the request
 * before the commit, so nothing is persisted and Express answers 500 as it would without the
 * middleware. Nothing here can become an unhandled rejection: every outcome ends in the
 * response, Express's error path, or a destroyed socket.
 */
export function deferEnd(res: ServerResponse, hooks: DeferEndHooks): void {
  const target = res as unknown as Record<Method, AnyMethod>;
  const originals: Record<Method, AnyMethod> = {
    writeHead: target.writeHead,
    flushHeaders: target.flushHeaders,
    write: target.write,
    end: target.end,
  };
  const queue: HeldCall[] = [];
  const wrappers = {} as Record<Method, AnyMethod>;
  let held = false;
  let released = false;
  let statusAtStart = 200;
  let erroredAtStart = false;

  // Middleware mounted after the session (compression, on-headers…) may have wrapped our
  // methods and kept references to them: those stay in place and ours pass calls through from
  // now on. Only where ours is still on top is Node's own method put back.
  const restore = () => {
    released = true;
    for (const method of METHODS) {
      if (target[method] === wrappers[method]) target[method] = originals[method];
    }
  };
  // While held, the response counts as started; once released, Node answers. Defined only when
  // a response is really held, and never deleted: deleting a property from `res` would turn it
  // into a slow dictionary-mode object for the rest of the request.
  const holdHeaders = () => {
    Object.defineProperty(res, "headersSent", {
      configurable: true,
      get: () => !released || nodeHeadersSent.call(res),
    });
  };
  const destroy = () => {
    if (!res.destroyed) res.destroy();
  };
  // The error path while nothing is on the wire; a socket that cannot be answered is closed.
  const failHeld = (error: unknown) => {
    try {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      res.statusCode = 500;
      hooks.fail(error);
    } catch {
      destroy();
    }
  };
  const replay = () => {
    // A `write`/`end` first sends the status the app had set then, not one set afterwards.
    res.statusCode = statusAtStart;
    for (const [method, args] of queue) {
      if (method === "writeHead") appendSetCookieArgument(res, args);
      originals[method].apply(res, args);
    }
  };
  const finish = (refusal: Error | undefined) => {
    restore();
    if (refusal) return failHeld(refusal);
    // The app failed after it had started answering: what it queued is half a response and
    // whatever its error handler added; without the middleware the connection would break.
    if (hooks.errored() && !erroredAtStart) return destroy();
    try {
      replay();
    } catch (error) {
      if (res.headersSent) destroy();
      else failHeld(error);
    }
  };
  // Runs the commit; its synchronous throw becomes a rejection like any other.
  const commitFor = (refusal: Error | undefined): Promise<void> | undefined => {
    const error = refusal !== undefined || hooks.errored();
    try {
      return hooks.commit({ status: statusOf(queue, statusAtStart), error });
    } catch (commitError) {
      return Promise.reject(commitError);
    }
  };
  const awaitCommit = (done: Promise<void> | undefined, refusal: Error | undefined) => {
    (done ?? Promise.resolve()).then(
      () => finish(refusal),
      (commitError: unknown) => {
        restore();
        failHeld(commitError);
      },
    );
  };
  const start = () => {
    const refusal = refusalOf(queue, statusAtStart, res.statusMessage);
    awaitCommit(commitFor(refusal), refusal);
  };

  for (const method of METHODS) {
    wrappers[method] = (...args: unknown[]) => {
      if (released) return originals[method].apply(res, args);
      queue.push([method, args]);
      if (!held) {
        held = true;
        statusAtStart = res.statusCode;
        erroredAtStart = hooks.errored();
        // A complete response (`end`) commits now, and when that needs no store call (an
        // anonymous visitor, a read inside the touch window) it goes out as it is, unheld.
        if (method === "end") {
          const refusal = refusalOf(queue, statusAtStart, res.statusMessage);
          const done = commitFor(refusal);
          if (done === undefined && refusal === undefined) {
            queue.length = 0;
            restore();
            return originals.end.apply(res, args);
          }
          holdHeaders();
          awaitCommit(done, refusal);
          return res;
        }
        holdHeaders();
        // A started response (`write`, `writeHead`) waits for the current turn of the event
        // loop, so an error the handler raises right after its first write (in the same tick or
        // a promise continuation) still fails the request.
        setImmediate(start);
      }
      return method === "write" ? true : method === "flushHeaders" ? undefined : res;
    };
    target[method] = wrappers[method];
  }
}
