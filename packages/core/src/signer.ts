import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";

/** Tokens are base64url; anything else in the token part is rejected before any hashing. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
/** An HMAC-SHA256 signature: 32 bytes as unpadded base64url (43 characters). */
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Longest value worth verifying: the longest token, a dot and a signature. */
const MAX_SIGNED_LENGTH = 128 + 1 + 43;

export interface VerifiedToken {
  token: string;
  /** True when an older key verified it: the caller re-issues it under the newest key. */
  rotated: boolean;
}

export interface TokenSigner {
  sign(token: string): string;
  /** The token inside a signed value, or `null` when malformed or not signed by any key. */
  verify(value: string): VerifiedToken | null;
}

/**
 * Signs tokens as `<token>.<signature>`, the signature being HMAC-SHA256 of the token as
 * unpadded base64url: the format keygrip produces, so cookies signed before stay valid. The
 * first secret signs, every secret verifies (rotation without logging everyone out,
 * expressjs/session#127).
 *
 * The secrets become HMAC key objects once, here; a signature is compared as text with
 * `timingSafeEqual` (both sides are 43 ASCII characters, so the comparison takes the same time
 * wherever they differ). keygrip instead re-HMACs both sides under a fresh random key on every
 * comparison, which cost a random draw per request.
 */
export function createTokenSigner(secrets: readonly string[]): TokenSigner {
  const keys: KeyObject[] = secrets.map((secret) => createSecretKey(Buffer.from(secret, "utf8")));
  const signatureOf = (key: KeyObject, token: string): string =>
    createHmac("sha256", key).update(token).digest("base64url");
  return {
    sign: (token) => `${token}.${signatureOf(keys[0] as KeyObject, token)}`,
    verify(value) {
      if (value.length > MAX_SIGNED_LENGTH) return null;
      const dot = value.lastIndexOf(".");
      if (dot < 0) return null;
      const token = value.slice(0, dot);
      const signature = value.slice(dot + 1);
      if (!TOKEN_PATTERN.test(token) || !SIGNATURE_PATTERN.test(signature)) return null;
      const presented = Buffer.from(signature, "latin1");
      for (let index = 0; index < keys.length; index++) {
        const expected = Buffer.from(signatureOf(keys[index] as KeyObject, token), "latin1");
        if (timingSafeEqual(expected, presented)) return { token, rotated: index > 0 };
      }
      return null;
    },
  };
}
