// Type tests: checked by `pnpm typecheck` (tsc -b), never run by vitest. A wrong type or an
// unused @ts-expect-error fails the type check, so these cannot pass by not running.
import type { SessionData, SessionManager } from "@sessionkit/core";
import { MemoryStore } from "@sessionkit/store-memory";
import type { RequestHandler } from "express";
import express from "express5";
import { expectTypeOf } from "vitest";
import { type ExpressSession, type SessionMiddleware, session } from "../src/index.js";

declare module "@sessionkit/core" {
  interface SessionData {
    cart?: string[];
  }
}

const secret = "types-test-secret-0123456789abcdefghij";

// The augmentation form: req.session carries SessionData in every handler.
const handler: RequestHandler = (req, res) => {
  expectTypeOf(req.session).toEqualTypeOf<ExpressSession>();
  // express-session's surface: properties are data keys, callbacks, cookie.maxAge.
  expectTypeOf(req.session.flash).toEqualTypeOf<unknown>();
  expectTypeOf(req.session.cookie.maxAge).toEqualTypeOf<number | null>();
  req.session.save((error) => expectTypeOf(error).toEqualTypeOf<unknown>());
  expectTypeOf(req.session.data).toEqualTypeOf<SessionData>();
  expectTypeOf(req.session.data.cart).toEqualTypeOf<string[] | undefined>();
  // @ts-expect-error not a declared SessionData key
  req.session.data.unknownKey = 1;
  res.end();
};
express()
  .use(session({ secret, store: new MemoryStore() }))
  .get("/", handler);

// The generic form: the middleware's of(req) gives the session with the given data type.
interface CheckoutData {
  step: "address" | "payment";
  total: number;
}
const sessions = session<CheckoutData>({ secret, store: new MemoryStore() });
expectTypeOf(sessions).toEqualTypeOf<SessionMiddleware<CheckoutData>>();
expectTypeOf(sessions.manager).toEqualTypeOf<SessionManager<CheckoutData>>();
express()
  .use(sessions)
  .get("/checkout", (req, res) => {
    const checkout = sessions.of(req);
    expectTypeOf(checkout).toEqualTypeOf<ExpressSession<CheckoutData>>();
    expectTypeOf(checkout.data.step).toEqualTypeOf<"address" | "payment">();
    // @ts-expect-error "done" is not a step
    checkout.data.step = "done";
    // @ts-expect-error not a key of CheckoutData
    checkout.data.cart = [];
    res.json(checkout.data);
  });
