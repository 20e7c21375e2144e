import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeAdminRoutes } from "@sessionkit/conformance";
import { createSessionTable, SqlStore, type SqlStoreOptions } from "@sessionkit/store-sql";
import knex from "knex";
import Koa from "koa3";
import { session, sessionAdminRouter, sessionDevicesRouter } from "../src/index.js";

// A persistent store: SQLite in a file of its own per test.
describeAdminRoutes("Koa 3 + SQLite", {
  async openStore() {
    const dir = mkdtempSync(join(tmpdir(), "sessionkit-admin-koa-"));
    // knex resolves once per peer set under pnpm: the store's copy is the type to use.
    const db = knex({
      client: "better-sqlite3",
      connection: { filename: join(dir, "sessions.db") },
      useNullAsDefault: true,
    }) as unknown as SqlStoreOptions["knex"];
    await createSessionTable(db);
    return {
      store: new SqlStore({ knex: db }),
      async close() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  async serve({ options, authorize }) {
    const middleware = session(options);
    const { manager } = middleware;
    const app = new Koa();
    app.use(middleware);
    app.use(
      sessionAdminRouter({
        manager,
        authorize: (ctx) => authorize((name) => ctx.get(name) || undefined),
      }),
    );
    app.use(sessionDevicesRouter({ manager }));
    app.use((ctx) => {
      if (ctx.method === "POST" && ctx.path === "/sign-in") {
        ctx.session.userId = String(ctx.query.user);
        ctx.status = 204;
      } else if (ctx.method === "POST" && ctx.path === "/note") {
        (ctx.session.data as Record<string, unknown>).note = String(ctx.query.text);
        ctx.status = 204;
      } else if (ctx.path === "/me") {
        ctx.body = { userId: ctx.session.userId };
      }
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      manager,
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  },
  createAdminRouter: (options) => sessionAdminRouter(options as never),
});
