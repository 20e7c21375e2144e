import { describe, expect, it } from "vitest";
import { SessionConfigError } from "./errors.js";
import { resolveOptions, type SessionOptions } from "./options.js";
import type { SessionStore } from "./store.js";

const store: SessionStore = {
  get: async () => null,
  set: async () => true,
  touch: async () => false,
  destroy: async () => {},
};
const secret = "s".repeat(32);

function invalid(options: Partial<SessionOptions>): SessionConfigError {
  try {
    resolveOptions({ secret, store, ...options } as SessionOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(SessionConfigError);
    return error as SessionConfigError;
  }
  throw new Error("expected a SessionConfigError");
}

describe("resolveOptions", () => {
  it("applies secure defaults", () => {
    const resolved = resolveOptions({ secret, store });
    expect(resolved.cookie).toEqual({
      name: "sid",
      domain: undefined,
      path: "/",
      sameSite: "lax",
      secure: "auto",
      httpOnly: true,
      partitioned: false,
      persistent: true,
    });
    expect(resolved.saveUninitialized).toBe(false);
    expect(resolved.rolling).toBe(true);
    expect(resolved.idleTimeout).toBe(24 * 60 * 60 * 1000);
    expect(resolved.absoluteTimeout).toBe(7 * 24 * 60 * 60 * 1000);
    expect(resolved.touchAfter).toBe(60_000);
    expect(resolved.transport).toEqual({ kind: "cookie" });
  });

  it.each<[string, Partial<SessionOptions>, string]>([
    ["a secret shorter than 32 bytes", { secret: "short" }, "secret"],
    ["a short secret among good ones", { secret: [secret, "short"] }, "secret"],
    ["no secret", { secret: [] }, "secret"],
    ["no store", { store: undefined as unknown as SessionStore }, "store"],
    [
      "a store without get",
      { store: { ...store, get: undefined } as unknown as SessionStore },
      "store",
    ],
    ["a zero idle timeout", { idleTimeout: 0 }, "idleTimeout"],
    ["a negative absolute timeout", { absoluteTimeout: -1 }, "absoluteTimeout"],
    ["a NaN touchAfter", { touchAfter: Number.NaN }, "touchAfter"],
    [
      "touchAfter longer than the idle timeout",
      { idleTimeout: 1000, touchAfter: 2000 },
      "touchAfter",
    ],
    [
      "both touchAfter and refreshThreshold",
      { touchAfter: 1, refreshThreshold: 1 },
      "refreshThreshold",
    ],
    [
      "a __Host- cookie with a Domain",
      { cookie: { name: "__Host-sid", domain: "example.com" } },
      "cookie.domain",
    ],
    [
      "a __Host- cookie without Secure",
      { cookie: { name: "__Host-sid", secure: false } },
      "cookie.secure",
    ],
    [
      "a __Host- cookie with another path",
      { cookie: { name: "__Host-sid", path: "/app" } },
      "cookie.path",
    ],
    [
      "a __Secure- cookie without Secure",
      { cookie: { name: "__Secure-sid", secure: false } },
      "cookie.secure",
    ],
    [
      "SameSite=None without Secure",
      { cookie: { sameSite: "none", secure: false } },
      "cookie.secure",
    ],
    ["an invalid cookie name", { cookie: { name: "a b" } }, "cookie.name"],
    ["a path with a semicolon", { cookie: { path: "/app;evil" } }, "cookie.path"],
    ["a path with a control character", { cookie: { path: "/app\n" } }, "cookie.path"],
    ["a relative path", { cookie: { path: "app" } }, "cookie.path"],
    ["an empty path", { cookie: { path: "" } }, "cookie.path"],
    ["a domain with a space", { cookie: { domain: "exa mple.com" } }, "cookie.domain"],
    ["a domain with a semicolon", { cookie: { domain: "example.com;x=y" } }, "cookie.domain"],
    ["an empty domain", { cookie: { domain: "" } }, "cookie.domain"],
    ["a non-string domain", { cookie: { domain: 42 as unknown as string } }, "cookie.domain"],
    [
      "a lower-case __host- cookie with a Domain",
      { cookie: { name: "__host-sid", domain: "example.com" } },
      "cookie.domain",
    ],
    [
      "an upper-case __HOST- cookie with another path",
      { cookie: { name: "__HOST-sid", path: "/app" } },
      "cookie.path",
    ],
    [
      "a lower-case __secure- cookie without Secure",
      { cookie: { name: "__secure-sid", secure: false } },
      "cookie.secure",
    ],
    ["a bad transport header", { transport: { header: "" } }, "transport.header"],
    ["a negative retry count", { maxWriteRetries: -1 }, "maxWriteRetries"],
  ])("rejects %s, naming the option", (_title, options, option) => {
    const error = invalid(options);
    expect(error.code).toBe("ERR_SESSION_CONFIG");
    expect(error.option).toBe(option);
  });

  it("forces Secure on prefixed, SameSite=None and partitioned cookies", () => {
    expect(resolveOptions({ secret, store, cookie: { name: "__Host-sid" } }).cookie.secure).toBe(
      true,
    );
    expect(resolveOptions({ secret, store, cookie: { sameSite: "none" } }).cookie.secure).toBe(
      true,
    );
    expect(resolveOptions({ secret, store, cookie: { partitioned: true } }).cookie.secure).toBe(
      true,
    );
  });

  it("accepts the paths and domains the cookie package serialises", () => {
    const resolved = resolveOptions({
      secret,
      store,
      cookie: { path: "/app/v1", domain: ".example.co.uk" },
    });
    expect(resolved.cookie).toMatchObject({ path: "/app/v1", domain: ".example.co.uk" });
    expect(resolveOptions({ secret, store, cookie: { name: "__secure-x" } }).cookie.secure).toBe(
      true,
    );
  });

  it("derives touchAfter from refreshThreshold", () => {
    const resolved = resolveOptions({
      secret,
      store,
      idleTimeout: 10_000,
      refreshThreshold: 4_000,
    });
    expect(resolved.touchAfter).toBe(6_000);
  });

  it("reads Authorization as a bearer header and answers in x-session-token", () => {
    const resolved = resolveOptions({ secret, store, transport: { header: "Authorization" } });
    expect(resolved.transport).toEqual({
      kind: "header",
      header: "authorization",
      bearer: true,
      responseHeader: "x-session-token",
    });
  });

  it("does not mutate the caller's options", () => {
    const options = { secret: [secret], store, cookie: { name: "__Host-x" } };
    const copy = structuredClone({ secret: options.secret, cookie: options.cookie });
    resolveOptions(options);
    expect({ secret: options.secret, cookie: options.cookie }).toEqual(copy);
  });
});
