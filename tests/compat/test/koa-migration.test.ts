import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { fromKoaSession, type KoaSessionStoreLike } from "@sessionkit/core";
import { RedisStore as SessionkitRedisStore } from "@sessionkit/store-redis";
import { Redis } from "ioredis";
import Koa from "koa";
import koaSession from "koa-session";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createKoaApp } from "./koa-app.js";

// koa-redis ships no types; it is loaded as its README shows.
const koaRedis = createRequire(import.meta.url)("koa-redis") as (
  options: object,
) => KoaSessionStoreLike & { set(...args: unknown[]): Promise<void> };

// Users of koa-session + koa-redis switch to sessionkit without being logged out: the old app
// (the real libraries) creates the sessions, the sessionkit app with `migrate` reads them
// through the same koa-redis store, moves them and deletes them.

const OLD_KEYS = ["the-old-koa-app-key"];
let ioredis: Redis;
const oldStores: Array<{ quit(): Promise<unknown> }> = [];

beforeAll(() => {
  ioredis = new Redis(inject("redisUrl"));
});
afterAll(async () => {
  ioredis?.disconnect();
  for (const store of oldStores) await store.quit();
});

function oldStore(prefix: string) {
  const store = koaRedis({ url: inject("redisUrl"), keyPrefix: prefix });
  oldStores.push(store as unknown as { quit(): Promise<unknown> });
  return store;
}

/** The app before the switch: koa-session + koa-redis, koa-passport's session shape. */
function oldApp(store: ReturnType<typeof oldStore>) {
  const app = new Koa();
  app.keys = OLD_KEYS;
  app.use(koaSession({ store: store as never, maxAge: 86_400_000 }, app));
  app.use((ctx) => {
    ctx.session!.passport = { user: "7" }; // grace, the Koa app's user
    ctx.session!.views = 3;
    ctx.body = { ok: true };
  });
  return app.callback();
}

function newApp(store: ReturnType<typeof oldStore>, prefix: string) {
  const sessionkitStore = new SessionkitRedisStore({ client: ioredis, prefix: `${prefix}sk:` });
  const app = createKoaApp(Koa, sessionkitStore, {
    migrate: fromKoaSession({
      keys: OLD_KEYS,
      store: store as never,
      userId: (session) => session.passport?.user,
    }),
  });
  return { app: app.callback(), sessionkitStore };
}

function cookiesOf(res: request.Response): string[] {
  return ([] as string[]).concat(res.headers["set-cookie"] ?? []);
}

describe("migrating from koa-session + koa-redis", () => {
  it("keeps the user signed in and the data, deletes the old entry, clears both old cookies", async () => {
    const prefix = `migrate-koa:${randomUUID()}:`;
    const store = oldStore(prefix);
    const created = await request(oldApp(store)).post("/").expect(200);
    const oldCookies = cookiesOf(created).map((c) => c.split(";")[0]!);
    expect(oldCookies.map((c) => c.split("=")[0])).toEqual(["koa.sess", "koa.sess.sig"]);
    const externalKey = oldCookies[0]!.split("=")[1]!;
    expect(await ioredis.get(`${prefix}${externalKey}`)).not.toBeNull();

    const { app, sessionkitStore } = newApp(store, prefix);
    const first = await request(app).get("/me").set("Cookie", oldCookies.join("; ")).expect(200);
    expect(first.body).toMatchObject({ authenticated: true, user: { id: "7", username: "grace" } });
    const set = cookiesOf(first);
    const sid = set.find((c) => c.startsWith("sid="))?.split(";")[0];
    expect(sid).toBeDefined();
    expect(set.some((c) => c.startsWith("koa.sess=;"))).toBe(true);
    expect(set.some((c) => c.startsWith("koa.sess.sig=;"))).toBe(true);
    expect(await ioredis.get(`${prefix}${externalKey}`)).toBeNull();
    const listed = await sessionkitStore.listByUser("7");
    expect(listed).toHaveLength(1);
    expect(listed[0]?.data).toMatchObject({ views: 3, passport: { user: "7" } });
    expect(Object.keys(listed[0]?.data ?? {}).some((k) => k.startsWith("_"))).toBe(false);

    const again = await request(app).get("/me").set("Cookie", sid!).expect(200);
    expect(again.body.authenticated).toBe(true);
  });

  it("a tampered old cookie gives an anonymous session, clears it, and leaves the old entry", async () => {
    const prefix = `migrate-koa:${randomUUID()}:`;
    const store = oldStore(prefix);
    const created = await request(oldApp(store)).post("/").expect(200);
    const [value, signature] = cookiesOf(created).map((c) => c.split(";")[0]!);
    const externalKey = value!.split("=")[1]!;
    const { app } = newApp(store, prefix);
    for (const cookie of [
      `${value}`,
      `${value}; koa.sess.sig=forged`,
      `koa.sess=other; ${signature}`,
    ]) {
      const res = await request(app).get("/me").set("Cookie", cookie).expect(200);
      expect(res.body.authenticated).toBe(false);
      expect(cookiesOf(res).some((c) => c.startsWith("koa.sess=;"))).toBe(true);
    }
    expect(await ioredis.get(`${prefix}${externalKey}`)).not.toBeNull();
  });
});
