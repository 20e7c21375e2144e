/**
 * Whether the app passed on an error after the session middleware ran. Express gives a
 * middleware no such signal: an error thrown in a handler, passed to `next(err)` or rejected
 * from an async handler travels through the router's `next`, and an error handler then answers
 * with any status it likes (a 403 as well as a 500). The router hands every layer its `next`
 * through `Layer#handle_request` (Express 4) / `Layer#handleRequest` (Express 5's router), so
 * the binding wraps that method once per Layer class: for requests the session middleware is
 * watching, the `next` a layer receives records an error before passing it on. Requests it is
 * not watching pass through untouched, and nothing is allocated for them.
 *
 * Symbols are global (`Symbol.for`), so the ESM and CommonJS builds of this package, loaded
 * side by side, share one patch and one record per request.
 */
export const WATCH = Symbol.for("sessionkit.express.error-watch");
const PATCHED = Symbol.for("sessionkit.express.layer-patched");

/**
 * What the binding records for one request: whether an error was passed on, and the values of
 * `req.session` / `req.sessionID`. It is kept on the response, by the response hold
 * (defer-end.ts) that implements it: on Node 20 every property added to an Express `req` or
 * `res` (objects whose prototype Express replaced) costs microseconds, so one record serves
 * all three.
 */
export interface Watch {
  errored: boolean;
  /** `req.session` and `req.sessionID` of the request (see request-prototype.ts). */
  session: unknown;
  sessionID: string | undefined;
  /** The last `next` wrapped for this request, and its wrapper (layers of one router share it). */
  watchedNext?: AnyNext | undefined;
  wrappedNext?: AnyNext | undefined;
}

type AnyNext = (error?: unknown) => unknown;
type Watched = { [WATCH]?: Watch };
type LayerMethod = (this: unknown, req: unknown, res: Watched, next: AnyNext) => unknown;

/**
 * Starts watching the request of `res` (whose `res[WATCH]` the response hold sets); returns
 * whether an error has been passed on since.
 */
export function watchErrors(req: object, res: object): () => boolean {
  patchLayerOf(req);
  return () => (res as Watched)[WATCH]?.errored === true;
}

/** `"route"` and `"router"` are Express's own skip signals, not errors. */
function isError(error: unknown): boolean {
  return error !== undefined && error !== null && error !== "route" && error !== "router";
}

function watchedNext(watch: Watch, next: AnyNext): AnyNext {
  if (watch.watchedNext === next && watch.wrappedNext) return watch.wrappedNext;
  const wrapped: AnyNext = (error) => {
    if (isError(error)) watch.errored = true;
    return next(error);
  };
  watch.watchedNext = next;
  watch.wrappedNext = wrapped;
  return wrapped;
}

/** The app whose Layer class was patched last: most requests come from it. */
let lastApp: unknown;

/** Wraps the request-handling method of the Layer class of the app that runs `req`. */
function patchLayerOf(req: object): void {
  const app = (req as { app?: unknown }).app;
  if (app !== undefined && app === lastApp) return;
  const layer = anyLayerOf(req);
  if (!layer) return;
  const proto = Object.getPrototypeOf(layer) as Record<string | symbol, unknown> | null;
  if (!proto) return;
  if (proto[PATCHED]) {
    lastApp = app;
    return;
  }
  const name = typeof proto.handleRequest === "function" ? "handleRequest" : "handle_request";
  const original = proto[name];
  if (typeof original !== "function") return;
  proto[name] = function handleRequest(this: unknown, req: unknown, res: Watched, next: AnyNext) {
    const watch = res?.[WATCH];
    return (original as LayerMethod).call(this, req, res, watch ? watchedNext(watch, next) : next);
  };
  proto[PATCHED] = true;
  lastApp = app;
}

/** A Layer of the app's router: `app._router` on Express 4, `app.router` on Express 5. */
function anyLayerOf(req: object): object | undefined {
  const app = (req as { app?: { _router?: Stacked; router?: Stacked } }).app;
  if (!app) return undefined;
  try {
    // Express 4's `app.router` getter throws (a 3.x leftover): only Express 5 is asked for it.
    const router = app._router ?? (isStacked(app.router) ? app.router : undefined);
    return router?.stack[0];
  } catch {
    return undefined;
  }
}

type Stacked = { stack: object[] };

function isStacked(value: unknown): value is Stacked {
  return typeof value === "object" || typeof value === "function"
    ? Array.isArray((value as { stack?: unknown } | null)?.stack)
    : false;
}
