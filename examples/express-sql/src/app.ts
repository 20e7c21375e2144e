import {
  type AuthorizeResult,
  type Clock,
  type SessionManager,
  type SessionOptions,
  type SessionStore,
  systemClock,
} from "@sessionkit/core";
import { session, sessionAdminRouter, sessionDevicesRouter } from "@sessionkit/express";
import express, { type Express, type Request, type Response } from "express";
import { resolveSecret } from "./secret.js";
import { homePage, layout, loginPage, notFoundPage, type Theme } from "./views.js";

// What this app keeps in `session.data`, declared once so `req.session.data` is typed.
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
   * here because the app does not own the knex pool: whoever opens it closes it.
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
  app: Express;
  /** The manager behind the middleware: list and revoke sessions outside a request. */
  sessions: SessionManager;
  store: SessionStore;
}

// The one password every demo account accepts. Replace with a real credential check.
const DEMO_PASSWORD = "demo";

/**
 * The example app: a home page, sign-in and sign-out of its own, and the library's pages for
 * the rest: the user's signed-in devices (`sessionDevicesRouter`) and, for the users named in
 * `admins`, every session (`sessionAdminRouter`), both in this app's layout.
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

  const app = express();
  app.disable("x-powered-by");
  app.use(express.urlencoded({ extended: false, limit: "4kb" }));
  app.use(middleware);

  const theme = (req: Request): Theme => req.session.data.theme ?? "light";
  const send = (res: Response, status: number, page: string) =>
    res.status(status).type("html").send(page);

  app.get("/", (req, res) => {
    const { userId, id, expiresAt, data } = req.session;
    const user = userId
      ? { name: data.name ?? userId, handle: id, expiresAt, data, admin: admins.has(userId) }
      : undefined;
    send(res, 200, homePage(theme(req), user));
  });

  // Anonymous data: the first write creates the session and sends the cookie.
  app.post("/theme", (req, res) => {
    const choice = (req.body as Record<string, unknown>).theme;
    if (choice === "light" || choice === "dark") req.session.data.theme = choice;
    res.redirect(303, "/");
  });

  app.get("/login", (req, res) => {
    if (req.session.userId) return res.redirect(303, "/account/devices");
    send(res, 200, loginPage(theme(req)));
  });

  app.post("/login", (req, res) => {
    const body = req.body as Record<string, unknown>;
    const username = typeof body.username === "string" ? body.username.trim() : "";
    if (!username || username.length > 64 || body.password !== DEMO_PASSWORD) {
      const error = 'Unknown username or wrong password (the password is "demo").';
      return send(res, 401, loginPage(theme(req), { error, username }));
    }
    // Binding a user regenerates: a new token, and the pre-login one stops working (no
    // session fixation). The data (the theme) comes along.
    req.session.userId = username;
    req.session.data.name = username;
    res.redirect(303, "/account/devices");
  });

  // The library's pages: the user's own sessions (sign out one, or all others), and every
  // session for an admin. Both read the session that `middleware` loaded above.
  app.use(
    "/account/devices",
    sessionDevicesRouter({ manager: sessions, layout, signInPath: "/login" }),
  );
  app.use(
    "/admin/sessions",
    sessionAdminRouter({
      manager: sessions,
      layout,
      authorize: (req) => mayAdminister((req as Request).session.userId),
    }),
  );

  app.post("/logout", (req, res) => {
    // Deletes the record and clears the cookie (Max-Age=0) when the response goes out.
    req.session.destroy();
    res.redirect(303, "/");
  });

  app.use((req, res) => {
    send(res, 404, notFoundPage(theme(req)));
  });

  return { app, sessions, store };
}
