import { bodyParser } from "@koa/bodyparser";
import Router from "@koa/router";
import type { SessionOptions, SessionStore } from "@sessionkit/core";
import { session } from "@sessionkit/koa";
import type Koa from "koa";
import { KoaPassport } from "koa-passport";
import { Strategy as LocalStrategy } from "passport-local";

export const SECRET = "compat-koa-secret-0123456789abcdefghij";
const USERS = [{ id: "7", username: "grace", password: "hopper" }];
const DAY = 24 * 60 * 60 * 1000;

/**
 * A Koa app wired as koa-passport's README shows (@koa/bodyparser, @koa/router, passport-local),
 * on `@sessionkit/koa` in place of koa-session. Each call has its own KoaPassport instance.
 */
export function createKoaApp(
  KoaClass: typeof Koa,
  store: SessionStore,
  extra: Partial<SessionOptions> = {},
): Koa {
  const passport = new KoaPassport();
  passport.use(
    new LocalStrategy((username, password, done) => {
      const user = USERS.find((u) => u.username === username);
      if (!user || user.password !== password) return done(null, false);
      return done(null, user);
    }),
  );
  passport.serializeUser((user: { id: string }, done: (e: null, id: string) => void) =>
    done(null, user.id),
  );
  passport.deserializeUser((id: string, done: (e: null, user: unknown) => void) =>
    done(null, USERS.find((u) => u.id === id) ?? false),
  );

  const app = new KoaClass();
  app.silent = true;
  app.use(bodyParser());
  app.use(session({ secret: SECRET, store, absoluteTimeout: 90 * DAY, ...extra }));
  app.use(passport.initialize());
  app.use(passport.session());

  const router = new Router();
  router.get("/me", (ctx) => {
    ctx.body = {
      user: ctx.state.user ?? null,
      authenticated: (ctx as unknown as { isAuthenticated(): boolean }).isAuthenticated(),
      keys: Object.keys(ctx.session),
    };
  });
  router.post(
    "/login",
    passport.authenticate("local", { successRedirect: "/me", failureRedirect: "/login" }),
  );
  router.post("/login-custom", (ctx, next) =>
    passport.authenticate("local", async (error: unknown, user: unknown) => {
      if (error) throw error;
      if (!user) {
        ctx.status = 401;
        ctx.body = { user: null };
        return;
      }
      await (ctx as unknown as { login(user: unknown): Promise<void> }).login(user);
      if ((ctx.request.body as { remember?: string }).remember === "on") {
        ctx.session.maxAge = 30 * DAY;
      }
      ctx.body = { user };
    })(ctx, next),
  );
  router.post("/logout", async (ctx) => {
    await (ctx as unknown as { logout(): Promise<void> }).logout();
    ctx.redirect("/me");
  });
  router.post("/browser-session", (ctx) => {
    ctx.session.views = 1;
    ctx.session.maxAge = "session";
    ctx.body = { maxAge: ctx.session.maxAge };
  });
  router.post("/replace", (ctx) => {
    ctx.session = { replaced: true };
    ctx.body = { keys: Object.keys(ctx.session), populated: ctx.session.populated };
  });
  router.post("/regenerate", async (ctx) => {
    ctx.session.count = 1;
    await ctx.session.regenerate();
    await ctx.session.save();
    ctx.body = { count: ctx.session.count };
  });
  router.post("/null", (ctx) => {
    ctx.session = null;
    ctx.body = { ok: true };
  });
  app.use(router.routes());
  return app;
}
