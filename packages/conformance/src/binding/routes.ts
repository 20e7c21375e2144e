import type { Session } from "@sessionkit/core";

/** Session data as the suite's routes use it: string values and string lists. */
export type BindingData = Record<string, unknown>;

/** What a route sees: the request's session and its query string. */
export interface BindingRouteContext {
  session: Session<BindingData>;
  query: URLSearchParams;
}

/** One route of the table every binding mounts: `GET path`, answered with `run`'s JSON. */
export interface BindingRoute {
  path: string;
  run(context: BindingRouteContext): unknown;
}

/** What `GET /session` (and most routes) answer: the session as the handler saw it. */
export interface SessionView {
  id: string;
  data: BindingData;
  isNew: boolean;
  userId: string | null;
}

function view(session: Session<BindingData>): SessionView {
  return { id: session.id, data: session.data, isNew: session.isNew, userId: session.userId };
}

function param(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null) throw new TypeError(`missing query parameter "${name}"`);
  return value;
}

/**
 * The routes a binding under test mounts, in its framework's idiom. Query strings only, so no
 * body parser is needed. A thrown error (or rejection) must reach the framework's error path.
 */
export const BINDING_ROUTES: readonly BindingRoute[] = [
  { path: "/session", run: ({ session }) => view(session) },
  {
    path: "/session/set",
    run: ({ session, query }) => {
      session.data[param(query, "key")] = param(query, "value");
      return view(session);
    },
  },
  {
    path: "/session/mutate-append",
    run: async ({ session, query }) => {
      const key = param(query, "key");
      const value = param(query, "value");
      await session.mutate((data) => {
        const list = Array.isArray(data[key]) ? (data[key] as unknown[]) : [];
        list.push(value);
        data[key] = list;
      });
      return view(session);
    },
  },
  {
    path: "/session/login",
    run: ({ session, query }) => {
      session.userId = param(query, "user");
      return view(session);
    },
  },
  {
    path: "/session/regenerate",
    run: ({ session }) => {
      session.regenerate();
      return view(session);
    },
  },
  {
    path: "/session/destroy",
    run: ({ session }) => {
      session.destroy();
      return { destroyed: true };
    },
  },
  {
    path: "/session/touch",
    run: ({ session }) => {
      session.touch();
      return view(session);
    },
  },
  { path: "/noop", run: () => ({ ok: true }) },
  {
    path: "/throw",
    run: ({ session }) => {
      session.data.thrown = true;
      throw new Error("the /throw route fails on purpose");
    },
  },
  {
    // An error that carries its own status (`http-errors` style): the framework answers it.
    path: "/throw-status",
    run: ({ session, query }) => {
      session.data.thrown = true;
      const status = Number(param(query, "status"));
      throw Object.assign(new Error(`the /throw-status route fails with ${status}`), {
        status,
        statusCode: status,
        expose: true,
      });
    },
  },
  {
    // The handler answers by itself, at the framework's lowest level (see `RouteReply`).
    path: "/reply",
    run: ({ session, query }): RouteReply => {
      session.data.replied = query.get("status") ?? "200";
      const headers: Array<[string, string]> = [["content-type", "text/plain"]];
      const header = query.get("header");
      if (header !== null) headers.push([header, param(query, "value")]);
      const cookie = query.get("cookie");
      if (cookie !== null) headers.push(["Set-Cookie", cookie]);
      return {
        [ROUTE_REPLY]: true,
        status: Number(query.get("status") ?? "200"),
        headers,
        raw: query.get("raw") === "1",
        ...(query.has("message") ? { message: param(query, "message") } : {}),
        ...(query.get("fail") === "after-start" ? { failAfterStart: true } : {}),
        body: "replied",
      };
    },
  },
];

export const ROUTE_REPLY = Symbol.for("sessionkit.conformance.route-reply");

/**
 * A route's own answer, which a harness sends in its framework's lowest-level idiom instead of
 * JSON: Express `res.writeHead(status, [message], headers)` then `res.end(body)` (headers as a
 * flat raw array `["name", "value", …]` when `raw`), Koa `ctx.status`, `ctx.message`,
 * `ctx.set`/`ctx.append` and `ctx.body`, a fetch handler
 * `new Response(body, { status, statusText: message, headers })`. Whatever the framework
 * or Node refuses (an invalid status, a header value outside Latin-1) must reach the framework's
 * error path like any other error, and so must a throw after the answer started (`failAfterStart`).
 */
export interface RouteReply {
  [ROUTE_REPLY]: true;
  status: number;
  headers: Array<[name: string, value: string]>;
  raw: boolean;
  /** The reason phrase, when the route sets its own. */
  message?: string;
  /**
   * The handler starts its answer (status, headers and the first part of the body as far as
   * the framework lets it go out early: Express `writeHead` + `write`, Koa `ctx.status` +
   * `ctx.body`, a fetch handler its `Response`) and then throws, in the same turn.
   */
  failAfterStart?: boolean;
  body: string;
}

export function isRouteReply(value: unknown): value is RouteReply {
  return typeof value === "object" && value !== null && ROUTE_REPLY in value;
}

/**
 * Runs a route for a binding: `url` is the request target (`/session/set?key=a&value=1`).
 * Always returns a promise, so a synchronous throw arrives as a rejection too.
 */
export async function runRoute<D extends object>(
  route: BindingRoute,
  session: Session<D>,
  url: string,
): Promise<unknown> {
  const query = new URL(url, "http://binding.test").searchParams;
  // The routes only use string keys; the binding's own data type does not matter to them.
  return route.run({ session: session as unknown as Session<BindingData>, query });
}
