import type { ServerResponse } from "node:http";
import {
  type AdminRequest,
  type AdminResponse,
  type SessionAdminOptions as CoreAdminOptions,
  createAdminHandler,
  createDevicesHandler,
  type SessionData,
  type SessionDevicesOptions,
} from "@sessionkit/core";
import type { ExpressLikeRequest } from "./io.js";

export type { SessionDevicesOptions } from "@sessionkit/core";

/** The admin options, with `authorize` receiving the Express request. */
export type SessionAdminOptions<D = SessionData> = CoreAdminOptions<ExpressLikeRequest, D>;

type Handler = (req: AdminRequest<ExpressLikeRequest>) => Promise<AdminResponse | undefined>;
type Middleware = (
  req: ExpressLikeRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** The parts of this request the core routes read; mounted paths come from Express itself. */
function adminRequest(req: ExpressLikeRequest): AdminRequest<ExpressLikeRequest> {
  const { baseUrl, session } = req as ExpressLikeRequest & {
    baseUrl?: string;
    session?: { id: string; userId: string | null };
  };
  const url = new URL(req.url ?? "/", "http://admin.invalid");
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    header(name) {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    base: baseUrl ?? "",
    session: session?.userId ? { id: session.id, userId: session.userId } : undefined,
    raw: req,
  };
}

function adapt(handle: Handler): Middleware {
  return (req, res, next) => {
    handle(adminRequest(req)).then((answer) => {
      if (!answer) return next();
      res.statusCode = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      res.end(req.method === "HEAD" ? undefined : answer.body);
    }, next);
  };
}

/**
 * Session administration, mounted where the app likes:
 * `app.use("/admin/sessions", sessionAdminRouter({ manager, authorize }))`. JSON for scripts
 * (`GET /sessions`, `GET|DELETE /users/:id`, `GET|DELETE /tenants/:id`, `DELETE /sessions/:id`,
 * `POST /cleanup`) and an HTML page at `/`. Every route asks `authorize` first; without it this
 * throws `SessionConfigError`. Needs no body parser; store errors go to `next(err)`.
 */
export function sessionAdminRouter<D = SessionData>(options: SessionAdminOptions<D>): Middleware {
  return adapt(createAdminHandler(options));
}

/**
 * The signed-in user's "devices" page and its forms (sign out one, sign out all others):
 * `app.use("/account/devices", sessionDevicesRouter({ manager }))`, after `session()`.
 */
export function sessionDevicesRouter<D = SessionData>(
  options: SessionDevicesOptions<D>,
): Middleware {
  return adapt(createDevicesHandler(options) as Handler);
}
