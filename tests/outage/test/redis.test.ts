import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storeKeyFor } from "@sessionkit/core";
import { RedisStore } from "@sessionkit/store-redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  type PrivateServer,
  SETUP_TIMEOUT_MS,
  startRedisServer,
} from "../../../packages/store-redis/test/private-server.js";
import { FAIL_BOUND_MS, startExpressApp, startKoaApp } from "./apps.js";
import { outageUnderLoad } from "./load.js";
import { expectOutageHeld } from "./verdict.js";

let port: number;
let dir: string;
let server: PrivateServer | undefined;
let client: Redis;

beforeAll(async () => {
  port = await freePort();
  dir = mkdtempSync(join(tmpdir(), "sessionkit-outage-redis-"));
  // Every acknowledged write is on disk before Redis answers: what survives the restart is
  // exactly what was acknowledged, so a half-written session would show.
  server = await startRedisServer(port, [], dir);
  // What an operator configures for fast failure: no offline queue, no per-request retries.
  client = new Redis({
    host: "127.0.0.1",
    port,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 50,
  });
  client.on("error", () => {});
  await new Promise<void>((resolve) => client.once("ready", () => resolve()));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  client?.disconnect();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, SETUP_TIMEOUT_MS);

// The same outage through each framework: both must reach their own error path.
describe.each([
  { framework: "Express", startApp: startExpressApp },
  { framework: "Koa", startApp: startKoaApp },
])("$framework", ({ framework, startApp }) => {
  it("Redis stopped and restarted under load: writes fail fast, cookieless requests go on, nothing half-written", async () => {
    const store = new RedisStore({ client, prefix: `outage:${framework}:` });
    const result = await outageUnderLoad({
      name: `Redis + ${framework}`,
      startApp,
      store,
      stop: async () => {
        await server?.stop();
        server = undefined;
      },
      start: async () => {
        server = await startRedisServer(port, [], dir);
      },
      read: async (cookie) => {
        const token = decodeURIComponent(cookie.split("=")[1] ?? "");
        const record = await store.get(storeKeyFor(token.slice(0, token.lastIndexOf("."))));
        return record && { hits: (record.data as { hits: number }).hits, version: record.version };
      },
    });
    expectOutageHeld(expect, result, FAIL_BOUND_MS);
  });
});
