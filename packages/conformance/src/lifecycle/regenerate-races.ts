import { createHarness, issuedToken, setCookie, signedInSession } from "./harness.js";
import type { LifecycleCase } from "./register.js";

/**
 * Regeneration racing other requests on the same session: a logout or `revokeAll` that lands
 * between a request's load and its regeneration, a write to the old record, and requests still
 * holding the old token after it (issue 12, points 3 and 4).
 */
export const regenerateRaceCases: readonly LifecycleCase[] = [
  {
    id: "lifecycle/regenerate-after-logout-stays-anonymous",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { cart: ["a"] });
      const slow = await h.manager.load(h.request(token));
      const logout = await h.manager.load(h.request(token));
      logout.destroy();
      await h.manager.commit(logout);
      // The slow request signs in after the logout landed.
      slow.userId = "late-sign-in";
      const result = await h.manager.commit(slow);
      expect(issuedToken(result)).toBeUndefined();
      expect(slow.userId).toBeNull();
      expect(slow.data).toEqual({});
      expect(await h.manager.listByUser("late-sign-in")).toEqual([]);
      expect(await h.manager.get(token)).toBeNull();
    },
    needs: ["listByUser"],
  },
  {
    id: "lifecycle/regenerate-after-revoke-all",
    needs: ["destroyByUser", "listByUser"],
    async run({ store, expect }) {
      const h = createHarness(store);
      const { token: stolen } = await h.manager.create({ userId: "victim", data: { n: 1 } });
      // The thief's request loads the session, the victim signs out everywhere, then the thief
      // regenerates (keep-list and plain) to get a token the revocation never saw.
      const keepList = await h.manager.load(h.request(stolen));
      const plain = await h.manager.load(h.request(stolen));
      expect(await h.manager.revokeAll("victim")).toBe(1);
      keepList.regenerate({ keep: ["n"] });
      plain.regenerate();
      for (const session of [keepList, plain]) {
        const result = await h.manager.commit(session);
        expect(issuedToken(result)).toBeUndefined();
        expect(session.userId).toBeNull();
      }
      expect(await h.manager.listByUser("victim")).toEqual([]);
      expect(await h.manager.get(stolen)).toBeNull();
    },
  },
  {
    id: "lifecycle/regenerate-keeps-concurrent-write",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { cart: ["a"] });
      const signIn = await h.manager.load(h.request(token));
      const writer = await h.manager.load(h.request(token));
      writer.data.theme = "dark";
      await h.manager.commit(writer);
      signIn.userId = "concurrent-writer";
      signIn.data.returnTo = "/home";
      const fresh = issuedToken(await h.manager.commit(signIn));
      expect(fresh).toBeDefined();
      const next = await h.manager.load(h.request(fresh));
      expect(next.userId).toBe("concurrent-writer");
      expect(next.data).toEqual({ cart: ["a"], theme: "dark", returnTo: "/home" });
      expect(signIn.data).toEqual({ cart: ["a"], theme: "dark", returnTo: "/home" });
    },
  },
  {
    id: "lifecycle/regenerated-token-not-cleared",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { cart: ["a"] });
      const inFlight = await h.manager.load(h.request(token));
      const signIn = await h.manager.load(h.request(token));
      signIn.userId = "two-tabs";
      const fresh = issuedToken(await h.manager.commit(signIn));
      expect(fresh).toBeDefined();

      // A request that loaded before the sign-in writes after it: the old record was replaced,
      // not revoked, so its reply leaves the browser's new cookie alone.
      inFlight.data.late = true;
      h.store.reset();
      const late = await h.manager.commit(inFlight);
      expect(setCookie(late)).toBeUndefined();
      expect(inFlight.userId).toBeNull();

      // A request that arrives with the old cookie afterwards: anonymous, nothing stored, and no
      // Set-Cookie, even when it writes to the session.
      for (const write of [false, true]) {
        const stale = await h.manager.load(h.request(token));
        expect(stale.isNew).toBe(true);
        expect(stale.userId).toBeNull();
        if (write) stale.data.x = 1;
        expect(setCookie(await h.manager.commit(stale))).toBeUndefined();
      }
      expect(h.store.count("set")).toBe(1);
      const next = await h.manager.load(h.request(fresh));
      expect(next.userId).toBe("two-tabs");
      expect(next.data).toEqual({ cart: ["a"] });
    },
  },
  {
    id: "lifecycle/proto-key-stays-data",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { n: 0 });
      const first = await h.manager.load(h.request(token));
      const second = await h.manager.load(h.request(token));
      first.data.n = 1;
      await h.manager.commit(first);
      // Data parsed from a client's JSON body: `__proto__` is an own key, not the prototype.
      second.data = JSON.parse('{"n":0,"__proto__":{"isAdmin":true},"m":2}');
      await h.manager.commit(second); // conflict: merged onto the first request's write
      for (const session of [second, await h.manager.load(h.request(token))]) {
        expect(Object.getPrototypeOf(session.data)).toBe(Object.prototype);
        expect((session.data as { isAdmin?: unknown }).isAdmin).toBeUndefined();
        expect(Object.hasOwn(session.data, "__proto__")).toBe(true);
        expect(JSON.stringify(session.data)).toBe('{"n":1,"__proto__":{"isAdmin":true},"m":2}');
      }
      // A later write keeps the key.
      const third = await h.manager.load(h.request(token));
      third.data.k = 3;
      await h.manager.commit(third);
      const final = await h.manager.load(h.request(token));
      expect(Object.getPrototypeOf(final.data)).toBe(Object.prototype);
      expect(JSON.parse(JSON.stringify(final.data))).toEqual(
        JSON.parse('{"n":1,"__proto__":{"isAdmin":true},"m":2,"k":3}'),
      );
      // The same through a regeneration with a key list.
      const regen = await h.manager.load(h.request(token));
      regen.regenerate({ keep: ["__proto__", "k"] });
      const fresh = issuedToken(await h.manager.commit(regen));
      const kept = await h.manager.load(h.request(fresh));
      expect(Object.getPrototypeOf(kept.data)).toBe(Object.prototype);
      expect(JSON.stringify(kept.data)).toBe('{"__proto__":{"isAdmin":true},"k":3}');
    },
  },
];
