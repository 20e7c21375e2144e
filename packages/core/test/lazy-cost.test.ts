import { afterEach, describe, expect, it, vi } from "vitest";
import { createSessionManager, generateToken } from "../src/index.js";
import { CountingStore } from "./counting-store.js";

function setup() {
  const store = new CountingStore();
  let tokens = 0;
  const manager = createSessionManager<Record<string, unknown>>({
    secret: "lazy-cost-secret-0123456789abcdefghij",
    store,
    generateToken: () => {
      tokens++;
      return generateToken();
    },
  });
  const request = (token?: string) => ({
    header: (name: string) => {
      if (name === "cookie") return token ? `sid=${token}` : undefined;
      return name === "user-agent" ? "lazy/1.0" : undefined;
    },
    secure: false,
  });
  return { store, manager, request, tokens: () => tokens };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("an anonymous request costs nothing until the session is used", () => {
  it("no cookie, session untouched: no token, no serialisation, no store call, no Set-Cookie", async () => {
    const h = setup();
    const before = h.tokens();
    const stringify = vi.spyOn(JSON, "stringify");
    const parse = vi.spyOn(JSON, "parse");
    const session = await h.manager.load(h.request());
    const result = await h.manager.commit(session);
    expect(result.headers).toEqual([]);
    expect(stringify).not.toHaveBeenCalled();
    expect(parse).not.toHaveBeenCalled();
    expect(h.tokens()).toBe(before);
    expect(h.store.count()).toBe(0);
  });

  it("no cookie, session read but not written: still no token and no store call", async () => {
    const h = setup();
    const before = h.tokens();
    const session = await h.manager.load(h.request());
    expect(session.data.user).toBeUndefined();
    expect(session.userId).toBeNull();
    expect(session.isNew).toBe(true);
    expect((await h.manager.commit(session)).headers).toEqual([]);
    expect(h.tokens()).toBe(before);
    expect(h.store.count()).toBe(0);
  });

  it("no cookie, session written: one token, one store write, a cookie", async () => {
    const h = setup();
    const before = h.tokens();
    const session = await h.manager.load(h.request());
    session.data.cart = ["a"];
    const result = await h.manager.commit(session);
    expect(result.headers[0]?.[1]).toMatch(/^sid=[^;]+;/);
    expect(h.tokens()).toBe(before + 1);
    expect(h.store.count()).toBe(1);
    expect(session.meta.userAgent).toBe("lazy/1.0");
  });

  it("device facts are observed when the session is first stored, not when it is read", async () => {
    const h = setup();
    let ipReads = 0;
    const input = (token?: string) =>
      Object.defineProperty(h.request(token), "ip", {
        get: () => {
          ipReads++;
          return "192.0.2.7";
        },
      });
    const reader = await h.manager.load(input());
    expect(reader.data.cart).toBeUndefined();
    expect((await h.manager.commit(reader)).headers).toEqual([]);
    expect(ipReads).toBe(0);
    const writer = await h.manager.load(input());
    writer.data.cart = ["a"];
    const result = await h.manager.commit(writer);
    expect(ipReads).toBe(1);
    const token = /^sid=([^;]+);/.exec(result.headers[0]?.[1] ?? "")?.[1];
    const stored = await h.store.get(writer.id);
    expect(stored?.meta).toMatchObject({ userAgent: "lazy/1.0", ip: "192.0.2.7" });
    expect(token).toBeDefined();
  });

  it("a badly signed cookie is cleared without building a session", async () => {
    const h = setup();
    const before = h.tokens();
    const session = await h.manager.load(h.request("forged.token"));
    const result = await h.manager.commit(session);
    expect(result.headers).toHaveLength(1);
    expect(result.headers[0]?.[1]).toMatch(/^sid=;.*Max-Age=0/);
    expect(h.tokens()).toBe(before);
    expect(h.store.count()).toBe(0);
  });
});

describe("an unmodified read serialises the data at most twice and parses it never", () => {
  async function stored(h: ReturnType<typeof setup>) {
    const data = { cart: ["a", "b"], theme: "dark" };
    const { token } = await h.manager.create({ data });
    h.store.reset();
    return { token, data };
  }

  it("data never read: the data is not serialised or parsed at all", async () => {
    const h = setup();
    const { token } = await stored(h);
    const stringify = vi.spyOn(JSON, "stringify");
    const parse = vi.spyOn(JSON, "parse");
    const session = await h.manager.load(h.request(token));
    expect(session.userId).toBeNull();
    expect((await h.manager.commit(session)).headers).toEqual([]);
    const dataCalls = stringify.mock.calls.filter(([value]) => value === session.data);
    expect(dataCalls).toHaveLength(0);
    expect(parse).not.toHaveBeenCalled();
    expect(h.store.count()).toBe(1);
  });

  it("data read: serialised once when first reached for and once at commit, never parsed", async () => {
    const h = setup();
    const { token, data } = await stored(h);
    const stringify = vi.spyOn(JSON, "stringify");
    const parse = vi.spyOn(JSON, "parse");
    const session = await h.manager.load(h.request(token));
    expect(session.data).toEqual(data);
    expect((await h.manager.commit(session)).headers).toEqual([]);
    const dataCalls = stringify.mock.calls.filter(([value]) => value === session.data);
    expect(dataCalls).toHaveLength(2);
    expect(parse).not.toHaveBeenCalled();
    expect(h.store.count()).toBe(1);
  });
});
