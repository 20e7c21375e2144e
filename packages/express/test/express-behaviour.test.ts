import { ControlStore, DelayedStore, RecordingStore } from "@sessionkit/conformance";
import { isSessionError, type SessionStore } from "@sessionkit/core";
import { MemoryStore } from "@sessionkit/store-memory";
import type { ErrorRequestHandler } from "express";
import express from "express5";
import { describe, expect, it } from "vitest";
import { session } from "../src/index.js";
import { listen } from "./listen.js";

const secret = "express-behaviour-secret-0123456789abcdef";

function cookieOf(response: Response): string {
  return (response.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
}

function appWith(store: SessionStore) {
  const app = express();
  app.use(session({ secret, store }));
  return app;
}

describe("express binding", () => {
  it("save() before streaming persists the session and sends the cookie first", async () => {
    const inner = new MemoryStore();
    const store = new RecordingStore(new DelayedStore(inner, { delay: 20 }));
    const app = appWith(store);
    app.get("/stream", async (req, res) => {
      req.session.data = { cart: ["streamed"] };
      await req.session.save();
      expect(store.count("set")).toBe(1);
      res.setHeader("content-type", "text/plain");
      res.flushHeaders();
      for (const chunk of ["one ", "two ", "three"]) res.write(chunk);
      res.end();
    });
    app.get("/read", (req, res) => {
      res.json(req.session.data);
    });
    const url = await listen(app);
    const streamed = await fetch(`${url}/stream`);
    expect(await streamed.text()).toBe("one two three");
    const cookie = cookieOf(streamed);
    expect(cookie).toMatch(/^sid=/);
    expect(store.count("set")).toBe(1);
    const read = await fetch(`${url}/read`, { headers: { cookie } });
    expect(await read.json()).toEqual({ cart: ["streamed"] });
  });

  it("save() before a redirect: the next request sees the data", async () => {
    const app = appWith(new MemoryStore());
    app.get("/login", async (req, res) => {
      req.session.userId = "u1";
      await req.session.save();
      res.redirect(303, "/me");
    });
    app.get("/me", (req, res) => {
      res.json({ userId: req.session.userId });
    });
    const url = await listen(app);
    const login = await fetch(`${url}/login`, { redirect: "manual" });
    expect(login.status).toBe(303);
    const me = await fetch(`${url}/me`, { headers: { cookie: cookieOf(login) } });
    expect(await me.json()).toEqual({ userId: "u1" });
  });

  it("a session started after the first byte gets no cookie (documented: save() first)", async () => {
    const store = new RecordingStore(new MemoryStore());
    const app = appWith(store);
    app.get("/late", (req, res) => {
      // The write callback runs once the commit is done and the headers are out.
      res.write("partial ", () => {
        req.session.data = { cart: ["late"] };
        res.end("done");
      });
    });
    const url = await listen(app);
    const late = await fetch(`${url}/late`);
    expect(await late.text()).toBe("partial done");
    expect(late.headers.getSetCookie()).toEqual([]);
    expect(store.writes()).toBe(0);
  });

  it("a store error while committing reaches the error middleware as a SessionStoreError", async () => {
    const control = new ControlStore(new MemoryStore());
    control.setMode("fail", ["set"]);
    const app = appWith(control);
    const seen: unknown[] = [];
    app.get("/write", (req, res) => {
      req.session.data = { cart: ["a"] };
      res.setHeader("x-handler", "1");
      res.json({ ok: true });
    });
    const onError: ErrorRequestHandler = (error, _req, res, _next) => {
      seen.push(error);
      res.status(500).json({ error: "session store unavailable" });
    };
    app.use(onError);
    const url = await listen(app);
    const response = await fetch(`${url}/write`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "session store unavailable" });
    // The handler's response was dropped wholesale, its headers included.
    expect(response.headers.get("x-handler")).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(isSessionError(seen[0]) && seen[0].code).toBe("ERR_SESSION_STORE");
  });

  it("a session past maxSessionBytes reaches the error middleware as a SessionLimitError, nothing stored", async () => {
    const store = new RecordingStore(new MemoryStore());
    const app = express();
    app.use(session({ secret, store, maxSessionBytes: 1_000 }));
    const seen: unknown[] = [];
    app.get("/big", (req, res) => {
      req.session.data = { blob: "x".repeat(5_000) } as typeof req.session.data;
      res.json({ ok: true });
    });
    const onError: ErrorRequestHandler = (error, _req, res, _next) => {
      seen.push(error);
      res.status(413).json({ error: "session too large" });
    };
    app.use(onError);
    const url = await listen(app);
    const response = await fetch(`${url}/big`);
    expect(response.status).toBe(413);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(store.writes()).toBe(0);
    expect(seen).toEqual([expect.objectContaining({ code: "ERR_SESSION_LIMIT" })]);
  });

  it("a handler answering 5xx through next(err) persists nothing", async () => {
    const store = new RecordingStore(new MemoryStore());
    const app = appWith(store);
    app.get("/fail", (req, _res, next) => {
      req.session.data = { cart: ["a"] };
      next(new Error("downstream failed"));
    });
    const onError: ErrorRequestHandler = (_error, _req, res, _next) => {
      res.status(503).send("try later");
    };
    app.use(onError);
    const url = await listen(app);
    const response = await fetch(`${url}/fail`);
    expect(response.status).toBe(503);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(store.writes()).toBe(0);
  });

  it("exposes the manager it runs on", async () => {
    const middleware = session({ secret, store: new MemoryStore() });
    const created = await middleware.manager.create({ userId: "u1" });
    expect(await middleware.manager.listByUser("u1")).toHaveLength(1);
    expect(created.token).toMatch(/\./);
  });
});

describe("sessions.of(req), the generic form of typed data", () => {
  it("is req.session itself: changes through it persist across requests", async () => {
    const sessions = session<{ step: string }>({ secret, store: new MemoryStore() });
    const app = express().use(sessions);
    app.get("/step", (req, res) => {
      expect(sessions.of(req)).toBe(req.session);
      sessions.of(req).data.step = "payment";
      res.end();
    });
    app.get("/read", (req, res) => {
      res.send(sessions.of(req).data.step);
    });
    const url = await listen(app);
    const first = await fetch(`${url}/step`);
    const cookie = (first.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    expect(await (await fetch(`${url}/read`, { headers: { cookie } })).text()).toBe("payment");
  });

  it("throws a TypeError naming the mistake when no session middleware ran", async () => {
    const sessions = session({ secret, store: new MemoryStore() });
    const app = express();
    let thrown: unknown;
    app.get("/", (req, res) => {
      try {
        sessions.of(req);
      } catch (error) {
        thrown = error;
      }
      res.end();
    });
    const url = await listen(app);
    await fetch(url);
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/mount session\(\) before this route/);
  });
});
