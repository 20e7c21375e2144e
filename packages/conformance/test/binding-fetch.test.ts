import { randomUUID } from "node:crypto";
import { applyCommit, createSessionManager, loadFromRequest } from "@sessionkit/core";
import { BINDING_ROUTES, describeBindingConformance, runRoute } from "../src/index.js";
import { ReferenceStore } from "./reference-store.js";

/**
 * The binding suite against a plain fetch handler built on the core's Web helpers, the way a
 * Hono, Bun or Deno app would use them. ReferenceStore stands in for MemoryStore, which this
 * package does not depend on.
 */
describeBindingConformance("fetch handler", {
  createStore: () => new ReferenceStore(new Map(), randomUUID()),
  createListener(options) {
    const sessions = createSessionManager(options);
    return {
      async fetch(request) {
        const url = new URL(request.url);
        const route = BINDING_ROUTES.find((r) => r.path === url.pathname);
        if (!route) return new Response("not found", { status: 404 });
        // The platform decides about HTTPS; here a trusted proxy's X-Forwarded-Proto.
        const secure = request.headers.get("x-forwarded-proto") === "https";
        try {
          const session = await loadFromRequest(sessions, request, { secure });
          let response: Response;
          let failed = false;
          try {
            response = Response.json(await runRoute(route, session, request.url));
          } catch {
            failed = true;
            response = new Response("handler failed", { status: 500 });
          }
          return applyCommit(await sessions.commit(session, { failed }), response);
        } catch {
          return new Response("session store failed", { status: 500 });
        }
      },
    };
  },
});
