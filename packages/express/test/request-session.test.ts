import { MemoryStore } from "@sessionkit/store-memory";
import express4 from "express4";
import express5 from "express5";
import { describe, expect, it } from "vitest";
import { session } from "../src/index.js";
import { listen } from "./listen.js";

// `req.session` and `req.sessionID` are accessors on Express's shared request prototype whose
// values live in the response's hold (request-prototype.ts): a session adds no property to
// `req`. These cases pin down that they still behave as the data properties express-session
// sets, for the code that assigns, deletes or checks them.

const secret = "request-session-secret-0123456789abcdef";

type Req = { session?: unknown; sessionID?: string };

function cookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie()[0]?.split(";")[0];
  if (!cookie) throw new Error("no cookie set");
  return cookie;
}

describe.each([
  ["express 5", express5],
  ["express 4", express4 as unknown as typeof express5],
])("%s: req.session and req.sessionID", (_name, express) => {
  it("are set for the routes without becoming own properties of req", async () => {
    const app = express();
    app.use(session({ secret, store: new MemoryStore() }));
    app.post("/count", (req, res) => {
      const data = req.session.data as { n?: number };
      data.n = (data.n ?? 0) + 1;
      res.json({
        n: data.n,
        sessionID: req.sessionID ?? null,
        own: ["session", "sessionID"].filter((key) => Object.hasOwn(req, key)),
      });
    });
    const url = await listen(app);
    const first = await fetch(`${url}/count`, { method: "POST" });
    expect(await first.json()).toEqual({ n: 1, sessionID: null, own: [] });
    const second = await fetch(`${url}/count`, {
      method: "POST",
      headers: { cookie: cookieOf(first) },
    });
    const body = (await second.json()) as { n: number; sessionID: string; own: string[] };
    expect(body.n).toBe(2);
    expect(body.sessionID).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.own).toEqual([]);
  });

  it("can be reassigned and unset by later middleware, as data properties can", async () => {
    const app = express();
    app.use(session({ secret, store: new MemoryStore() }));
    app.use((req, _res, next) => {
      if (req.query.replace !== undefined) (req as Req).session = { replaced: true };
      if (req.query.unset !== undefined) (req as Req).session = undefined;
      next();
    });
    app.get("/", (req, res) => {
      const current = (req as Req).session as { replaced?: boolean; data?: unknown } | undefined;
      res.json({
        kind: current === undefined ? "none" : current.replaced ? "replaced" : "sessionkit",
      });
    });
    const url = await listen(app);
    expect(await (await fetch(`${url}/`)).json()).toEqual({ kind: "sessionkit" });
    expect(await (await fetch(`${url}/?replace`)).json()).toEqual({ kind: "replaced" });
    expect(await (await fetch(`${url}/?unset`)).json()).toEqual({ kind: "none" });
  });

  it("read undefined on an app without the middleware, where assigning and deleting work as on any object", async () => {
    // An app with the middleware patches the shared prototype first.
    const withSessions = express();
    withSessions.use(session({ secret, store: new MemoryStore() }));
    withSessions.get("/", (req, res) => {
      res.json({ has: req.session !== undefined });
    });
    expect(await (await fetch(`${await listen(withSessions)}/`)).json()).toEqual({ has: true });

    const other = express();
    other.get("/", (req, res) => {
      const r = req as Req;
      const before = r.session;
      r.session = { mine: 1 };
      const assigned = r.session;
      const own = Object.hasOwn(req, "session");
      delete r.session;
      res.json({ before: before ?? null, assigned, own, after: r.session ?? null });
    });
    expect(await (await fetch(`${await listen(other)}/`)).json()).toEqual({
      before: null,
      assigned: { mine: 1 },
      own: true,
      after: null,
    });
  });

  it("reach a sub-app's routes; destroy(cb) unsets req.session there", async () => {
    const store = new MemoryStore();
    const app = express();
    app.use(session({ secret, store }));
    const sub = express();
    sub.post("/count", (req, res) => {
      const data = req.session.data as { n?: number };
      data.n = (data.n ?? 0) + 1;
      res.json({ n: data.n });
    });
    sub.post("/logout", (req, res, next) => {
      req.session.destroy((error?: unknown) => {
        if (error) return next(error);
        res.json({ session: (req as Req).session ?? null });
      });
    });
    app.use("/sub", sub);
    const url = await listen(app);
    const first = await fetch(`${url}/sub/count`, { method: "POST" });
    expect(await first.json()).toEqual({ n: 1 });
    const cookie = cookieOf(first);
    const second = await fetch(`${url}/sub/count`, { method: "POST", headers: { cookie } });
    expect(await second.json()).toEqual({ n: 2 });
    const out = await fetch(`${url}/sub/logout`, { method: "POST", headers: { cookie } });
    expect(await out.json()).toEqual({ session: null });
    const after = await fetch(`${url}/sub/count`, { method: "POST", headers: { cookie } });
    expect(await after.json()).toEqual({ n: 1 });
  });
});
