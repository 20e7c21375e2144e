import { describe, expect, it } from "vitest";
import { createSessionManager, type SessionInput, type SessionRecord } from "../src/index.js";
import { MapStore } from "./map-store.js";

const secret = "device-meta-test-secret-0123456789abcdef";
const MINUTE = 60_000;

/** Counts the store calls a commit makes, by operation. */
class CountingStore extends MapStore {
  calls: string[] = [];
  override async set(record: SessionRecord, expectedVersion: number | null) {
    this.calls.push("set");
    return super.set(record, expectedVersion);
  }
  override async touch(id: string, expiresAt: number, lastActiveAt: number) {
    this.calls.push("touch");
    return super.touch(id, expiresAt, lastActiveAt);
  }
}

function input(userAgent: string, ip: string, extra: Record<string, string> = {}): SessionInput {
  const headers: Record<string, string> = { "user-agent": userAgent, ...extra };
  return { header: (name) => headers[name], secure: false, ip };
}

function setup() {
  let now = 1_700_000_000_000;
  const store = new CountingStore();
  store.now = () => now;
  const manager = createSessionManager<Record<string, unknown>>({
    secret,
    store,
    clock: { now: () => now },
    touchAfter: MINUTE,
    tenant: (req) => req.header("x-tenant"),
  });
  return { store, manager, advance: (ms: number) => (now += ms) };
}

async function signedIn(manager: ReturnType<typeof setup>["manager"]) {
  return manager.create({ userId: "u1", meta: { userAgent: "old", ip: "10.0.0.1" } });
}

describe("device facts on commit", () => {
  it("a changed IP alone, before a touch is due, costs no store write", async () => {
    const { store, manager } = setup();
    const { token } = await signedIn(manager);
    const cookie = `sid=${encodeURIComponent(token)}`;
    store.calls = [];
    const session = await manager.load(input("old", "10.0.0.2", { cookie }));
    await manager.commit(session);
    expect(store.calls).toEqual([]);
    expect((await manager.get(token))?.meta.ip).toBe("10.0.0.1");
  });

  it("a due touch carries a changed UA and IP in its one store call (an update, not a touch)", async () => {
    const { store, manager, advance } = setup();
    const { token } = await signedIn(manager);
    const cookie = `sid=${encodeURIComponent(token)}`;
    advance(2 * MINUTE);
    store.calls = [];
    const session = await manager.load(input("new-browser", "10.0.0.2", { cookie }));
    await manager.commit(session);
    expect(store.calls).toEqual(["set"]);
    expect((await manager.get(token))?.meta).toMatchObject({
      userAgent: "new-browser",
      ip: "10.0.0.2",
    });
  });

  it("an unchanged device keeps the cheap touch", async () => {
    const { store, manager, advance } = setup();
    const { token } = await signedIn(manager);
    advance(2 * MINUTE);
    store.calls = [];
    const session = await manager.load(
      input("old", "10.0.0.1", { cookie: `sid=${encodeURIComponent(token)}` }),
    );
    await manager.commit(session);
    expect(store.calls).toEqual(["touch"]);
  });

  it("a data write carries the new UA with it", async () => {
    const { store, manager } = setup();
    const { token } = await signedIn(manager);
    store.calls = [];
    const session = await manager.load(
      input("new-browser", "10.0.0.1", { cookie: `sid=${encodeURIComponent(token)}` }),
    );
    session.data.x = 1;
    await manager.commit(session);
    expect(store.calls).toEqual(["set"]);
    expect((await manager.get(token))?.meta.userAgent).toBe("new-browser");
  });

  it("fills meta.tenantId from the tenant option when a session is created", async () => {
    const { manager } = setup();
    const session = await manager.load(input("ua", "10.0.0.9", { "x-tenant": "acme" }));
    session.data.x = 1;
    await manager.commit(session);
    expect(session.meta.tenantId).toBe("acme");
  });
});
