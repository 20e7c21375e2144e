import { parse } from "cookie";
import type { TokenKit } from "./tokens.js";

/**
 * What a request presents, classified: no token, a badly signed one (never read from the store,
 * always cleared), the live session (one read, kept) or a well-signed token no store holds (one
 * read, then cleared).
 */
export type Presented = "none" | "bad" | "live" | "unknown";

function classify(kit: TokenKit, value: string | undefined): Presented {
  if (value === undefined) return "none";
  if (value === kit.live || value === kit.liveOld) return "live";
  if (value === kit.unknown) return "unknown";
  return "bad";
}

/**
 * The session cookie's value as an RFC 6265 server reads it: the first `name` wins, quotes and
 * percent-encoding are undone. This uses the `cookie` parser the core uses, so the properties
 * check everything after parsing (signature, store, reply), not parser agreement.
 */
export function presentedByCookie(kit: TokenKit, header: string, name: string): Presented {
  return classify(kit, parse(header)[name]);
}

/**
 * The bearer token of the first Authorization line (Node drops duplicates of that header), with
 * RFC 6750's case-insensitive scheme; any other scheme presents no token at all.
 */
export function presentedByBearer(kit: TokenKit, values: readonly string[]): Presented {
  const value = values[0]?.trim();
  if (!value) return "none";
  return classify(kit, /^bearer +(\S+)$/i.exec(value)?.[1]);
}
