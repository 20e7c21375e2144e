import type { AddressInfo } from "node:net";
import { MemoryStore } from "@sessionkit/store-memory";
import express from "express5";
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
  const app = express();
  app.use(middleware);
  app.use(
    "/admin/sessions",
    sessionAdminRouter({ manager, authorize: (req) => req.headers["x-admin"] === "yes" }),
  );
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/sessions`;
  const call = (method: string, path: string, admin = true) =>
    fetch(`${base}${path}`, { method, headers: admin ? { "x-admin": "yes" } : {} });
  return { manager, call };
}

describe("sessionAdminRouter", () => {
  it("lists a user's sessions without their data, and refuses the unauthorised", async () => {
    const { manager, call } = await setup();
    await manager.create({ userId: "u1", data: { cart: ["x"] }, meta: { userAgent: "phone" } });
    await manager.create({ userId: "u1", meta: { userAgent: "laptop" } });
    await manager.create({ userId: "u2" });
    const listed = await call("GET", "/users/u1");
    expect(listed.status).toBe(200);
    const { sessions } = (await listed.json()) as { sessions: Array<Record<string, unknown>> };
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s) => (s.meta as { userAgent: string }).userAgent).sort()).toEqual([
      "laptop",
      "phone",
    ]);
    for (const s of sessions) expect(s).not.toHaveProperty("data");
    expect((await call("GET", "/users/u1", false)).status).toBe(403);
    expect((await call("GET", "/unknown/route")).status).toBe(404);
  });

  it("revokes one, all but one, and cleans up", async () => {
    const { manager, call } = await setup();
    const a = await manager.create({ userId: "u1" });
    const b = await manager.create({ userId: "u1" });
    const c = await manager.create({ userId: "u1" });
    expect((await call("DELETE", `/sessions/${encodeURIComponent(a.record.id)}`)).status).toBe(204);
    expect(await manager.get(a.token)).toBeNull();
    const revoked = await call("DELETE", `/users/u1?except=${encodeURIComponent(b.record.id)}`);
    expect(await revoked.json()).toEqual({ revoked: 1 });
    expect(await manager.get(c.token)).toBeNull();
    expect(await manager.get(b.token)).not.toBeNull();
    expect(await (await call("POST", "/cleanup")).json()).toEqual({ removed: 0 });
    expect((await call("POST", "/cleanup", false)).status).toBe(403);
  });
});
