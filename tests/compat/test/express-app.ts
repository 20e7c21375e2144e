import type { SessionOptions, SessionStore } from "@sessionkit/core";
import { session } from "@sessionkit/express";
import flash from "connect-flash";
import { csrfSync } from "csrf-sync";
import type { Express, NextFunction, Request, Response } from "express";
import { Passport } from "passport";
import { Strategy as LocalStrategy } from "passport-local";

export const SECRET = "compat-express-secret-0123456789abcdef";
export const USERS = [{ id: "42", username: "ada", password: "lovelace" }];

type ExpressFactory = () => Express;

/**
 * A small app wired exactly as the READMEs of passport-local, connect-flash and csrf-sync show,
 * on `@sessionkit/express` in place of express-session. Each call has its own Passport instance.
 */
export function createExpressApp(
  express: ExpressFactory & { urlencoded: typeof import("express").urlencoded },
  store: SessionStore,
  extra: Partial<SessionOptions> = {},
) {
  const passport = new Passport();
  passport.use(
    new LocalStrategy((username, password, done) => {
      const user = USERS.find((u) => u.username === username);
      if (!user || user.password !== password) {
        return done(null, false, { message: "Incorrect username or password." });
      }
      return done(null, user);
    }),
  );
  passport.serializeUser((user, done) => done(null, (user as { id: string }).id));
  passport.deserializeUser((id: string, done) =>
    done(null, USERS.find((u) => u.id === id) ?? false),
  );
  const { csrfSynchronisedProtection } = csrfSync({
    getTokenFromRequest: (req) =>
      (req.body as { _csrf?: string })._csrf ?? (req.headers["x-csrf-token"] as string),
  });

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const sessions = session({
    secret: SECRET,
    store,
    absoluteTimeout: 90 * 24 * 60 * 60 * 1000,
    ...extra,
  });
  app.use(sessions);
  app.use(flash());
  app.use(passport.authenticate("session"));

  app.get("/me", (req, res) => {
    res.json({
      user: req.user ?? null,
      authenticated: req.isAuthenticated(),
      sessionID: req.sessionID ?? null,
      keys: Object.keys(req.session),
    });
  });
  app.get("/login", (req, res) => {
    res.json({ error: req.flash("error") });
  });
  app.post(
    "/login",
    passport.authenticate("local", {
      successRedirect: "/me",
      failureRedirect: "/login",
      failureFlash: true,
    }),
  );
  app.post("/login-keep", (req, res, next) => {
    req.session.returnTo = "/after-login";
    passport.authenticate(
      "local",
      { keepSessionInfo: true },
      (error: unknown, user: Express.User | false) => {
        if (error || !user) return next(error ?? new Error("no user"));
        req.logIn(user, { session: true, keepSessionInfo: true }, (loginError) => {
          if (loginError) return next(loginError);
          res.json({ returnTo: req.session.returnTo ?? null });
        });
      },
    )(req, res, next);
  });
  // passport's "custom callback" form, as in its README.
  app.post("/login-custom", (req, res, next) => {
    passport.authenticate(
      "local",
      (error: unknown, user: Express.User | false, info: { message?: string } | undefined) => {
        if (error) return next(error);
        if (!user) return res.status(401).json({ message: info?.message ?? null });
        req.logIn(user, (loginError) => {
          if (loginError) return next(loginError);
          if ((req.body as { remember?: string }).remember === "on") {
            req.session.cookie.maxAge = 30 * 24 * 60 * 60 * 1000;
          }
          res.json({ user });
        });
      },
    )(req, res, next);
  });
  app.post("/logout", (req, res, next) => {
    req.logout((error) => (error ? next(error) : res.redirect("/me")));
  });
  app.post("/destroy", (req, res, next) => {
    req.session.destroy((error) =>
      error ? next(error) : res.json({ session: req.session ?? null }),
    );
  });

  app.post("/flash", (req, res) => {
    req.flash("info", (req.body as { message: string }).message);
    res.redirect("/flash");
  });
  app.get("/flash", (req, res) => {
    res.json({ info: req.flash("info") });
  });

  app.get("/csrf", csrfSynchronisedProtection, (req, res) => {
    res.json({ token: (req as { csrfToken?: () => string }).csrfToken?.() });
  });
  app.post("/transfer", csrfSynchronisedProtection, (_req, res) => {
    res.json({ ok: true });
  });

  app.post("/reload", async (req, res, next) => {
    try {
      req.session.unsaved = "yes";
      await req.session.reload();
      res.json({ unsaved: req.session.unsaved ?? null, user: req.session.passport ?? null });
    } catch (error) {
      next(error);
    }
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status ?? 500;
    res.status(status).json({ error: error instanceof Error ? error.message : String(error) });
  });
  return { app, sessions };
}
