import { createHmac, timingSafeEqual } from "node:crypto";
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import { SessionConfigError } from "../errors.js";
import type { SessionInput } from "../io.js";
import { type MigrationSource, type OldSession, type OldSessionData, settle } from "./source.js";

/** What the adapter uses of an express-session store (connect-redis, connect-mongo, …). */
export interface ExpressSessionStoreLike {
  get(sid: string, callback: (error: unknown, session?: unknown) => void): unknown;
  destroy(sid: string, callback: (error?: unknown) => void): unknown;
}

export interface FromExpressSessionOptions {
  /** express-session's `secret` (one or a list: every one is tried). */
  secret: string | readonly string[];
  /** express-session's `store`, as the app configured it. */
  store: ExpressSessionStoreLike;
  /** express-session's `name`. @default "connect.sid" */
  name?: string;
  /** The old cookie's `path` and `domain`, to clear it. @default { path: "/" } */
  cookie?: { path?: string; domain?: string };
  /**
   * The signed-in user of an old session, e.g. Passport's:
   * `userId: (session) => session.passport?.user`. The session's data is kept whole either way.
   */
  userId?: (session: OldSessionData) => unknown;
}

/**
 * Reads express-session's sessions for the `migrate` option: the `s:<sid>.<signature>` cookie
 * (HMAC-SHA256, cookie-signature's format) verified with the old secret(s), the session read
 * from the old store, its `cookie` field dropped.
 *
 * @throws SessionConfigError when `secret` or `store` is missing.
 */
export function fromExpressSession(options: FromExpressSessionOptions): MigrationSource {
  const secrets =
    typeof options.secret === "string" ? [options.secret] : [...(options.secret ?? [])];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== "string" || s === "")) {
    throw new SessionConfigError(
      "migrate.secret",
      "express-session's secret (or list) is required",
    );
  }
  const store = options.store;
  if (!store || typeof store.get !== "function" || typeof store.destroy !== "function") {
    throw new SessionConfigError(
      "migrate.store",
      "express-session's store (get and destroy) is required",
    );
  }
  const name = options.name ?? "connect.sid";
  const cookieValue = (input: SessionInput): string | undefined => {
    const header = input.header("cookie");
    if (!header || !header.includes(`${name}=`)) return undefined;
    return parseCookies(header)[name];
  };
  return {
    name: "express-session",
    presentIn: (input) => cookieValue(input) !== undefined,
    async read(input) {
      const value = cookieValue(input);
      const sid = value === undefined ? false : unsign(value, secrets);
      if (sid === false) return "dead";
      const session = await settle<unknown>((done) => store.get(sid, done));
      if (session === null || session === undefined || typeof session !== "object") return "dead";
      const { cookie: _cookie, ...data } = session as Record<string, unknown>;
      const user = options.userId?.(session as Record<string, unknown>);
      const old: OldSession = {
        key: `express-session:${sid}`,
        data,
        userId:
          typeof user === "string" && user !== ""
            ? user
            : typeof user === "number"
              ? String(user)
              : null,
        remove: () => settle<void>((done) => store.destroy(sid, done)),
      };
      return old;
    },
    clear: () => [
      serializeCookie(name, "", {
        path: options.cookie?.path ?? "/",
        ...(options.cookie?.domain ? { domain: options.cookie.domain } : {}),
        expires: new Date(0),
        maxAge: 0,
      }),
    ],
  };
}

/** cookie-signature's `unsign` of an `s:`-prefixed value: the session id, or false. */
function unsign(value: string, secrets: readonly string[]): string | false {
  if (!value.startsWith("s:")) return false;
  const signed = value.slice(2);
  const dot = signed.lastIndexOf(".");
  if (dot < 1) return false;
  const sid = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  for (const secret of secrets) {
    const expected = Buffer.from(
      createHmac("sha256", secret).update(sid).digest("base64").replace(/=+$/, ""),
    );
    if (expected.length === given.length && timingSafeEqual(expected, given)) return sid;
  }
  return false;
}
