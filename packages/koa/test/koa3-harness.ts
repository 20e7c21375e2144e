import type { BindingHarness } from "@sessionkit/conformance";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa from "koa3";
import { session } from "../src/index.js";
import { mountRoutes } from "./routes.js";

/** Koa 3 with the session middleware and the suite's routes, for the conformance and fuzz suites. */
export const koa3Harness: BindingHarness = {
  createStore: () => new MemoryStore(),
  createListener(options, { trustProxy }) {
    const app = new Koa();
    app.proxy = trustProxy;
    app.silent = true; // the suites provoke 500s on purpose; keep the report readable
    app.use(session(options));
    mountRoutes(app);
    return app.callback();
  },
};
