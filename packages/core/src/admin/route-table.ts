import type { AdminRequest, AdminResponse } from "./http.js";

/** One route: method, a path pattern with `:name` segments, and what answers it. */
export interface Route<C> {
  method: "GET" | "POST" | "DELETE";
  path: string;
  /** Markup for people (a page or a form target) rather than JSON: refusals answer in kind. */
  html?: boolean;
  handle(ctx: C, params: Record<string, string>): Promise<AdminResponse>;
}

export interface RouteMatch<C> {
  route: Route<C>;
  params: Record<string, string>;
}

/** The route for this request, with its decoded path parameters; undefined when none matches. */
export function matchRoute<C>(
  routes: readonly Route<C>[],
  req: Pick<AdminRequest, "method" | "path">,
): RouteMatch<C> | undefined {
  const method = req.method === "HEAD" ? "GET" : req.method;
  const segments = req.path.split("/").filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matched = pattern.every((part, i) => {
      const segment = segments[i] as string;
      if (!part.startsWith(":")) return part === segment;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return false;
      }
      return true;
    });
    if (matched) return { route, params };
  }
  return undefined;
}
