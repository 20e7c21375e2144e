import { describe, expect, it } from "vitest";
import { createSessionManager, storeKeyFor } from "../src/index.js";
import { MapStore } from "./map-store.js";

/**
 * Known-answer vectors, computed outside this code base with OpenSSL:
 *   printf %s "$TOKEN" | openssl dgst -sha256 -binary | basenc --base64url | tr -d =
 *   printf %s "$TOKEN" | openssl dgst -sha256 -hmac "$SECRET" -binary | basenc --base64url | tr -d =
 * Store keys are in every database from the first release, and signatures are in every
 * browser: a change of either algorithm is a migration, so it must fail a test first.
 */
const TOKEN = "sessionkit-known-answer-token-0001";
const SECRET = "known-answer-secret-0123456789abcdef";
const SHA256_OF_TOKEN = "OXZITBAfayY22eapEeI7MtCqTtQ2IgQgLnWPrDYfihs";
const HMAC_SHA256_OF_TOKEN = "wZ36Nuog2CdlqHAMYI2edidiciQurvkmU8pokqGqfh4";
/** What HMAC-SHA1 (keygrip's default) would give: must never be accepted. */
const HMAC_SHA1_OF_TOKEN = "f_AuZl7zKrdkCU2vwQJNAVl0SrQ";

describe("known-answer vectors", () => {
  it("the store key is SHA-256 of the token, base64url without padding", () => {
    expect(storeKeyFor(TOKEN)).toBe(SHA256_OF_TOKEN);
  });

  it("the cookie is <token>.<HMAC-SHA256(secret, token)> and the record sits at SHA-256(token)", async () => {
    const store = new MapStore();
    const manager = createSessionManager({ secret: SECRET, store, generateToken: () => TOKEN });
    const { token, record } = await manager.create({ data: { n: 1 } });
    expect(token).toBe(`${TOKEN}.${HMAC_SHA256_OF_TOKEN}`);
    expect(record.id).toBe(SHA256_OF_TOKEN);
    expect([...store.records.keys()]).toEqual([SHA256_OF_TOKEN]);

    const cookie = { header: (name: string) => (name === "cookie" ? `sid=${token}` : undefined) };
    const session = await manager.load({ ...cookie, secure: false });
    expect(session.isNew).toBe(false);
    expect(session.id).toBe(SHA256_OF_TOKEN);

    const sha1 = `sid=${TOKEN}.${HMAC_SHA1_OF_TOKEN}`;
    const forged = await manager.load({
      header: (name) => (name === "cookie" ? sha1 : undefined),
      secure: false,
    });
    expect(forged.isNew).toBe(true);
  });
});
