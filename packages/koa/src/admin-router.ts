import {
  type AdminRequest,
  type AdminResponse,
  type SessionAdminOptions as CoreAdminOptions,
  type SessionDevicesOptions as CoreDevicesOptions,
  createAdminHandler,
  createDevicesHandler,
  type SessionData,
} from "@sessionkit/core";
import type { KoaLikeContext } from "./io.js";

/** The parts of a Koa context the admin and devices routes use. */
export interface KoaAdminContext extends KoaLikeContext {
  readonly method: string;
  readonly path: string;
  readonly querystring: string;
  status: number;
  body: unknown;
  set(field: string, value: string): void;
}

/** The admin options, with `authorize` receiving the Koa context, plus where they live. */
export interface SessionAdminOptions<D = SessionData> extends CoreAdminOptions<KoaAdminContext, D> {
  /** Path the routes live under. @default "/admin/sessions" */
  prefix?: string;
}

export interface SessionDevicesOptions<D = SessionData> extends CoreDevicesOptions<D> {
  /** Path the routes live under. @default "/account/devices" */
  prefix?: string;
}

type Handler = (req: AdminRequest<KoaAdminContext>) => Promise<AdminResponse | undefined>;
type Middleware = (ctx: KoaAdminContext, next: () => Promise<unknown>) => Promise<void>;

function adapt(prefixOption: string, handle: Handler): Middleware {
  const prefix = prefixOption.replace(/\/$/, "");
  return async (ctx, next) => {
    if (ctx.path !== prefix && !ctx.path.startsWith(`${prefix}/`)) return void (await next());
    const { session } = ctx as KoaAdminContext & {
      session?: { id: string; userId: string | null };
    };
    const answer = await handle({
      method: ctx.method,
      path: ctx.path.slice(prefix.length) || "/",
      query: new URLSearchParams(ctx.querystring),
      header: (name) => ctx.get(name) || undefined,
      base: prefix,
      session: session?.userId ? { id: session.id, userId: session.userId } : undefined,
      raw: ctx,
    });
    if (!answer) return void (await next());
    ctx.status = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) ctx.set(name, value);
    if (answer.body !== "") ctx.body = answer.body;
  };
}

/**
 * Session administration under `prefix`: JSON for scripts (`GET /sessions`,
 * `GET|DELETE /users/:id`, `GET|DELETE /tenants/:id`, `DELETE /sessions/:id`, `POST /cleanup`)
 * and an HTML page at `prefix/`. Every route asks `authorize` first; without it this throws
 * `SessionConfigError`. Other paths pass through; store errors are thrown.
 */
export function sessionAdminRouter<D = SessionData>(options: SessionAdminOptions<D>): Middleware {
  return adapt(options.prefix ?? "/admin/sessions", createAdminHandler(options));
}

/**
 * The signed-in user's "devices" page and its forms (sign out one, sign out all others),
 * under `prefix`, after `session()`: `app.use(sessionDevicesRouter({ manager }))`.
 */
export function sessionDevicesRouter<D = SessionData>(
  options: SessionDevicesOptions<D>,
): Middleware {
  return adapt(options.prefix ?? "/account/devices", createDevicesHandler(options) as Handler);
}
