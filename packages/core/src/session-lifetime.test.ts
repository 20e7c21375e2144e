import { describe, expect, it } from "vitest";
import { MapStore } from "../test/map-store.js";
import type { CommitResult, SessionInput } from "./io.js";
import { createSessionManager } from "./manager.js";

const secret = "session-lifetime-secret-0123456789abcd";
const DAY = 24 * 60 * 60 * 1000;

function setup(persistent = true) {
  let now = 1_000_000;
  const store = new MapStore();
  store.now = () => now;
  const manager = createSessionManager<Record<string, unknown>>({
    secret,
    store,
    idleTimeout: DAY,
    absoluteTimeout: 30 * DAY,
    cookie: { persistent },
    clock: { now: () => now },
  });
  return { store, manager, advance: (ms: number) => (now += ms), now: () => now };
}

function request(cookie?: string): SessionInput {
  return { header: (name) => (name === "cookie" ? cookie : undefined), secure: false };
}

function setCookie(result: CommitResult): string {
  return result.headers.find(([name]) => name === "set-cookie")?.[1] ?? "";
}

describe("per-session lifetime (meta.idleTimeout, meta.persistent)", () => {
  it("a remembered session stores its own idle expiry and sends it as Max-Age, capped by absoluteTimeout", async () => {
    const { manager, store, now } = setup();
    const session = await manager.load(request());
    session.data.user = "u1";
    session.meta.idleTimeout = 14 * DAY;
    const result = await manager.commit(session);
    expect(store.records.get(session.id)?.expiresAt).toBe(now() + 14 * DAY);
    expect(setCookie(result)).toContain(`Max-Age=${(14 * DAY) / 1000}`);

    const cookie = setCookie(result).split(";")[0] as string;
    const later = await manager.load(request(cookie));
    later.meta.idleTimeout = 90 * DAY;
    await manager.commit(later);
    // 90 days of idle time cannot outlive the 30-day absolute lifetime.
    expect(store.records.get(later.id)?.expiresAt).toBe(now() + 30 * DAY);
  });

  it("touches extend by the session's own idle lifetime", async () => {
    const { manager, store, advance, now } = setup();
    const session = await manager.load(request());
    session.data.x = 1;
    session.meta.idleTimeout = 3 * DAY;
    const cookie = setCookie(await manager.commit(session)).split(";")[0] as string;
    advance(2 * DAY);
    const later = await manager.load(request(cookie));
    expect(later.data.x).toBe(1);
    const result = await manager.commit(later);
    expect(store.records.get(later.id)?.expiresAt).toBe(now() + 3 * DAY);
    expect(setCookie(result)).toContain(`Max-Age=${(3 * DAY) / 1000}`);
  });

  it("meta.persistent overrides cookie.persistent either way", async () => {
    const persistentApp = setup(true);
    const a = await persistentApp.manager.load(request());
    a.data.x = 1;
    a.meta.persistent = false;
    expect(setCookie(await persistentApp.manager.commit(a))).not.toContain("Max-Age");

    const sessionCookieApp = setup(false);
    const b = await sessionCookieApp.manager.load(request());
    b.data.x = 1;
    b.meta.idleTimeout = 7 * DAY;
    b.meta.persistent = true;
    expect(setCookie(await sessionCookieApp.manager.commit(b))).toContain(
      `Max-Age=${(7 * DAY) / 1000}`,
    );
  });

  it("ignores a stored idle lifetime that is not a positive finite number", async () => {
    const { manager, store, now } = setup();
    const session = await manager.load(request());
    session.data.x = 1;
    (session.meta as Record<string, unknown>).idleTimeout = "forever";
    await manager.commit(session);
    expect(store.records.get(session.id)?.expiresAt).toBe(now() + DAY);
  });
});
