import type { SessionData, SessionManager, SessionRecord } from "@sessionkit/core";
import type { KoaLikeContext } from "./io.js";

/** The parts of a Koa context the admin endpoints use. */
export interface KoaAdminContext extends KoaLikeContext {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
}

export interface SessionAdminOptions<D = SessionData> {
  /** The manager to administer, e.g. `session(options).manager`. */
  manager: SessionManager<D>;
  /** Whether this request may administer sessions. `false` answers 403. */
  authorize(ctx: KoaAdminContext, target: { userId?: string }): boolean | Promise<boolean>;
  /** Path the endpoints live under. @default "/admin/sessions" */
  prefix?: string;
}

/** A listed session: the handle and device details, never the data. */
function summary(record: SessionRecord<unknown>) {
  const { id, userId, createdAt, lastActiveAt, expiresAt, meta } = record;
  return { id, userId, createdAt, lastActiveAt, expiresAt, meta };
}

/**
 * JSON endpoints for operators and "signed-in devices" pages, under `prefix`:
 * `GET /users/:userId` lists a user's live sessions (no data), `DELETE /users/:userId?except=:id`
 * revokes all of them (optionally but one), `DELETE /sessions/:id` revokes one, `POST /cleanup`
 * removes expired sessions. Other paths pass through; store errors are thrown.
 */
export function sessionAdminRouter<D = SessionData>(
  options: SessionAdminOptions<D>,
): (ctx: KoaAdminContext, next: () => Promise<unknown>) => Promise<void> {
  const { manager, authorize } = options;
  const prefix = (options.prefix ?? "/admin/sessions").replace(/\/$/, "");
  return async (ctx: KoaAdminContext, next: () => Promise<unknown>): Promise<void> => {
    if (!ctx.path.startsWith(`${prefix}/`)) return void (await next());
    const [kind, rawKey, ...rest] = ctx.path.slice(prefix.length).split("/").filter(Boolean);
    const key = rawKey === undefined ? "" : decodeURIComponent(rawKey);
    const route = `${ctx.method} ${kind ?? ""}${rawKey === undefined ? "" : "/:key"}`;
    const except = typeof ctx.query.except === "string" ? ctx.query.except : undefined;
    const handlers: Record<string, () => Promise<unknown>> = {
      "GET users/:key": async () => ({ sessions: (await manager.listByUser(key)).map(summary) }),
      "DELETE users/:key": async () => ({
        revoked: await manager.revokeAll(key, except ? { except } : {}),
      }),
      "DELETE sessions/:key": async () => {
        await manager.revoke(key);
        return null;
      },
      "POST cleanup": async () => ({ removed: await manager.cleanup() }),
    };
    const handler = rest.length === 0 ? handlers[route] : undefined;
    if (!handler) return void (await next());
    if (!(await authorize(ctx, kind === "users" ? { userId: key } : {}))) {
      ctx.status = 403;
      ctx.body = { error: "forbidden" };
      return;
    }
    const body = await handler();
    if (body === null) ctx.status = 204;
    else ctx.body = body;
  };
}
