import type { AddressInfo } from "node:net";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa from "koa3";
import { afterEach, describe, expect, it } from "vitest";
import { session } from "../src/index.js";

// ctx.session is an accessor defined once on the app's context prototype (not per request):
// these cases pin down that every request still sees its own session, and that nothing
// leaks onto objects that are not Koa contexts.

const secret = "koa-accessor-secret-0123456789abcdefghij";
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

describe("ctx.session accessor", () => {
  it("gives concurrent requests their own sessions, also across two apps", async () => {
    const urls: string[] = [];
    for (const name of ["a", "b"]) {
      const app = new Koa();
      app.use(session({ secret, store: new MemoryStore() }));
      app.use(async (ctx) => {
        const mine = ctx.session;
        const data = ctx.session.data as Record<string, unknown>;
        data.who = `${name}:${ctx.query.n}`;
        // Let the other requests run in between: each must still see the session it had.
        await new Promise((resolve) => setImmediate(resolve));
        ctx.body = {
          same: mine === ctx.session,
          who: (ctx.session.data as Record<string, unknown>).who,
        };
      });
      urls.push(await start(app));
    }
    const replies = await Promise.all(
      Array.from({ length: 20 }, async (_, n) => {
        const url = urls[n % 2] ?? "";
        const response = await fetch(`${url}/?n=${n}`);
        return { n, body: (await response.json()) as { same: boolean; who: string } };
      }),
    );
    for (const { n, body } of replies) {
      expect(body).toEqual({ same: true, who: `${n % 2 === 0 ? "a" : "b"}:${n}` });
    }
  });

  it("defines nothing on Object.prototype when the context is a plain object", async () => {
    const middleware = session({ secret, store: new MemoryStore() });
    const ctx = {
      secure: false,
      ip: "127.0.0.1",
      get: () => "",
      append: () => {},
    };
    let seen: unknown;
    // A plain object, not a Koa context: `ctx.session` is what the middleware adds.
    await middleware(ctx as unknown as Parameters<typeof middleware>[0], async () => {
      seen = (ctx as unknown as { session: unknown }).session;
    });
    expect(seen).toBeDefined();
    expect(Object.hasOwn(ctx, "session")).toBe(true);
    expect(Object.hasOwn(Object.prototype, "session")).toBe(false);
  });
});
