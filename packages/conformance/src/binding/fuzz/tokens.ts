import { createHmac, randomBytes } from "node:crypto";

/**
 * Signs a token the way the core's signer does (`<token>.<HMAC-SHA256 base64url>`, keygrip's
 * format), written out here so the fuzzer can make tokens under any key, including keys the app
 * under test does not know, without reaching into the core.
 */
export function signToken(token: string, secret: string): string {
  return `${token}.${createHmac("sha256", secret).update(token).digest("base64url")}`;
}

/** The token part of a signed value (everything before the last dot). */
export function tokenOf(signed: string): string {
  return signed.slice(0, signed.lastIndexOf("."));
}

/**
 * The correctly signed values the fuzzer knows. Only these may ever reach the store: the fuzzer
 * cannot forge a signature, so every other value it builds is badly signed by construction.
 */
export interface TokenKit {
  /** A live session's token signed with the current secret. */
  live: string;
  /** The same session signed with the older secret of the rotation list: still valid. */
  liveOld: string;
  /** A well-formed token no store holds, signed with the current secret: one read, then cleared. */
  unknown: string;
  /** The live token signed with a secret the app was never given. */
  retired: string;
}

/** The kit for a live session whose signed value is `live`. */
export function tokenKit(live: string, secrets: { old: string; retired: string; current: string }) {
  const token = tokenOf(live);
  const kit: TokenKit = {
    live,
    liveOld: signToken(token, secrets.old),
    unknown: signToken(randomBytes(32).toString("base64url"), secrets.current),
    retired: signToken(token, secrets.retired),
  };
  return kit;
}

/** Values a request may present that carry a valid signature (so one store read is allowed). */
export function wellSigned(kit: TokenKit): ReadonlySet<string> {
  return new Set([kit.live, kit.liveOld, kit.unknown]);
}
