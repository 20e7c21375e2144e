import type { ServerResponse } from "node:http";
import { WATCH, type Watch } from "./error-watch.js";
import { appendSetCookieArgument } from "./held-headers.js";
import { refusalOf, statusOf } from "./held-validation.js";
import {
  type AnyMethod,
  METHODS,
  type Method,
  nodeHeadersSent,
  prototypeMethodsOf,
} from "./response-prototype.js";

export type HeldCall = [Method, unknown[]];

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
  const target = res as unknown as HeldResponse;
  if (target[HOLD] !== undefined) {
    // A second session middleware on this response: its hold sits on top of the first one's,
    // with wrappers of its own.
    const hold = new ResponseHold(res, hooks, methodsOf(target), NONE, false);
    hold.installOwn({
      writeHead: (...args: unknown[]) => hold.call("writeHead", args),
      flushHeaders: (...args: unknown[]) => hold.call("flushHeaders", args),
      write: (...args: unknown[]) => hold.call("write", args),
      end: (...args: unknown[]) => hold.call("end", args),
    });
    return;
  }
  const shared = prototypeMethodsOf(res, prototypeWrappers, heldHeadersSent);
  if (shared === undefined) {
    // Not a response Express made: no shared prototype to work through.
    const hold = new ResponseHold(res, hooks, methodsOf(target), NONE, false);
    target[HOLD] = hold;
    hold.installOwn(OWN_WRAPPERS);
    return;
  }
  const routes = prototypeRoutes(target, shared.wrappers);
  // The common case: the prototype's methods serve this response, one property holds it.
  if (routes === ALL) {
    target[HOLD] = new ResponseHold(res, hooks, shared.originals, ALL, true);
    return;
  }
  // Something mounted before the session gave the response methods of its own (on-headers'
  // `writeHead` under morgan or response-time, compression's `write` and `end`): those are
  // replaced in place (a property the response already has costs little to overwrite), the
  // others keep going through the prototype, so no method is added to `res`.
  const originals = methodsOf(target);
  for (const method of METHODS) {
    if (routes & BIT[method]) originals[method] = shared.originals[method];
  }
  const hold = new ResponseHold(res, hooks, originals, routes, !Object.hasOwn(res, "headersSent"));
  target[HOLD] = hold;
  hold.installOwn(OWN_WRAPPERS);
}

/** One bit per method: which of them reach a hold through the shared prototype. */
const BIT: Record<Method, number> = { writeHead: 1, flushHeaders: 2, write: 4, end: 8 };
const NONE = 0;
const ALL = 15;

/**
 * The methods (`BIT`) `res` takes from the shared prototype's wrappers: not its own, and its
 * prototype (an app's `app.response`, nothing in between putting another in their place)
 * resolves them to the wrapper. Asked this way rather than by reading the methods through
 * `res`: no two Express responses share a hidden class on Node 20 (Express replaced their
 * prototype), so each such read misses every cache and walks the chain (≈ 0.3 µs), while an
 * own-property check on `res` and reads from its prototype (the same object for all of an
 * app's responses) cost a fraction of that. Named, not a loop over the names.
 */
function prototypeRoutes(target: HeldResponse, wrappers: Record<Method, AnyMethod>): number {
  const proto = Object.getPrototypeOf(target) as HeldResponse | null;
  if (proto === null) return NONE;
  return (
    (!Object.hasOwn(target, "writeHead") && proto.writeHead === wrappers.writeHead
      ? BIT.writeHead
      : NONE) |
    (!Object.hasOwn(target, "flushHeaders") && proto.flushHeaders === wrappers.flushHeaders
      ? BIT.flushHeaders
      : NONE) |
    (!Object.hasOwn(target, "write") && proto.write === wrappers.write ? BIT.write : NONE) |
    (!Object.hasOwn(target, "end") && proto.end === wrappers.end ? BIT.end : NONE)
  );
}

/** The response methods `res` has now (its own, or its prototypes'). */
function methodsOf(target: HeldResponse): Record<Method, AnyMethod> {
  return {
    writeHead: target.writeHead,
    flushHeaders: target.flushHeaders,
    write: target.write,
    end: target.end,
  };
}

/**
 * Where a held response finds its hold: the error watch's key, since the hold is the request's
 * error watch too (one property added to `res`, see error-watch.ts).
 */
const HOLD = WATCH;
type HeldResponse = Record<Method, AnyMethod> & { [HOLD]?: ResponseHold };

// Own methods, put on a response whose prototype cannot carry them; shared by every such
// response (each finds its hold through `this`), so no closure is made per response.
const OWN_WRAPPERS: Record<Method, AnyMethod> = {
  writeHead(this: HeldResponse, ...args: unknown[]) {
    return holdOf(this, "writeHead").call("writeHead", args);
  },
  flushHeaders(this: HeldResponse, ...args: unknown[]) {
    return holdOf(this, "flushHeaders").call("flushHeaders", args);
  },
  write(this: HeldResponse, ...args: unknown[]) {
    return holdOf(this, "write").call("write", args);
  },
  end(this: HeldResponse, ...args: unknown[]) {
    return holdOf(this, "end").call("end", args);
  },
};

/** A held response counts as started; undefined lets Node answer. */
function heldHeadersSent(res: object): boolean | undefined {
  const hold = (res as HeldResponse)[HOLD];
  return hold?.sharedHeadersSent && hold.held && !hold.released ? true : undefined;
}

function holdOf(res: HeldResponse | undefined, method: Method): ResponseHold {
  const hold = res?.[HOLD];
  if (!hold) throw new TypeError(`res.${method} was called without the response as this`);
  return hold;
}

/**
 * The methods on Express's shared response prototype: a response whose hold works through
 * them is held; every other response (no session, or a hold with its own methods, which calls
 * down to these) goes straight to the prototype's own methods.
 */
function prototypeWrappers(originals: Record<Method, AnyMethod>): Record<Method, AnyMethod> {
  const wrapper = (method: Method): AnyMethod => {
    const bit = BIT[method];
    return function (this: HeldResponse, ...args: unknown[]) {
      const hold = this?.[HOLD];
      if (hold !== undefined && (hold.viaPrototype & bit) !== 0) return hold.call(method, args);
      return originals[method].apply(this, args);
    };
  };
  return {
    writeHead: wrapper("writeHead"),
    flushHeaders: wrapper("flushHeaders"),
    write: wrapper("write"),
    end: wrapper("end"),
  };
}

/** One response's hold: the calls queued so far, and how the commit turned out. */
class ResponseHold implements Watch {
  /** Set by the error watch when the app passes on an error (see error-watch.ts). */
  errored = false;
  session: unknown = undefined;
  sessionID: string | undefined = undefined;
  watchedNext: Watch["watchedNext"] = undefined;
  wrappedNext: Watch["wrappedNext"] = undefined;
  readonly res: ServerResponse;
  readonly hooks: DeferEndHooks;
  /** The methods a call goes to once released (and the replay). */
  readonly originals: Record<Method, AnyMethod>;
  /** Which methods (`BIT`) reach this hold through Express's shared prototype's wrappers. */
  readonly viaPrototype: number;
  /** Whether the shared prototype's `headersSent` answers for this hold (see holdHeaders). */
  readonly sharedHeadersSent: boolean;
  readonly queue: HeldCall[] = [];
  held = false;
  released = false;
  statusAtStart = 200;
  erroredAtStart = false;

  constructor(
    res: ServerResponse,
    hooks: DeferEndHooks,
    originals: Record<Method, AnyMethod>,
    viaPrototype: number,
    sharedHeadersSent: boolean,
  ) {
    this.res = res;
    this.hooks = hooks;
    this.originals = originals;
    this.viaPrototype = viaPrototype;
    this.sharedHeadersSent = sharedHeadersSent;
  }

  /** Puts `wrappers` on the response itself for the methods that do not reach it otherwise. */
  installOwn(wrappers: Record<Method, AnyMethod>): void {
    const target = this.res as unknown as HeldResponse;
    for (const method of METHODS) {
      if ((this.viaPrototype & BIT[method]) === 0) target[method] = wrappers[method];
    }
  }

  call(method: Method, args: unknown[]): unknown {
    const { res } = this;
    if (this.released) return this.originals[method].apply(res, args);
    this.queue.push([method, args]);
    if (this.held) return method === "write" ? true : method === "flushHeaders" ? undefined : res;
    this.held = true;
    this.statusAtStart = res.statusCode;
    this.erroredAtStart = this.hooks.errored();
    // A complete response (`end`) commits now, and when that needs no store call (an anonymous
    // visitor, a read inside the touch window) it goes out as it is, unheld.
    if (method === "end") {
      const refusal = refusalOf(this.queue, this.statusAtStart, res.statusMessage);
      const done = this.commit(refusal);
      if (done === undefined && refusal === undefined) {
        this.queue.length = 0;
        this.release();
        return this.originals.end.apply(res, args);
      }
      this.holdHeaders();
      this.await(done, refusal);
      return res;
    }
    this.holdHeaders();
    // A started response (`write`, `writeHead`) waits for the current turn of the event loop,
    // so an error the handler raises right after its first write (in the same tick or a promise
    // continuation) still fails the request.
    setImmediate(() => this.start());
    return method === "write" ? true : method === "flushHeaders" ? undefined : res;
  }

  // Our methods stay on the response and pass calls through from now on: middleware mounted
  // after the session (compression, on-headers…) may have wrapped them and kept references,
  // and putting Node's back would cost a property write per method (slow on Node 20, above).
  release(): void {
    this.released = true;
  }

  // While held, the response counts as started; once released, Node answers. Defined only when
  // a response is really held, and never deleted: deleting a property from `res` would turn it
  // into a slow dictionary-mode object for the rest of the request.
  holdHeaders(): void {
    // The shared prototype's `headersSent` already answers for this hold.
    if (this.sharedHeadersSent) return;
    const { res } = this;
    Object.defineProperty(res, "headersSent", {
      configurable: true,
      get: () => !this.released || nodeHeadersSent.call(res),
    });
  }

  destroy(): void {
    if (!this.res.destroyed) this.res.destroy();
  }

  // The error path while nothing is on the wire; a socket that cannot be answered is closed.
  failHeld(error: unknown): void {
    const { res } = this;
    try {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      res.statusCode = 500;
      this.hooks.fail(error);
    } catch {
      this.destroy();
    }
  }

  replay(): void {
    const { res } = this;
    // A `write`/`end` first sends the status the app had set then, not one set afterwards.
    res.statusCode = this.statusAtStart;
    for (const [method, args] of this.queue) {
      if (method === "writeHead") appendSetCookieArgument(res, args);
      this.originals[method].apply(res, args);
    }
  }

  finish(refusal: Error | undefined): void {
    this.release();
    if (refusal) {
      this.failHeld(refusal);
    } else if (this.hooks.errored() && !this.erroredAtStart) {
      // The app failed after it had started answering: what it queued is half a response and
      // whatever its error handler added; without the middleware the connection would break.
      this.destroy();
    } else {
      try {
        this.replay();
      } catch (error) {
        if (this.res.headersSent) this.destroy();
        else this.failHeld(error);
      }
    }
  }

  // Runs the commit; its synchronous throw becomes a rejection like any other.
  commit(refusal: Error | undefined): Promise<void> | undefined {
    const error = refusal !== undefined || this.hooks.errored();
    try {
      return this.hooks.commit({ status: statusOf(this.queue, this.statusAtStart), error });
    } catch (commitError) {
      return Promise.reject(commitError);
    }
  }

  await(done: Promise<void> | undefined, refusal: Error | undefined): void {
    (done ?? Promise.resolve()).then(
      () => this.finish(refusal),
      (commitError: unknown) => {
        this.release();
        this.failHeld(commitError);
      },
    );
  }

  start(): void {
    const refusal = refusalOf(this.queue, this.statusAtStart, this.res.statusMessage);
    this.await(this.commit(refusal), refusal);
  }
}
