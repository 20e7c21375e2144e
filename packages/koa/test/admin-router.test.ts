import type { AddressInfo } from "node:net";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa from "koa3";
import { afterEach, describe, expect, it } from "vitest";
import { session, sessionAdminRouter } from "../src/index.js";

const secret = "admin-router-secret-0123456789abcdefghi";
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function setup() {
  const middleware = session({ secret, store: new MemoryStore() });
  const { manager } = middleware;
  const app = new Koa();
  app.use(middleware);
  app.use(sessionAdminRouter({ manager, authorize: (ctx) => ctx.get("x-admin") === "yes" }));
  app.use((ctx) => {
    ctx.body = "app";
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = (method: string, path: string, admin = true) =>
    fetch(`${base}${path}`, { method, headers: admin ? { "x-admin": "yes" } : {} });
  return { manager, call };
}

describe("sessionAdminRouter (koa)", () => {
  it("lists without data, refuses the unauthorised, passes other paths through", async () => {
    const { manager, call } = await setup();
    await manager.create({ userId: "u1", data: { cart: ["x"] }, meta: { userAgent: "phone" } });
    await manager.create({ userId: "u2" });
    const listed = await call("GET", "/admin/sessions/users/u1");
    const { sessions } = (await listed.json()) as { sessions: Array<Record<string, unknown>> };
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.meta).toEqual({ userAgent: "phone" });
    expect(sessions[0]).not.toHaveProperty("data");
    expect((await call("GET", "/admin/sessions/users/u1", false)).status).toBe(403);
    expect(await (await call("GET", "/elsewhere")).text()).toBe("app");
  });

  it("revokes one, all but one, and cleans up", async () => {
    const { manager, call } = await setup();
    const a = await manager.create({ userId: "u1" });
    const b = await manager.create({ userId: "u1" });
    const c = await manager.create({ userId: "u1" });
    const one = await call("DELETE", `/admin/sessions/sessions/${encodeURIComponent(a.record.id)}`);
    expect(one.status).toBe(204);
    expect(await manager.get(a.token)).toBeNull();
    const all = await call(
      "DELETE",
      `/admin/sessions/users/u1?except=${encodeURIComponent(b.record.id)}`,
    );
    expect(await all.json()).toEqual({ revoked: 1 });
    expect(await manager.get(c.token)).toBeNull();
    expect(await manager.get(b.token)).not.toBeNull();
    expect(await (await call("POST", "/admin/sessions/cleanup")).json()).toEqual({ removed: 0 });
  });
});
