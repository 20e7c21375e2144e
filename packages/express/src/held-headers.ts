import type { ServerResponse } from "node:http";
import { headerEntries } from "./held-validation.js";

/**
 * `writeHead(status, headers)` would let a `Set-Cookie` in `headers` replace the session's
 * (Node removes every header the argument names before adding it); append the app's cookies
 * instead and pass the rest on, so both survive. Every form Node accepts is handled: an
 * object, a flat raw array (`["Name", "value", …]`) and an array of `[name, value]` pairs.
 */
export function appendSetCookieArgument(res: ServerResponse, args: unknown[]): void {
  const last = args.length - 1;
  const headers = args[last];
  if (last < 1 || typeof headers !== "object" || headers === null) return;
  const entries = headerEntries(headers);
  if (!entries.some(([name]) => isSetCookie(name))) return;
  const rest: Array<[unknown, unknown]> = [];
  for (const [name, value] of entries) {
    if (isSetCookie(name)) {
      if (value !== undefined) {
        res.appendHeader("set-cookie", Array.isArray(value) ? value : String(value));
      }
    } else {
      rest.push([name, value]);
    }
  }
  args[last] = Array.isArray(headers)
    ? rest.flat()
    : Object.fromEntries(rest as Array<[string, unknown]>);
}

function isSetCookie(name: unknown): boolean {
  return typeof name === "string" && name.toLowerCase() === "set-cookie";
}
