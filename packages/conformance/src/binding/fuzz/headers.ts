import fc from "fast-check";
import type { TokenKit } from "./tokens.js";

/**
 * Header values as bytes on the wire, held in latin1 strings (one char per byte, which is how
 * Node hands them to the app). Node's client refuses control characters other than HTAB, and its
 * server would answer 400 before any app code ran, so those are turned into spaces.
 */
export function toWire(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8").toString("latin1").slice(0, maxBytes);
  return bytes.replace(/[^\t\x20-\x7e\x80-\xff]/g, " ");
}

const base64url = fc.string({
  unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
  maxLength: 60,
});

/** One character replaced by a different base64url character. */
function flipAt(value: string, index: number): string {
  const at = index % value.length;
  const char = value[at] === "A" ? "B" : "A";
  return value.slice(0, at) + char + value.slice(at + 1);
}

/** Session-token-shaped values: the kit's valid ones and many near misses of them. */
export function tokenValue(kit: TokenKit): fc.Arbitrary<string> {
  const good = fc.constantFrom(kit.live, kit.liveOld, kit.unknown);
  const signatureStart = kit.live.lastIndexOf(".") + 1;
  return fc.oneof(
    { arbitrary: good, weight: 3 },
    { arbitrary: fc.constant(kit.retired), weight: 1 },
    // A valid token with one signature character changed.
    {
      arbitrary: fc.tuple(good, fc.nat()).map(([v, i]) => {
        const start = v.lastIndexOf(".") + 1;
        return v.slice(0, start) + flipAt(v.slice(start), i);
      }),
      weight: 2,
    },
    // Truncated or extended signature, truncated token.
    {
      arbitrary: fc
        .tuple(good, fc.integer({ min: 0, max: 42 }))
        .map(([v, n]) => v.slice(0, signatureStart + n)),
      weight: 2,
    },
    { arbitrary: fc.tuple(good, base64url).map(([v, s]) => v + s), weight: 1 },
    { arbitrary: fc.tuple(good, fc.nat()).map(([v, n]) => v.slice(n % signatureStart)), weight: 1 },
    // Separator games: no dot, two dots, a comma, percent-encoding and quotes (these two decode
    // back to the valid value in the cookie parser).
    { arbitrary: good.map((v) => v.replace(".", "")), weight: 1 },
    { arbitrary: good.map((v) => v.replace(".", "..")), weight: 1 },
    { arbitrary: good.map((v) => v.replace(".", ",")), weight: 1 },
    { arbitrary: good.map((v) => v.replace(".", "%2E")), weight: 1 },
    { arbitrary: good.map((v) => `"${v}"`), weight: 1 },
    { arbitrary: fc.tuple(base64url, base64url).map(([t, s]) => `${t}.${s}`), weight: 1 },
    { arbitrary: fc.constant(""), weight: 1 },
    { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
    { arbitrary: fc.string({ unit: "binary-ascii", maxLength: 40 }), weight: 1 },
    {
      arbitrary: fc.string({
        unit: fc.constantFrom(";", ",", "=", " ", '"', "\\", "%", "."),
        maxLength: 12,
      }),
      weight: 1,
    },
    // Oversize: longer than any token, up to about 12 KB (inside Node's 16 KB header limit, so
    // the app sees it).
    {
      arbitrary: fc
        .tuple(
          fc.oneof(fc.constantFrom("x", "é", "€", "A."), good),
          fc.integer({ min: 200, max: 12_000 }),
        )
        .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)),
      weight: 1,
    },
  );
}

const cookieName = fc.oneof(
  fc.constantFrom("sid", "SID", "sid ", " sid", "sid2", "s", "", "__Host-sid", "sid\u00e9"),
  fc.string({ unit: "grapheme-ascii", maxLength: 8 }),
);

/** One `name=value` part of a Cookie header, or stray text between separators. */
function cookiePart(kit: TokenKit): fc.Arbitrary<string> {
  const value = tokenValue(kit);
  return fc.oneof(
    { arbitrary: value.map((v) => `sid=${v}`), weight: 6 },
    { arbitrary: fc.tuple(cookieName, value).map(([n, v]) => `${n}=${v}`), weight: 2 },
    { arbitrary: value.map((v) => ` sid = ${v} `), weight: 1 },
    {
      arbitrary: fc.constantFrom("=", "sid", "=sid", "sid=", "sid==", ";", ",", " ", "", "=="),
      weight: 1,
    },
    { arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }), weight: 1 },
  );
}

const cookieSeparator = fc.constantFrom("; ", ";", " ; ", ";;", "; ;", ",", ", ", " ", "\t;");

/**
 * Cookie headers: zero to six parts (so duplicate `sid` cookies are common) joined by proper and
 * stray separators, as wire bytes of at most `maxBytes`.
 */
export function cookieHeader(kit: TokenKit, maxBytes: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.tuple(cookiePart(kit), cookieSeparator), { maxLength: 6 }), fc.boolean())
    .map(([parts, trailing]) => {
      const text = parts.map(([part, separator]) => part + separator).join("");
      return toWire(
        trailing ? text : text.slice(0, text.length - (parts.at(-1)?.[1].length ?? 0)),
        maxBytes,
      );
    });
}

const scheme = fc.constantFrom(
  "Bearer ",
  "bearer ",
  "BEARER ",
  "Bearer  ",
  "Bearer\t",
  "Bearer",
  "Basic ",
  "Token ",
  "",
  " Bearer ",
);

/**
 * Authorization header values (one, or two: Node keeps the first of duplicate Authorization
 * lines): a scheme, a token-shaped value and sometimes trailing text.
 */
export function authorizationHeader(kit: TokenKit, maxBytes: number): fc.Arbitrary<string[]> {
  const proper = tokenValue(kit).map((v) => toWire(`Bearer ${v}`, maxBytes));
  const odd = fc
    .tuple(scheme, tokenValue(kit), fc.constantFrom("", " ", " extra", ",", "\t"))
    .map(([s, v, tail]) => toWire(s + v + tail, maxBytes));
  const one = fc.oneof({ arbitrary: proper, weight: 1 }, { arbitrary: odd, weight: 1 });
  return fc.oneof(
    { arbitrary: one.map((v) => [v]), weight: 9 },
    { arbitrary: fc.tuple(one, one).map(([a, b]) => [a, b]), weight: 1 },
  );
}
