import { describe, expect, it } from "vitest";
import { createSessionManager } from "./manager.js";
import type { SessionStore } from "./store.js";
import type { SessionRecord } from "./types.js";
import { applyCommit, loadFromRequest, requestInput } from "./web.js";

/** Just enough store for these tests: a Map with compare-and-set on the version. */
function mapStore(): SessionStore & { records: Map<string, SessionRecord> } {
  const records = new Map<string, SessionRecord>();
  return {
    records,
    get: async (id) => records.get(id) ?? null,
    async set(record, expected) {
      const current = records.get(record.id);
      if ((current?.version ?? null) !== expected) return false;
      records.set(record.id, structuredClone(record));
      return true;
    },
    async touch(id, expiresAt, lastActiveAt) {
      const current = records.get(id);
      if (!current) return false;
      records.set(id, { ...current, expiresAt, lastActiveAt });
      return true;
    },
    destroy: async (id) => {
      records.delete(id);
    },
  };
}

const secret = "a-web-test-secret-of-at-least-32-chars";

function cookieOf(response: Response): string {
  const [setCookie] = response.headers.getSetCookie();
  if (!setCookie) throw new Error("expected a Set-Cookie header");
  return setCookie.split(";")[0] as string;
}

describe("web helpers", () => {
  it("reads headers and derives secure from the URL scheme", () => {
    const request = new Request("https://example.test/a", { headers: { "X-Token": "t" } });
    const input = requestInput(request, { ip: "10.0.0.1" });
    expect(input.secure).toBe(true);
    expect(input.ip).toBe("10.0.0.1");
    expect(input.header("x-token")).toBe("t");
    expect(input.header("missing")).toBeUndefined();
    expect(requestInput(new Request("http://example.test/")).secure).toBe(false);
    expect(requestInput(new Request("http://example.test/"), { secure: true }).secure).toBe(true);
  });

  it("round-trips a session through Request and Response", async () => {
    const store = mapStore();
    const sessions = createSessionManager<{ n?: number }>({ secret, store });
    const first = await loadFromRequest(sessions, new Request("https://app.test/"));
    expect(first.isNew).toBe(true);
    first.data.n = 1;
    const response = applyCommit(await sessions.commit(first), Response.json({ ok: true }));
    const setCookie = response.headers.getSetCookie()[0] ?? "";
    expect(setCookie).toMatch(/^sid=[\w-]+\.[\w-]+; /);
    expect(setCookie).toContain("Secure");
    expect(store.records.size).toBe(1);

    const second = await loadFromRequest(
      sessions,
      new Request("https://app.test/", { headers: { cookie: cookieOf(response) } }),
    );
    expect(second.isNew).toBe(false);
    expect(second.data).toEqual({ n: 1 });
  });

  it("leaves the response alone when the commit has no headers", async () => {
    const sessions = createSessionManager({ secret, store: mapStore() });
    const session = await loadFromRequest(sessions, new Request("http://app.test/"));
    const response = new Response("hi");
    expect(applyCommit(await sessions.commit(session), response)).toBe(response);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("copies a response whose headers are immutable", async () => {
    const redirect = Response.redirect("http://app.test/next", 303);
    const result = applyCommit({ headers: [["set-cookie", "sid=x; Path=/"]] }, redirect);
    expect(result).not.toBe(redirect);
    expect(result.status).toBe(303);
    expect(result.headers.get("location")).toBe("http://app.test/next");
    expect(result.headers.getSetCookie()).toEqual(["sid=x; Path=/"]);
  });

  it("appends to a Headers object, keeping every Set-Cookie", () => {
    const headers = new Headers({ "set-cookie": "other=1" });
    const result = applyCommit(
      {
        headers: [
          ["set-cookie", "sid=x"],
          ["x-session-token", "t"],
        ],
      },
      headers,
    );
    expect(result).toBe(headers);
    expect(headers.getSetCookie()).toEqual(["other=1", "sid=x"]);
    expect(headers.get("x-session-token")).toBe("t");
  });
});
