import { createHmac, timingSafeEqual } from "node:crypto";
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import { SessionConfigError } from "../errors.js";
import type { SessionInput } from "../io.js";
import type { MigrationSource, OldSession, OldSessionData } from "./source.js";

/** What the adapter uses of a koa-session external store (koa-redis, …). */
export interface KoaSessionStoreLike {
  get(key: string, maxAge?: unknown, options?: unknown): Promise<unknown> | unknown;
  destroy(key: string): Promise<unknown> | unknown;
}

export interface FromKoaSessionOptions {
  /** The app's `app.keys`, which signed koa-session's cookie (keygrip, SHA-1: koa's default). */
  keys: readonly string[];
  /** koa-session's `key` (the cookie name). @default "koa.sess" */
  key?: string;
  /** koa-session's external `store`; without one, the session is read from the cookie itself. */
  store?: KoaSessionStoreLike;
  /** The old cookie's `path` and `domain`, to clear it. @default { path: "/" } */
  cookie?: { path?: string; domain?: string };
  /** The signed-in user of an old session, e.g. koa-passport's: `(s) => s.passport?.user`. */
  userId?: (session: OldSessionData) => unknown;
  /** Clock for the old session's `_expire`. @default Date.now */
  now?: () => number;
}

/** koa-session's own bookkeeping fields, never data. */
const BOOKKEEPING = new Set(["_expire", "_maxAge", "_session", "_ctx", "_requireSave"]);

/**
 * Reads koa-session's sessions for the `migrate` option: the cookie and its `.sig` companion
 * verified with the app's keys (keygrip), the session read from the external store (koa-redis)
 * or, in cookie mode, decoded from the cookie; an expired one (`_expire`) counts as none.
 *
 * @throws SessionConfigError when `keys` is missing.
 */
export function fromKoaSession(options: FromKoaSessionOptions): MigrationSource {
  const keys = [...(options.keys ?? [])];
  if (keys.length === 0 || keys.some((k) => typeof k !== "string" || k === "")) {
    throw new SessionConfigError("migrate.keys", "the app's keys (app.keys) are required");
  }
  const name = options.key ?? "koa.sess";
  const now = options.now ?? Date.now;
  const store = options.store;
  const cookiesOf = (input: SessionInput) => {
    const header = input.header("cookie");
    if (!header || !header.includes(`${name}=`)) return undefined;
    return parseCookies(header);
  };
  return {
    name: "koa-session",
    presentIn: (input) => cookiesOf(input)?.[name] !== undefined,
    async read(input) {
      const cookies = cookiesOf(input);
      const value = cookies?.[name];
      const signature = cookies?.[`${name}.sig`];
      if (value === undefined || signature === undefined) return "dead";
      if (!verify(`${name}=${value}`, signature, keys)) return "dead";
      const session = store ? await store.get(value, undefined, { rolling: false }) : decode(value);
      if (!session || typeof session !== "object") return "dead";
      const fields = session as Record<string, unknown>;
      if (typeof fields._expire === "number" && fields._expire < now()) return "dead";
      const data = Object.fromEntries(Object.entries(fields).filter(([k]) => !BOOKKEEPING.has(k)));
      const user = options.userId?.(fields);
      const old: OldSession = {
        key: `koa-session:${value}`,
        data,
        userId:
          typeof user === "string" && user !== ""
            ? user
            : typeof user === "number"
              ? String(user)
              : null,
        remove: async () => {
          if (store) await store.destroy(value);
        },
      };
      return old;
    },
    clear() {
      const attributes = {
        path: options.cookie?.path ?? "/",
        ...(options.cookie?.domain ? { domain: options.cookie.domain } : {}),
        expires: new Date(0),
        maxAge: 0,
      };
      return [
        serializeCookie(name, "", attributes),
        serializeCookie(`${name}.sig`, "", attributes),
      ];
    },
  };
}

/** keygrip's `verify` with SHA-1 (koa's `app.keys` default), over every key. */
function verify(data: string, signature: string, keys: readonly string[]): boolean {
  const given = Buffer.from(signature);
  return keys.some((key) => {
    const expected = Buffer.from(
      createHmac("sha1", key)
        .update(data)
        .digest("base64")
        .replace(/[/+=]/g, (c) => (c === "/" ? "_" : c === "+" ? "-" : "")),
    );
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** koa-session's cookie mode: base64 of the session's JSON. */
function decode(value: string): unknown {
  try {
    return JSON.parse(Buffer.from(value, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
}
