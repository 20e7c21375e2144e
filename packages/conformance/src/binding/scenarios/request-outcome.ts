import type { BindingCase } from "../case.js";
import type { BindingClient } from "../client.js";
import { type BindingContext, openContext } from "../context.js";
import { viewOf } from "./support.js";

// The failure rule every binding shares (core `requestFailed`): an error of any status or a
// 5xx answer persists nothing the handler did; a 4xx the handler answers itself persists. And
// whatever the framework or Node refuses in the handler's own answer is an error like any other:
// a 500 through the framework's error path, never a crashed or hanging server.

/** A signed-in-like session holding `{ a: "1" }`, and the store's counters reset. */
async function sessionWithData(context: BindingContext): Promise<void> {
  await context.client.get("/session/set?key=a&value=1");
  context.store.reset();
}

/** The data as the next request reads it. */
async function dataNow(client: BindingClient): Promise<Record<string, unknown>> {
  return viewOf(await client.get("/session")).data;
}

/** Collects unhandled rejections while `run` runs (and one turn of the event loop after it). */
async function withoutUnhandledRejections(run: () => Promise<void>): Promise<readonly unknown[]> {
  const rejections: unknown[] = [];
  const record = (reason: unknown) => rejections.push(reason);
  process.on("unhandledRejection", record);
  try {
    await run();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("unhandledRejection", record);
  }
  return rejections;
}

export const requestOutcomeCases: readonly BindingCase[] = [
  {
    id: "binding/error-status-persists-nothing",
    async run({ harness, expect }) {
      const context = await openContext(harness);
      const { client, store } = context;
      const anonymous = await client.get("/throw-status?status=403", { jar: false });
      expect(anonymous.status).toBe(403);
      expect(anonymous.setCookies).toEqual([]);
      expect(store.count()).toBe(0);

      await sessionWithData(context);
      for (const status of [400, 403, 404, 422]) {
        const failed = await client.get(`/throw-status?status=${status}`);
        expect(failed.status).toBe(status);
        expect(failed.setCookies).toEqual([]);
      }
      expect(store.writes()).toBe(0);
      expect(await dataNow(client)).toEqual({ a: "1" });
    },
  },
  {
    id: "binding/5xx-answer-persists-nothing",
    async run({ harness, expect }) {
      const context = await openContext(harness);
      const { client, store } = context;
      const anonymous = await client.get("/reply?status=503", { jar: false });
      expect(anonymous.status).toBe(503);
      expect(anonymous.setCookies).toEqual([]);
      expect(store.count()).toBe(0);

      await sessionWithData(context);
      for (const raw of ["0", "1"]) {
        const answered = await client.get(`/reply?status=500&raw=${raw}`);
        expect(answered.status).toBe(500);
        expect(answered.setCookies).toEqual([]);
      }
      expect(store.writes()).toBe(0);
      expect(await dataNow(client)).toEqual({ a: "1" });
    },
  },
  {
    id: "binding/4xx-answer-persists",
    async run({ harness, expect }) {
      const context = await openContext(harness);
      const { client, store } = context;
      const notFound = await client.get("/reply?status=404");
      expect(notFound.status).toBe(404);
      expect(notFound.setCookies.map((c) => c.name)).toEqual(["sid"]);
      expect(store.writes()).toBe(1);
      expect(await dataNow(client)).toEqual({ replied: "404" });
    },
  },
  {
    id: "binding/refused-answer-is-an-error",
    async run({ harness, expect }) {
      const context = await openContext(harness);
      const { client, store } = context;
      await sessionWithData(context);
      const refused = [
        // Outside Latin-1: Node refuses the header value (an "invalid character" error).
        `/reply?header=content-disposition&value=${encodeURIComponent('attachment; filename="✓.txt"')}`,
        `/reply?header=content-disposition&value=${encodeURIComponent('attachment; filename="✓.txt"')}&raw=1`,
        "/reply?status=1000",
        "/reply?status=99&raw=1",
      ];
      const rejections = await withoutUnhandledRejections(async () => {
        for (const path of refused) {
          const response = await client.get(path);
          expect(response.status, path).toBe(500);
          expect(response.setCookies, path).toEqual([]);
        }
      });
      expect(rejections).toEqual([]);
      expect(store.writes()).toBe(0);
      // The server is alive and the session untouched.
      expect(await dataNow(client)).toEqual({ a: "1" });
    },
  },
  {
    id: "binding/refused-reason-phrase-is-an-error",
    async run({ harness, expect }) {
      const context = await openContext(harness);
      const { client, store } = context;
      await sessionWithData(context);
      // A line break in the reason phrase would split the status line: every runtime refuses
      // it, and the framework must see that before the commit, not when it responds.
      const message = encodeURIComponent("OK\r\nX-Injected: 1");
      const rejections = await withoutUnhandledRejections(async () => {
        for (const raw of ["0", "1"]) {
          const response = await client.get(`/reply?message=${message}&raw=${raw}`);
          expect(response.status, `raw=${raw}`).toBe(500);
          expect(response.headers.get("x-injected"), `raw=${raw}`).toBeNull();
          expect(response.setCookies, `raw=${raw}`).toEqual([]);
        }
      });
      expect(rejections).toEqual([]);
      expect(store.writes()).toBe(0);
      expect(await dataNow(client)).toEqual({ a: "1" });
      // An ordinary reason phrase is an ordinary answer.
      const fine = await client.get("/reply?message=Fine");
      expect(fine.status).toBe(200);
      expect(store.writes()).toBe(1);
    },
  },
  {
    id: "binding/error-after-answer-started-persists-nothing",
    async run({ harness, expect }) {
      const context = await openContext(harness);
      const { client, store } = context;
      // Where the framework lets the answer out early (Express), the error comes after the
      // status line may have been promised: the only honest end is a broken connection. Where it
      // holds the answer (Koa, a fetch handler), the framework's error path answers 500.
      const attempt = (jar: boolean) =>
        client.get("/reply?fail=after-start", { jar }).then(
          (response) => ({ status: response.status, cookies: response.setCookies.length }),
          () => "connection broken" as const,
        );
      const rejections = await withoutUnhandledRejections(async () => {
        const anonymous = await attempt(false);
        expect([{ status: 500, cookies: 0 }, "connection broken"]).toContainEqual(anonymous);
        expect(store.count()).toBe(0);

        await sessionWithData(context);
        const signedIn = await attempt(true);
        expect([{ status: 500, cookies: 0 }, "connection broken"]).toContainEqual(signedIn);
      });
      expect(rejections).toEqual([]);
      expect(store.writes()).toBe(0);
      // The server is up and the session holds what it held before.
      expect(await dataNow(client)).toEqual({ a: "1" });
    },
  },
  {
    id: "binding/own-set-cookie-kept",
    async run({ harness, expect }) {
      const { client, store } = await openContext(harness);
      for (const raw of ["0", "1"]) {
        // A new visitor each time: the write creates the session, so its cookie must go out.
        const response = await client.get(`/reply?cookie=app%3D${raw}&raw=${raw}`, {
          jar: false,
        });
        expect(response.status).toBe(200);
        const names = response.setCookies.map((c) => c.name).sort();
        expect(names, `raw=${raw}`).toEqual(["app", "sid"]);
        expect(response.setCookies.find((c) => c.name === "app")?.value).toBe(raw);
      }
      expect(store.writes()).toBe(2);
    },
  },
];
