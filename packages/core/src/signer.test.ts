import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTokenSigner } from "./signer.js";
import { generateToken, storeKeyFor } from "./token.js";

const NEW = "new-secret-0123456789abcdefghijklmnop";
const OLD = "old-secret-0123456789abcdefghijklmnop";

describe("tokens", () => {
  it("are 32 random bytes as base64url and never repeat", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
  });

  it("hash to a stable SHA-256 store key that differs from the token", () => {
    const token = generateToken();
    expect(storeKeyFor(token)).toBe(storeKeyFor(token));
    expect(storeKeyFor(token)).not.toBe(token);
    expect(storeKeyFor(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("createTokenSigner", () => {
  const signer = createTokenSigner([NEW, OLD]);
  const token = generateToken();

  it("verifies what it signed, with the newest key", () => {
    expect(signer.verify(signer.sign(token))).toEqual({ token, rotated: false });
  });

  it("accepts a value signed by an older key and flags it for re-issue", () => {
    const signedByOld = createTokenSigner([OLD]).sign(token);
    expect(signer.verify(signedByOld)).toEqual({ token, rotated: true });
  });

  it("rejects values signed by an unknown key", () => {
    expect(signer.verify(createTokenSigner(["x".repeat(32)]).sign(token))).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["no signature", token],
    ["empty signature", `${token}.`],
    ["short signature", `${token}.abc`],
    [
      "tampered token",
      `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}.${signer.sign(token).split(".")[1]}`,
    ],
    ["non-base64url characters", `${token}!.${signer.sign(token).split(".")[1]}`],
    ["oversized", `${"a".repeat(4096)}.${"b".repeat(43)}`],
    ["two dots", `a.${signer.sign(token)}`],
  ])("rejects a malformed value: %s", (_name, value) => {
    expect(signer.verify(value)).toBeNull();
  });

  it("signs in keygrip's format, so cookies signed before the change still verify", () => {
    // keygrip: HMAC-SHA256 of the token, base64 with "/" → "_", "+" → "-" and "=" dropped.
    const keygrip = (secret: string, data: string) =>
      createHmac("sha256", secret)
        .update(data)
        .digest("base64")
        .replace(/\/|\+|=/g, (c) => ({ "/": "_", "+": "-", "=": "" })[c] ?? c);
    const known = "tok_0123456789-abcdefghij";
    expect(signer.sign(known)).toBe(`${known}.${keygrip(NEW, known)}`);
    expect(signer.verify(`${known}.${keygrip(OLD, known)}`)).toEqual({
      token: known,
      rotated: true,
    });
  });

  it("rejects a signature that differs only in the unused bits of its last character", () => {
    // 43 base64url characters carry 258 bits for 256: two spellings decode to the same bytes.
    // The comparison is of the text, as keygrip's was, so only the canonical one verifies.
    const [, signature = ""] = signer.sign(token).split(".");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(signature.at(-1) ?? "");
    const sibling = alphabet[last ^ 1] ?? "";
    const variant = `${signature.slice(0, -1)}${sibling}`;
    expect(Buffer.from(variant, "base64url")).toEqual(Buffer.from(signature, "base64url"));
    expect(signer.verify(`${token}.${variant}`)).toBeNull();
  });
});
