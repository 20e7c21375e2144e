import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { SessionConfigError } from "./errors.js";

/**
 * AES-256-GCM sealing of session data. An envelope is one string,
 * `v1.<key id>.<iv>.<ciphertext and tag>` (base64url), so any store keeps it as it keeps any
 * JSON value. The record id is the additional authenticated data: an envelope copied onto
 * another record does not open. The key id (8 bytes of SHA-256 of the key) picks the key to
 * try, so a key list of any length costs one decryption.
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A key as given in options: 32 bytes, or their base64 / base64url text. */
export type SealKey = string | Uint8Array;

export interface Sealer {
  seal(id: string, plaintext: string): string;
  /** The plaintext, or undefined when the envelope is not one this key list can open. */
  open(id: string, envelope: string): string | undefined;
}

interface Key {
  id: string;
  bytes: Buffer;
}

function keyOf(key: SealKey, index: number): Key {
  const bytes =
    typeof key === "string" ? Buffer.from(key, "base64") : Buffer.from(key as Uint8Array);
  if (bytes.length !== KEY_BYTES) {
    throw new SessionConfigError(
      "keys",
      `key ${index} is ${bytes.length} bytes; AES-256 needs exactly ${KEY_BYTES} (e.g. crypto.randomBytes(32).toString("base64"))`,
    );
  }
  const id = createHash("sha256").update(bytes).digest().subarray(0, 8).toString("base64url");
  return { id, bytes };
}

/**
 * A sealer over `keys`: seals with the first, opens with any, so a rotation puts the new key
 * first and keeps the old ones until every session sealed under them has been rewritten or
 * has expired.
 *
 * @throws SessionConfigError when the list is empty or a key is not 32 bytes.
 */
export function createSealer(keys: readonly SealKey[]): Sealer {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new SessionConfigError("keys", "at least one 32-byte key is required");
  }
  const resolved = keys.map(keyOf);
  const byId = new Map(resolved.map((key) => [key.id, key]));
  const current = resolved[0] as Key;
  return {
    seal(id, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current.bytes, iv);
      cipher.setAAD(Buffer.from(id, "utf8"));
      const body = Buffer.concat([
        cipher.update(plaintext, "utf8"),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `${VERSION}.${current.id}.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    open(id, envelope) {
      const [version, keyId, ivText, bodyText, extra] = envelope.split(".");
      if (version !== VERSION || extra !== undefined || !keyId || !ivText || !bodyText) {
        return undefined;
      }
      const key = byId.get(keyId);
      if (!key) return undefined;
      const iv = Buffer.from(ivText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key.bytes, iv);
        decipher.setAAD(Buffer.from(id, "utf8"));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString("utf8");
      } catch {
        // A wrong key, a tampered envelope or one moved to another record: it does not open.
        return undefined;
      }
    },
  };
}
