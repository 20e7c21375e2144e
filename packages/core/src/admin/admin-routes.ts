import { SessionConfigError } from "../errors.js";
import type { SessionManager } from "../manager.js";
import { decodeListCursor } from "../store-input.js";
import type { SessionData } from "../types.js";
import { type AdminRequest, type AdminResponse, json, page, seeOther } from "./http.js";
import { matchRoute, type Route } from "./route-table.js";
import { isSameOrigin } from "./same-origin.js";
import { summarize } from "./summary.js";
import { adminBody, defaultLayout, type Layout, messageBody } from "./views.js";

/** What an admin request is about to do, for `authorize` to decide on. */
export interface AdminTarget {
  action: "list" | "revoke" | "cleanup";
  userId?: string;
  tenantId?: string;
  sessionId?: string;
}

/** `true` lets the request in; `false` answers 403; `"unauthenticated"` answers 401. */
export type AuthorizeResult = boolean | "unauthenticated";

export interface SessionAdminOptions<R = unknown, D = SessionData> {
  /** The manager to administer, e.g. `session(options).manager`. */
  manager: SessionManager<D>;
  /**
   * Whether this request may do `target`: required, there is no default that lets anyone in.
   * Receives the framework's request (Express `req`, Koa `ctx`).
   */
  authorize(req: R, target: AdminTarget): AuthorizeResult | Promise<AuthorizeResult>;
  /** The app's own page layout for the HTML admin page. */
  layout?: Layout;
}

interface Ctx<R> {
  req: AdminRequest<R>;
  allow(target: AdminTarget): Promise<AdminResponse | undefined>;
}

const LIMIT_MAX = 1000;

const CANNOT_LIST =
  "this session store cannot list sessions (it has no listSessions); GET /users/:userId lists one user's";
const CANNOT_LIST_PAGE =
  "This session store cannot list all sessions or a tenant's (it has no listSessions). " +
  "Enter a user to see and revoke that user's sessions.";

function limitOf(query: URLSearchParams): number | undefined {
  const raw = query.get("limit");
  if (raw === null) return undefined;
  const limit = Number(raw);
  return Number.isInteger(limit) && limit >= 1 && limit <= LIMIT_MAX ? limit : Number.NaN;
}

function filterOf(query: URLSearchParams) {
  return {
    userId: query.get("userId") || undefined,
    tenantId: query.get("tenantId") || undefined,
    cursor: query.get("cursor") || undefined,
  };
}

/** Where an HTML form action returns to, with a message that is escaped when shown. */
function back(base: string, notice: string): AdminResponse {
  return seeOther(`${base}/?notice=${encodeURIComponent(notice)}`);
}

/**
 * The admin routes, once for every binding: JSON for scripts and an HTML page for people.
 * JSON: `GET /sessions?limit&cursor&userId&tenantId` (a page), `GET /users/:userId`,
 * `DELETE /users/:userId?except=:id`, `GET /tenants/:tenantId`, `DELETE /tenants/:tenantId`,
 * `DELETE /sessions/:id`, `POST /cleanup`. HTML: `GET /` and its forms under `/ui/…`.
 */
export function adminRoutes<R, D>(manager: SessionManager<D>, layout: Layout): Route<Ctx<R>>[] {
  // A store without `listSessions` (Redis) can still list and revoke one user's sessions; the
  // routes that need the whole list say so instead of failing with a 500.
  const canList = typeof manager.options?.store?.listSessions === "function";
  const listPage = async (ctx: Ctx<R>, filter: ReturnType<typeof filterOf>) => {
    const limit = limitOf(ctx.req.query);
    if (Number.isNaN(limit)) return json(400, { error: `limit must be 1 to ${LIMIT_MAX}` });
    if (!validCursor(filter.cursor))
      return json(400, { error: "cursor is not one a page returned" });
    const denied = await ctx.allow({ action: "list", ...defined(filter) });
    if (denied) return denied;
    if (!canList) return json(501, { error: CANNOT_LIST });
    const listed = await manager.listSessions({ ...filter, limit });
    const current = ctx.req.session?.id;
    return json(200, {
      sessions: listed.sessions.map((record) => summarize(record, current)),
      nextCursor: listed.nextCursor,
    });
  };
  return [
    { method: "GET", path: "/sessions", handle: (ctx) => listPage(ctx, filterOf(ctx.req.query)) },
    {
      method: "GET",
      path: "/tenants/:tenantId",
      handle: (ctx, { tenantId }) => listPage(ctx, { ...filterOf(ctx.req.query), tenantId }),
    },
    {
      method: "GET",
      path: "/users/:userId",
      async handle(ctx, { userId }) {
        const denied = await ctx.allow({ action: "list", userId: userId as string });
        if (denied) return denied;
        const records = await manager.listByUser(userId as string);
        const current = ctx.req.session?.id;
        return json(200, { sessions: records.map((record) => summarize(record, current)) });
      },
    },
    {
      method: "DELETE",
      path: "/users/:userId",
      async handle(ctx, { userId }) {
        const denied = await ctx.allow({ action: "revoke", userId: userId as string });
        if (denied) return denied;
        const except = ctx.req.query.get("except");
        const revoked = await manager.revokeAll(userId as string, except ? { except } : {});
        return json(200, { revoked });
      },
    },
    {
      method: "DELETE",
      path: "/tenants/:tenantId",
      async handle(ctx, { tenantId }) {
        const denied = await ctx.allow({ action: "revoke", tenantId: tenantId as string });
        if (denied) return denied;
        if (!canList) return json(501, { error: CANNOT_LIST });
        return json(200, { revoked: await manager.revokeTenant(tenantId as string) });
      },
    },
    {
      method: "DELETE",
      path: "/sessions/:id",
      async handle(ctx, { id }) {
        const denied = await ctx.allow({ action: "revoke", sessionId: id as string });
        if (denied) return denied;
        await manager.revoke(id as string);
        return json(204);
      },
    },
    {
      method: "POST",
      path: "/cleanup",
      async handle(ctx) {
        const denied = await ctx.allow({ action: "cleanup" });
        if (denied) return denied;
        return json(200, { removed: await manager.cleanup() });
      },
    },
    {
      method: "GET",
      path: "/",
      html: true,
      async handle(ctx) {
        const filter = filterOf(ctx.req.query);
        if (!validCursor(filter.cursor)) filter.cursor = undefined;
        const denied = await ctx.allow({ action: "list", ...defined(filter) });
        if (denied) return denied;
        const current = ctx.req.session?.id;
        const notice = ctx.req.query.get("notice") ?? undefined;
        if (!canList) {
          // One user's sessions come from the user index every store keeps; nothing else can.
          const records =
            filter.userId && !filter.tenantId ? await manager.listByUser(filter.userId) : [];
          const body = adminBody({
            base: ctx.req.base,
            sessions: records.map((record) => summarize(record, current)),
            filter,
            nextCursor: null,
            notice,
            unavailable: filter.userId && !filter.tenantId ? undefined : CANNOT_LIST_PAGE,
          });
          return page(200, layout({ title: "Sessions", body }));
        }
        const listed = await manager.listSessions({ ...filter, limit: 50 });
        const body = adminBody({
          base: ctx.req.base,
          sessions: listed.sessions.map((record) => summarize(record, current)),
          filter,
          nextCursor: listed.nextCursor,
          notice,
        });
        return page(200, layout({ title: "Sessions", body }));
      },
    },
    {
      method: "POST",
      path: "/ui/sessions/:id/revoke",
      html: true,
      async handle(ctx, { id }) {
        const denied = await ctx.allow({ action: "revoke", sessionId: id as string });
        if (denied) return denied;
        await manager.revoke(id as string);
        return back(ctx.req.base, "Revoked 1 session.");
      },
    },
    {
      method: "POST",
      path: "/ui/users/:userId/revoke",
      html: true,
      async handle(ctx, { userId }) {
        const denied = await ctx.allow({ action: "revoke", userId: userId as string });
        if (denied) return denied;
        const count = await manager.revokeAll(userId as string);
        return back(ctx.req.base, `Revoked ${count} session(s) of user ${userId}.`);
      },
    },
    {
      method: "POST",
      path: "/ui/tenants/:tenantId/revoke",
      html: true,
      async handle(ctx, { tenantId }) {
        const denied = await ctx.allow({ action: "revoke", tenantId: tenantId as string });
        if (denied) return denied;
        if (!canList) return back(ctx.req.base, CANNOT_LIST_PAGE);
        const count = await manager.revokeTenant(tenantId as string);
        return back(ctx.req.base, `Revoked ${count} session(s) of tenant ${tenantId}.`);
      },
    },
    {
      method: "POST",
      path: "/ui/cleanup",
      html: true,
      async handle(ctx) {
        const denied = await ctx.allow({ action: "cleanup" });
        if (denied) return denied;
        return back(ctx.req.base, `Removed ${await manager.cleanup()} expired session(s).`);
      },
    },
  ];
}

function validCursor(cursor: string | undefined): boolean {
  if (cursor === undefined) return true;
  try {
    decodeListCursor(cursor);
    return true;
  } catch {
    return false;
  }
}

function defined(filter: { userId?: string | undefined; tenantId?: string | undefined }) {
  const target: { userId?: string; tenantId?: string } = {};
  if (filter.userId) target.userId = filter.userId;
  if (filter.tenantId) target.tenantId = filter.tenantId;
  return target;
}

/** A refusal, as JSON for scripts and as a page for people. */
export function refusal(status: number, html: boolean, layout: Layout): AdminResponse {
  const [title, message] =
    status === 401
      ? ["Sign in required", "Sign in to continue."]
      : status === 403
        ? ["Forbidden", "You may not do this."]
        : ["Refused", "This request came from another site and was refused."];
  if (html) return page(status, layout({ title, body: messageBody(title, message) }));
  return json(status, { error: title.toLowerCase() });
}

/**
 * The admin request handler a binding adapts: resolves the response, or undefined for a path
 * that is not one of its routes (the binding passes it on).
 *
 * @throws SessionConfigError when `manager` or `authorize` is missing.
 */
export function createAdminHandler<R = unknown, D = SessionData>(
  options: SessionAdminOptions<R, D>,
): (req: AdminRequest<R>) => Promise<AdminResponse | undefined> {
  if (typeof options?.authorize !== "function") {
    throw new SessionConfigError(
      "authorize",
      "the admin routes need an authorize(req, target) callback; none lets anyone in by default",
    );
  }
  if (typeof options.manager?.listSessions !== "function") {
    throw new SessionConfigError(
      "manager",
      "give the session manager, e.g. session(options).manager",
    );
  }
  const { authorize } = options;
  const layout = options.layout ?? defaultLayout;
  const routes = adminRoutes<R, D>(options.manager, layout);
  return async (req) => {
    const found = matchRoute(routes, req);
    if (!found) return undefined;
    const html = found.route.html === true;
    if (found.route.method !== "GET" && !isSameOrigin(req)) return refusal(403, html, layout);
    const ctx: Ctx<R> = {
      req,
      async allow(target) {
        const verdict = await authorize(req.raw, target);
        if (verdict === true) return undefined;
        return refusal(verdict === "unauthenticated" ? 401 : 403, html, layout);
      },
    };
    return found.route.handle(ctx, found.params);
  };
}
