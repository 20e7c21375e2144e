import { createHarness, issuedToken, setCookie, signedInSession } from "./harness.js";
import type { LifecycleCase } from "./register.js";

export const concurrencyCases: readonly LifecycleCase[] = [
  {
    id: "lifecycle/no-resurrection-after-save",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { user: "ada" });
      const slow = await h.manager.load(h.request(token));
      const logout = await h.manager.load(h.request(token));
      logout.destroy();
      await h.manager.commit(logout);
      slow.data.cart = ["late write"];
      const result = await h.manager.commit(slow);
      expect(issuedToken(result)).toBeUndefined();
      expect(setCookie(result)).toMatch(/Max-Age=0/);
      expect((await h.manager.load(h.request(token))).isNew).toBe(true);
      expect(await h.manager.get(token)).toBeNull();
      expect(await store.get(slow.id)).toBeNull();
    },
  },
  {
    id: "lifecycle/concurrent-keys-merge",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { a: 0, b: 0, shared: "x" });
      const first = await h.manager.load(h.request(token));
      const second = await h.manager.load(h.request(token));
      first.data.a = 1;
      second.data.b = 2;
      delete second.data.shared;
      await h.manager.commit(first);
      await h.manager.commit(second);
      const merged = await h.manager.load(h.request(token));
      expect(merged.data).toEqual({ a: 1, b: 2 });
    },
  },
  {
    id: "lifecycle/concurrent-mutate",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { list: [] });
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const session = await h.manager.load(h.request(token));
          await session.mutate((data) => {
            (data.list as number[]).push(i);
          });
          await h.manager.commit(session);
        }),
      );
      const final = await h.manager.load(h.request(token));
      const list = final.data.list as number[];
      expect(list).toHaveLength(50);
      expect([...list].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    },
  },
  {
    id: "lifecycle/concurrent-writes-together",
    async run({ store, expect }) {
      const h = createHarness(store);
      const token = await signedInSession(h, { shared: 0 });
      const sessions = await Promise.all(
        Array.from({ length: 10 }, () => h.manager.load(h.request(token))),
      );
      h.store.reset();
      // Committed in one tick: they wait together in the session's queue and land as one
      // compare-and-set, each request's keys merged in the order they committed.
      await Promise.all(
        sessions.map((session, i) => {
          session.data[`key${i}`] = i;
          session.data.shared = i;
          return h.manager.commit(session);
        }),
      );
      expect(h.store.calls.map((call) => call.operation)).toEqual(["set"]);
      const expected = {
        shared: 9,
        ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`key${i}`, i])),
      };
      expect((await h.manager.load(h.request(token))).data).toEqual(expected);
      for (const session of sessions) expect(session.data).toEqual(expected);
    },
  },
];
