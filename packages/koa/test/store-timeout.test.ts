import type { AddressInfo } from "node:net";
import { ControlStore } from "@sessionkit/conformance";
import { isSessionError } from "@sessionkit/core";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa from "koa3";
import { afterEach, describe, expect, it } from "vitest";
import { session } from "../src/index.js";

const secret = "koa-timeout-secret-0123456789abcdefghijk";
const STORE_TIMEOUT = 200;
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function timed(url: string, cookie: string) {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  const body = await response.text();
  return { response, body, elapsed: performance.now() - started };
}

// A store that never answers must end the request through Koa's error path (the rejection of
// `next()` seen by an upstream middleware) once storeTimeout has run out. The bound is the
// documented contract (answer after storeTimeout, and not 10x later), not a speed benchmark;
// without the timeout the request would never end.
describe("koa 3: a hanging store", () => {
  it.each(["get", "set"] as const)(
    "a hanging %s rejects next() with a SessionStoreError once storeTimeout runs out",
    async (operation) => {
      const control = new ControlStore(new MemoryStore());
      const seen: unknown[] = [];
      const app = new Koa();
      app.use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          seen.push(error);
          ctx.status = 503;
          ctx.body = "handled by the app";
        }
      });
      app.use(session({ secret, store: control, storeTimeout: STORE_TIMEOUT }));
      app.use((ctx) => {
        ctx.session.cart = [String(Date.now())];
        ctx.body = { ok: true };
      });
      const server = app.listen(0, "127.0.0.1");
      await new Promise<void>((resolve) => server.once("listening", () => resolve()));
      closers.push(() => {
        server.closeAllConnections();
        server.close();
      });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/write`;
      const first = await fetch(url);
      const cookie = (first.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
      expect(cookie).toMatch(/^sid=./);

      control.setMode("hang", [operation]);
      const { response, body, elapsed } = await timed(url, cookie);
      expect(response.status).toBe(503);
      expect(body).toBe("handled by the app");
      expect(seen).toHaveLength(1);
      expect(isSessionError(seen[0]) && seen[0].code).toBe("ERR_SESSION_STORE");
      expect(elapsed).toBeGreaterThanOrEqual(STORE_TIMEOUT * 0.75);
      expect(elapsed).toBeLessThan(STORE_TIMEOUT * 10);
    },
  );
});
