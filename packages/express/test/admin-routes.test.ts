import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeAdminRoutes } from "@sessionkit/conformance";
import { createSessionTable, SqlStore, type SqlStoreOptions } from "@sessionkit/store-sql";
import express from "express5";
import knex from "knex";
import { session, sessionAdminRouter, sessionDevicesRouter } from "../src/index.js";

// A persistent store: SQLite in a file of its own per test.
describeAdminRoutes("Express 5 + SQLite", {
  async openStore() {
    const dir = mkdtempSync(join(tmpdir(), "sessionkit-admin-express-"));
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
    const app = express();
    app.use(middleware);
    app.post("/sign-in", (req, res) => {
      req.session.userId = String(req.query.user);
      res.status(204).end();
    });
    app.post("/note", (req, res) => {
      (req.session.data as Record<string, unknown>).note = String(req.query.text);
      res.status(204).end();
    });
    app.get("/me", (req, res) => {
      res.json({ userId: req.session.userId });
    });
    app.use(
      "/admin/sessions",
      sessionAdminRouter({
        manager,
        authorize: (req) =>
          authorize((name) => {
            const value = req.headers[name];
            return Array.isArray(value) ? value.join(", ") : value;
          }),
      }),
    );
    app.use("/account/devices", sessionDevicesRouter({ manager }));
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
