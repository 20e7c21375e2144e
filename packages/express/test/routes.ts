import type { ServerResponse } from "node:http";
import { BINDING_ROUTES, isRouteReply, type RouteReply, runRoute } from "@sessionkit/conformance";
import type { Session } from "@sessionkit/core";

type Handler = (
  req: { session: Session; url: string },
  res: ServerResponse & { json(body: unknown): unknown },
  next: (error: unknown) => void,
) => void;

/** Mounts the binding suite's routes the Express way: one `app.get` each, errors to `next`. */
export function mountRoutes(app: { get(path: string, handler: Handler): unknown }): void {
  for (const route of BINDING_ROUTES) {
    app.get(route.path, (req, res, next) => {
      runRoute(route, req.session, req.url)
        .then((body) => (isRouteReply(body) ? sendReply(res, body) : res.json(body)))
        .catch(next);
    });
  }
}

/** A route's own answer at Node's level: `writeHead` (object, or a flat raw array) and `end`. */
export function sendReply(res: ServerResponse, reply: RouteReply): void {
  const headers = reply.raw ? reply.headers.flat() : Object.fromEntries(reply.headers);
  if (reply.message === undefined) res.writeHead(reply.status, headers);
  else res.writeHead(reply.status, reply.message, headers);
  if (reply.failAfterStart) {
    res.write(reply.body.slice(0, 3));
    throw new Error("the /reply route fails after it started answering");
  }
  res.end(reply.body);
}
