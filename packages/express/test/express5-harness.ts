import type { BindingHarness } from "@sessionkit/conformance";
import { MemoryStore } from "@sessionkit/store-memory";
import express from "express5";
import { session } from "../src/index.js";
import { mountRoutes } from "./routes.js";

/** Express 5 with the session middleware and the suite's routes, for the conformance and fuzz suites. */
export const express5Harness: BindingHarness = {
  createStore: () => new MemoryStore(),
  createListener(options, { trustProxy }) {
    const app = express();
    app.set("trust proxy", trustProxy);
    app.use(session(options));
    mountRoutes(app);
    return app;
  },
};
