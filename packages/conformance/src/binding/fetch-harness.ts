import {
  applyCommit,
  createSessionManager,
  loadFromRequest,
  type SessionStore,
} from "@sessionkit/core";
import type { BindingHarness } from "./harness.js";
import { BINDING_ROUTES, isRouteReply, runRoute } from "./routes.js";

/**
 * The binding suite's harness for a plain fetch handler built on the core's Web helpers, the
 * way a Hono, Bun or Deno app uses them. Stores run it to check the Web path with their store.
 */
export function createFetchHandlerHarness(
  createStore: () => SessionStore | Promise<SessionStore>,
): BindingHarness {
  return {
    createStore,
    createListener(options) {
      const sessions = createSessionManager(options);
      return {
        async fetch(request: Request): Promise<Response> {
          const url = new URL(request.url);
          const route = BINDING_ROUTES.find((r) => r.path === url.pathname);
          if (!route) return new Response("not found", { status: 404 });
          // HTTPS is the platform's decision, carried by the request URL's scheme (the suite's
          // server builds it from the socket, or from a trusted proxy's X-Forwarded-Proto).
          try {
            const session = await loadFromRequest(sessions, request);
            let response: Response;
            let error = false;
            try {
              response = toResponse(await runRoute(route, session, request.url));
            } catch (thrown) {
              // An error that carries a status is answered with it, as frameworks do.
              error = true;
              response = new Response("handler failed", { status: statusOf(thrown) });
            }
            return applyCommit(
              await sessions.commit(session, { error, status: response.status }),
              response,
            );
          } catch {
            return new Response("session store failed", { status: 500 });
          }
        },
      };
    },
  };
}

/** JSON, or a route's own answer (`Response` refuses an invalid status or header value). */
function toResponse(body: unknown): Response {
  if (!isRouteReply(body)) return Response.json(body);
  const response = new Response(body.body, {
    status: body.status,
    headers: body.headers,
    ...(body.message === undefined ? {} : { statusText: body.message }),
  });
  if (body.failAfterStart) throw new Error("the /reply route fails after it started answering");
  return response;
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status <= 599 ? status : 500;
}
