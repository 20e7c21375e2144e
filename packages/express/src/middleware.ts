import type { ServerResponse } from "node:http";
import {
  createSessionManager,
  type Session,
  type SessionData,
  type SessionManager,
  type SessionOptions,
} from "@sessionkit/core";
import { deferEnd } from "./defer-end.js";
import { watchErrors } from "./error-watch.js";
import { applyCommit, type ExpressLikeRequest, requestInput } from "./io.js";
import { patchRequestPrototype } from "./request-prototype.js";
import { sessionOf } from "./session-of.js";
import { type ExpressSession, expressSessionView } from "./session-view.js";

/** The middleware `session()` returns, with the manager it runs on (for admin code). */
export interface SessionMiddleware<D = SessionData> {
  (req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void): void;
  /** The manager behind this middleware: list, revoke, clean up sessions outside requests. */
  readonly manager: SessionManager<D>;
  /** This request's session with data of type `D`: the generic form of typed data. */
  of(req: object): ExpressSession<D>;
}

/**
 * Session middleware for Express 4 and 5. Loads the session before the routes run
 * (`req.session`) and commits it before the response goes out: the store write has finished
 * and `Set-Cookie` is set by the time the client sees the first byte.
 *
 * A failed request persists nothing the handler did to the session (the core's
 * `requestFailed`): an error thrown, rejected or passed to `next(err)`, whatever status answers
 * it, or a 5xx answer. A 4xx the handler answers itself is a normal answer. Store errors go to
 * `next(err)`, also when they happen while committing, as long as nothing was sent yet.
 *
 * @throws SessionConfigError when an option is invalid, here rather than on a request.
 * @example
 * app.use(session({ secret: process.env.SESSION_SECRET!, store: new MemoryStore() }));
 * app.get("/", (req, res) => {
 *   req.session.data.views = (req.session.data.views ?? 0) + 1;
 *   res.json(req.session.data);
 * });
 */
export function session<D = SessionData>(options: SessionOptions): SessionMiddleware<D> {
  const manager = createSessionManager<D>(options);
  const middleware = (
    req: ExpressLikeRequest,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ): void => {
    const start = (current: Session<D>) => {
      const errored = watchErrors(req, res);
      deferEnd(res, {
        errored,
        // Synchronous when no store call is needed: the response then goes out unheld.
        commit(outcome) {
          const result = manager.commitNow(current, outcome);
          if (result instanceof Promise) return result.then((done) => applyCommit(res, done));
          applyCommit(res, result);
          return undefined;
        },
        // The handler's response never went out: Express answers the error instead.
        fail: next,
      });
      // express-session's surface over the session (a Proxy over `current.data`, see
      // session-view.ts); `sessionID` is the store handle once one exists. Both are kept in
      // the response's hold made just above (request-prototype.ts).
      patchRequestPrototype(req);
      const target = req as { session?: unknown; sessionID?: string };
      target.session = expressSessionView(current, req, manager);
      if (!current.isNew) target.sessionID = current.id;
      next();
    };
    // Synchronous without a token to look up (an anonymous visitor): no promise in between.
    let loaded: Session<D> | Promise<Session<D>>;
    try {
      loaded = manager.loadNow(requestInput(req));
    } catch (error) {
      next(error);
      return;
    }
    if (loaded instanceof Promise) loaded.then(start, next);
    else start(loaded);
  };
  return Object.assign(middleware, { manager, of: sessionOf<D> });
}
