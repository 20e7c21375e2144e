import {
  type AuthorizeResult,
  type Clock,
  type SessionManager,
  type SessionOptions,
  type SessionStore,
  systemClock,
} from "@sessionkit/core";
import { session, sessionAdminRouter, sessionDevicesRouter } from "@sessionkit/koa";
import Koa, { type Context } from "koa";
import { readForm } from "./form.js";
import { type Route, router } from "./router.js";
import { resolveSecret } from "./secret.js";
import { homePage, layout, loginPage, notFoundPage, type Theme } from "./views.js";

// What this app keeps in `session.data`, declared once so `ctx.session.data` is typed.
declare module "@sessionkit/core" {
  interface SessionData {
    name?: string;
    theme?: Theme;
  }
}

export interface AppOptions {
  /** Cookie-signing secret (32+ bytes). Default: `SESSION_SECRET`, else a development secret. */
  secret?: string;
  /**
   * Where sessions live: see store.ts for the one server.ts opens. Injected rather than opened
   * here because the app does not own the Redis connection: whoever opens it closes it.
   */
  store: SessionStore;
  /** Time source for sessions; give the store the same one. Default: the system clock. */
  clock?: Clock;
  /** Any other session option (timeouts, `touchAfter`, `onEvent`, cookie attributes …). */
  session?: Omit<SessionOptions, "secret" | "store" | "clock">;
  /** Who may open the admin page. Default: `ADMIN_USERS` (comma-separated), else `["admin"]`. */
  admins?: readonly string[];
}

export interface App {
  app: Koa;
  /** The manager behind the middleware: list and revoke sessions outside a request. */
  sessions: SessionManager;
  store: SessionStore;
}

// The one password every demo account accepts. Replace with a real credential check.
const DEMO_PASSWORD = "demo";

/**
 * The example app: a home page, sign-in and sign-out of its own, and the library's pages for
 * the rest: the user's signed-in devices (`sessionDevicesRouter`) and, for the users named in
 * `admins`, every session (`sessionAdminRouter`), both in this app's layout. No router or
 * body-parser dependency: see router.ts, form.ts.
 *
 * Every state change is a POST form. The library's forms check the origin themselves; the
 * app's own carry no CSRF token to keep the example short: the session cookie's default
 * `SameSite=Lax` already keeps other sites' cross-site POSTs from carrying it, and a real app
 * adds a CSRF token (or checks `Origin`) on top.
 */
export function createApp(options: AppOptions): App {
  const clock = options.clock ?? systemClock;
  const store = options.store;
  const middleware = session({
    ...options.session,
    secret: resolveSecret(options.secret),
    store,
    clock,
  });
  const sessions = middleware.manager;
  const admins = new Set(
    options.admins ?? (process.env.ADMIN_USERS || "admin").split(",").map((name) => name.trim()),
  );
  // 401 (a sign-in page) for a visitor, 403 for a signed-in user who is not an admin.
  const mayAdminister = (userId: string | null): AuthorizeResult =>
    userId ? admins.has(userId) : "unauthenticated";

  const theme = (ctx: Context): Theme => ctx.session.data.theme ?? "light";
  const send = (ctx: Context, status: number, page: string) => {
    ctx.status = status;
    ctx.type = "html";
    ctx.body = page;
  };
  // 303 See Other: after a POST, the browser follows with a GET.
  const seeOther = (ctx: Context, path: string) => {
    ctx.status = 303;
    ctx.redirect(path);
  };

  const routes: Route[] = [
    [
      "GET",
      "/",
      (ctx) => {
        const { userId, id, expiresAt, data } = ctx.session;
        const user = userId
          ? { name: data.name ?? userId, handle: id, expiresAt, data, admin: admins.has(userId) }
          : undefined;
        send(ctx, 200, homePage(theme(ctx), user));
      },
    ],

    // Anonymous data: the first write creates the session and sends the cookie.
    [
      "POST",
      "/theme",
      async (ctx) => {
        const choice = (await readForm(ctx)).get("theme");
        if (choice === "light" || choice === "dark") ctx.session.data.theme = choice;
        seeOther(ctx, "/");
      },
    ],

    [
      "GET",
      "/login",
      (ctx) => {
        if (ctx.session.userId) return seeOther(ctx, "/account/devices");
        send(ctx, 200, loginPage(theme(ctx)));
      },
    ],

    [
      "POST",
      "/login",
      async (ctx) => {
        const form = await readForm(ctx);
        const username = (form.get("username") ?? "").trim();
        if (!username || username.length > 64 || form.get("password") !== DEMO_PASSWORD) {
          const error = 'Unknown username or wrong password (the password is "demo").';
          return send(ctx, 401, loginPage(theme(ctx), { error, username }));
        }
        // Binding a user regenerates: a new token, and the pre-login one stops working (no
        // session fixation). The data (the theme) comes along.
        ctx.session.userId = username;
        ctx.session.data.name = username;
        seeOther(ctx, "/account/devices");
      },
    ],

    [
      "POST",
      "/logout",
      (ctx) => {
        // Koa's idiom for session.destroy(): the record is deleted and the cookie cleared
        // (Max-Age=0) when the response goes out.
        ctx.session = null;
        seeOther(ctx, "/");
      },
    ],
  ];

  const app = new Koa();
  app.use(middleware);
  // The library's pages, at /account/devices and /admin/sessions: the user's own sessions
  // (sign out one, or all others), and for an admin any user's. Redis keeps an index of each
  // user's sessions but none of all of them, so the admin page lists one user's at a time.
  app.use(sessionDevicesRouter({ manager: sessions, layout, signInPath: "/login" }));
  app.use(
    sessionAdminRouter({
      manager: sessions,
      layout,
      authorize: (ctx) => mayAdminister((ctx as Context).session.userId),
    }),
  );
  app.use(router(routes, (ctx) => send(ctx, 404, notFoundPage(theme(ctx)))));
  return { app, sessions, store };
}
