import { createApp } from "./app.js";

const port = Number(process.env.PORT ?? 3000);
if (!process.env.SESSION_SECRET) {
  console.warn(
    "[express-memory] SESSION_SECRET is not set: using the built-in DEVELOPMENT secret. " +
      "Never deploy like this (set SESSION_SECRET to 32+ random bytes).",
  );
}

const { app } = createApp();
const server = app.listen(port, (error?: Error) => {
  if (error) throw error;
  console.log(`[express-memory] listening on http://localhost:${port}`);
  console.log("[express-memory] sign in with any username and the password: demo");
});

// Ctrl-C and container stops: finish in-flight requests, then exit.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
