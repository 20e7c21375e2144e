import { createHarness, issuedToken, setCookie, signedInSession } from "./harness.js";
import type { LifecycleCase } from "./register.js";

export const regenerateCases: readonly LifecycleCase[] = [
  {
    id: "lifecycle/regenerate-kills-old-token",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { cart: ["a"] });
      const session = await h.manager.load(h.request(token));
      const oldId = session.id;
      session.regenerate();
      const fresh = issuedToken(await h.manager.commit(session));
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(token);
      expect(session.id).not.toBe(oldId);
      // The old id holds at most the regeneration's short-lived tombstone: no user, no data.
      const old = await store.get(oldId);
      expect([old?.userId ?? null, old?.data ?? {}]).toEqual([null, {}]);
      expect((await h.manager.load(h.request(token))).isNew).toBe(true);
      const next = await h.manager.load(h.request(fresh));
      expect(next.isNew).toBe(false);
      expect(next.data).toEqual({ cart: ["a"] });
    },
  },
  {
    id: "lifecycle/regenerate-drops-data",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { cart: ["a"], theme: "dark", returnTo: "/x" });
      const dropAll = await h.manager.load(h.request(token));
      dropAll.regenerate({ keep: ["theme"] });
      const kept = issuedToken(await h.manager.commit(dropAll));
      expect((await h.manager.load(h.request(kept))).data).toEqual({ theme: "dark" });
      const again = await h.manager.load(h.request(kept));
      again.regenerate({ keep: false });
      again.data.fresh = true;
      const dropped = issuedToken(await h.manager.commit(again));
      expect((await h.manager.load(h.request(dropped))).data).toEqual({ fresh: true });
    },
  },
  {
    id: "lifecycle/sign-in-regenerates",
    async run({ store, expect }) {
      const events: string[] = [];
      const h = createHarness(store, { onEvent: (event) => events.push(event.type) });
      const token = await signedInSession(h, { returnTo: "/cart" });
      const session = await h.manager.load(h.request(token));
      session.userId = "user-sign-in";
      const signedIn = issuedToken(await h.manager.commit(session));
      expect(signedIn).toBeDefined();
      expect(signedIn).not.toBe(token);
      expect(events).toContain("regenerated");
      expect((await h.manager.load(h.request(token))).isNew).toBe(true);
      const next = await h.manager.load(h.request(signedIn));
      expect(next.userId).toBe("user-sign-in");
      expect(next.data).toEqual({ returnTo: "/cart" });
      const listed = await h.manager.listByUser("user-sign-in");
      expect(listed.map((record) => record.id)).toEqual([next.id]);
    },
  },
  {
    id: "lifecycle/destroy-clears",
    async run({ store, expect }) {
      const events: string[] = [];
      const h = createHarness(store, { onEvent: (event) => events.push(event.type) });
      const token = await signedInSession(h);
      const session = await h.manager.load(h.request(token));
      session.destroy();
      expect(() => {
        session.data = { after: true };
      }).toThrow(expect.objectContaining({ code: "ERR_SESSION_STATE" }));
      const result = await h.manager.commit(session);
      expect(setCookie(result)).toMatch(/^sid=;.*Max-Age=0/);
      expect(await store.get(session.id)).toBeNull();
      expect(events).toContain("destroyed");
      expect((await h.manager.load(h.request(token))).isNew).toBe(true);
    },
  },
];
