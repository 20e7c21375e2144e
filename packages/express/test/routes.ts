import { BINDING_ROUTES, runRoute } from "@sessionkit/conformance";
import type { Session } from "@sessionkit/core";

type Handler = (
  req: { session: Session; url: string },
  res: { json(body: unknown): unknown },
  next: (error: unknown) => void,
) => void;

/** Mounts the binding suite's routes the Express way: one `app.get` each, errors to `next`. */
export function mountRoutes(app: { get(path: string, handler: Handler): unknown }): void {
  for (const route of BINDING_ROUTES) {
    app.get(route.path, (req, res, next) => {
      runRoute(route, req.session, req.url).then((body) => res.json(body), next);
    });
  }
}
