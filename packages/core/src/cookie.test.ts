import { serialize } from "cookie";
import { describe, expect, it } from "vitest";
import { serializeClearCookie, serializeSessionCookie } from "./cookie.js";
import type { ResolvedCookieOptions } from "./options.js";

// The per-kind templates must give exactly what `cookie` gives for the same arguments.
function oracle(o: ResolvedCookieOptions, value: string, secure: boolean, maxAge?: number) {
  return serialize(o.name, value, {
    path: o.path,
    httpOnly: o.httpOnly,
    sameSite: o.sameSite,
    secure,
    ...(o.domain !== undefined && { domain: o.domain }),
    ...(o.partitioned && { partitioned: true }),
    ...(maxAge !== undefined && { maxAge: Math.max(0, Math.floor(maxAge / 1000)) }),
  });
}

const base = {
  name: "sid",
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: "auto",
  partitioned: false,
} as unknown as ResolvedCookieOptions;

const variants: Array<[string, ResolvedCookieOptions]> = [
  ["defaults", base],
  ["a domain and a path", { ...base, domain: "example.com", path: "/app" }],
  ["partitioned, SameSite=None", { ...base, partitioned: true, sameSite: "none" }],
  ["not HttpOnly, strict", { ...base, httpOnly: false, sameSite: "strict" }],
  // Placeholders inside the attributes: the template is refused and `cookie` serialises.
  ["a path holding the placeholders", { ...base, path: "/SESSIONKITVALUE/918273645" }],
];

describe("serializeSessionCookie", () => {
  const token = "AbC-dEf_0123456789abcdefABCDEFghij.k-LmNoPqRsTuVwXyZ0123456789abcdefABCDE_x";
  describe.each(variants)("%s", (_name, options) => {
    it.each([
      [true, 3_600_000],
      [false, 3_600_000],
      [true, undefined],
      [false, undefined],
      [false, 1_999],
      [false, -5],
    ])("secure=%s maxAge=%s gives what cookie gives, twice in a row", (secure, maxAge) => {
      for (let round = 0; round < 2; round++) {
        expect(serializeSessionCookie(options, token, secure, maxAge)).toBe(
          oracle(options, token, secure, maxAge),
        );
      }
    });

    it("encodes a value outside the token characters as cookie does", () => {
      expect(serializeSessionCookie(options, "a b;c", false, 1000)).toBe(
        oracle(options, "a b;c", false, 1000),
      );
    });

    it("clears with an empty value and Max-Age=0", () => {
      expect(serializeClearCookie(options, true)).toBe(oracle(options, "", true, 0));
    });
  });
});
