import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { type ExpressSessionStoreLike, fromExpressSession } from "@sessionkit/core";
import { RedisStore as SessionkitRedisStore } from "@sessionkit/store-redis";
import express from "express";
import { Redis } from "ioredis";
import { createClient } from "redis";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createExpressApp } from "./express-app.js";

// The old libraries are loaded untyped: their type packages declare `req.session` as
// express-session's, which the sessionkit binding's own declaration replaces in this project.
const load = createRequire(import.meta.url);
const expressSession = load("express-session") as (options: object) => express.RequestHandler;
const { RedisStore: ConnectRedisStore } = load("connect-redis") as {
  RedisStore: new (options: object) => ExpressSessionStoreLike;
};

// Users of express-session + connect-redis switch to sessionkit without being logged out: the
// old app (the real libraries) creates the sessions, the sessionkit app with `migrate` reads
// them through the same connect-redis store, moves them and deletes them.

const OLD_SECRET = "the-old-express-session-secret";
const DAY = 24 * 60 * 60 * 1000;
let redis: ReturnType<typeof createClient>;
let ioredis: Redis;

beforeAll(async () => {
  redis = createClient({ url: inject("redisUrl") });
  await redis.connect();
  ioredis = new Redis(inject("redisUrl"));
});
afterAll(async () => {
  await redis?.quit();
  ioredis?.disconnect();
});

/** The app before the switch: express-session + connect-redis, Passport's session shape. */
function oldApp(prefix: string) {
  const app = express();
  app.use(
    expressSession({
      secret: OLD_SECRET,
      store: new ConnectRedisStore({ client: redis, prefix }),
      resave: false,
      saveUninitialized: false,
    }),
  );
  app.post("/login", (req, res) => {
    const session = req.session as unknown as Record<string, unknown>;
    session.passport = { user: "42" }; // what passport.serializeUser stores
    session.cart = ["book", "lamp"];
    // "Remember me" as express-session apps write it: this session's own cookie lifetime.
    if (req.query.remember === "on") req.session.cookie.maxAge = 30 * DAY;
    res.json({ sid: req.sessionID });
  });
  return app;
}

function newApp(prefix: string, store = new ConnectRedisStore({ client: redis, prefix })) {
  const sessionkitStore = new SessionkitRedisStore({ client: ioredis, prefix: `${prefix}sk:` });
  const { app } = createExpressApp(express as never, sessionkitStore, {
    migrate: fromExpressSession({
      secret: OLD_SECRET,
      store,
      userId: (session) => session.passport?.user,
    }),
  });
  app.get("/cart", (req, res) => {
    res.json({ cart: (req.session as unknown as { cart?: string[] }).cart ?? null });
  });
  app.get("/boom", (_req, _res, next) => next(new Error("the handler failed")));
  return { app, sessionkitStore };
}

function cookiesOf(res: request.Response): string[] {
  return ([] as string[]).concat(res.headers["set-cookie"] ?? []);
}

describe("migrating from express-session + connect-redis", () => {
  it("keeps the user signed in and the data, deletes the old entry, clears the old cookie", async () => {
    const prefix = `migrate:${randomUUID()}:`;
    const login = await request(oldApp(prefix)).post("/login").expect(200);
    const oldCookie = cookiesOf(login)[0]!.split(";")[0]!;
    expect(oldCookie).toMatch(/^connect\.sid=s%3A/);
    expect(await redis.get(`${prefix}${login.body.sid}`)).not.toBeNull();

    const { app, sessionkitStore } = newApp(prefix);
    const first = await request(app).get("/me").set("Cookie", oldCookie).expect(200);
    expect(first.body).toMatchObject({ authenticated: true, user: { id: "42", username: "ada" } });
    const set = cookiesOf(first);
    const sid = set.find((c) => c.startsWith("sid="))?.split(";")[0];
    expect(sid).toMatch(/^sid=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    // express-session's default cookie lasts for the browser session; the new one does too.
    expect(set.find((c) => c.startsWith("sid="))).not.toMatch(/Max-Age|Expires/i);
    expect(set.some((c) => /^connect\.sid=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/.test(c))).toBe(
      true,
    );
    // The old entry is gone from Redis; the new session is the user's.
    expect(await redis.get(`${prefix}${login.body.sid}`)).toBeNull();
    const listed = await sessionkitStore.listByUser("42");
    expect(listed).toHaveLength(1);
    expect(listed[0]?.data).toMatchObject({ cart: ["book", "lamp"], passport: { user: "42" } });

    // The new cookie alone carries on.
    const again = await request(app).get("/cart").set("Cookie", sid!).expect(200);
    expect(again.body).toEqual({ cart: ["book", "lamp"] });
    expect(cookiesOf(again).filter((c) => c.startsWith("sid="))).toEqual([]);
    // The old cookie replayed later opens nothing (its entry was deleted) and is cleared again.
    const replay = await request(app).get("/me").set("Cookie", oldCookie).expect(200);
    expect(replay.body.authenticated).toBe(false);
    expect(cookiesOf(replay).some((c) => c.startsWith("connect.sid=;"))).toBe(true);
  });

  it("parallel requests with the same old cookie join one new session", async () => {
    const prefix = `migrate:${randomUUID()}:`;
    const login = await request(oldApp(prefix)).post("/login").expect(200);
    const oldCookie = cookiesOf(login)[0]!.split(";")[0]!;
    const { app, sessionkitStore } = newApp(prefix);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => request(app).get("/me").set("Cookie", oldCookie)),
    );
    for (const res of responses) expect(res.body.authenticated).toBe(true);
    const sids = new Set(
      responses.map(
        (res) =>
          cookiesOf(res)
            .find((c) => c.startsWith("sid="))
            ?.split(";")[0],
      ),
    );
    expect(sids.size).toBe(1);
    expect(await sessionkitStore.listByUser("42")).toHaveLength(1);
  });

  it("a tampered or unknown old cookie gives an anonymous session and is cleared", async () => {
    const prefix = `migrate:${randomUUID()}:`;
    const login = await request(oldApp(prefix)).post("/login").expect(200);
    const oldCookie = cookiesOf(login)[0]!.split(";")[0]!;
    const { app } = newApp(prefix);
    const tampered = `${oldCookie.slice(0, -3)}AAA`;
    const unknown = `connect.sid=s%3A${randomUUID()}.bad`;
    for (const cookie of [tampered, unknown, "connect.sid=garbage"]) {
      const res = await request(app).get("/me").set("Cookie", cookie).expect(200);
      expect(res.body.authenticated).toBe(false);
      expect(cookiesOf(res).some((c) => c.startsWith("connect.sid=;"))).toBe(true);
      expect(cookiesOf(res).some((c) => c.startsWith("sid="))).toBe(false);
    }
    // The real session was not touched by the failed attempts.
    expect(await redis.get(`${prefix}${login.body.sid}`)).not.toBeNull();
  });

  it("a failing old store reaches the error handler and logs no one out", async () => {
    const prefix = `migrate:${randomUUID()}:`;
    const login = await request(oldApp(prefix)).post("/login").expect(200);
    const oldCookie = cookiesOf(login)[0]!.split(";")[0]!;
    const failing = {
      get: (_sid: string, callback: (error: unknown) => void) =>
        callback(new Error("ECONNREFUSED")),
      destroy: (_sid: string, callback: (error?: unknown) => void) => callback(),
    };
    const { app } = newApp(prefix, failing as never);
    const res = await request(app).get("/me").set("Cookie", oldCookie);
    expect(res.status).toBe(500);
    expect(cookiesOf(res)).toEqual([]);
    expect(await redis.get(`${prefix}${login.body.sid}`)).not.toBeNull();
  });

  it("a remembered session keeps its own lifetime", async () => {
    const prefix = `migrate:${randomUUID()}:`;
    const login = await request(oldApp(prefix)).post("/login?remember=on").expect(200);
    const oldCookie = cookiesOf(login)[0]!.split(";")[0]!;
    const { app, sessionkitStore } = newApp(prefix);
    const first = await request(app).get("/me").set("Cookie", oldCookie).expect(200);
    expect(first.body.authenticated).toBe(true);
    const set = cookiesOf(first).find((c) => c.startsWith("sid="));
    expect(set).toMatch(/; Max-Age=2592000;/); // 30 days, not the 24 h default idle lifetime
    const [record] = await sessionkitStore.listByUser("42");
    expect(record?.meta).toMatchObject({ idleTimeout: 30 * DAY });
  });

  it("a request that fails after the move still hands over the new session", async () => {
    const prefix = `migrate:${randomUUID()}:`;
    const login = await request(oldApp(prefix)).post("/login").expect(200);
    const oldCookie = cookiesOf(login)[0]!.split(";")[0]!;
    const { app } = newApp(prefix);
    // The move happens when the session loads, before the handler runs: the old entry is gone
    // whatever the handler does, so the reply must carry the new cookie even on a 500.
    const failed = await request(app).get("/boom").set("Cookie", oldCookie).expect(500);
    expect(await redis.get(`${prefix}${login.body.sid}`)).toBeNull();
    const sid = cookiesOf(failed)
      .find((c) => c.startsWith("sid="))
      ?.split(";")[0];
    expect(sid).toBeDefined();
    expect(cookiesOf(failed).some((c) => c.startsWith("connect.sid=;"))).toBe(true);
    const me = await request(app).get("/me").set("Cookie", sid!).expect(200);
    expect(me.body).toMatchObject({ authenticated: true, user: { id: "42" } });
  });
});

describe("express-session beside sessionkit in one process", () => {
  // sessionkit keeps `req.session` behind an accessor on Express's shared request prototype
  // (one Express copy here): an express-session app served after it must work as before,
  // `delete req.session` on destroy included.
  it("an express-session app keeps saving, reading and destroying its sessions", async () => {
    const prefix = `beside:${randomUUID()}:`;
    const { app: sessionkitApp } = newApp(prefix);
    await request(sessionkitApp).get("/me").expect(200);

    const old = oldApp(prefix);
    old.get("/cart", (req, res) => {
      res.json({ cart: (req.session as unknown as { cart?: string[] }).cart ?? null });
    });
    old.post("/logout", (req, res, next) => {
      req.session.destroy((error?: unknown) => {
        if (error) return next(error);
        res.json({ session: req.session === undefined ? null : "still there" });
      });
    });
    const login = await request(old).post("/login").expect(200);
    const cookie = cookiesOf(login)[0]!.split(";")[0]!;
    expect(await redis.get(`${prefix}${login.body.sid}`)).not.toBeNull();
    const cart = await request(old).get("/cart").set("Cookie", cookie).expect(200);
    expect(cart.body).toEqual({ cart: ["book", "lamp"] });
    const out = await request(old).post("/logout").set("Cookie", cookie).expect(200);
    expect(out.body).toEqual({ session: null });
    expect(await redis.get(`${prefix}${login.body.sid}`)).toBeNull();
    const after = await request(old).get("/cart").set("Cookie", cookie).expect(200);
    expect(after.body).toEqual({ cart: null });
  });
});
