/**
 * One benchmark server, run as a child process by `http.ts` so the load generator's CPU is not
 * the server's: builds the app described by `BENCH_SPEC` (JSON `AppSpec`), listens on a free
 * loopback port, and answers `cpu` messages with `process.cpuUsage()`. Exits when the parent
 * says `exit` or goes away.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type AppSpec, buildApp } from "./lib/apps.js";

type Message = { type: "cpu" } | { type: "exit" };

const spec = JSON.parse(process.env.BENCH_SPEC ?? "{}") as AppSpec;
const app = await buildApp(spec);
const server = createServer(app.listener);
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

async function shutdown(): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await app.close();
  process.exit(0);
}

process.on("message", (message: Message) => {
  if (message.type === "cpu") {
    process.send?.({ type: "cpu", usage: process.cpuUsage(), rss: process.memoryUsage().rss });
  } else if (message.type === "exit") {
    void shutdown();
  }
});
process.on("disconnect", () => void shutdown());
// A benchmark server never outlives its run.
setTimeout(() => void shutdown(), 10 * 60_000).unref();

process.send?.({ type: "ready", port: (server.address() as AddressInfo).port });
