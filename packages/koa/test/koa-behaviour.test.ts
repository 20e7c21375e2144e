import type { AddressInfo } from "node:net";
import { RecordingStore } from "@sessionkit/conformance";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa from "koa3";
import { afterEach, describe, expect, it } from "vitest";
import { session } from "../src/index.js";

const secret = "koa-behaviour-secret-0123456789abcdefgh";
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function start(app: Koa): Promise<string> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function cookieOf(response: Response): string {
  return (response.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
}

describe("koa binding", () => {
  it("ctx.session = null destroys the session and clears the cookie", async () => {
    const store = new RecordingStore(new MemoryStore());
    const app = new Koa();
    app.use(session({ secret, store }));
    app.use((ctx) => {
      if (ctx.path === "/set") ctx.session.data = { cart: ["a"] };
      if (ctx.path === "/logout") ctx.session = null;
      ctx.body = { data: ctx.session.data, destroyed: ctx.session.destroyed };
    });
    const url = await start(app);
    const set = await fetch(`${url}/set`);
    const cookie = cookieOf(set);
    const logout = await fetch(`${url}/logout`, { headers: { cookie } });
    expect(await logout.json()).toEqual({ data: { cart: ["a"] }, destroyed: true });
    expect(logout.headers.getSetCookie()[0]).toMatch(/^sid=; .*Max-Age=0/);
    expect(store.count("destroy")).toBe(1);
    const after = await fetch(`${url}/read`, { headers: { cookie } });
    expect(await after.json()).toEqual({ data: {}, destroyed: false });
  });

  it("assigning anything but null or a plain object throws", async () => {
    const app = new Koa();
    app.silent = true;
    app.use(session({ secret, store: new MemoryStore() }));
    app.use((ctx) => {
      (ctx as { session: unknown }).session = "everything";
    });
    const response = await fetch(await start(app));
    expect(response.status).toBe(500);
  });

  it("a token re-issued by save() before a throw still reaches the client", async () => {
    const app = new Koa();
    app.silent = true;
    app.use(session({ secret, store: new MemoryStore() }));
    app.use(async (ctx) => {
      if (ctx.path === "/login") {
        ctx.session.userId = "u1";
        await ctx.session.save();
        throw new Error("failed after saving on purpose");
      }
      ctx.body = { userId: ctx.session.userId };
    });
    const url = await start(app);
    const login = await fetch(`${url}/login`);
    expect(login.status).toBe(500);
    const me = await fetch(`${url}/me`, { headers: { cookie: cookieOf(login) } });
    expect(await me.json()).toEqual({ userId: "u1" });
  });

  it("a session past maxSessionBytes reaches Koa's error path as a SessionLimitError, nothing stored", async () => {
    const store = new RecordingStore(new MemoryStore());
    const app = new Koa();
    const seen: unknown[] = [];
    // The app's own error middleware, outside the session middleware as Koa apps place it.
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        seen.push(error);
        ctx.status = 413;
        ctx.body = { error: "session too large" };
      }
    });
    app.use(session({ secret, store, maxSessionBytes: 1_000 }));
    app.use((ctx) => {
      ctx.session.data = { blob: "x".repeat(5_000) } as typeof ctx.session.data;
      ctx.body = { ok: true };
    });
    const response = await fetch(await start(app));
    expect(response.status).toBe(413);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(store.writes()).toBe(0);
    expect(seen).toEqual([
      expect.objectContaining({ code: "ERR_SESSION_LIMIT", limit: "maxSessionBytes" }),
    ]);
  });

  it('a sign-in past maxSessionsPerUser with "refuse" fails through Koa, the other sessions kept', async () => {
    const store = new RecordingStore(new MemoryStore());
    const app = new Koa();
    app.silent = true;
    app.use(session({ secret, store, maxSessionsPerUser: 1, onTooManySessions: "refuse" }));
    app.use((ctx) => {
      if (ctx.path === "/login") ctx.session.userId = "ada";
      ctx.body = { userId: ctx.session.userId };
    });
    const url = await start(app);
    const first = await fetch(`${url}/login`);
    expect(first.status).toBe(200);
    const writes = store.writes();
    const second = await fetch(`${url}/login`);
    expect(second.status).toBe(500);
    expect(second.headers.getSetCookie()).toEqual([]);
    expect(store.writes()).toBe(writes);
    const me = await fetch(`${url}/me`, { headers: { cookie: cookieOf(first) } });
    expect(await me.json()).toEqual({ userId: "ada" });
  });

  it("exposes the manager it runs on", async () => {
    const middleware = session({ secret, store: new MemoryStore() });
    await middleware.manager.create({ userId: "u1" });
    expect(await middleware.manager.listByUser("u1")).toHaveLength(1);
  });
});
