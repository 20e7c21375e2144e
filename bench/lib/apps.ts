/**
 * The apps every benchmark runs: the same four routes on Express 5 and Koa 3, with sessionkit,
 * express-session or koa-session (or no session at all, the baseline), over a memory or a Redis
 * store. The routes do the same work everywhere:
 *
 * - `GET /read`    reads a counter from the session
 * - `POST /incr`   increments it (the session is modified)
 * - `POST /login`  signs in: binds a user and resets the counter, regenerating the session id
 * - `POST /logout` destroys the session
 */
import type { RequestListener } from "node:http";
import { type Clock, type SessionStore, systemClock } from "@sessionkit/core";
import { session as expressSessionkit } from "@sessionkit/express";
import { session as koaSessionkit } from "@sessionkit/koa";
import { MemoryStore } from "@sessionkit/store-memory";
import { RedisStore } from "@sessionkit/store-redis";
import { RedisStore as ConnectRedisStore } from "connect-redis";
import express from "express";
import expressSession from "express-session";
import { Redis } from "ioredis";
import Koa from "koa";
import koaSession from "koa-session";
import { createClient } from "redis";

declare module "@sessionkit/core" {
  interface SessionData {
    counter?: number;
  }
}

type ExpressSessionObject = expressSession.Session & {
  counter?: number;
  user?: string;
};

export type Framework = "express" | "koa";
export type Library = "none" | "sessionkit" | "express-session" | "koa-session";
export type StoreKind = "none" | "memory" | "redis";

export interface AppSpec {
  framework: Framework;
  library: Library;
  store: StoreKind;
  /** koa-session only: `rolling: true` (re-save on every request) instead of the default. */
  rolling?: boolean;
  /** Wraps the sessionkit store (e.g. in a `RecordingStore`). */
  wrapStore?: (store: SessionStore) => SessionStore;
  /** sessionkit only: the clock of the core and the store. */
  clock?: Clock;
  /** Prefix of every Redis key the app writes. */
  redisPrefix?: string;
  /** Redis client name, so a MONITOR can tell this app's commands from everyone else's. */
  redisName?: string;
}

export interface BuiltApp {
  listener: RequestListener;
  close(): Promise<void>;
}

export const SECRET = "bench-secret-0123456789abcdefghijklmnopqrstuvwxyz";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const DAY = 24 * 60 * 60 * 1000;

export function specName(spec: AppSpec): string {
  if (spec.library === "none") return `${spec.framework} (no session)`;
  const store =
    spec.library === "express-session" && spec.store === "redis"
      ? "connect-redis"
      : spec.library === "express-session"
        ? "MemoryStore"
        : spec.library === "koa-session"
          ? spec.store === "redis"
            ? "ioredis adapter"
            : "Map adapter"
          : spec.store === "redis"
            ? "RedisStore"
            : "MemoryStore";
  return `${spec.framework} + ${spec.library}${spec.rolling ? " (rolling)" : ""} + ${store}`;
}

/**
 * koa-session's external store interface (`get/set/destroy`) over ioredis, in the way koa-redis
 * does it: a JSON string under a key with a TTL. Written here because koa-redis still uses
 * generator functions and pins ioredis 4.
 */
function koaRedisStore(client: Redis, prefix: string) {
  return {
    async get(key: string) {
      const raw = await client.get(prefix + key);
      return raw === null ? undefined : JSON.parse(raw);
    },
    async set(key: string, sess: unknown, maxAge: number | "session" | undefined) {
      const ttl = typeof maxAge === "number" ? maxAge : DAY;
      await client.set(prefix + key, JSON.stringify(sess), "PX", ttl);
    },
    async destroy(key: string) {
      await client.del(prefix + key);
    },
  };
}

/**
 * koa-session's external store over a Map, holding JSON strings with an expiry, the way
 * express-session's MemoryStore keeps them (so each side pays a parse and a stringify).
 */
function koaMemoryStore() {
  const map = new Map<string, { json: string; expires: number }>();
  return {
    async get(key: string) {
      const entry = map.get(key);
      if (!entry) return undefined;
      if (entry.expires <= Date.now()) {
        map.delete(key);
        return undefined;
      }
      return JSON.parse(entry.json);
    },
    async set(key: string, sess: unknown, maxAge: number | "session" | undefined) {
      const ttl = typeof maxAge === "number" ? maxAge : DAY;
      map.set(key, { json: JSON.stringify(sess), expires: Date.now() + ttl });
    },
    async destroy(key: string) {
      map.delete(key);
    },
  };
}

function ioredis(spec: AppSpec): Redis {
  return new Redis(REDIS_URL, {
    connectionName: spec.redisName ?? "sessionkit-bench",
    maxRetriesPerRequest: 1,
  });
}

export async function buildApp(spec: AppSpec): Promise<BuiltApp> {
  const closers: Array<() => Promise<unknown>> = [];
  const prefix = spec.redisPrefix ?? `bench:${process.pid}:`;

  let sessionkitStore: SessionStore | undefined;
  if (spec.library === "sessionkit") {
    const clock = spec.clock ?? systemClock;
    let store: SessionStore;
    if (spec.store === "redis") {
      const client = ioredis(spec);
      closers.push(() => client.quit());
      store = new RedisStore({ client, prefix: `${prefix}sk:`, now: () => clock.now() });
    } else {
      const memory = new MemoryStore({ now: () => clock.now() });
      closers.push(async () => memory.close?.());
      store = memory;
    }
    sessionkitStore = spec.wrapStore ? spec.wrapStore(store) : store;
  }

  if (spec.framework === "express") {
    const app = express();
    app.disable("x-powered-by");
    app.disable("etag");
    if (spec.library === "sessionkit" && sessionkitStore) {
      app.use(
        expressSessionkit({
          secret: SECRET,
          store: sessionkitStore,
          ...(spec.clock ? { clock: spec.clock } : {}),
        }),
      );
      app.get("/read", (req, res) => {
        res.json({ n: req.session.data.counter ?? 0 });
      });
      app.post("/incr", (req, res) => {
        req.session.data.counter = (req.session.data.counter ?? 0) + 1;
        res.json({ n: req.session.data.counter });
      });
      app.post("/login", (req, res) => {
        req.session.userId = "u1"; // regenerates
        req.session.data.counter = 0;
        res.json({ n: 0 });
      });
      app.post("/logout", (req, res) => {
        req.session.destroy();
        res.json({ n: 0 });
      });
    } else if (spec.library === "express-session") {
      let store: expressSession.Store | undefined;
      if (spec.store === "redis") {
        const client = createClient({ url: REDIS_URL, name: spec.redisName ?? "sessionkit-bench" });
        await client.connect();
        closers.push(() => client.quit());
        store = new ConnectRedisStore({ client, prefix: `${prefix}es:` });
      }
      app.use(
        expressSession({
          secret: SECRET,
          resave: false,
          saveUninitialized: false,
          // Same idle lifetime as the others (a persistent cookie, so connect-redis sets this TTL).
          cookie: { maxAge: DAY, httpOnly: true, sameSite: "lax" },
          ...(store ? { store } : {}),
        }),
      );
      // Both sessionkit and @types/express-session declare `req.session`; in this one program
      // the sessionkit declaration wins, so express-session's object is typed here by hand.
      const es = (req: express.Request) => req.session as unknown as ExpressSessionObject;
      app.get("/read", (req, res) => {
        res.json({ n: es(req).counter ?? 0 });
      });
      app.post("/incr", (req, res) => {
        const s = es(req);
        s.counter = (s.counter ?? 0) + 1;
        res.json({ n: s.counter });
      });
      app.post("/login", (req, res, next) => {
        es(req).regenerate((err) => {
          if (err) return next(err);
          const s = es(req);
          s.user = "u1";
          s.counter = 0;
          res.json({ n: 0 });
        });
      });
      app.post("/logout", (req, res, next) => {
        es(req).destroy((err) => {
          if (err) return next(err);
          res.clearCookie("connect.sid");
          res.json({ n: 0 });
        });
      });
    } else {
      app.get("/read", (_req, res) => {
        res.json({ n: 0 });
      });
      app.post("/incr", (_req, res) => {
        res.json({ n: 1 });
      });
      app.post("/login", (_req, res) => {
        res.cookie("baseline", "1");
        res.json({ n: 0 });
      });
      app.post("/logout", (_req, res) => {
        res.json({ n: 0 });
      });
    }
    return { listener: app, close: () => closeAll(closers) };
  }

  const app = new Koa();
  if (spec.library === "sessionkit" && sessionkitStore) {
    app.use(
      koaSessionkit({
        secret: SECRET,
        store: sessionkitStore,
        ...(spec.clock ? { clock: spec.clock } : {}),
      }),
    );
    app.use(async (ctx) => {
      const s = ctx.session;
      if (ctx.method === "GET" && ctx.path === "/read") {
        ctx.body = { n: s.data.counter ?? 0 };
      } else if (ctx.method === "POST" && ctx.path === "/incr") {
        s.data.counter = (s.data.counter ?? 0) + 1;
        ctx.body = { n: s.data.counter };
      } else if (ctx.method === "POST" && ctx.path === "/login") {
        s.userId = "u1"; // regenerates
        s.data.counter = 0;
        ctx.body = { n: 0 };
      } else if (ctx.method === "POST" && ctx.path === "/logout") {
        ctx.session = null;
        ctx.body = { n: 0 };
      }
    });
  } else if (spec.library === "koa-session") {
    app.keys = [SECRET];
    let store: ReturnType<typeof koaMemoryStore>;
    if (spec.store === "redis") {
      const client = ioredis(spec);
      closers.push(() => client.quit());
      store = koaRedisStore(client, `${prefix}ks:`);
    } else {
      store = koaMemoryStore();
    }
    app.use(
      koaSession(
        { key: "koa.sess", maxAge: DAY, rolling: spec.rolling ?? false, sameSite: "lax", store },
        app,
      ),
    );
    app.use(async (ctx) => {
      // koa-session types ctx.session loosely; the counter is a plain property.
      const s = ctx.session as unknown as {
        counter?: number;
        user?: string;
        regenerate(): Promise<void>;
      };
      if (ctx.method === "GET" && ctx.path === "/read") {
        ctx.body = { n: s.counter ?? 0 };
      } else if (ctx.method === "POST" && ctx.path === "/incr") {
        s.counter = (s.counter ?? 0) + 1;
        ctx.body = { n: s.counter };
      } else if (ctx.method === "POST" && ctx.path === "/login") {
        s.user = "u1";
        s.counter = 0;
        await s.regenerate(); // destroys the old key, saves under a new one (koa-session >= 6.4)
        ctx.body = { n: 0 };
      } else if (ctx.method === "POST" && ctx.path === "/logout") {
        ctx.session = null;
        ctx.body = { n: 0 };
      }
    });
  } else {
    app.use(async (ctx) => {
      if (ctx.method === "GET" && ctx.path === "/read") ctx.body = { n: 0 };
      else if (ctx.method === "POST" && ctx.path === "/incr") ctx.body = { n: 1 };
      else if (ctx.method === "POST" && ctx.path === "/login") {
        ctx.cookies.set("baseline", "1");
        ctx.body = { n: 0 };
      } else if (ctx.method === "POST" && ctx.path === "/logout") ctx.body = { n: 0 };
    });
  }
  return { listener: app.callback(), close: () => closeAll(closers) };
}

async function closeAll(closers: Array<() => Promise<unknown>>): Promise<void> {
  for (const close of closers) await close();
}

/** Deletes every key under `prefix` (SCAN + UNLINK). */
export async function clearRedisPrefix(prefix: string): Promise<number> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) removed += await client.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    await client.quit();
  }
  return removed;
}
