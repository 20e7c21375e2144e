import { createApp } from "./app.js";
import { DEFAULT_SQLITE_FILE, redact } from "./config.js";
import { openStore } from "./store.js";

const port = Number(process.env.PORT ?? 3000);
if (!process.env.SESSION_SECRET) {
  console.warn(
    "[express-sql] SESSION_SECRET is not set: using the built-in DEVELOPMENT secret. " +
      "Never deploy like this (set SESSION_SECRET to 32+ random bytes).",
  );
}

// Open the database and create the table before listening: a database that does not answer
// stops the start here.
const databaseUrl = process.env.DATABASE_URL;
const sessions = await openStore({
  onCleanup: (deleted) => {
    if (deleted > 0) console.log(`[express-sql] cleanup removed ${deleted} expired sessions`);
  },
});
console.log(
  `[express-sql] sessions in ${databaseUrl ? redact(databaseUrl) : `SQLite ${DEFAULT_SQLITE_FILE}`}`,
);

const { app } = createApp({ store: sessions.store });
const server = app.listen(port, (error?: Error) => {
  if (error) throw error;
  console.log(`[express-sql] listening on http://localhost:${port}`);
  console.log("[express-sql] sign in with any username and the password: demo");
});

// Ctrl-C and container stops: finish in-flight requests, then stop the cleanup runner, close
// the connection pool (it would otherwise keep the process alive) and exit.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => {
      sessions.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error("[express-sql] closing the database failed:", error);
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
  });
}
