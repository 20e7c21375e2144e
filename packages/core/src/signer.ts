import Keygrip from "keygrip";

/** Tokens are base64url; anything else in the token part is rejected before any hashing. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
/** keygrip's SHA-256 signature: 32 bytes as unpadded base64url. */
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
 * Signs tokens as `<token>.<signature>` with keygrip over HMAC-SHA256. The first secret signs,
 * every secret verifies (rotation without logging everyone out, expressjs/session#127), and
 * keygrip compares signatures in constant time.
 */
export function createTokenSigner(secrets: readonly string[]): TokenSigner {
  const keys = new Keygrip([...secrets], "sha256");
  return {
    sign: (token) => `${token}.${keys.sign(token)}`,
    verify(value) {
      if (value.length > MAX_SIGNED_LENGTH) return null;
      const dot = value.lastIndexOf(".");
      if (dot < 0) return null;
      const token = value.slice(0, dot);
      const signature = value.slice(dot + 1);
      if (!TOKEN_PATTERN.test(token) || !SIGNATURE_PATTERN.test(signature)) return null;
      const index = keys.index(token, signature);
      if (index < 0) return null;
      return { token, rotated: index > 0 };
    },
  };
}
