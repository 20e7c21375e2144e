import express5 from "express";
import express4 from "express4";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createExpressApp } from "./express-app.js";
import { STORES, type TestStore } from "./stores.js";

const FRAMEWORKS = [
  ["express 5", express5],
  ["express 4", express4],
] as const;

/** The session cookie a response set (name=value only), or undefined. */
function sidCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
  return cookies.find((c) => c.startsWith("sid="))?.split(";")[0];
}

/** Signs in through passport-local's form route. */
function login(agent: request.Agent): Promise<request.Response> {
  return agent
    .post("/login")
    .type("form")
    .send({ username: "ada", password: "lovelace" })
    .expect(302);
}

for (const [frameworkName, express] of FRAMEWORKS) {
  for (const [storeName, openStore] of STORES) {
    describe(`${frameworkName} + passport 0.7, connect-flash, csrf-sync on ${storeName}`, () => {
      let opened: TestStore | undefined;
      afterEach(async () => {
        await opened?.close();
        opened = undefined;
      });
      async function app() {
        opened = await openStore();
        return createExpressApp(express as never, opened.store);
      }

      it("passport-local login answers, rotates the cookie and keeps the user signed in", async () => {
        const { app: server } = await app();
        const agent = request.agent(server);
        const anonymous = await agent.get("/csrf").expect(200);
        const before = sidCookie(anonymous);
        expect(before).toBeDefined();
        const signIn = await login(agent);
        expect(signIn.headers.location).toBe("/me");
        const after = sidCookie(signIn);
        expect(after).toBeDefined();
        expect(after).not.toBe(before);
        const me = await agent.get("/me").expect(200);
        expect(me.body.user).toEqual({ id: "42", username: "ada", password: "lovelace" });
        expect(me.body.keys).toContain("passport");
        expect(me.body.sessionID).toMatch(/^[A-Za-z0-9_-]{43}$/);
        // The pre-login cookie was a fixation candidate: it no longer carries anyone.
        const replay = await request(server)
          .get("/me")
          .set("cookie", before as string)
          .expect(200);
        expect(replay.body.authenticated).toBe(false);
      });

      it("failureFlash puts passport's message in the flash for the next request only", async () => {
        const { app: server } = await app();
        const agent = request.agent(server);
        const res = await agent
          .post("/login")
          .type("form")
          .send({ username: "ada", password: "wrong" })
          .expect(302);
        expect(res.headers.location).toBe("/login");
        expect((await agent.get("/login").expect(200)).body.error).toEqual([
          "Incorrect username or password.",
        ]);
        expect((await agent.get("/login").expect(200)).body.error).toEqual([]);
      });

      it("the custom callback form logs in with req.logIn and 'remember me' sets a 30-day cookie", async () => {
        const { app: server } = await app();
        const agent = request.agent(server);
        const denied = await agent
          .post("/login-custom")
          .type("form")
          .send({ username: "ada", password: "nope" })
          .expect(401);
        expect(denied.body.message).toBe("Incorrect username or password.");
        const res = await agent
          .post("/login-custom")
          .type("form")
          .send({ username: "ada", password: "lovelace", remember: "on" })
          .expect(200);
        expect(res.body.user.id).toBe("42");
        const cookie = ([] as string[])
          .concat(res.headers["set-cookie"] ?? [])
          .find((c) => c.startsWith("sid="));
        expect(cookie).toContain(`Max-Age=${30 * 24 * 60 * 60}`);
        expect((await agent.get("/me").expect(200)).body.authenticated).toBe(true);
      });

      it("keepSessionInfo carries returnTo across passport's regenerate", async () => {
        const { app: server } = await app();
        const agent = request.agent(server);
        const res = await agent
          .post("/login-keep")
          .type("form")
          .send({ username: "ada", password: "lovelace" })
          .expect(200);
        expect(res.body.returnTo).toBe("/after-login");
      });

      it("req.logout answers, signs out, and the signed-in cookie stops working", async () => {
        const { app: server } = await app();
        const agent = request.agent(server);
        const signIn = await login(agent);
        const signedIn = sidCookie(signIn) as string;
        const logout = await agent.post("/logout").expect(302);
        expect(sidCookie(logout)).toBeDefined();
        expect((await agent.get("/me").expect(200)).body.authenticated).toBe(false);
        const replay = await request(server).get("/me").set("cookie", signedIn).expect(200);
        expect(replay.body.authenticated).toBe(false);
      });

      it("req.session.destroy(cb) deletes the session, clears the cookie and unsets req.session", async () => {
        const { app: server } = await app();
        const agent = request.agent(server);
        const signIn = await login(agent);
        const signedIn = sidCookie(signIn) as string;
        const res = await agent.post("/destroy").expect(200);
        expect(res.body.session).toBeNull();
        expect(([] as string[]).concat(res.headers["set-cookie"] ?? []).join()).toMatch(
          /sid=;.*Max-Age=0/,
        );
        const replay = await request(server).get("/me").set("cookie", signedIn).expect(200);
        expect(replay.body.authenticated).toBe(false);
      });

      it("connect-flash messages survive the redirect and are read once", async () => {
        const { app: server } = await app();
        const agent = request.agent(server);
        await agent.post("/flash").type("form").send({ message: "Saved." }).expect(302);
        expect((await agent.get("/flash").expect(200)).body.info).toEqual(["Saved."]);
        expect((await agent.get("/flash").expect(200)).body.info).toEqual([]);
      });

      it("csrf-sync keeps its secret in the session: the right token passes, others get 403", async () => {
        const { app: server } = await app();
        const agent = request.agent(server);
        const { token } = (await agent.get("/csrf").expect(200)).body as { token: string };
        expect(token).toMatch(/^[0-9a-f]{256}$/);
        expect((await agent.get("/csrf").expect(200)).body.token).toBe(token);
        await agent.post("/transfer").type("form").send({ _csrf: "forged" }).expect(403);
        await agent.post("/transfer").type("form").send({}).expect(403);
        await agent.post("/transfer").type("form").send({ _csrf: token }).expect(200);
        await request(server).post("/transfer").type("form").send({ _csrf: token }).expect(403);
      });

      it("reload() discards unsaved changes and shows what the store holds", async () => {
        const { app: server } = await app();
        const agent = request.agent(server);
        await login(agent);
        const res = await agent.post("/reload").expect(200);
        expect(res.body).toEqual({ unsaved: null, user: { user: "42" } });
      });
    });
  }
}
