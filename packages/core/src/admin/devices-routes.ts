import { SessionConfigError } from "../errors.js";
import type { SessionManager } from "../manager.js";
import type { SessionData } from "../types.js";
import { refusal } from "./admin-routes.js";
import { type AdminRequest, type AdminResponse, json, page, seeOther } from "./http.js";
import { matchRoute, type Route } from "./route-table.js";
import { isSameOrigin } from "./same-origin.js";
import { summarize } from "./summary.js";
import { defaultLayout, devicesBody, type Layout, messageBody } from "./views.js";

export interface SessionDevicesOptions<D = SessionData> {
  /** The manager behind the session middleware, e.g. `session(options).manager`. */
  manager: SessionManager<D>;
  /** The app's own page layout. */
  layout?: Layout;
  /** Where "sign in" links point when no one is signed in (a 401 page otherwise). */
  signInPath?: string;
}

interface Ctx {
  req: AdminRequest;
  userId: string;
  currentId: string;
}

function devicesRoutes<D>(manager: SessionManager<D>, layout: Layout): Route<Ctx>[] {
  const list = async (ctx: Ctx) =>
    (await manager.listByUser(ctx.userId)).map((record) => summarize(record, ctx.currentId));
  return [
    {
      method: "GET",
      path: "/",
      html: true,
      async handle(ctx) {
        const notice = ctx.req.query.get("notice") ?? undefined;
        const body = devicesBody(ctx.req.base, await list(ctx), notice);
        return page(200, layout({ title: "Signed-in devices", body }));
      },
    },
    {
      method: "GET",
      path: "/sessions",
      handle: async (ctx) => json(200, { sessions: await list(ctx) }),
    },
    {
      method: "POST",
      path: "/sessions/:id/sign-out",
      html: true,
      async handle(ctx, { id }) {
        // A handle can only revoke, but only its owner may revoke it, and not this session
        // (signing out here is the app's own logout, which also clears the cookie).
        const owned = (await manager.listByUser(ctx.userId)).some((r) => r.id === id);
        if (!owned || id === ctx.currentId) {
          const title = "Not found";
          const body = messageBody(title, "That is not one of your other signed-in devices.");
          return page(404, layout({ title, body }));
        }
        await manager.revoke(id as string);
        return seeOther(`${ctx.req.base}/?notice=${encodeURIComponent("Signed out 1 device.")}`);
      },
    },
    {
      method: "POST",
      path: "/sign-out-others",
      html: true,
      async handle(ctx) {
        const count = await manager.revokeAll(ctx.userId, { except: ctx.currentId });
        const notice = `Signed out ${count} other device(s).`;
        return seeOther(`${ctx.req.base}/?notice=${encodeURIComponent(notice)}`);
      },
    },
  ];
}

/**
 * The signed-in user's own "devices" routes, once for every binding: `GET /` (a page),
 * `GET /sessions` (JSON), `POST /sessions/:id/sign-out`, `POST /sign-out-others`. Plain forms,
 * no scripts; state changes only on POST from the same origin. A request without a signed-in
 * session gets 401 (or a redirect to `signInPath`).
 */
export function createDevicesHandler<D = SessionData>(
  options: SessionDevicesOptions<D>,
): (req: AdminRequest) => Promise<AdminResponse | undefined> {
  if (typeof options?.manager?.listByUser !== "function") {
    throw new SessionConfigError(
      "manager",
      "give the session manager, e.g. session(options).manager",
    );
  }
  const layout = options.layout ?? defaultLayout;
  const routes = devicesRoutes(options.manager, layout);
  const { signInPath } = options;
  return async (req) => {
    const found = matchRoute(routes, req);
    if (!found) return undefined;
    const html = found.route.html === true;
    if (found.route.method !== "GET" && !isSameOrigin(req)) return refusal(403, html, layout);
    const session = req.session;
    if (!session?.userId) {
      if (html && signInPath && found.route.method === "GET") return seeOther(signInPath);
      return refusal(401, html, layout);
    }
    return found.route.handle({ req, userId: session.userId, currentId: session.id }, found.params);
  };
}
