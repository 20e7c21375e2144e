import { describe, expect, it } from "vitest";
import {
  type CommitResult,
  createSessionManager,
  SessionConfigError,
  type SessionEvent,
  type SessionInput,
  SessionLimitError,
  type SessionOptions,
  type SessionStore,
} from "../src/index.js";
import { MapStore } from "./map-store.js";

const secret = "limits-test-secret-0123456789abcdefghij";

function setup(options: Partial<SessionOptions> = {}) {
  const store = new MapStore();
  const events: SessionEvent[] = [];
  const manager = createSessionManager<Record<string, unknown>>({
    secret,
    store,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { store, manager, events };
}

function request(cookie?: string): SessionInput {
  return { header: (name) => (name === "cookie" ? cookie : undefined), secure: false };
}

function cookieOf(result: CommitResult): string {
  const header = result.headers.find(([name]) => name === "set-cookie");
  if (!header) throw new Error("no Set-Cookie");
  return header[1].split(";")[0] ?? "";
}

describe("maxSessionBytes", () => {
  it("rejects bad values at construction", () => {
    for (const maxSessionBytes of [0, -5, 1.5, Number.NaN]) {
      expect(() => setup({ maxSessionBytes })).toThrow(SessionConfigError);
    }
  });

  it("fails a new session past the limit with SessionLimitError and writes nothing", async () => {
    const { manager, store } = setup({ maxSessionBytes: 1_000 });
    const session = await manager.load(request());
    session.data.blob = "x".repeat(2_000);
    const error = await manager.commit(session).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionLimitError);
    expect(error).toMatchObject({
      code: "ERR_SESSION_LIMIT",
      limit: "maxSessionBytes",
      max: 1_000,
    });
    expect((error as SessionLimitError).actual).toBeGreaterThan(2_000);
    expect(store.records.size).toBe(0);
  });

  it("counts UTF-8 bytes, not characters", async () => {
    const { manager } = setup({ maxSessionBytes: 200 });
    const session = await manager.load(request());
    session.data.text = "€".repeat(70); // 70 characters but 210 bytes
    await expect(manager.commit(session)).rejects.toBeInstanceOf(SessionLimitError);
  });

  it("fails an update past the limit and keeps the stored session as it was", async () => {
    const { manager, store } = setup({ maxSessionBytes: 1_000 });
    const first = await manager.load(request());
    first.data.small = "ok";
    const cookie = cookieOf(await manager.commit(first));
    const second = await manager.load(request(cookie));
    second.data.blob = "x".repeat(2_000);
    await expect(manager.commit(second)).rejects.toBeInstanceOf(SessionLimitError);
    const third = await manager.load(request(cookie));
    expect(third.data).toEqual({ small: "ok" });
    expect([...store.records.values()].map((r) => r.version)).toEqual([1]);
  });

  it("fails a regeneration past the limit before the old record is touched", async () => {
    const { manager } = setup({ maxSessionBytes: 1_000 });
    const first = await manager.load(request());
    first.data.small = "ok";
    const cookie = cookieOf(await manager.commit(first));
    const second = await manager.load(request(cookie));
    second.data.blob = "x".repeat(2_000);
    second.userId = "ada"; // signing in regenerates
    await expect(manager.commit(second)).rejects.toBeInstanceOf(SessionLimitError);
    // The old cookie still opens the old session: no tombstone was written.
    const again = await manager.load(request(cookie));
    expect(again.isNew).toBe(false);
    expect(again.data).toEqual({ small: "ok" });
  });
});

describe("maxSessionsPerUser", () => {
  async function signIn(manager: ReturnType<typeof setup>["manager"], userId: string) {
    const session = await manager.load(request());
    session.userId = userId;
    return cookieOf(await manager.commit(session));
  }

  it("needs a store that lists a user's sessions", () => {
    const bare: SessionStore = {
      get: async () => null,
      set: async () => true,
      touch: async () => false,
      destroy: async () => {},
    };
    expect(() => createSessionManager({ secret, store: bare, maxSessionsPerUser: 3 })).toThrow(
      SessionConfigError,
    );
    expect(() => setup({ onTooManySessions: "never" as "refuse" })).toThrow(SessionConfigError);
  });

  it("revoke-oldest (default): signs out the least recently active session to make room", async () => {
    let now = Date.now();
    const clock = { now: () => (now += 1_000) };
    const { manager, events } = setup({ maxSessionsPerUser: 2, clock });
    const first = await signIn(manager, "ada");
    const second = await signIn(manager, "ada");
    const third = await signIn(manager, "ada");
    const listed = await manager.listByUser("ada");
    expect(listed).toHaveLength(2);
    expect((await manager.load(request(first))).isNew).toBe(true);
    expect((await manager.load(request(second))).isNew).toBe(false);
    expect((await manager.load(request(third))).isNew).toBe(false);
    expect(events.filter((e) => e.type === "revoked")).toHaveLength(1);
    // Another user is not affected.
    await signIn(manager, "bob");
    expect(await manager.listByUser("ada")).toHaveLength(2);
  });

  it("refuse: fails the sign-in with SessionLimitError and writes nothing", async () => {
    const { manager, store } = setup({ maxSessionsPerUser: 2, onTooManySessions: "refuse" });
    await signIn(manager, "ada");
    await signIn(manager, "ada");
    const before = store.records.size;
    const error = await signIn(manager, "ada").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionLimitError);
    expect(error).toMatchObject({ limit: "maxSessionsPerUser", max: 2, actual: 2 });
    expect(store.records.size).toBe(before);
    expect(await manager.listByUser("ada")).toHaveLength(2);
  });

  it("applies to manager.create with a user too", async () => {
    const { manager } = setup({ maxSessionsPerUser: 1, onTooManySessions: "refuse" });
    await manager.create({ userId: "ada" });
    await expect(manager.create({ userId: "ada" })).rejects.toBeInstanceOf(SessionLimitError);
    await expect(manager.create({ userId: "bob" })).resolves.toBeDefined();
  });
});
