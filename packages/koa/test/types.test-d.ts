// Type tests: checked by `pnpm typecheck` (tsc -b), never run by vitest. A wrong type or an
// unused @ts-expect-error fails the type check, so these cannot pass by not running.
import type { SessionData, SessionManager } from "@sessionkit/core";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa from "koa3";
import { expectTypeOf } from "vitest";
import { type KoaSession, type SessionMiddleware, session } from "../src/index.js";

declare module "@sessionkit/core" {
  interface SessionData {
    cart?: string[];
  }
}

const secret = "types-test-secret-0123456789abcdefghij";

// The augmentation form: every Koa app's ctx.session carries SessionData, accepts null only.
new Koa().use(session({ secret, store: new MemoryStore() })).use((ctx) => {
  expectTypeOf(ctx.session.data).toEqualTypeOf<SessionData>();
  expectTypeOf(ctx.session.data.cart).toEqualTypeOf<string[] | undefined>();
  // @ts-expect-error not a declared SessionData key
  ctx.session.data.unknownKey = 1;
  ctx.session = null;
  ctx.session = { cart: ["a"] };
  // @ts-expect-error only null or a plain object may be assigned
  ctx.session = "x";
  // koa-session's surface: properties are data keys, maxAge in ms or "session".
  expectTypeOf(ctx.session.passport).toEqualTypeOf<unknown>();
  expectTypeOf(ctx.session.maxAge).toEqualTypeOf<number | "session">();
});
new Koa().use((ctx) => {
  expectTypeOf(ctx.session).toEqualTypeOf<KoaSession>();
});

// The generic form: the app `use()` returns types ctx.session.data with the given shape too.
interface CheckoutData {
  step: "address" | "payment";
  total: number;
}
const typed = session<CheckoutData>({ secret, store: new MemoryStore() });
expectTypeOf(typed).toEqualTypeOf<SessionMiddleware<CheckoutData>>();
expectTypeOf(typed.manager).toEqualTypeOf<SessionManager<CheckoutData>>();
new Koa().use(typed).use((ctx) => {
  expectTypeOf(ctx.session.data.step).toEqualTypeOf<"address" | "payment">();
  expectTypeOf(ctx.session.data.total).toEqualTypeOf<number>();
  expectTypeOf(ctx.session.data.cart).toEqualTypeOf<string[] | undefined>();
  // @ts-expect-error "done" is not a step
  ctx.session.data.step = "done";
  // @ts-expect-error not a key of CheckoutData or SessionData
  ctx.session.data.unknownKey = 1;
  ctx.session = null;
});
