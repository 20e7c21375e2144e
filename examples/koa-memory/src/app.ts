import {
  type Clock,
  type SessionManager,
  type SessionOptions,
  type SessionStore,
  systemClock,
} from "@sessionkit/core";
import { session } from "@sessionkit/koa";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa, { type Context } from "koa";
import { readForm } from "./form.js";
import { dashboardPage, homePage, loginPage, messagePage, type Theme } from "./pages.js";
import { type Route, router } from "./router.js";
import { resolveSecret } from "./secret.js";

// What this app keeps in `session.data`, declared once so `ctx.session.data` is typed.
declare module "@sessionkit/core" {
  interface SessionData {
    name?: string;
    theme?: Theme;
  }
}

export interface AppOptions {
  /**
   * Cookie-signing secret (32+ bytes), or a list to rotate (the first signs, all verify).
   * Default: `SESSION_SECRET`, else a development secret.
   */
  secret?: SessionOptions["secret"];
  /** Default: a `MemoryStore` on the same clock. */
  store?: SessionStore;
  /** Time source for sessions and the default store; tests move it by hand. */
  clock?: Clock;
  /** Any other session option (timeouts, `touchAfter`, `onEvent`, cookie attributes …). */
  session?: Omit<SessionOptions, "secret" | "store" | "clock">;
}

export interface App {
  app: Koa;
  /** The manager behind the middleware: list and revoke sessions outside a request. */
  sessions: SessionManager;
  store: SessionStore;
}

// The one password every demo account accepts. Replace with a real credential check.
const DEMO_PASSWORD = "demo";
const RETURN_PATHS = new Set(["/", "/login", "/dashboard"]);

/**
 * The example app: a home page, a sign-in form, a dashboard with this session and the user's
 * signed-in devices, and sign-out. No router or body-parser dependency: see router.ts, form.ts.
 *
 * Every state change is a POST form. CSRF tokens are left out to keep the example short:
 * the session cookie's default `SameSite=Lax` already keeps other sites' cross-site POSTs from
 * carrying it; a real app adds a CSRF token (or checks `Origin`) on top.
 */
export function createApp(options: AppOptions = {}): App {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new MemoryStore({ now: () => clock.now() });
  const middleware = session({
    ...options.session,
    secret: resolveSecret(options.secret),
    store,
    clock,
  });
  const sessions = middleware.manager;

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
      (ctx) => send(ctx, 200, homePage({ theme: theme(ctx), name: ctx.session.data.name })),
    ],

    // Anonymous data: the first write creates the session and sends the cookie.
    [
      "POST",
      "/theme",
      async (ctx) => {
        const form = await readForm(ctx);
        const choice = form.get("theme");
        if (choice === "light" || choice === "dark") ctx.session.data.theme = choice;
        const back = form.get("back") ?? "/";
        seeOther(ctx, RETURN_PATHS.has(back) ? back : "/");
      },
    ],

    [
      "GET",
      "/login",
      (ctx) => {
        if (ctx.session.userId) return seeOther(ctx, "/dashboard");
        send(ctx, 200, loginPage({ theme: theme(ctx) }));
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
          return send(ctx, 401, loginPage({ theme: theme(ctx), error, username }));
        }
        // Binding a user regenerates: a new token, and the pre-login one stops working (no
        // session fixation). The data (the theme) comes along.
        ctx.session.userId = username;
        ctx.session.data.name = username;
        seeOther(ctx, "/dashboard");
      },
    ],

    [
      "GET",
      "/dashboard",
      async (ctx) => {
        const current = ctx.session;
        const userId = current.userId;
        if (!userId) return seeOther(ctx, "/login");
        const records = await sessions.listByUser(userId);
        const page = dashboardPage({
          theme: theme(ctx),
          now: clock.now(),
          name: current.data.name ?? userId,
          session: {
            id: current.id,
            userId,
            createdAt: current.createdAt,
            lastActiveAt: current.lastActiveAt,
            expiresAt: current.expiresAt,
            data: current.data,
          },
          devices: records.map((record) => ({
            id: record.id,
            userAgent: record.meta.userAgent,
            ip: record.meta.ip,
            createdAt: record.createdAt,
            lastActiveAt: record.lastActiveAt,
            current: record.id === current.id,
          })),
        });
        send(ctx, 200, page);
      },
    ],

    [
      "POST",
      "/devices/revoke-others",
      async (ctx) => {
        const userId = ctx.session.userId;
        if (!userId) return seeOther(ctx, "/login");
        await sessions.revokeAll(userId, { except: ctx.session.id });
        seeOther(ctx, "/dashboard");
      },
    ],

    [
      "POST",
      /^\/devices\/([A-Za-z0-9_-]+)\/revoke$/,
      async (ctx, id) => {
        const userId = ctx.session.userId;
        if (!userId) return seeOther(ctx, "/login");
        // A handle can only revoke, but still: only the owner may revoke one of their sessions.
        const owned = (await sessions.listByUser(userId)).some((record) => record.id === id);
        if (!owned || id === ctx.session.id) {
          const message = "That device is not one of your other signed-in devices.";
          return send(ctx, 404, messagePage({ theme: theme(ctx), title: "Not found", message }));
        }
        await sessions.revoke(id);
        seeOther(ctx, "/dashboard");
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
  app.use(
    router(routes, (ctx) => {
      const message = "There is no page at this address.";
      send(ctx, 404, messagePage({ theme: theme(ctx), title: "Not found", message }));
    }),
  );
  return { app, sessions, store };
}
