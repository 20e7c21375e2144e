import { describeBindingConformance } from "@sessionkit/conformance";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa from "koa2";
import { session } from "../src/index.js";
import { mountRoutes } from "./routes.js";

describeBindingConformance("koa 2", {
  createStore: () => new MemoryStore(),
  createListener(options, { trustProxy }) {
    const app = new Koa();
    app.proxy = trustProxy;
    app.silent = true; // the suite provokes 500s on purpose; keep the report readable
    app.use(session(options));
    mountRoutes(app);
    return app.callback();
  },
});
