import { createApp } from "./app.js";
import { openStore } from "./store.js";

const port = Number(process.env.PORT ?? 3000);
if (!process.env.SESSION_SECRET) {
  console.warn(
    "[koa-redis] SESSION_SECRET is not set: using the built-in DEVELOPMENT secret. " +
      "Never deploy like this (set SESSION_SECRET to 32+ random bytes).",
  );
}

// Connect before listening: a Redis that is not there stops the start here.
const sessions = await openStore();
// Connection losses after that: log them; ioredis reconnects by itself.
sessions.client.on("error", (error: Error) => console.error(`[koa-redis] redis: ${error.message}`));

const { app } = createApp({ store: sessions.store });
// A failure to listen (port in use) is an unhandled 'error' event: it ends the process.
const server = app.listen(port, () => {
  console.log(`[koa-redis] listening on http://localhost:${port}`);
  console.log("[koa-redis] sign in with any username and the password: demo");
});

// Ctrl-C and container stops: finish in-flight requests, then close the Redis connection (it
// would otherwise keep the process alive) and exit.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => {
      sessions.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error("[koa-redis] closing the Redis connection failed:", error);
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
  });
}
