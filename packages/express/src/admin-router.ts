import type { ServerResponse } from "node:http";
import type { SessionData, SessionManager, SessionRecord } from "@sessionkit/core";
import type { ExpressLikeRequest } from "./io.js";

export interface SessionAdminOptions<D = SessionData> {
  /** The manager to administer, e.g. `session(options).manager`. */
  manager: SessionManager<D>;
  /** Whether this request may administer sessions (an admin, or the user for their own). `false` answers 403. */
  authorize(req: ExpressLikeRequest, target: { userId?: string }): boolean | Promise<boolean>;
}

/** A listed session: the handle and device details, never the data. */
function summary(record: SessionRecord<unknown>) {
  const { id, userId, createdAt, lastActiveAt, expiresAt, meta } = record;
  return { id, userId, createdAt, lastActiveAt, expiresAt, meta };
}

function json(res: ServerResponse, status: number, body?: unknown): void {
  res.statusCode = status;
  if (body === undefined) return void res.end();
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}

/**
 * JSON endpoints for operators and "signed-in devices" pages, relative to where it is mounted
 * (`app.use("/admin/sessions", sessionAdminRouter({ manager, authorize }))`):
 * `GET /users/:userId` lists a user's live sessions (handles and device details, no data),
 * `DELETE /users/:userId?except=:id` revokes all of them (optionally but one),
 * `DELETE /sessions/:id` revokes one, `POST /cleanup` removes expired sessions.
 * Needs no body parser. Store errors go to `next(err)`.
 */
export function sessionAdminRouter<D = SessionData>(
  options: SessionAdminOptions<D>,
): (req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void) => void {
  const { manager, authorize } = options;
  return (req, res, next) => {
    const url = new URL(req.url ?? "/", "http://admin.invalid");
    const [kind, rawKey, ...rest] = url.pathname.split("/").filter(Boolean);
    const key = rawKey === undefined ? undefined : decodeURIComponent(rawKey);
    const route = `${req.method} ${kind ?? ""}${key === undefined ? "" : "/:key"}`;
    const handlers: Record<string, () => Promise<void>> = {
      "GET users/:key": async () =>
        json(res, 200, { sessions: (await manager.listByUser(key as string)).map(summary) }),
      "DELETE users/:key": async () => {
        const except = url.searchParams.get("except") ?? undefined;
        const count = await manager.revokeAll(key as string, except ? { except } : {});
        json(res, 200, { revoked: count });
      },
      "DELETE sessions/:key": async () => {
        await manager.revoke(key as string);
        json(res, 204);
      },
      "POST cleanup": async () => json(res, 200, { removed: await manager.cleanup() }),
    };
    const handler = rest.length === 0 ? handlers[route] : undefined;
    if (!handler) return next();
    const target = kind === "users" && key !== undefined ? { userId: key } : {};
    Promise.resolve(authorize(req, target))
      .then((allowed) => (allowed ? handler() : json(res, 403, { error: "forbidden" })))
      .catch(next);
  };
}
