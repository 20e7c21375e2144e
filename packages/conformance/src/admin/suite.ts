import { SessionConfigError, type SessionManager } from "@sessionkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { CHROME_LINUX, Device, FIREFOX_WINDOWS, SAFARI_IPHONE } from "./client.js";
import type { AdminHarness } from "./harness.js";

const SECRET = "admin-suite-secret-0123456789abcdefghijkl";
const ADMIN = { "x-admin": "yes" };

interface Listed {
  sessions: Array<{
    id: string;
    userId: string | null;
    tenantId: string | null;
    ip: string | null;
    userAgent: string | null;
    device: { browser?: string; os?: string; device?: string; label: string };
    current: boolean;
  }>;
  nextCursor?: string | null;
}

/**
 * The admin and "signed-in devices" routes through one binding over real HTTP, with the store
 * the harness opens (a persistent one). One route table serves every binding, so each binding
 * runs this same suite.
 */
export function describeAdminRoutes(name: string, harness: AdminHarness): void {
  describe(`admin routes: ${name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const close of cleanups.splice(0).reverse()) await close();
    });

    async function start() {
      const { store, close } = await harness.openStore();
      cleanups.push(close);
      const served = await harness.serve({
        options: {
          secret: SECRET,
          store,
          // Tenant from a header, so one test can make sessions of several tenants.
          tenant: (input) => input.header("x-tenant"),
        },
        authorize(header) {
          const admin = header("x-admin");
          if (admin === undefined) return "unauthenticated";
          return admin === "yes";
        },
      });
      cleanups.push(served.close);
      const device = (userAgent: string) => new Device(served.url, userAgent);
      const admin = (method: string, path: string, headers: Record<string, string> = ADMIN) =>
        fetch(`${served.url}/admin/sessions${path}`, { method, headers, redirect: "manual" });
      return { ...served, device, admin };
    }

    it("refuses without authorize at construction (SessionConfigError)", async () => {
      const { manager } = await start();
      expect(() => harness.createAdminRouter({ manager })).toThrow(SessionConfigError);
    });

    it("answers 401 to the unauthenticated and 403 to the unauthorised, JSON and HTML", async () => {
      const { admin, device } = await start();
      const victim = device(CHROME_LINUX);
      await victim.signIn("alice");
      for (const path of ["/sessions", "/users/alice", "/tenants/t1"]) {
        expect((await admin("GET", path, {})).status).toBe(401);
        expect((await admin("GET", path, { "x-admin": "no" })).status).toBe(403);
      }
      const page = await admin("GET", "/", { "x-admin": "no" });
      expect(page.status).toBe(403);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      expect((await admin("GET", "/", {})).status).toBe(401);
      expect((await admin("DELETE", "/users/alice", { "x-admin": "no" })).status).toBe(403);
      expect((await admin("POST", "/cleanup", {})).status).toBe(401);
      expect(await victim.userId()).toBe("alice");
    });

    it("lists all sessions page by page, by user and by tenant", async () => {
      const { admin, device } = await start();
      const users = ["ann", "bob", "cat", "dan", "eve"];
      for (const [i, user] of users.entries()) {
        await device(CHROME_LINUX).call("POST", `/sign-in?user=${user}`, {
          "x-tenant": i % 2 === 0 ? "even" : "odd",
        });
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const res = await admin("GET", `/sessions?limit=2${query}`);
        expect(res.status).toBe(200);
        const body = (await res.json()) as Listed;
        expect(body.sessions.length).toBeLessThanOrEqual(2);
        seen.push(...body.sessions.map((s) => s.userId ?? "?"));
        cursor = body.nextCursor ?? null;
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(seen.sort()).toEqual(users);
      expect(pages).toBe(3);

      const even = (await (await admin("GET", "/tenants/even")).json()) as Listed;
      expect(even.sessions.map((s) => s.userId).sort()).toEqual(["ann", "cat", "eve"]);
      expect(new Set(even.sessions.map((s) => s.tenantId))).toEqual(new Set(["even"]));
      const bob = (await (await admin("GET", "/sessions?userId=bob")).json()) as Listed;
      expect(bob.sessions.map((s) => s.userId)).toEqual(["bob"]);
      expect((await admin("GET", "/sessions?limit=0")).status).toBe(400);
      expect((await admin("GET", "/sessions?cursor=not-a-cursor")).status).toBe(400);
    });

    it("labels devices from the User-Agent, marks this device, and follows a changed UA on a write", async () => {
      const { device } = await start();
      const laptop = device(CHROME_LINUX);
      const phone = device(SAFARI_IPHONE);
      await laptop.signIn("alice");
      await phone.signIn("alice");
      const listed = (await (
        await laptop.call("GET", "/account/devices/sessions")
      ).json()) as Listed;
      expect(listed.sessions).toHaveLength(2);
      const mine = listed.sessions.find((s) => s.current);
      const other = listed.sessions.find((s) => !s.current);
      expect(mine?.device.label).toBe("Chrome on Linux");
      expect(other?.device).toMatchObject({ browser: "Safari", os: "iOS", device: "mobile" });
      expect(mine?.ip).toMatch(/127\.0\.0\.1/);

      // The same cookie from an updated browser: the next write carries the new User-Agent.
      const write = await laptop.call("POST", "/note?text=hi", { "user-agent": FIREFOX_WINDOWS });
      expect(write.status).toBe(204);
      const after = (await (
        await laptop.call("GET", "/account/devices/sessions", {
          "user-agent": FIREFOX_WINDOWS,
        })
      ).json()) as Listed;
      expect(after.sessions.find((s) => s.current)?.device.label).toBe("Firefox on Windows");
    });

    it("revokes one, by user, by tenant, and cleans up with a count; a revoked cookie stops working", async () => {
      const { admin, device, manager } = await start();
      const a = device(CHROME_LINUX);
      const b = device(SAFARI_IPHONE);
      const c = device(FIREFOX_WINDOWS);
      await a.call("POST", "/sign-in?user=alice", { "x-tenant": "acme" });
      await b.call("POST", "/sign-in?user=alice", { "x-tenant": "acme" });
      await c.call("POST", "/sign-in?user=carol", { "x-tenant": "other" });
      const aId = await idOf(manager, "alice", CHROME_LINUX);

      expect((await admin("DELETE", `/sessions/${encodeURIComponent(aId)}`)).status).toBe(204);
      expect(await a.userId()).toBeNull();
      expect(await b.userId()).toBe("alice");

      const tenant = await admin("DELETE", "/tenants/acme");
      expect(await tenant.json()).toEqual({ revoked: 1 });
      expect(await b.userId()).toBeNull();
      expect(await c.userId()).toBe("carol");

      expect(await (await admin("DELETE", "/users/carol")).json()).toEqual({ revoked: 1 });
      expect(await c.userId()).toBeNull();
      const cleanup = await admin("POST", "/cleanup");
      expect(cleanup.status).toBe(200);
      expect(typeof ((await cleanup.json()) as { removed: unknown }).removed).toBe("number");
    });

    it("devices page: signs out another device by form POST, refuses cross-site posts and GETs change nothing", async () => {
      const { device, manager } = await start();
      const laptop = device(CHROME_LINUX);
      const phone = device(SAFARI_IPHONE);
      await laptop.signIn("alice");
      await phone.signIn("alice");
      const page = await laptop.call("GET", "/account/devices/");
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("Chrome on Linux");
      expect(html).toContain("This device");
      expect(html).not.toMatch(/<script/i);
      const phoneId = await idOf(manager, "alice", SAFARI_IPHONE);
      const signOut = `/account/devices/sessions/${encodeURIComponent(phoneId)}/sign-out`;

      expect((await laptop.call("GET", signOut)).status).toBe(404);
      const crossSite = await laptop.call("POST", signOut, { origin: "https://evil.example" });
      expect(crossSite.status).toBe(403);
      const fetchSite = await laptop.call("POST", signOut, { "sec-fetch-site": "cross-site" });
      expect(fetchSite.status).toBe(403);
      expect(await phone.userId()).toBe("alice");

      const done = await laptop.call("POST", signOut, { "sec-fetch-site": "same-origin" });
      expect(done.status).toBe(303);
      expect(done.headers.get("location")).toMatch(/^\/account\/devices\/\?notice=/);
      expect(await phone.userId()).toBeNull();
      expect(await laptop.userId()).toBe("alice");

      // Signing out this device through the devices form is refused (that is the app's logout).
      const mineId = await idOf(manager, "alice", CHROME_LINUX);
      const self = await laptop.call(
        "POST",
        `/account/devices/sessions/${encodeURIComponent(mineId)}/sign-out`,
      );
      expect(self.status).toBe(404);

      const tablet = device(FIREFOX_WINDOWS);
      await tablet.signIn("alice");
      const others = await laptop.call("POST", "/account/devices/sign-out-others");
      expect(others.status).toBe(303);
      expect(await tablet.userId()).toBeNull();
      expect(await laptop.userId()).toBe("alice");
    });

    it("refuses the devices routes to a visitor who is not signed in", async () => {
      const { device } = await start();
      const visitor = device(CHROME_LINUX);
      expect((await visitor.call("GET", "/account/devices/")).status).toBe(401);
      expect((await visitor.call("GET", "/account/devices/sessions")).status).toBe(401);
      expect((await visitor.call("POST", "/account/devices/sign-out-others")).status).toBe(401);
    });

    it("escapes what clients send (User-Agent, user id) on the admin page", async () => {
      const { admin, device } = await start();
      const hostile = device('<script>alert(1)</script><img src=x onerror="y">');
      await hostile.signIn("<b>mallory</b>");
      const res = await admin("GET", "/");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
      const html = await res.text();
      expect(html).not.toContain("<script>alert");
      expect(html).not.toContain("<b>mallory");
      expect(html).toContain("&lt;b&gt;mallory&lt;/b&gt;");
    });
  });
}

async function idOf(manager: SessionManager, userId: string, userAgent: string): Promise<string> {
  const found = (await manager.listByUser(userId)).find((r) => r.meta.userAgent === userAgent);
  if (!found) throw new Error(`no session of ${userId} with that User-Agent`);
  return found.id;
}
