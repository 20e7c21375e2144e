import { session } from "@sessionkit/koa";
import { MemoryStore } from "@sessionkit/store-memory";
import Koa from "koa";

declare module "@sessionkit/core" {
  interface SessionData {
    views?: number;
  }
}

export const app = new Koa();
app.use(session({ secret: process.env.SESSION_SECRET!, store: new MemoryStore() }));
app.use(async (ctx) => {
  if (ctx.path === "/login" && ctx.method === "POST") {
    ctx.session.userId = "ada"; // signing in regenerates the session: no fixation
    return ctx.redirect("/");
  }
  if (ctx.path === "/logout" && ctx.method === "POST") {
    ctx.session = null; // deletes the record and clears the cookie
    return ctx.redirect("/");
  }
  ctx.session.data.views = (ctx.session.data.views ?? 0) + 1;
  ctx.body = `${ctx.session.data.views} views`;
});
