import { describe, expect, it } from "vitest";
import {
  type CommitResult,
  createSessionManager,
  type SessionEvent,
  type SessionInput,
  type SessionOptions,
  SessionStateError,
  SessionStoreError,
} from "../src/index.js";
import { MapStore } from "./map-store.js";

const secret = "engine-test-secret-0123456789abcdefgh";

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

function request(headers: Record<string, string> = {}, secure = false): SessionInput {
  return { header: (name) => headers[name], secure, ip: "203.0.113.7" };
}

function cookieOf(result: CommitResult): string {
  const header = result.headers.find(([name]) => name === "set-cookie");
  if (!header) throw new Error("no Set-Cookie");
  return header[1];
}

function tokenOf(result: CommitResult): string {
  return decodeURIComponent(/^sid=([^;]+)/.exec(cookieOf(result))?.[1] ?? "");
}

describe("cookies", () => {
  it("carry HttpOnly, SameSite=Lax, Path=/ and Max-Age, and no Secure on plain HTTP", async () => {
    const { manager } = setup({ idleTimeout: 3_600_000 });
    const session = await manager.load(request());
    session.data.a = 1;
    const cookie = cookieOf(await manager.commit(session));
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain("Max-Age=3600");
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
  });

  it("are Secure when the framework says the request is secure", async () => {
    const { manager } = setup();
    const session = await manager.load(request({}, true));
    session.data.a = 1;
    expect(cookieOf(await manager.commit(session))).toContain("Secure");
  });

  it("pass Domain, Partitioned and a browser-session lifetime through", async () => {
    const { manager } = setup({
      cookie: { domain: "example.com", partitioned: true, persistent: false },
    });
    const session = await manager.load(request());
    session.data.a = 1;
    const cookie = cookieOf(await manager.commit(session));
    expect(cookie).toContain("Domain=example.com");
    expect(cookie).toContain("Partitioned");
    expect(cookie).toContain("Secure");
    expect(cookie).not.toContain("Max-Age");
  });
});

describe("meta", () => {
  it("records the user agent and address on creation without counting as a change", async () => {
    const { manager, store } = setup();
    const untouched = await manager.load(request({ "user-agent": "Firefox" }));
    await manager.commit(untouched);
    expect(store.records.size).toBe(0);
    const session = await manager.load(request({ "user-agent": "Firefox" }));
    session.data.a = 1;
    await manager.commit(session);
    expect([...store.records.values()][0]?.meta).toEqual({
      userAgent: "Firefox",
      ip: "203.0.113.7",
    });
  });
});

describe("header transport", () => {
  it("issues the token in a response header and reads it from Authorization: Bearer", async () => {
    const { manager } = setup({ transport: { header: "authorization" } });
    const session = await manager.load(request());
    session.data.api = true;
    const result = await manager.commit(session);
    expect(result.headers.map(([name]) => name)).toEqual(["x-session-token"]);
    const token = result.headers[0]?.[1] ?? "";
    const again = await manager.load(request({ authorization: `bearer ${token}` }));
    expect(again.data).toEqual({ api: true });
    const ignored = await manager.load(request({ cookie: `sid=${token}` }));
    expect(ignored.isNew).toBe(true);
  });

  it("reads a named header's whole value", async () => {
    const { manager } = setup({ transport: { header: "X-Session-Id" } });
    const session = await manager.load(request());
    session.data.n = 1;
    const result = await manager.commit(session);
    expect(result.headers[0]?.[0]).toBe("x-session-id");
    const again = await manager.load(request({ "x-session-id": result.headers[0]?.[1] ?? "" }));
    expect(again.isNew).toBe(false);
  });
});

describe("store failures", () => {
  it("surface as SessionStoreError with the cause, never as an empty session", async () => {
    const { manager, store } = setup();
    const session = await manager.load(request());
    session.data.a = 1;
    const token = tokenOf(await manager.commit(session));
    const cause = new Error("ECONNRESET");
    store.get = () => Promise.reject(cause);
    const error = await manager.load(request({ cookie: `sid=${token}` })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toMatchObject({
      code: "ERR_SESSION_STORE",
      operation: "get",
      storeName: "map-store",
    });
    // The driver's error, reduced to what cannot quote session data (driver-error.ts).
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect((error as Error).cause).not.toBe(cause);
    expect((error as Error).cause).toMatchObject({ message: "ECONNRESET" });
  });

  it("that hang are cut off after storeTimeout", async () => {
    const { manager, store } = setup({ storeTimeout: 20 });
    store.set = () => new Promise<boolean>(() => {});
    const session = await manager.load(request());
    session.data.a = 1;
    await expect(manager.commit(session)).rejects.toMatchObject({
      code: "ERR_SESSION_STORE",
      operation: "set",
    });
  });
});

describe("the session handle", () => {
  it("save() persists early and the final commit still returns its cookie", async () => {
    const { manager, store } = setup();
    const session = await manager.load(request());
    session.data.step = 1;
    await session.save();
    expect(store.records.size).toBe(1);
    const result = await manager.commit(session);
    expect(result.headers).toHaveLength(1);
    expect(session.isNew).toBe(true);
  });

  it("rejects data that cannot be serialised with a SessionStateError", async () => {
    const { manager } = setup();
    const session = await manager.load(request());
    session.data.n = 10n;
    await expect(manager.commit(session)).rejects.toBeInstanceOf(SessionStateError);
  });

  it("rejects non-object data and empty user ids", async () => {
    const { manager } = setup();
    const session = await manager.load(request());
    expect(() => {
      session.data = [] as unknown as Record<string, unknown>;
    }).toThrow(TypeError);
    expect(() => {
      session.userId = "";
    }).toThrow(TypeError);
  });

  it("emits created, regenerated and destroyed with handles, never tokens", async () => {
    const { manager, events } = setup();
    const session = await manager.load(request());
    session.data.a = 1;
    const token = tokenOf(await manager.commit(session));
    const again = await manager.load(request({ cookie: `sid=${token}` }));
    again.userId = "u1";
    const next = tokenOf(await manager.commit(again));
    const last = await manager.load(request({ cookie: `sid=${next}` }));
    last.destroy();
    await manager.commit(last);
    expect(events.map((event) => event.type)).toEqual(["created", "regenerated", "destroyed"]);
    const raw = token.split(".")[0] ?? "";
    expect(JSON.stringify(events)).not.toContain(raw);
  });

  it("reports an invalid token as an event and starts fresh", async () => {
    const { manager, events } = setup();
    const session = await manager.load(request({ cookie: "sid=forged.value" }));
    expect(session.isNew).toBe(true);
    expect(events).toEqual([{ type: "invalid-token" }]);
  });

  it("a throwing onEvent hook does not break the request", async () => {
    const { manager } = setup({
      onEvent: () => {
        throw new Error("audit log down");
      },
    });
    const session = await manager.load(request());
    session.data.a = 1;
    await expect(manager.commit(session)).resolves.toHaveProperty("headers");
  });
});
