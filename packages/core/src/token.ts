import { createHash, randomFillSync } from "node:crypto";

const TOKEN_BYTES = 32;
/** Tokens drawn per refill: one CSPRNG call serves 128 tokens instead of one. */
const POOL_TOKENS = 128;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * 32 random bytes (256 bits), base64url: the secret the client holds. The bytes come from the
 * operating system's CSPRNG (`randomFillSync`), drawn 4 KiB at a time: each byte is handed out
 * once and zeroed as it is used, so the pool holds only tokens not issued yet. Asking the
 * CSPRNG for 32 bytes per token cost more than the rest of token generation together.
 */
export function generateToken(): string {
  if (offset + TOKEN_BYTES > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(TOKEN_BYTES * POOL_TOKENS));
    offset = 0;
  }
  const token = pool.toString("base64url", offset, offset + TOKEN_BYTES);
  pool.fill(0, offset, offset + TOKEN_BYTES);
  offset += TOKEN_BYTES;
  return token;
}

/**
 * The store key for a token: SHA-256, base64url. A plain hash is enough (no HMAC): the token
 * already carries 256 bits of entropy, so the hash cannot be reversed or guessed, and a leaked
 * store yields handles that revoke but cannot impersonate (the Rack CVE-2019-16782 design).
 */
export function storeKeyFor(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
