import { describeBindingConformance } from "@sessionkit/conformance";
import { MemoryStore } from "@sessionkit/store-memory";
import express from "express4";
import { session } from "../src/index.js";
import { mountRoutes } from "./routes.js";

describeBindingConformance("express 4", {
  createStore: () => new MemoryStore(),
  createListener(options, { trustProxy }) {
    const app = express();
    app.set("trust proxy", trustProxy);
    app.use(session(options));
    mountRoutes(app);
    return app;
  },
});
