import { describe, expect, it } from "vitest";
import {
  type AdminRequest,
  type AuthorizeResult,
  createAdminHandler,
  createSessionManager,
  type SessionListPage,
} from "../src/index.js";
import { MapStore } from "./map-store.js";

// A store may leave `listSessions` out (Redis does: it has a per-user index, no global one).
// The admin routes then still serve one user's sessions, and answer what needs the whole list
// with a clear refusal (501 for scripts, a message on the page), never a 500.
const SECRET = "admin-without-list-secret-0123456789abcdef";

/** The same store with a `listSessions`, to show the routes tell the two apart. */
class ListingMapStore extends MapStore {
  async listSessions(): Promise<SessionListPage> {
    const records = [...this.records.values()].sort((a, b) => b.createdAt - a.createdAt);
    return { records: structuredClone(records), cursor: null };
  }
}

async function setup(store: MapStore, verdict: AuthorizeResult = true) {
  const manager = createSessionManager({ secret: SECRET, store });
  const alice = await manager.create({ userId: "alice", meta: { userAgent: "laptop/1" } });
  const bob = await manager.create({ userId: "bob", meta: { tenantId: "t1" } });
  const handle = createAdminHandler({ manager, authorize: () => verdict });
  const call = async (method: string, target: string) => {
    const url = new URL(target, "http://admin.invalid");
    const req: AdminRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      header: () => undefined,
      base: "/admin/sessions",
      session: undefined,
      raw: {},
    };
    const answer = await handle(req);
    if (!answer) throw new Error(`no route for ${method} ${target}`);
    return answer;
  };
  return { call, alice: alice.record.id, bob: bob.record.id };
}

describe("admin routes over a store without listSessions", () => {
  it("shows the page with a message instead of all sessions, and one user's on request", async () => {
    const { call, alice, bob } = await setup(new MapStore());
    const all = await call("GET", "/");
    expect(all.status).toBe(200);
    expect(all.body).toContain('<p class="muted" id="unavailable">This session store cannot list');
    expect(all.body).not.toContain("data-session=");
    expect(all.body).not.toContain("No live sessions match.");

    const one = await call("GET", "/?userId=alice");
    expect(one.status).toBe(200);
    expect(one.body).toContain(`data-session="${alice}"`);
    expect(one.body).not.toContain(`data-session="${bob}"`);
    expect(one.body).not.toContain('id="unavailable"');

    // A tenant needs the whole list: the message again, and no tenant revoke button.
    const tenant = await call("GET", "/?tenantId=t1");
    expect(tenant.body).toContain('id="unavailable"');
    expect(tenant.body).not.toContain("/ui/tenants/");
  });

  it("answers 501 with the reason to the JSON routes that need the whole list", async () => {
    const { call, bob } = await setup(new MapStore());
    for (const [method, path] of [
      ["GET", "/sessions"],
      ["GET", "/sessions?userId=alice"],
      ["GET", "/tenants/t1"],
      ["DELETE", "/tenants/t1"],
    ] as const) {
      const answer = await call(method, path);
      expect(answer.status, `${method} ${path}`).toBe(501);
      expect(JSON.parse(answer.body)).toEqual({ error: expect.stringContaining("listSessions") });
    }
    const revoke = await call("POST", "/ui/tenants/t1/revoke");
    expect(revoke.status).toBe(303);
    expect(decodeURIComponent(revoke.headers.location ?? "")).toContain("cannot list");

    // What the user index serves still works, and nothing was revoked above.
    const users = await call("GET", "/users/bob");
    expect(users.status).toBe(200);
    expect(JSON.parse(users.body).sessions.map((s: { id: string }) => s.id)).toEqual([bob]);
  });

  it("asks authorize before saying what the store can do", async () => {
    const { call } = await setup(new MapStore(), "unauthenticated");
    expect((await call("GET", "/sessions")).status).toBe(401);
    expect((await call("GET", "/")).status).toBe(401);
  });

  it("lists every session when the store has listSessions", async () => {
    const { call, alice, bob } = await setup(new ListingMapStore());
    const all = await call("GET", "/");
    expect(all.body).toContain(`data-session="${alice}"`);
    expect(all.body).toContain(`data-session="${bob}"`);
    expect(all.body).not.toContain('id="unavailable"');
    expect((await call("GET", "/sessions")).status).toBe(200);
  });
});
