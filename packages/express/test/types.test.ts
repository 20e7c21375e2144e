import type { SessionManager } from "@sessionkit/core";
import { MemoryStore } from "@sessionkit/store-memory";
import type { RequestHandler } from "express";
import express from "express5";
import { describe, expectTypeOf, it } from "vitest";
import { type ExpressSession, type SessionMiddleware, session } from "../src/index.js";

declare module "@sessionkit/core" {
  interface SessionData {
    cart?: string[];
  }
}

const secret = "types-test-secret-0123456789abcdefghij";

describe("types", () => {
  it("req.session carries the augmented SessionData", () => {
    const handler: RequestHandler = (req, res) => {
      expectTypeOf(req.session).toEqualTypeOf<ExpressSession>();
      expectTypeOf(req.session.data.cart).toEqualTypeOf<string[] | undefined>();
      // @ts-expect-error not a declared SessionData key
      req.session.data.unknownKey = 1;
      res.end();
    };
    expectTypeOf(handler).toBeFunction();
  });

  it("session<D>() types its manager, and app.use accepts it", () => {
    const middleware = session<{ visits: number }>({ secret, store: new MemoryStore() });
    expectTypeOf(middleware).toEqualTypeOf<SessionMiddleware<{ visits: number }>>();
    expectTypeOf(middleware.manager).toEqualTypeOf<SessionManager<{ visits: number }>>();
    express().use(middleware);
  });
});
