import type { Session, SessionManager } from "@sessionkit/core";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa from "koa3";
import { describe, expectTypeOf, it } from "vitest";
import { type SessionMiddleware, session } from "../src/index.js";

declare module "@sessionkit/core" {
  interface SessionData {
    cart?: string[];
  }
}

const secret = "types-test-secret-0123456789abcdefghij";

describe("types", () => {
  it("ctx.session carries the augmented SessionData and accepts null only", () => {
    const app = new Koa();
    app.use(session({ secret, store: new MemoryStore() }));
    app.use((ctx) => {
      expectTypeOf(ctx.session).toEqualTypeOf<Session>();
      expectTypeOf(ctx.session.data.cart).toEqualTypeOf<string[] | undefined>();
      // @ts-expect-error not a declared SessionData key
      ctx.session.data.unknownKey = 1;
      const current = ctx.session;
      ctx.session = null;
      // @ts-expect-error only null may be assigned
      ctx.session = current;
    });
  });

  it("session<D>() types its manager", () => {
    const middleware = session<{ visits: number }>({ secret, store: new MemoryStore() });
    expectTypeOf(middleware).toEqualTypeOf<SessionMiddleware<{ visits: number }>>();
    expectTypeOf(middleware.manager).toEqualTypeOf<SessionManager<{ visits: number }>>();
  });
});
