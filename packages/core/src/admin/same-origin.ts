import type { AdminRequest } from "./http.js";

/**
 * CSRF defence for state-changing routes, without tokens: a browser marks every request with
 * `Sec-Fetch-Site` (all current browsers) or at least `Origin` on a POST/DELETE, and another
 * site cannot forge either. A request with neither is not from a browser page (curl, a server),
 * so it carries no ambient cookie risk and is let through; the same rule as Go's
 * `http.CrossOriginProtection` and Rails' origin check. GET and HEAD never change state here.
 */
export function isSameOrigin(req: Pick<AdminRequest, "header">): boolean {
  const site = req.header("sec-fetch-site");
  if (site !== undefined) return site === "same-origin" || site === "none";
  const origin = req.header("origin");
  if (origin === undefined) return true;
  if (origin === "null") return false;
  const host = req.header("x-forwarded-host")?.split(",")[0]?.trim() ?? req.header("host");
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
