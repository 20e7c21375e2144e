import {
  type Clock,
  type SessionManager,
  type SessionOptions,
  type SessionStore,
  systemClock,
} from "@sessionkit/core";
import { session } from "@sessionkit/express";
import { MemoryStore } from "@sessionkit/store-memory";
import express, { type Express, type Request, type Response } from "express";
import { dashboardPage, homePage, loginPage, messagePage, type Theme } from "./pages.js";
import { resolveSecret } from "./secret.js";

// What this app keeps in `session.data`, declared once so `req.session.data` is typed.
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
  /** Time source for sessions and the default store; tests and the demo move it by hand. */
  clock?: Clock;
  /** Any other session option (timeouts, `touchAfter`, `onEvent`, cookie attributes …). */
  session?: Omit<SessionOptions, "secret" | "store" | "clock">;
}

export interface App {
  app: Express;
  /** The manager behind the middleware: list and revoke sessions outside a request. */
  sessions: SessionManager;
  store: SessionStore;
}

// The one password every demo account accepts. Replace with a real credential check.
const DEMO_PASSWORD = "demo";
const RETURN_PATHS = new Set(["/", "/login", "/dashboard"]);

/**
 * The example app: a home page, a sign-in form, a dashboard with this session and the user's
 * signed-in devices, and sign-out.
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

  const app = express();
  app.disable("x-powered-by");
  app.use(express.urlencoded({ extended: false, limit: "4kb" }));
  app.use(middleware);

  const theme = (req: Request): Theme => req.session.data.theme ?? "light";
  const send = (res: Response, status: number, page: string) =>
    res.status(status).type("html").send(page);

  app.get("/", (req, res) => {
    send(res, 200, homePage({ theme: theme(req), name: req.session.data.name }));
  });

  // Anonymous data: the first write creates the session and sends the cookie.
  app.post("/theme", (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (body.theme === "light" || body.theme === "dark") req.session.data.theme = body.theme;
    const back = typeof body.back === "string" && RETURN_PATHS.has(body.back) ? body.back : "/";
    res.redirect(303, back);
  });

  app.get("/login", (req, res) => {
    if (req.session.userId) return res.redirect(303, "/dashboard");
    send(res, 200, loginPage({ theme: theme(req) }));
  });

  app.post("/login", (req, res) => {
    const body = req.body as Record<string, unknown>;
    const username = typeof body.username === "string" ? body.username.trim() : "";
    if (!username || username.length > 64 || body.password !== DEMO_PASSWORD) {
      const error = 'Unknown username or wrong password (the password is "demo").';
      return send(res, 401, loginPage({ theme: theme(req), error, username }));
    }
    // Binding a user regenerates: a new token, and the pre-login one stops working (no
    // session fixation). The data (the theme) comes along.
    req.session.userId = username;
    req.session.data.name = username;
    res.redirect(303, "/dashboard");
  });

  app.get("/dashboard", async (req, res) => {
    const userId = req.session.userId;
    if (!userId) return res.redirect(303, "/login");
    const records = await sessions.listByUser(userId);
    const current = req.session;
    const page = dashboardPage({
      theme: theme(req),
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
    send(res, 200, page);
  });

  app.post("/devices/revoke-others", async (req, res) => {
    const userId = req.session.userId;
    if (!userId) return res.redirect(303, "/login");
    await sessions.revokeAll(userId, { except: req.session.id });
    res.redirect(303, "/dashboard");
  });

  app.post("/devices/:id/revoke", async (req, res) => {
    const userId = req.session.userId;
    if (!userId) return res.redirect(303, "/login");
    const id = req.params.id;
    // A handle can only revoke, but still: only the owner may revoke one of their sessions.
    const owned = (await sessions.listByUser(userId)).some((record) => record.id === id);
    if (!owned || id === req.session.id) {
      const message = "That device is not one of your other signed-in devices.";
      return send(res, 404, messagePage({ theme: theme(req), title: "Not found", message }));
    }
    await sessions.revoke(id);
    res.redirect(303, "/dashboard");
  });

  app.post("/logout", (req, res) => {
    // Deletes the record and clears the cookie (Max-Age=0) when the response goes out.
    req.session.destroy();
    res.redirect(303, "/");
  });

  app.use((req, res) => {
    const message = "There is no page at this address.";
    send(res, 404, messagePage({ theme: theme(req), title: "Not found", message }));
  });

  return { app, sessions, store };
}
