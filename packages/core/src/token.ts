import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes (256 bits), base64url: the secret the client holds. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The store key for a token: SHA-256, base64url. A plain hash is enough (no HMAC): the token
 * already carries 256 bits of entropy, so the hash cannot be reversed or guessed, and a leaked
 * store yields handles that revoke but cannot impersonate (the Rack CVE-2019-16782 design).
 */
export function storeKeyFor(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
