import type { ServerResponse } from "node:http";
import {
  createSessionManager,
  type SessionData,
  type SessionManager,
  type SessionOptions,
} from "@sessionkit/core";
import { deferEnd } from "./defer-end.js";
import { applyCommit, type ExpressLikeRequest, requestInput } from "./io.js";
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
 * A response with status 500 or more counts as a failed request (Express's error path sets
 * it, whether the handler threw or called `next(err)`): nothing the handler did to the session
 * is persisted. Store errors go to `next(err)`, also when they happen while committing, as
 * long as nothing was sent yet.
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
    manager.load(requestInput(req)).then((current) => {
      // express-session's surface over the session (a Proxy over `current.data`, see
      // session-view.ts); `sessionID` is the store handle once one exists.
      const target = req as { session?: unknown; sessionID?: string };
      target.session = expressSessionView(current, req, manager);
      if (!current.isNew) target.sessionID = current.id;
      deferEnd(
        res,
        async () => {
          // The status is the one signal Express gives a middleware that ran before the error
          // path: finalhandler and error middleware set 5xx before they respond.
          const failed = res.statusCode >= 500;
          applyCommit(res, await manager.commit(current, { failed }));
        },
        (error) => {
          // The handler's response never went out: drop it and let Express answer the error.
          for (const name of res.getHeaderNames()) res.removeHeader(name);
          res.statusCode = 500;
          next(error);
        },
      );
      next();
    }, next);
  };
  return Object.assign(middleware, { manager, of: sessionOf<D> });
}
