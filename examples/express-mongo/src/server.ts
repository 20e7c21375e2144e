import { createApp } from "./app.js";
import { openStore } from "./store.js";

const port = Number(process.env.PORT ?? 3000);
if (!process.env.SESSION_SECRET) {
  console.warn(
    "[express-mongo] SESSION_SECRET is not set: using the built-in DEVELOPMENT secret. " +
      "Never deploy like this (set SESSION_SECRET to 32+ random bytes).",
  );
}

// Connect and create the indexes before listening: a missing server stops the start here.
const sessions = await openStore();
const { app } = createApp({ store: sessions.store });
const server = app.listen(port, (error?: Error) => {
  if (error) throw error;
  console.log(`[express-mongo] listening on http://localhost:${port}`);
  console.log("[express-mongo] sign in with any username and the password: demo");
});

// Ctrl-C and container stops: finish in-flight requests, then close the MongoDB client (its
// open sockets would otherwise keep the process alive) and exit.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => {
      sessions.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error("[express-mongo] closing the MongoDB client failed:", error);
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
  });
}
