import Koa3 from "koa";
import Koa2 from "koa2";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createKoaApp } from "./koa-app.js";
import { STORES, type TestStore } from "./stores.js";

const FRAMEWORKS = [
  ["koa 3", Koa3],
  ["koa 2", Koa2],
] as const;

function sidCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
  return cookies.find((c) => c.startsWith("sid="));
}

function login(agent: request.Agent): Promise<request.Response> {
  return agent
    .post("/login")
    .type("form")
    .send({ username: "grace", password: "hopper" })
    .expect(302);
}

for (const [frameworkName, Koa] of FRAMEWORKS) {
  for (const [storeName, openStore] of STORES) {
    describe(`${frameworkName} + koa-passport 6 on ${storeName}`, () => {
      let opened: TestStore | undefined;
      afterEach(async () => {
        await opened?.close();
        opened = undefined;
      });
      async function server() {
        opened = await openStore();
        return createKoaApp(Koa as typeof Koa3, opened.store).callback();
      }

      it("passport-local login through koa-passport resolves and keeps the user signed in", async () => {
        const app = await server();
        const agent = request.agent(app);
        await agent
          .post("/login")
          .type("form")
          .send({ username: "grace", password: "no" })
          .expect(302, /login/);
        const res = await login(agent);
        expect(res.headers.location).toBe("/me");
        const cookie = sidCookie(res) as string;
        expect(cookie).toBeDefined();
        const me = await agent.get("/me").expect(200);
        expect(me.body).toMatchObject({ authenticated: true, user: { id: "7" } });
        expect(me.body.keys).toContain("passport");
      });

      it("ctx.login in a custom callback resolves; maxAge gives the session its own lifetime", async () => {
        const app = await server();
        const agent = request.agent(app);
        await agent
          .post("/login-custom")
          .type("form")
          .send({ username: "grace", password: "no" })
          .expect(401);
        const res = await agent
          .post("/login-custom")
          .type("form")
          .send({ username: "grace", password: "hopper", remember: "on" })
          .expect(200);
        expect(res.body.user.id).toBe("7");
        expect(sidCookie(res)).toContain(`Max-Age=${30 * 24 * 60 * 60}`);
        expect((await agent.get("/me").expect(200)).body.authenticated).toBe(true);
      });

      it("ctx.logout resolves, signs out, and the signed-in cookie stops working", async () => {
        const app = await server();
        const agent = request.agent(app);
        const signedIn = (sidCookie(await login(agent)) as string).split(";")[0] as string;
        await agent.post("/logout").expect(302);
        expect((await agent.get("/me").expect(200)).body.authenticated).toBe(false);
        const replay = await request(app).get("/me").set("cookie", signedIn).expect(200);
        expect(replay.body.authenticated).toBe(false);
      });

      it('maxAge = "session" sends a browser-session cookie', async () => {
        const app = await server();
        const res = await request(app).post("/browser-session").expect(200);
        expect(res.body.maxAge).toBe("session");
        expect(sidCookie(res)).toBeDefined();
        expect(sidCookie(res)).not.toContain("Max-Age");
      });

      it("ctx.session = {…} replaces the data; = null destroys and clears the cookie", async () => {
        const app = await server();
        const agent = request.agent(app);
        const replaced = await agent.post("/replace").expect(200);
        expect(replaced.body).toEqual({ keys: ["replaced"], populated: true });
        const cookie = (sidCookie(replaced) as string).split(";")[0] as string;
        const destroyed = await agent.post("/null").expect(200);
        expect(sidCookie(destroyed)).toMatch(/^sid=;.*Max-Age=0/);
        const replay = await request(app).get("/me").set("cookie", cookie).expect(200);
        expect(replay.body.keys).toEqual([]);
      });

      it("await ctx.session.regenerate() keeps the data under a new token", async () => {
        const app = await server();
        const agent = request.agent(app);
        const first = (sidCookie(await agent.post("/replace").expect(200)) as string).split(";")[0];
        const res = await agent.post("/regenerate").expect(200);
        expect(res.body.count).toBe(1);
        const second = (sidCookie(res) as string).split(";")[0];
        expect(second).not.toBe(first);
        expect((await agent.get("/me").expect(200)).body.keys).toEqual(["replaced", "count"]);
      });
    });
  }
}
