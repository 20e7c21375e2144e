import { createApp } from "./app.js";

const port = Number(process.env.PORT ?? 3000);
if (!process.env.SESSION_SECRET) {
  console.warn(
    "[koa-memory] SESSION_SECRET is not set: using the built-in DEVELOPMENT secret. " +
      "Never deploy like this (set SESSION_SECRET to 32+ random bytes).",
  );
}

const { app } = createApp();
// A failure to listen (port in use) is an unhandled 'error' event: it ends the process.
const server = app.listen(port, () => {
  console.log(`[koa-memory] listening on http://localhost:${port}`);
  console.log("[koa-memory] sign in with any username and the password: demo");
});

// Ctrl-C and container stops: finish in-flight requests, then exit.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
